// Issue 5, secrets: a password planted in URLs (targets, proxies, a redirect) never shows on any surface the
// CLI or the language server produces — text, JSON, SARIF, stderr, diagnostics, hovers — and never goes on
// the wire to a target found by discovery. The proxy still gets the Proxy-Authorization it needs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { extractUrls } from '../../src/discover/extract';
import { makePki } from '../../src/lab/pki';
import type { Result } from '../../src/vocabulary/types';
import { diagnosticsFor } from '../../src/server/diagnostics';
import { hoverMarkdown } from '../../src/server/markdown';
import { Registry } from '../../src/server/registry';
import { parseJson, runCli, type CliRun } from '../support/cli';
import { Tracker, tinyHttp } from '../support/loopback';

const SECRET = 'hunter2-PLANTED';
/** Every form the secret could leak in: as is, percent-encoded, and inside Basic credentials. */
function leakForms(): RegExp {
  const b64 = ['user', 'puser', 'app', ''].map((u) => Buffer.from(`${u}:${SECRET}`).toString('base64').replace(/=+$/, ''));
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp([SECRET, encodeURIComponent(SECRET), 'hunter2', ...b64].map(esc).join('|'), 'i');
}
const LEAK = leakForms();

function assertNoLeak(where: string, text: string): void {
  const m = LEAK.exec(text);
  assert.ok(!m, `${where} shows the planted secret ('${m?.[0]}') near: ${m ? text.slice(Math.max(0, m.index - 120), m.index + 60) : ''}`);
}

function assertRunClean(label: string, run: CliRun): void {
  assertNoLeak(`${label} stdout`, run.stdout);
  assertNoLeak(`${label} stderr`, run.stderr);
}

/** A CONNECT / absolute-form proxy that insists on Basic credentials and remembers what it was sent. */
async function authProxy(tracker: Tracker, user: string, pass: string, seen: string[]): Promise<number> {
  const want = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const server = net.createServer((client) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const auth = /^proxy-authorization:\s*(.*?)\r?$/im.exec(head)?.[1] ?? '';
      seen.push(auth);
      if (auth !== want) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const connect = /^CONNECT 127\.0\.0\.1:(\d+) /.exec(head);
      if (!connect) {
        client.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
        return;
      }
      const up = tracker.socket(net.connect(Number(connect[1]), '127.0.0.1'));
      up.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = Buffer.from(head.slice(end + 4), 'latin1');
        if (rest.length) up.write(rest);
        up.pipe(client);
        client.pipe(up);
      });
      up.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
      client.once('close', () => up.destroy());
    };
    client.on('data', onData);
  });
  return tracker.listen(server, '127.0.0.1');
}

/** Records every byte a plain TCP listener (a "database") receives. */
async function recordingListener(tracker: Tracker, got: Buffer[]): Promise<number> {
  return tracker.listen(net.createServer((s) => s.on('data', (c: Buffer) => got.push(c))), '127.0.0.1');
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('secrets: a planted password shows nowhere', function () {
  this.timeout(90_000);
  const tracker = new Tracker();
  const heads: string[] = [];
  const dbBytes: Buffer[] = [];
  const proxySeen: string[] = [];
  let dir = '';
  let urls: string[] = [];
  let proxyUrl = '';
  let badProxyUrl = '';
  let env: Record<string, string | undefined> = {};

  before(async () => {
    const pki = await makePki();
    let tlsPort = 0;
    tlsPort = await tinyHttp(tracker, '127.0.0.1', {
      tls: pki.good,
      onHead: (h) => heads.push(h),
      // /redir sends the client to a URL with credentials in it: a server-sent secret is still a secret.
      respond: (h) => (h.startsWith('GET /redir')
        ? `HTTP/1.1 302 Found\r\nLocation: https://user:${SECRET}@127.0.0.1:${tlsPort}/landed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
        : `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nConnection: close\r\n\r\nno way`),
    });
    const dbPort = await recordingListener(tracker, dbBytes);
    const dead = await closedPort();
    const proxyPort = await authProxy(tracker, 'puser', SECRET, proxySeen);
    proxyUrl = `http://puser:${SECRET}@127.0.0.1:${proxyPort}`;
    badProxyUrl = `http://puser:wrong-${SECRET}@127.0.0.1:${proxyPort}`;
    urls = [
      `https://user:${SECRET}@127.0.0.1:${tlsPort}/`,
      `https://user:${SECRET}@127.0.0.1:${tlsPort}/redir`,
      `https://user:${SECRET}@127.0.0.1:${dead}/`,
      `postgres://app:${SECRET}@127.0.0.1:${dbPort}/db`,
      `redis://:${SECRET}@127.0.0.1:${dbPort}`,
      `postgres://app:${SECRET}@127.0.0.1:${dead}/db`,
      // An '@' and a ':' inside the password: the userinfo runs to the last '@' (url-rules R5).
      `mysql://app:x@${SECRET}:y@127.0.0.1:${dbPort}/db`,
    ];
    dir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-secrets-'));
    writeFileSync(path.join(dir, '.env'), urls.map((u, i) => `URL_${i}=${u}`).join('\n') + '\n');
    writeFileSync(path.join(dir, 'config.yaml'), `db:\n  url: "${urls[3]}"\nproxy: ${proxyUrl}\n`);
    // No proxy from the test runner's own environment.
    env = { HTTPS_PROXY: undefined, HTTP_PROXY: undefined, https_proxy: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };
  });
  after(async () => {
    await tracker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const common = ['--insecure', '--timeout', '3000', '--no-differential'];

  it('conndoc probe (text and JSON) with a credentialed --proxy', async () => {
    proxySeen.length = 0;
    for (const json of [false, true]) {
      const run = await runCli(['probe', ...(json ? ['--json'] : []), ...common, '--proxy', proxyUrl, ...urls], { env, deadlineMs: 40_000 });
      assert.equal(run.code, 1, run.stderr);
      assertRunClean(`probe${json ? ' --json' : ''}`, run);
      if (json) {
        const doc = parseJson<{ results: Result[] }>(run);
        assert.equal(doc.results.length, urls.length);
        assert.ok(doc.results.every((r) => r.url.includes(':***@')), 'the URLs are shown redacted');
      }
    }
    // Redaction is for display: the proxy got the credentials it needs, for the https targets it tunnels.
    const want = `Basic ${Buffer.from(`puser:${SECRET}`).toString('base64')}`;
    assert.ok(proxySeen.length > 0 && proxySeen.every((a) => a === want), `proxy saw ${JSON.stringify(proxySeen)}`);
  });

  it('a wrong proxy password: the failure is explained without echoing it', async () => {
    const run = await runCli(['probe', '--json', ...common, '--proxy', badProxyUrl, urls[0]], { env, deadlineMs: 20_000 });
    assert.equal(run.code, 1);
    assertRunClean('probe with a rejected proxy', run);
    assert.equal(parseJson<{ results: Result[] }>(run).results[0].id, 'proxy.auth-required');
  });

  it('malformed and scheme-less URLs on the command line: the complaint does not echo the password', async () => {
    const bad = [
      `app:${SECRET}@127.0.0.1:5432`, // $DATABASE_URL without its scheme
      `postgres//app:${SECRET}@127.0.0.1/db`,
      `http://app:${SECRET}@[::1`,
      `http://:${SECRET}@127.0.0.1:99999/`,
      `ftp://app:${SECRET}@127.0.0.1/`,
    ];
    const run = await runCli(['probe', ...bad], { env, deadlineMs: 15_000 });
    assert.equal(run.code, 2);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, bad.length, run.stderr);
    assertRunClean('probe with malformed URLs', run);
    // Usage errors that quote what was typed: a URL given as the command, a proxy without a usable scheme.
    for (const argv of [[urls[0]], ['probe', '--proxy', `puser:${SECRET}@127.0.0.1:3128`, urls[0]], ['probe', '--proxy', `ftp://puser:${SECRET}@127.0.0.1:1080`, urls[0]]]) {
      const usage = await runCli(argv, { env, deadlineMs: 15_000 });
      assert.equal(usage.code, 2, usage.stderr);
      assertRunClean(`conndoc ${argv[0]}`, usage);
    }
  });

  it('HTTPS_PROXY from the environment with credentials', async () => {
    proxySeen.length = 0;
    const run = await runCli(['probe', '--json', ...common, urls[0]], { env: { ...env, HTTPS_PROXY: proxyUrl }, deadlineMs: 20_000 });
    assertRunClean('probe via HTTPS_PROXY', run);
    const r = parseJson<{ results: Result[] }>(run).results[0];
    assert.equal(r.phases.find((p) => p.phase === 'proxy')?.status, 'ok', JSON.stringify(r.phases));
    assert.ok(proxySeen.length > 0, 'the probe went through the proxy');
  });

  it('conndoc scan: text, JSON and SARIF; discovery targets carry no password on the wire', async () => {
    heads.length = 0;
    dbBytes.length = 0;
    const sarif = path.join(dir, 'out.sarif');
    const json = await runCli(['scan', '--json', ...common, '--sarif', sarif, dir], { env, deadlineMs: 60_000 });
    assert.equal(json.code, 1, json.stderr);
    assertRunClean('scan --json', json);
    const doc = parseJson<{ urls: { url: string }[]; results: Result[] }>(json);
    assert.ok(doc.urls.length >= urls.length + 1, `found ${doc.urls.length}`);
    const sarifText = readFileSync(sarif, 'utf8');
    assert.ok(JSON.parse(sarifText).runs[0].results.length > 0, 'SARIF lists the failures');
    assertNoLeak('SARIF', sarifText);

    const text = await runCli(['scan', ...common, dir], { env: { ...env, HTTPS_PROXY: proxyUrl }, deadlineMs: 60_000 });
    assertRunClean('scan (human, HTTPS_PROXY)', text);
    assert.match(text.stdout, /user:\*\*\*@/);

    assert.ok(heads.length > 0, 'the https target was reached');
    // (The redirect's own target, /landed, is a URL the server chose; only what discovery found is checked.)
    for (const h of heads.filter((x) => !x.startsWith('GET /landed'))) assertNoLeak('a request the target received', h);
    assertNoLeak('bytes a database port received', Buffer.concat(dbBytes).toString('latin1'));
  });

  it('secret query values: the human report and SARIF show ***, the JSON keeps the URL as written (R7)', async () => {
    const token = `tok-${SECRET}`;
    const qdir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-query-secrets-'));
    try {
      const dead = await closedPort();
      const found = `http://127.0.0.1:${dead}/v1?api_key=${token}&page=2`;
      writeFileSync(path.join(qdir, 'app.env'), `API_URL=${found}\n`);
      const sarif = path.join(dir, 'query-secrets.sarif'); // not in the scanned folder
      const hidden = (label: string, text: string): void => assert.ok(!text.includes(token), `${label} shows the api_key value:\n${text}`);
      for (const args of [['scan', '--sarif', sarif], ['scan', '--verbose'], ['scan', '--no-probe']]) {
        const run = await runCli([...args, ...common, qdir], { env, deadlineMs: 30_000 });
        hidden(`conndoc ${args.join(' ')}`, run.stdout + run.stderr);
        assert.match(run.stdout, /\?api_key=\*\*\*&page=2/, run.stdout);
      }
      hidden('SARIF', readFileSync(sarif, 'utf8'));
      const probe = await runCli(['probe', ...common, found], { env, deadlineMs: 20_000 });
      assert.equal(probe.code, 1, probe.stderr);
      hidden('conndoc probe', probe.stdout + probe.stderr);
      // The contract's url is the URL exactly as written but for a password: a script joins results to it.
      const json = await runCli(['scan', '--json', ...common, qdir], { env, deadlineMs: 30_000 });
      const doc = parseJson<{ urls: { url: string }[]; results: Result[] }>(json);
      assert.deepEqual([doc.urls.map((u) => u.url), doc.results.map((r) => r.url)], [[found], [found]]);
    } finally {
      rmSync(qdir, { recursive: true, force: true });
    }
  });

  it('language server surfaces: diagnostics and hovers', async () => {
    const run = await runCli(['scan', '--json', ...common, dir], { env, deadlineMs: 60_000 });
    const results = parseJson<{ results: Result[] }>(run).results;
    const text = readFileSync(path.join(dir, '.env'), 'utf8');
    const found = extractUrls(text);
    assert.equal(found.length, urls.length);
    const registry = new Registry();
    const uri = 'file:///ws/.env';
    registry.set(uri, found.map((f) => ({ found: f, range: { start: { line: f.line - 1, character: 0 }, end: { line: f.line - 1, character: 1 } } })));
    // The CLI's results are per probe target (for databases: scheme://host:port, no path).
    for (const f of found) {
      assertNoLeak('a discovery probe target', f.probeUrl);
      const r = results.find((x) => x.url === f.probeUrl) ?? results.find((x) => f.probeUrl.startsWith(x.url));
      assert.ok(r, `a result for ${f.url}`);
      registry.finish(f.probeUrl, { result: r });
    }
    const entries = registry.snapshot(uri);
    assert.ok(entries.some((e) => e.result && !e.result.ok));
    assertNoLeak('diagnostics', JSON.stringify(diagnosticsFor(entries)));
    for (const e of entries) assertNoLeak('a hover', hoverMarkdown(e) ?? '');
  });
});
