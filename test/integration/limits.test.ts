// Issue 5, limits: 10,000 URLs through probeAll never open more than the per-host limit to one host nor more
// than the global concurrency in all, counted by the servers themselves, and leave no file descriptor behind.
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDns } from '../../src/lab/dns-server';
import { probeAll } from '../../src/probe/schedule';
import { runCli } from '../support/cli';
import { ConnCount, MiB, Tracker, collectGarbage, openFds, rssPeak, tinyHttp, waitFor } from '../support/loopback';

const FAST = { differential: false, proxy: null, timeoutMs: 5000 } as const;

describe('limits: many URLs, few connections', function () {
  this.timeout(120_000);
  const tracker = new Tracker();
  after(() => tracker.close());

  it('10,000 URLs to one host: at most perHost (default 4) connections at once, no fd left open', async function () {
    this.timeout(180_000); // ~4 ms of CPU a probe; the machine may be shared
    const count = new ConnCount();
    const port = await tinyHttp(tracker, '127.0.0.1', { counts: [count] });
    const urls = Array.from({ length: 10_000 }, (_, i) => `http://127.0.0.1:${port}/${i + 1}`);
    collectGarbage();
    const fdsBefore = openFds();
    let fdPeak = fdsBefore;
    const fdGauge = setInterval(() => (fdPeak = Math.max(fdPeak, openFds())), 20);
    const rss = rssPeak();
    const t0 = Date.now();
    let done = 0;
    const results = await probeAll(urls, FAST, () => done++).finally(() => clearInterval(fdGauge));
    const ms = Date.now() - t0;
    const grew = rss.stop();

    assert.equal(results.length, urls.length);
    assert.equal(done, urls.length);
    const bad = results.filter((r) => r.id !== 'ok');
    assert.equal(bad.length, 0, `${bad.length} failed, e.g. ${bad[0]?.id}: ${bad[0]?.error}`);
    assert.equal(count.total, 10_000, 'one connection per probe');
    assert.ok(count.max <= 4, `the server saw ${count.max} connections at once`);
    assert.ok(count.max >= 2, `probes ran in parallel (max ${count.max})`);
    // Both ends of each connection live in this process: 2 fds per connection in flight, plus slack.
    assert.ok(fdPeak - fdsBefore <= 2 * 4 + 16, `fds peaked at +${fdPeak - fdsBefore}`);
    assert.ok(await waitFor(() => count.open === 0 && openFds() <= fdsBefore, 2000), `fds ${openFds()} vs ${fdsBefore} before; ${count.open} open`);
    assert.ok(grew < 256 * MiB, `RSS grew ${(grew / MiB).toFixed(0)} MiB`);
    assert.ok(ms < 150_000, `took ${ms} ms`);
    console.log(`      10,000 probes in ${ms} ms; max ${count.max} connections; fds +${fdPeak - fdsBefore} at peak; RSS +${(grew / MiB).toFixed(0)} MiB`);
  });

  it('answers held 30 ms, so probes pile up: up to perHost (4) at once, never more', async () => {
    const count = new ConnCount();
    const port = await tinyHttp(tracker, '127.0.0.1', { counts: [count], delayMs: 30 });
    const urls = Array.from({ length: 400 }, (_, i) => `http://127.0.0.1:${port}/held/${i}`);
    // Given explicitly: by default this machine's own addresses are held by the concurrency alone.
    const results = await probeAll(urls, { ...FAST, perHost: 4 });
    assert.ok(results.every((r) => r.ok), results.find((r) => !r.ok)?.error);
    assert.ok(count.max <= 4, `the server saw ${count.max} connections at once`);
    assert.ok(count.max >= 3, `probes piled up to the limit (max ${count.max})`);
  });

  it('several hosts: per-host limit on each and the global concurrency across all', async () => {
    const all = new ConnCount();
    const hosts = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];
    const per = hosts.map(() => new ConnCount());
    const ports = await Promise.all(hosts.map((h, i) => tinyHttp(tracker, h, { counts: [all, per[i]], delayMs: 20 })));
    const urls: string[] = [];
    for (let i = 0; i < 100; i++) for (let h = 0; h < hosts.length; h++) urls.push(`http://${hosts[h]}:${ports[h]}/${i}`);
    const fdsBefore = openFds();
    const results = await probeAll(urls, { ...FAST, concurrency: 12, perHost: 3 });
    assert.equal(results.length, urls.length);
    assert.ok(results.every((r) => r.ok), results.find((r) => !r.ok)?.error);
    per.forEach((c, i) => assert.ok(c.max <= 3, `${hosts[i]} saw ${c.max} at once`));
    assert.ok(all.max <= 12, `${all.max} connections at once across hosts`);
    assert.ok(all.max > 3, `several hosts at once (max ${all.max})`);
    assert.ok(await waitFor(() => openFds() <= fdsBefore, 2000), `fds ${openFds()} vs ${fdsBefore}`);
  });

  it('a name with 100 addresses, every one resetting the handshake: at most 8 addresses and 6 variants probed', async () => {
    const byAddress = new Map<string, number>();
    let total = 0;
    const resetting = (host: string, port: number): Promise<number> =>
      tracker.listen(net.createServer((c) => {
        total++;
        byAddress.set(host, (byAddress.get(host) ?? 0) + 1);
        c.once('data', () => c.resetAndDestroy());
      }), host, port);
    const port = await resetting('127.0.0.1', 0);
    const addresses = ['127.0.0.1'];
    for (let i = 2; i <= 100; i++) {
      await resetting(`127.0.1.${i}`, port).then(() => addresses.push(`127.0.1.${i}`), () => undefined);
    }
    const dns = await startDns(tracker, new Map([['many.lab.test', { kind: 'address', a: addresses }]]));
    const [r] = await probeAll([`https://many.lab.test:${port}/`], { dnsServer: dns.server, timeoutMs: 3000, proxy: null });
    assert.equal(r.id, 'tls.reset');
    assert.ok(byAddress.size <= 8, `${byAddress.size} addresses connected`);
    assert.ok(total <= 8 + 6, `${total} connections for one URL`);
  });

  it('conndoc honours --per-host and --concurrency from the command line', async () => {
    const one = new ConnCount();
    const all = new ConnCount();
    const a = await tinyHttp(tracker, '127.0.0.10', { counts: [one, all], delayMs: 30 });
    const b = await tinyHttp(tracker, '127.0.0.11', { counts: [all], delayMs: 30 });
    const urls = Array.from({ length: 40 }, (_, i) => (i % 2 ? `http://127.0.0.10:${a}/${i}` : `http://127.0.0.11:${b}/${i}`));
    const run = await runCli(['probe', '--json', '--no-differential', '--proxy', '', '--per-host', '2', '--concurrency', '3', ...urls], { deadlineMs: 30_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(one.max <= 2, `--per-host 2, yet ${one.max} at once to one host`);
    assert.ok(all.max <= 3, `--concurrency 3, yet ${all.max} at once in all`);
    assert.equal(all.total, 40);
  });

  it('one host with many ports is still one host for the per-host limit', async () => {
    const all = new ConnCount();
    const ports = await Promise.all(Array.from({ length: 6 }, () => tinyHttp(tracker, '127.0.0.9', { counts: [all], delayMs: 10 })));
    const urls = Array.from({ length: 600 }, (_, i) => `http://127.0.0.9:${ports[i % ports.length]}/${i}`);
    const results = await probeAll(urls, { ...FAST, perHost: 2 });
    assert.ok(results.every((r) => r.ok));
    assert.equal(all.max, 2, `${all.max} connections at once to 127.0.0.9`);
  });
});
