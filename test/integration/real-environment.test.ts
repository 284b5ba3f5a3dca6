// The user's environment against real software: squid-openssl re-signing traffic with its own CA (ssl-bump),
// a squid https_port (TLS to the proxy), squid asking for Basic/Digest/NTLM, dante's SOCKS daemon, a PAC
// file served over http, GNOME proxy settings through the real gsettings, and trust stores via SSL_CERT_FILE.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions, Result } from '../../src/vocabulary/types';
import { describeResult, phase } from '../support/assert-result';
import { freePorts, needBinaries, type RealServer, scratchDir } from '../support/real-servers';
import { haveProxyDaemons, startBumpingSquid, startDante } from '../support/real-proxies';
import { ThrowawayCa } from '../support/throwaway-ca';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const USER = 'alice';
const PASSWORD = 'Planted-Secret-4711';
const AUTH_HELPER = `#!/bin/sh
while read -r user pass; do
  if [ "$user" = "${USER}" ] && [ "$pass" = "${PASSWORD}" ]; then echo OK; else echo ERR; fi
done
`;
/** No proxy variables, no system settings: each test names the sources it means. */
const CLEAN_ENV: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME };

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function conndoc(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...env, NO_COLOR: '1' } as NodeJS.ProcessEnv, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

const has = (r: Result, f: string): boolean => r.findings.includes(f as Result['findings'][number]);
const evidence = (r: Result, f: string): string => r.evidence?.find((e) => e.finding === f)?.detail ?? '';

describe('real environment: interception, trust stores, proxies', function () {
  this.timeout(60_000);
  let squid: RealServer | undefined;
  let dante: RealServer | undefined;
  let originCa: ThrowawayCa;
  let bumpCa: ThrowawayCa;
  let vendorCa: ThrowawayCa;
  let tlsOrigin: https.Server | undefined;
  let vendorOrigin: https.Server | undefined;
  let plainOrigin: http.Server | undefined;
  let pacServer: http.Server | undefined;
  let [tlsPort, vendorPort, plainPort, pacPort, socksPort, closedPort] = [0, 0, 0, 0, 0, 0];
  let ports = { bump: 0, tls: 0, auth: 0, open: 0 };
  let dir = '';
  let base: ProbeOptions;

  before(async function () {
    needBinaries(this, 'real environment', 'squid', 'openssl', 'curl');
    const missing = haveProxyDaemons();
    if (missing) {
      console.log(`    skipping real environment: ${missing} not installed (Debian: squid-openssl, dante-server, libglib2.0-bin)`);
      this.skip();
    }
    dir = scratchDir('environment');
    originCa = new ThrowawayCa(scratchDir('origin-ca'));
    bumpCa = new ThrowawayCa(scratchDir('bump-ca'), '/O=Example Corp/CN=Example Corp Inspection CA');
    vendorCa = new ThrowawayCa(scratchDir('vendor-ca'), '/O=Zscaler Inc./CN=Zscaler Root CA');
    const names = ['origin-a.test', 'origin-b.test', 'localhost'];
    const leaf = originCa.issue('origin', { san: [...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'] });
    const hello = (_req: http.IncomingMessage, res: http.ServerResponse): void => void res.end('hello\n');
    tlsOrigin = https.createServer({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile) }, hello);
    tlsPort = await listen(tlsOrigin);
    const vendorLeaf = vendorCa.issue('vendor', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    vendorOrigin = https.createServer({ cert: readFileSync(vendorLeaf.certFile), key: readFileSync(vendorLeaf.keyFile) }, hello);
    vendorPort = await listen(vendorOrigin);
    plainOrigin = http.createServer(hello);
    plainPort = await listen(plainOrigin);
    [ports.bump, ports.tls, ports.auth, ports.open, socksPort, closedPort] = await freePorts(6);
    const pac = `function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".corp.test") || host == "origin-b.test") return "PROXY 127.0.0.1:${ports.open}; DIRECT";
  if (shExpMatch(host, "socks.*")) return "SOCKS5 127.0.0.1:${socksPort}";
  return "DIRECT";
}`;
    pacServer = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/x-ns-proxy-autoconfig');
      res.end(pac);
    });
    pacPort = await listen(pacServer);
    const helper = path.join(dir, 'auth-helper.sh');
    writeFileSync(helper, AUTH_HELPER, { mode: 0o755 });
    const digestFile = path.join(dir, 'digest.pw');
    writeFileSync(digestFile, `${USER}:${PASSWORD}\n`);
    const proxyCert = originCa.issue('proxy', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    squid = await startBumpingSquid(dir, ports, { bumpCa, originCaFile: originCa.caFile, proxyCert, hosts: names, authHelper: helper, digestFile });
    dante = await startDante(scratchDir('dante'), socksPort);
    base = { timeoutMs: 8000, ca: [originCa.caPem], env: CLEAN_ENV, systemProxy: false, differential: false };
  });

  after(async () => {
    await Promise.all([squid?.stop(), dante?.stop()]);
    for (const s of [tlsOrigin, vendorOrigin, plainOrigin, pacServer]) s?.close();
  });

  const bumpProxy = (): string => `http://127.0.0.1:${ports.bump}`;
  const resolveOrigins = (): Record<string, string[]> => ({ [`origin-a.test:${tlsPort}`]: ['127.0.0.1'], [`origin-b.test:${tlsPort}`]: ['127.0.0.1'] });

  it('ssl-bump: names the interception, ranks the proxy first, and direct works (proxy-dependent)', async () => {
    const r = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, proxy: bumpProxy(), resolve: resolveOrigins() });
    console.log(`      --- conndoc's report for the squid ssl-bump probe ---\n${JSON.stringify({ id: r.id, findings: r.findings, evidence: r.evidence, culprits: r.culprits?.slice(0, 3), issuer: phase(r, 'tls').certificates?.[0]?.issuer }, null, 2).replace(/^/gm, '      ')}`);
    assert.equal(r.id, 'tls.cert-untrusted', describeResult(r));
    assert.ok(has(r, 'tls-interception'), describeResult(r));
    assert.match(evidence(r, 'tls-interception'), /Example Corp Inspection CA.*signed a certificate for origin-a\.test/);
    assert.equal(r.culprits?.[0]?.kind, 'proxy', JSON.stringify(r.culprits));
    assert.ok(has(r, 'proxy-dependent'), describeResult(r));
    assert.match(evidence(r, 'proxy-dependent'), /^direct: ok/);
    assert.match(evidence(r, 'proxy-dependent'), /issuer differs/);
    assert.equal(phase(r, 'proxy').proxySource, 'option');
  });

  it('ssl-bump from the command line: the report a user reads names the interception first', async () => {
    const url = `https://origin-a.test:${tlsPort}/`;
    const out = await conndoc(['probe', '--ca', originCa.caFile, '--proxy', bumpProxy(), '--resolve', `origin-a.test:${tlsPort}:127.0.0.1`, url], CLEAN_ENV);
    console.log(`      --- conndoc probe through squid ssl-bump (exit ${out.code}) ---\n${out.stdout.replace(/^/gm, '      ')}`);
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stdout, /tls\.cert-untrusted/);
    assert.match(out.stdout, /tls-interception/);
    assert.match(out.stdout, /proxy-dependent/);
  });

  it('ssl-bump: the same private issuer on an unrelated host is named', async () => {
    await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, proxy: bumpProxy(), resolve: resolveOrigins(), allowDirect: false });
    const r = await probeUrl(`https://origin-b.test:${tlsPort}/`, { ...base, proxy: bumpProxy(), resolve: resolveOrigins(), allowDirect: false });
    assert.match(evidence(r, 'tls-interception'), /same private issuer .*also signed origin-a\.test/, describeResult(r));
    assert.ok(!has(r, 'proxy-dependent'), 'direct probing was off');
  });

  it('ssl-bump with --insecure: squid\'s Via on the re-signed response names squid', async () => {
    const r = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, proxy: bumpProxy(), insecure: true });
    assert.equal(r.id, 'ok', describeResult(r));
    assert.ok(has(r, 'tls-interception') && has(r, 'vendor:squid'), describeResult(r));
    assert.match(evidence(r, 'vendor:squid'), /squid\//);
  });

  it('trust stores: the OS store (SSL_CERT_FILE) trusts the inspection CA, Node\'s bundle does not', async () => {
    const bundle = path.join(dir, 'os-bundle.pem');
    writeFileSync(bundle, bumpCa.caPem);
    const env = { ...CLEAN_ENV, SSL_CERT_FILE: bundle, SSL_CERT_DIR: path.join(dir, 'no-such-dir') };
    const r = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, env, proxy: bumpProxy(), allowDirect: false });
    assert.ok(has(r, 'trust-store-dependent'), describeResult(r));
    assert.match(evidence(r, 'trust-store-dependent'), /^trusted by system \(SSL_CERT_FILE=.*os-bundle\.pem.*1 certificates\); not by bundled/);
    assert.ok(r.remediation.some((s) => /NODE_EXTRA_CA_CERTS/.test(s)) && r.remediation.some((s) => /http\.sslCAInfo/.test(s)), r.remediation.join('\n'));
    // Without the CA in SSL_CERT_FILE every store refuses it alike: no trust-store finding.
    const plain = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, env: { ...CLEAN_ENV, SSL_CERT_FILE: path.join(dir, 'hosts'), SSL_CERT_DIR: path.join(dir, 'none') }, proxy: bumpProxy(), allowDirect: false });
    assert.ok(!has(plain, 'trust-store-dependent'), describeResult(plain));
  });

  it('a CA named after an inspection product: tls-interception + vendor:zscaler, proxy ranked first', async () => {
    const r = await probeUrl(`https://localhost:${vendorPort}/`, { ...base, proxy: null });
    assert.equal(r.id, 'tls.cert-untrusted');
    assert.ok(has(r, 'tls-interception') && has(r, 'vendor:zscaler'), describeResult(r));
    assert.equal(r.culprits?.[0]?.kind, 'proxy');
  });

  it('differential probes run through the proxy too: an SNI-keyed failure behind squid is sni-dependent', async () => {
    const leaf = originCa.issue('sni', { san: ['DNS:origin-b.test', 'DNS:localhost'] });
    const ctx = tls.createSecureContext({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile) });
    // Refuses the handshake for one name, as an SNI filter does; other names (or none) complete.
    const picky = https.createServer({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile), SNICallback: (name, cb) => (name === 'origin-b.test' ? cb(new Error('blocked name'), undefined) : cb(null, ctx)) }, (_q, res) => void res.end('ok'));
    const port = await listen(picky);
    try {
      const r = await probeUrl(`https://origin-b.test:${port}/`, { ...base, differential: true, allowDirect: false, proxy: `http://127.0.0.1:${ports.open}` });
      assert.match(r.id, /^tls\./, describeResult(r));
      assert.ok(has(r, 'sni-dependent'), describeResult(r));
      assert.ok(r.variants?.some((v) => v.variant === 'sni=none' && v.id === 'ok'), JSON.stringify(r.variants));
    } finally {
      picky.close();
    }
  });

  it('https:// proxy: TLS to squid\'s https_port, then CONNECT and plain http through it', async () => {
    const proxy = `https://localhost:${ports.tls}`;
    const r = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, proxy });
    assert.equal(r.id, 'ok', describeResult(r));
    assert.equal(phase(r, 'proxy').proxyStatus, 200);
    assert.match(phase(r, 'proxy').proxyTls?.version ?? '', /TLSv1\.[23]/);
    const p = await probeUrl(`http://localhost:${plainPort}/`, { ...base, proxy });
    assert.equal(p.id, 'ok', describeResult(p));
    assert.match(String(phase(p, 'response').headers?.via), /squid/);
    // The proxy's own certificate is checked: without its CA the https proxy is refused.
    const bad = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, ca: [], proxy, allowDirect: false });
    assert.equal(bad.id, 'proxy.tunnel-failed', describeResult(bad));
    assert.match(bad.error ?? '', /proxy's certificate was rejected/);
  });

  it('407: records Basic, Digest and NTLM challenges and explains them; Basic from the URL gets through', async () => {
    const r = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, proxy: `http://127.0.0.1:${ports.auth}`, allowDirect: false });
    assert.equal(r.id, 'proxy.auth-required', describeResult(r));
    const schemes = (phase(r, 'proxy').proxyAuthenticate ?? []).map((c) => c.split(' ')[0]);
    assert.deepEqual([...schemes].sort(), ['Basic', 'Digest', 'NTLM']);
    assert.match(phase(r, 'proxy').note ?? '', /NTLM.*(cntlm|px)/);
    const ok = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, proxy: `http://${USER}:${PASSWORD}@127.0.0.1:${ports.auth}` });
    assert.equal(ok.id, 'ok', describeResult(ok));
    assert.ok(!JSON.stringify(ok).includes(PASSWORD), 'the password never appears in the result');
  });

  for (const kind of ['socks5', 'socks5h', 'socks4'] as const) {
    it(`${kind}:// through dante`, async () => {
      const r = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, proxy: `${kind}://127.0.0.1:${socksPort}` });
      assert.equal(r.id, 'ok', describeResult(r));
      assert.equal(phase(r, 'proxy').status, 'ok');
      assert.match(phase(r, 'proxy').note ?? '', kind === 'socks5h' ? /the proxy resolves localhost/ : /resolved localhost here/);
    });
  }

  it('socks5:// to a closed port through dante: the SOCKS refusal is proxy.denied', async () => {
    const r = await probeUrl(`http://127.0.0.1:${closedPort}/`, { ...base, proxy: `socks5://127.0.0.1:${socksPort}`, allowDirect: false });
    assert.equal(r.id, 'proxy.denied', describeResult(r));
    assert.match(phase(r, 'proxy').socksReply ?? '', /refused|rejected/i);
  });

  it('PAC served over http: the PAC\'s answer decides, with its return value as the reason', async () => {
    const pac = `http://127.0.0.1:${pacPort}/proxy.pac`;
    const viaPac = await probeUrl(`https://origin-b.test:${tlsPort}/`, { ...base, pac, resolve: resolveOrigins() });
    assert.equal(viaPac.id, 'ok', describeResult(viaPac));
    assert.equal(phase(viaPac, 'proxy').proxySource, 'pac');
    assert.equal(phase(viaPac, 'proxy').proxyReason, `PAC ${pac} returned 'PROXY 127.0.0.1:${ports.open}; DIRECT'`);
    const direct = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, pac });
    assert.equal(direct.id, 'ok');
    assert.equal(phase(direct, 'proxy').status, 'skipped');
    assert.match(phase(direct, 'proxy').note ?? '', /direct: PAC .* returned 'DIRECT'/);
    const socks = await probeUrl(`https://socks.localhost:${tlsPort}/`, { ...base, pac, insecure: true, proxy: undefined });
    assert.match(phase(socks, 'proxy').proxy ?? '', /^socks5:\/\/127\.0\.0\.1/);
  });

  it('environment vs PAC: HTTPS_PROXY wins, the disagreement is stated, and the PAC\'s path is probed too', async () => {
    const env = { ...CLEAN_ENV, https_proxy: `http://127.0.0.1:${closedPort}` };
    const r = await probeUrl(`https://origin-b.test:${tlsPort}/`, { ...base, env, pac: `http://127.0.0.1:${pacPort}/proxy.pac`, resolve: resolveOrigins() });
    assert.equal(r.id, 'proxy.unreachable', describeResult(r));
    assert.equal(phase(r, 'proxy').proxySource, 'env');
    assert.match(phase(r, 'proxy').note ?? '', /the environment says .* the PAC file say/);
    assert.match(evidence(r, 'proxy-dependent'), new RegExp(`via http://127\\.0\\.0\\.1:${ports.open}/? \\(pac\\): ok`));
  });

  it('NO_PROXY=example-style bare domain covers subdomains (curl), and ALL_PROXY is read', async () => {
    const env = { ...CLEAN_ENV, ALL_PROXY: `http://127.0.0.1:${closedPort}`, NO_PROXY: 'test' };
    const r = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, env, resolve: resolveOrigins() });
    assert.equal(r.id, 'ok', describeResult(r));
    assert.match(phase(r, 'proxy').note ?? '', /NO_PROXY entry 'test' covers origin-a\.test/);
    const through = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, env, allowDirect: false });
    assert.equal(through.id, 'proxy.unreachable');
    assert.match(phase(through, 'proxy').proxyReason ?? '', /^ALL_PROXY=/);
  });

  it('GNOME system settings through the real gsettings: manual proxy, then auto (PAC)', async () => {
    const gsettings = (env: Record<string, string | undefined>, ...args: string[]): void => void execFileSync('gsettings', args, { env: env as NodeJS.ProcessEnv, stdio: 'ignore' });
    const manual = { ...CLEAN_ENV, GSETTINGS_BACKEND: 'keyfile', XDG_CONFIG_HOME: scratchDir('gnome-manual'), XDG_CURRENT_DESKTOP: 'GNOME' };
    gsettings(manual, 'set', 'org.gnome.system.proxy', 'mode', 'manual');
    gsettings(manual, 'set', 'org.gnome.system.proxy.https', 'host', '127.0.0.1');
    gsettings(manual, 'set', 'org.gnome.system.proxy.https', 'port', String(ports.open));
    // GNOME's default ignore-hosts has localhost and 127.0.0.0/8: those go direct, as in GNOME itself.
    const local = await probeUrl(`https://localhost:${tlsPort}/`, { ...base, env: manual, systemProxy: true });
    assert.match(phase(local, 'proxy').note ?? '', /direct: gnome proxy settings bypass 'localhost'/);
    const r = await probeUrl(`https://origin-a.test:${tlsPort}/`, { ...base, env: manual, systemProxy: true, resolve: resolveOrigins() });
    assert.equal(r.id, 'ok', describeResult(r));
    assert.equal(phase(r, 'proxy').proxySource, 'system');
    assert.match(phase(r, 'proxy').proxyReason ?? '', new RegExp(`gnome proxy settings name http://127\\.0\\.0\\.1:${ports.open}`));
    const auto = { ...CLEAN_ENV, GSETTINGS_BACKEND: 'keyfile', XDG_CONFIG_HOME: scratchDir('gnome-auto'), XDG_CURRENT_DESKTOP: 'GNOME' };
    gsettings(auto, 'set', 'org.gnome.system.proxy', 'mode', 'auto');
    gsettings(auto, 'set', 'org.gnome.system.proxy', 'autoconfig-url', `http://127.0.0.1:${pacPort}/proxy.pac`);
    const p = await probeUrl(`https://origin-b.test:${tlsPort}/`, { ...base, env: auto, systemProxy: true, resolve: resolveOrigins() });
    assert.equal(p.id, 'ok', describeResult(p));
    assert.equal(phase(p, 'proxy').proxySource, 'pac');
    assert.match(phase(p, 'proxy').proxyReason ?? '', /^gnome names a PAC: PAC .* returned 'PROXY/);
  });

  it('conndoc env --json: stores, extra and interception roots, every proxy source for the URL, redacted', async () => {
    const extra = path.join(dir, 'extra.pem');
    writeFileSync(extra, vendorCa.caPem);
    const env = { ...CLEAN_ENV, NODE_EXTRA_CA_CERTS: extra, HTTPS_PROXY: `http://${USER}:${PASSWORD}@127.0.0.1:${ports.auth}`, NO_PROXY: 'localhost' };
    const out = await conndoc(['env', '--json', '--pac', `http://127.0.0.1:${pacPort}/proxy.pac`, `https://origin-b.test:${tlsPort}/`], env);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(!out.stdout.includes(PASSWORD), 'the proxy password is redacted');
    const rep = JSON.parse(out.stdout);
    assert.deepEqual(rep.trustStores.map((s: { name: string }) => s.name), ['bundled', 'system', 'node-extra']);
    assert.ok(rep.interceptionRoots.some((c: { product: string; store: string }) => c.product === 'Zscaler' && c.store === 'node-extra'));
    assert.deepEqual(rep.proxy.answers.map((a: { source: string }) => a.source), ['env', 'pac']);
    assert.match(rep.proxy.decision, /^http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ \(env: HTTPS_PROXY/);
    assert.match(rep.proxy.disagreement, /PAC file say/);
    assert.equal(typeof rep.ipv6.loopback, 'boolean');
    const text = await conndoc(['env'], env);
    assert.match(text.stdout, /Trust stores:\n {2}bundled: \d+ certificates/);
    // The sample URL is shown with its secret query values as ***; a password typed without a scheme is not echoed.
    const sample = await conndoc(['env', `https://origin-b.test:${tlsPort}/?access_token=tok-${PASSWORD}`], env);
    assert.match(sample.stdout, /for https:\/\/origin-b\.test:\d+\/\?access_token=\*\*\*:/);
    assert.ok(!sample.stdout.includes(PASSWORD), sample.stdout);
    const noScheme = await conndoc(['env', `${USER}:${PASSWORD}@127.0.0.1`], env);
    assert.equal(noScheme.code, 2);
    assert.match(noScheme.stderr, /^conndoc: env: '.*:\*\*\*@127\.0\.0\.1' is not an http\(s\) or ws\(s\) URL\n$/);
    const bad = await conndoc(['env', '--pac', path.join(dir, 'missing.pac')], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^conndoc: --pac: cannot read/);
  });
});
