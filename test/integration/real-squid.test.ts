// The engine through a real squid on loopback: CONNECT tunnels, policy denials, proxy authentication.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { assertDiagnosis, describeResult, httpCode, phase } from '../support/assert-result';
import { curl } from '../support/curl';
import { freePort, freePorts, needBinaries, type RealServer, scratchDir, startSquid, startSshd } from '../support/real-servers';
import { ThrowawayCa } from '../support/throwaway-ca';

const USER = 'alice';
const PASSWORD = 'Planted-Secret-4711';

// squid's basic auth helper protocol: one "user password" line in, "OK" or "ERR" out.
const AUTH_HELPER = `#!/bin/sh
while read -r user pass; do
  if [ "$user" = "${USER}" ] && [ "$pass" = "${PASSWORD}" ]; then echo OK; else echo ERR; fi
done
`;

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function conndoc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };
    execFile(process.execPath, [CLI, ...args], { env, timeout: 15_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('real squid', function () {
  this.timeout(20_000);
  let squid: RealServer | undefined;
  let sshd: RealServer | undefined;
  let sshPort = 0;
  let caDir = '';
  let ca: ThrowawayCa;
  let origin: http.Server | undefined;
  let tlsOrigin: https.Server | undefined;
  let [originPort, tlsOriginPort, closedPort] = [0, 0, 0];
  let [open, denying, authing] = [0, 0, 0];
  let base: ProbeOptions;

  before(async function () {
    needBinaries(this, 'real squid', 'squid', 'sshd', 'ssh-keygen', 'openssl', 'curl');
    caDir = scratchDir('squid-ca');
    ca = new ThrowawayCa(caDir);
    base = { timeoutMs: 5000, ca: [ca.caPem] };
    const leaf = ca.issue('localhost', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    const hello = (_req: http.IncomingMessage, res: http.ServerResponse): void => void res.end('hello through the proxy\n');
    origin = http.createServer(hello);
    tlsOrigin = https.createServer({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile) }, hello);
    originPort = await listen(origin);
    tlsOriginPort = await listen(tlsOrigin);
    closedPort = await freePort();
    sshPort = await freePort();
    sshd = await startSshd(scratchDir('squid-sshd'), sshPort);
    [open, denying, authing] = await freePorts(3);

    const dir = scratchDir('squid');
    const helper = path.join(dir, 'auth-helper.sh');
    writeFileSync(helper, AUTH_HELPER, { mode: 0o755 });
    squid = await startSquid(
      dir,
      { open, denying, authing },
      `auth_param basic program ${helper}
auth_param basic children 1 startup=1 idle=1
auth_param basic realm conndoc-test
acl port_open myportname open
acl port_denying myportname denying
acl port_authing myportname authing
acl authed proxy_auth REQUIRED
http_access deny port_denying
http_access allow port_open
# deny with proxy_auth last on the line: squid challenges with 407
http_access deny port_authing !authed
http_access allow port_authing
http_access deny all
`,
    );
  });

  after(async () => {
    await Promise.all([squid?.stop(), sshd?.stop()]);
    origin?.closeAllConnections();
    tlsOrigin?.closeAllConnections();
    await Promise.all([origin, tlsOrigin].map((s) => new Promise<void>((r) => (s ? s.close(() => r()) : r()))));
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  it('https through the open proxy → ok, the proxy phase ok with a 200 to CONNECT', async () => {
    const r = await probeUrl(`https://127.0.0.1:${tlsOriginPort}/`, { ...base, proxy: `http://127.0.0.1:${open}` });
    assertDiagnosis(r, 'ok', { failedPhase: null });
    const p = phase(r, 'proxy');
    assert.equal(p.status, 'ok', describeResult(r));
    assert.equal(p.proxyStatus, 200, describeResult(r));
    assert.equal(phase(r, 'connect').remotePort, open, 'connect goes to the proxy');
  });

  it('http through the open proxy → ok', async () => {
    const r = await probeUrl(`http://127.0.0.1:${originPort}/`, { ...base, proxy: `http://127.0.0.1:${open}` });
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.equal(httpCode(phase(r, 'response')), 200, describeResult(r));
  });

  it('`http_access deny` → 403 to CONNECT → proxy.denied (curl: 56, CONNECT tunnel failed)', async () => {
    const url = `https://127.0.0.1:${tlsOriginPort}/`;
    const proxy = `http://127.0.0.1:${denying}`;
    const [r, c] = await Promise.all([probeUrl(url, { ...base, proxy }), curl(['-p', '-x', proxy, url])]);
    assertDiagnosis(r, 'proxy.denied', { failedPhase: 'proxy' });
    assert.equal(phase(r, 'proxy').proxyStatus, 403, describeResult(r));
    assert.equal(c.exit, 56, c.trace);
    assert.match(c.trace, /CONNECT tunnel failed, response 403/);
  });

  it('auth required, no credentials → 407 → proxy.auth-required', async () => {
    const url = `https://127.0.0.1:${tlsOriginPort}/`;
    const proxy = `http://127.0.0.1:${authing}`;
    const [r, c] = await Promise.all([probeUrl(url, { ...base, proxy }), curl(['-p', '-x', proxy, url])]);
    assertDiagnosis(r, 'proxy.auth-required', { failedPhase: 'proxy' });
    assert.equal(phase(r, 'proxy').proxyStatus, 407, describeResult(r));
    assert.match(c.trace, /CONNECT tunnel failed, response 407/);
  });

  it('auth required, credentials in the proxy URL → ok, and the password appears nowhere in the result', async () => {
    const proxy = `http://${USER}:${PASSWORD}@127.0.0.1:${authing}`;
    const r = await probeUrl(`https://127.0.0.1:${tlsOriginPort}/`, { ...base, proxy });
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.match(phase(r, 'proxy').proxy ?? '', new RegExp(`^http://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:${authing}`), describeResult(r));
    const json = JSON.stringify(r);
    assert.ok(!json.includes(PASSWORD), 'the proxy password leaked into the result');
    assert.ok(!json.includes(encodeURIComponent(PASSWORD)), 'the proxy password leaked (URL-encoded)');
    assert.ok(!json.includes(Buffer.from(`${USER}:${PASSWORD}`).toString('base64')), 'the Proxy-Authorization value leaked');
  });

  it('wrong credentials → 407 again → proxy.auth-required, password not echoed', async () => {
    const wrong = 'Wrong-Password-0815';
    const r = await probeUrl(`https://127.0.0.1:${tlsOriginPort}/`, { ...base, proxy: `http://${USER}:${wrong}@127.0.0.1:${authing}` });
    assertDiagnosis(r, 'proxy.auth-required', { failedPhase: 'proxy' });
    assert.ok(!JSON.stringify(r).includes(wrong), 'the proxy password leaked into the result');
  });

  // Plain http goes to the proxy in absolute form, no CONNECT: the proxy's answer is the response, so the
  // response-phase ids apply (diagnosis-ids.md: proxy.* are for CONNECT; 407 is http.auth-required).
  it('plain http through the denying proxy → squid 403 as the response → http.client-error', async () => {
    const r = await probeUrl(`http://127.0.0.1:${originPort}/`, { ...base, proxy: `http://127.0.0.1:${denying}` });
    assertDiagnosis(r, 'http.client-error', { failedPhase: 'response' });
    assert.equal(httpCode(phase(r, 'response')), 403, describeResult(r));
    assert.match(String(phase(r, 'response').headers?.['x-squid-error']), /ERR_ACCESS_DENIED/);
  });

  it('plain http through the auth proxy: 407 → http.auth-required; with credentials → ok, password nowhere', async () => {
    const url = `http://127.0.0.1:${originPort}/`;
    const r = await probeUrl(url, { ...base, proxy: `http://127.0.0.1:${authing}` });
    assertDiagnosis(r, 'http.auth-required', { failedPhase: 'response' });
    assert.equal(httpCode(phase(r, 'response')), 407, describeResult(r));
    const authed = await probeUrl(url, { ...base, proxy: `http://${USER}:${PASSWORD}@127.0.0.1:${authing}` });
    assertDiagnosis(authed, 'ok', { failedPhase: null });
    assert.ok(!JSON.stringify(authed).includes(PASSWORD), 'the proxy password leaked into the result');
  });

  // The command line over the same proxy: the planted password must not reach stdout or stderr, in JSON
  // or human text, whether the proxy lets us through or not.
  it('conndoc probe through the auth proxy: exit 0 / 1 by the contract, the password in no output', async function () {
    if (!existsSync(CLI)) this.skip(); // built by `npm run build` before the integration tests
    const url = `https://127.0.0.1:${tlsOriginPort}/`;
    const good = `http://${USER}:${PASSWORD}@127.0.0.1:${authing}`;
    const bad = `http://${USER}:${PASSWORD}x@127.0.0.1:${authing}`;
    const runs = await Promise.all([
      conndoc(['probe', '--json', '--ca', ca.caFile, '--proxy', good, url]),
      conndoc(['probe', '--ca', ca.caFile, '--proxy', good, url]),
      conndoc(['probe', '--json', '--ca', ca.caFile, '--proxy', bad, url]),
      conndoc(['probe', '--ca', ca.caFile, '--proxy', bad, url]),
    ]);
    assert.deepEqual(runs.map((x) => x.code), [0, 0, 1, 1], runs.map((x) => x.stderr).join('\n'));
    assert.equal(JSON.parse(runs[0].stdout).results[0].id, 'ok');
    assert.equal(JSON.parse(runs[2].stdout).results[0].id, 'proxy.auth-required');
    for (const x of runs) assert.ok(!`${x.stdout}${x.stderr}`.includes(PASSWORD), `password leaked:\n${x.stdout}${x.stderr}`);
  });

  // The tunnel's "200 Connection established" must not be taken for the target's bytes: the SSH banner is.
  it('https through the proxy to an SSH port → proxy ok, then tls.not-tls with the SSH banner as evidence', async () => {
    const r = await probeUrl(`https://127.0.0.1:${sshPort}/`, { ...base, proxy: `http://127.0.0.1:${open}` });
    assertDiagnosis(r, 'tls.not-tls', { failedPhase: 'tls' });
    assert.equal(phase(r, 'proxy').proxyStatus, 200, describeResult(r));
    assert.match(phase(r, 'tls').unexpectedBytes ?? '', /^SSH-2\.0-/, describeResult(r));
  });

  it('CONNECT to a closed port → squid 503 → proxy.denied', async () => {
    const url = `https://127.0.0.1:${closedPort}/`;
    const proxy = `http://127.0.0.1:${open}`;
    const [r, c] = await Promise.all([probeUrl(url, { ...base, proxy }), curl(['-p', '-x', proxy, url])]);
    assertDiagnosis(r, 'proxy.denied', { failedPhase: 'proxy' });
    assert.equal(phase(r, 'proxy').proxyStatus, 503, describeResult(r));
    assert.match(c.trace, /CONNECT tunnel failed, response 503/);
  });
});
