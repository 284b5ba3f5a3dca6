// Findings across attempts and addresses, the per-host limit, proxies, and cancellation that
// leaves no socket or timer behind.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import { probeAll } from '../../src/probe/schedule';
import { OK_RESPONSE, Servers } from './engine-servers';

const quick = { timeoutMs: 2000, proxy: null, differential: false };

describe('engine: repeats, addresses, limits, proxies, cancellation', function () {
  this.timeout(20000);
  const servers = new Servers();
  after(() => servers.close());

  it('--repeat: passes then 429s → http.rate-limited, rate-limit-suspected and intermittent', async () => {
    let n = 0;
    const port = await servers.http((s) =>
      s.end(++n <= 2 ? OK_RESPONSE : 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
    );
    const r = await probeUrl(`http://127.0.0.1:${port}/`, { ...quick, repeat: 4 });
    assert.equal(r.id, 'http.rate-limited', r.error);
    assert.equal(r.ok, false);
    assert.deepEqual(r.attempts?.map((a) => a.id), ['ok', 'ok', 'http.rate-limited', 'http.rate-limited']);
    assert.ok(r.findings.includes('rate-limit-suspected') && r.findings.includes('intermittent'), r.findings.join());
  });

  it('address-dependent: a dead second address shows even though the first one works', async () => {
    const port = await servers.http((s) => s.end(OK_RESPONSE), '127.0.0.1');
    const r = await probeUrl(`http://multi.test:${port}/`, { ...quick, differential: true, resolve: { [`multi.test:${port}`]: ['127.0.0.1', '127.0.0.2'] } });
    assert.equal(r.id, 'ok', r.error);
    assert.ok(r.findings.includes('address-dependent'), JSON.stringify(r.variants));
    assert.equal(r.variants?.find((v) => v.address === '127.0.0.2')?.id, 'tcp.refused');
    // The other order: the connect phase falls back to the working address, and says so.
    const back = await probeUrl(`http://multi.test:${port}/`, { ...quick, differential: true, resolve: { [`multi.test:${port}`]: ['127.0.0.2', '127.0.0.1'] } });
    assert.equal(back.id, 'ok', back.error);
    assert.equal(back.phases.find((p) => p.phase === 'connect')?.remoteAddress, '127.0.0.1');
    assert.ok(back.findings.includes('address-dependent'));
  });

  it('probeAll keeps the per-host limit and the input order', async () => {
    let active = 0;
    let peak = 0;
    const port = await servers.http((s) => {
      peak = Math.max(peak, ++active);
      setTimeout(() => {
        active--;
        s.end(OK_RESPONSE);
      }, 100);
    });
    const urls = Array.from({ length: 10 }, (_, i) => `http://127.0.0.1:${port}/${i}`);
    const results = await probeAll(urls, { ...quick, concurrency: 8, perHost: 2 });
    assert.deepEqual(results.map((r) => r.url), urls);
    assert.ok(results.every((r) => r.id === 'ok'));
    assert.ok(peak <= 2, `peak ${peak} connections at once`);
  });

  it('a proxy from the environment: 407 → proxy.auth-required; NO_PROXY goes direct', async () => {
    const proxied: string[] = [];
    const proxy = await servers.http((s, head) => {
      proxied.push(head.split('\r\n')[0]);
      s.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: 0\r\n\r\n');
    });
    const direct = await servers.http((s) => s.end(OK_RESPONSE));
    const env = { HTTPS_PROXY: `http://u:pw@127.0.0.1:${proxy}`, NO_PROXY: 'direct.test' };
    const r = await probeUrl(`https://site.test/`, { ...quick, proxy: undefined, env });
    assert.equal(r.id, 'proxy.auth-required', r.error);
    assert.equal(proxied[0], 'CONNECT site.test:443 HTTP/1.1');
    assert.equal(r.phases.find((p) => p.phase === 'proxy')?.proxy, `http://u:***@127.0.0.1:${proxy}/`);
    const d = await probeUrl(`http://direct.test:${direct}/`, { ...quick, proxy: undefined, env: { ...env, HTTP_PROXY: env.HTTPS_PROXY }, resolve: { [`direct.test:${direct}`]: ['127.0.0.1'] } });
    assert.equal(d.id, 'ok', d.error);
    assert.equal(proxied.length, 1);
  });

  it("in one run a PAC still answers per URL; the environment's answer holds for every URL of an origin", async () => {
    const proxied: string[] = [];
    const proxy = await servers.http((s, head) => {
      proxied.push(head.split('\r\n')[0]);
      s.end(OK_RESPONSE);
    });
    const origin = await servers.http((s) => s.end(OK_RESPONSE));
    const dir = mkdtempSync(join(tmpdir(), 'conndoc-pac-run-'));
    try {
      const pac = join(dir, 'proxy.pac');
      writeFileSync(pac, `function FindProxyForURL(url, host) { return url.indexOf('/via/') >= 0 ? 'PROXY 127.0.0.1:${proxy}' : 'DIRECT'; }`);
      const urls = ['/direct/1', '/via/2', '/direct/3', '/via/4'].map((p) => `http://127.0.0.1:${origin}${p}`);
      const viaPac = await probeAll(urls, { ...quick, proxy: undefined, env: {}, pac, systemProxy: false, concurrency: 1 });
      const through = `http://127.0.0.1:${proxy}/`;
      assert.deepEqual(viaPac.map((r) => [r.id, r.phases.find((p) => p.phase === 'proxy')?.proxy]), [['ok', undefined], ['ok', through], ['ok', undefined], ['ok', through]]);
      assert.deepEqual(proxied, [`GET ${urls[1]} HTTP/1.1`, `GET ${urls[3]} HTTP/1.1`]);

      const env = { HTTP_PROXY: `http://127.0.0.1:${proxy}`, NO_PROXY: '127.0.0.1' };
      const viaEnv = await probeAll(urls, { ...quick, proxy: undefined, env, systemProxy: false, concurrency: 2 });
      const reasons = viaEnv.map((r) => r.phases.find((p) => p.phase === 'proxy')?.proxyReason);
      assert.ok(reasons.every((x) => x !== undefined && /NO_PROXY entry '127\.0\.0\.1'/.test(x)), JSON.stringify(reasons));
      assert.equal(proxied.length, 2, 'NO_PROXY kept every URL direct');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cancellation ends every probe within a second and leaves no socket or timer', async () => {
    const port = await servers.http(() => undefined);
    const before = process.getActiveResourcesInfo().filter((x) => x === 'TCPSocketWrap' || x === 'Timeout').length;
    const ac = new AbortController();
    const urls = Array.from({ length: 8 }, (_, i) => `http://127.0.0.1:${port}/${i}`);
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 200);
    const results = await probeAll(urls, { ...quick, timeoutMs: 10000, repeat: 3, signal: ac.signal });
    const took = Date.now() - t0;
    assert.ok(took < 1200, `took ${took} ms`);
    assert.ok(results.length >= 1 && results.every((r) => !r.ok));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(servers.sockets.size, 0, 'server still sees open connections');
    const after = process.getActiveResourcesInfo().filter((x) => x === 'TCPSocketWrap' || x === 'Timeout').length;
    assert.ok(after <= before, `active sockets/timers ${before} → ${after}`);
  });
});
