// Issue 13: the exporter's module policy on real loopback servers. A redirect into a denied target is never
// followed (the denied server sees no connection); Retry-After holds across scrapes; metrics parse as text format.
import assert from 'node:assert/strict';
import http from 'node:http';
import { configFrom } from '../../src/exporter/modules';
import { startExporter, type Exporter } from '../../src/exporter/server';
import { ConnCount, Tracker, tinyHttp } from '../support/loopback';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** name{labels} value → value, for the sample whose text starts with `prefix`. */
function sample(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('conndoc serve: module policy and limits across scrapes', function () {
  this.timeout(60_000);
  const tracker = new Tracker();
  const denied = new ConnCount();
  const limited = new ConnCount();
  let exporter: Exporter;
  let redirector = 0;
  let deniedPort = 0;
  let limitedPort = 0;

  before(async () => {
    // 127.0.0.2 is outside the module's 127.0.0.1/32: the redirect must stop before it.
    deniedPort = await tinyHttp(tracker, '127.0.0.2', { counts: [denied] });
    redirector = await tinyHttp(tracker, '127.0.0.1', {
      respond: () => `HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:${deniedPort}/admin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    });
    limitedPort = await tinyHttp(tracker, '127.0.0.1', {
      counts: [limited],
      respond: () => 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    });
    const config = configFrom({
      modules: {
        local: { timeout: '2s', allow: { schemes: ['http'], cidrs: ['127.0.0.1/32'] } },
        named: { timeout: '2s', allow: { hosts: ['*.example.test'] } },
      },
    });
    exporter = await startExporter(config, '127.0.0.1', 0);
  });

  after(async () => {
    await exporter?.close();
    await tracker.close();
  });

  it('a redirect into a target the module denies is not followed: probe_success 0, the denied server never contacted', async () => {
    const r = await get(`${exporter.url}/probe?module=local&target=${encodeURIComponent(`http://127.0.0.1:${redirector}/`)}`);
    assert.equal(r.status, 200);
    assert.equal(sample(r.body, 'probe_success '), 0);
    assert.equal(sample(r.body, 'conndoc_redirect_refused '), 1);
    assert.equal(sample(r.body, 'probe_http_status_code '), 302);
    assert.equal(denied.total, 0, 'the denied target saw a connection');
  });

  it('hosts and schemes outside the module are refused before any lookup or connect', async () => {
    const scheme = await get(`${exporter.url}/probe?module=local&target=${encodeURIComponent(`https://127.0.0.1:${deniedPort}/`)}`);
    assert.equal(scheme.status, 403);
    assert.match(scheme.body, /https:\/\/ is not allowed/);
    const host = await get(`${exporter.url}/probe?module=named&target=${encodeURIComponent(`http://127.0.0.2:${deniedPort}/`)}`);
    assert.equal(host.status, 403);
    assert.match(host.body, /host 127\.0\.0\.2 is not allowed/);
    assert.equal(denied.total, 0);
  });

  it("a 429 with Retry-After holds across scrapes: the next scrape answers from memory and sends nothing", async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${limitedPort}/`);
    const first = await get(`${exporter.url}/probe?module=local&target=${target}`);
    assert.match(first.body, /conndoc_diagnosis\{id="http.rate-limited",phase="response"\} 1/);
    const seen = limited.total;
    const second = await get(`${exporter.url}/probe?module=local&target=${target}`);
    assert.match(second.body, /conndoc_diagnosis\{id="http.rate-limited"/);
    const left = sample(second.body, 'conndoc_backoff_seconds ');
    assert.ok(left !== undefined && left > 20 && left <= 30, second.body);
    assert.equal(limited.total, seen, 'the second scrape contacted the rate-limited host');
    const self = await get(`${exporter.url}/metrics`);
    assert.equal(sample(self.body, 'conndoc_exporter_scrapes_total{module="local",outcome="backoff"}'), 1);
  });

  it("the scrape's timeout bounds the probe, and a probe cut short says so", async () => {
    const stall = await tinyHttp(tracker, '127.0.0.1', { delayMs: 20_000 });
    const r = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${exporter.url}/probe?module=local&target=${encodeURIComponent(`http://127.0.0.1:${stall}/`)}`, { headers: { 'x-prometheus-scrape-timeout-seconds': '1.5' }, timeout: 15_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (s: string) => (body += s));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });
    assert.equal(sample(r, 'probe_success '), 0);
    assert.equal(sample(r, 'conndoc_probe_cut_short '), 1);
  });

  it('the per-host limit holds across concurrent scrapes: 4 scrapes of one slow host, never 2 connections at once', async () => {
    const slow = new ConnCount();
    const port = await tinyHttp(tracker, '127.0.0.1', { counts: [slow], delayMs: 300 });
    const one = await startExporter(configFrom({ per_host: 1, modules: { m: { timeout: '5s' } } }), '127.0.0.1', 0);
    try {
      const target = encodeURIComponent(`http://127.0.0.1:${port}/`);
      const all = await Promise.all([1, 2, 3, 4].map(() => get(`${one.url}/probe?module=m&target=${target}`)));
      assert.ok(all.every((r) => sample(r.body, 'probe_success ') === 1), all.map((r) => r.body).join('\n'));
      assert.equal(slow.total, 4);
      assert.equal(slow.max, 1, `up to ${slow.max} connections to the host at once`);
    } finally {
      await one.close();
    }
  });

  it('every line of /probe output is valid text exposition (escaped labels, one TYPE per family)', async () => {
    const r = await get(`${exporter.url}/probe?module=local&target=${encodeURIComponent(`http://127.0.0.1:${redirector}/`)}`);
    const types = r.body.split('\n').filter((l) => l.startsWith('# TYPE '));
    assert.equal(new Set(types).size, types.length);
    for (const line of r.body.split('\n').filter((l) => l && !l.startsWith('#'))) {
      assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? -?[0-9.e+-]+$/, line);
    }
  });

  it('debug=true lists the probe results with secret query values and passwords as ***', async () => {
    const token = 'tok-PLANTED-4711';
    const target = `http://app:pw-PLANTED@127.0.0.1:${redirector}/start?access_token=${token}&page=1`;
    const r = await get(`${exporter.url}/probe?module=local&debug=true&target=${encodeURIComponent(target)}`);
    assert.equal(r.status, 200);
    assert.match(r.body, /# results \(redacted\)/);
    assert.match(r.body, /access_token=\*\*\*&page=1/);
    assert.ok(!r.body.includes(token) && !r.body.includes('pw-PLANTED'), r.body);
  });
});
