// Issue 5, cancellation: aborting a workspace scan stops every probe within a second — whatever phase each is
// stuck in (DNS, connect, TLS, response, body) — and leaves no socket or timer behind, in-process and in the CLI.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBlackhole } from '../../src/lab/blackhole';
import { probeAll } from '../../src/probe/schedule';
import type { Result } from '../../src/vocabulary/types';
import { startCli } from '../support/cli';
import { ConnCount, Tracker, activeResources, stallServer, tinyHttp, waitFor } from '../support/loopback';

/** A DNS server that takes every query and answers none. */
async function silentDns(tracker: Tracker): Promise<string> {
  const sock = tracker.udp(dgram.createSocket('udp4'));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  return `127.0.0.1:${sock.address().port}`;
}

/** Drips one byte of a response every 100 ms, forever. */
async function dripServer(tracker: Tracker, host: string, count: ConnCount, headersFirst: boolean): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer((s) => {
    count.accept();
    s.once('close', () => {
      count.active--;
      count.open--;
    });
    s.once('data', () => {
      if (headersFirst) s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n');
      else s.write('HTTP/1.1 200 OK\r\n');
      const t = setInterval(() => s.write('z'), 100);
      s.once('close', () => clearInterval(t));
    });
  });
  return tracker.listen(server, host);
}

describe('cancellation', function () {
  this.timeout(60_000);
  const tracker = new Tracker();
  const holes = new Tracker();
  const stall = new ConnCount();
  const drip = new ConnCount();
  let urls: string[] = [];
  let okPort = 0;
  let dnsServer = '';

  before(async () => {
    const reading = await stallServer(tracker, '127.0.0.1', stall);
    const reading2 = await stallServer(tracker, '127.0.0.2', stall);
    const headers = await dripServer(tracker, '127.0.0.5', drip, false);
    const body = await dripServer(tracker, '127.0.0.6', drip, true);
    const hole = await startBlackhole(holes, '127.0.0.3');
    dnsServer = await silentDns(tracker);
    okPort = await tinyHttp(tracker, '127.0.0.4');
    for (let i = 0; i < 8; i++) {
      urls.push(
        `http://127.0.0.1:${reading}/response/${i}`, // stuck waiting for headers
        `https://127.0.0.2:${reading2}/tls/${i}`, // stuck in the TLS handshake
        `http://127.0.0.5:${headers}/slow-headers/${i}`,
        `http://127.0.0.6:${body}/slow-body/${i}`,
        `http://127.0.0.3:${hole}/connect/${i}`, // SYN dropped: stuck in connect
        `http://stall-${i}.test:${okPort}/dns`, // stuck in DNS (with dnsServer)
      );
    }
    urls = [`http://127.0.0.4:${okPort}/first`, ...urls];
  });
  after(async () => {
    await tracker.close();
    await holes.close();
  });

  it('in-process: probeAll aborted mid-run ends within a second, nothing left open', async () => {
    await new Promise((r) => setImmediate(r)); // mocha arms its own test timer only after our first await
    const before = activeResources();
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const ac = new AbortController();
    let settled = false;
    const run = probeAll(urls, { timeoutMs: 30_000, differential: false, proxy: null, dnsServer, signal: ac.signal, concurrency: 16, perHost: 4 })
      .finally(() => (settled = true));
    // Let probes get stuck in every phase first.
    assert.ok(await waitFor(() => stall.open >= 4 && drip.open >= 4, 10_000), `stuck probes: ${stall.open} stalled, ${drip.open} dripping`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(settled, false, 'still running before the abort');
    const t0 = Date.now();
    ac.abort(new Error('cancelled by the test'));
    const results: Result[] = await run;
    const ms = Date.now() - t0;
    assert.ok(ms < 1000, `probeAll ended ${ms} ms after the abort`);
    assert.ok(results.length < urls.length, 'not every URL was started');
    process.off('warning', onWarning);
    assert.deepEqual(warnings, [], 'sixteen probes on one signal are not a listener leak');
    assert.equal(results[0]?.id, 'ok', 'the probe that finished before the abort kept its result');

    // The servers see every connection closed…
    assert.ok(await waitFor(() => stall.open === 0 && drip.open === 0, 1000), `open at the servers: ${stall.open} stalled, ${drip.open} dripping`);
    // …and the process holds no more sockets, timers or DNS queries than before it started.
    const settledRes = await waitFor(() => {
      const now = activeResources();
      return Object.keys(now).every((k) => (now[k] ?? 0) <= (before[k] ?? 0));
    }, 1000);
    assert.ok(settledRes, `active resources before ${JSON.stringify(before)}, after ${JSON.stringify(activeResources())}`);
  });

  describe('the CLI on Ctrl-C', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-cancel-'));
      writeFileSync(path.join(dir, 'endpoints.env'), urls.filter((u) => !u.includes('.test:')).map((u, i) => `U${i}=${u}`).join('\n') + '\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [name, args] of [
      ['scan', () => ['scan', '--timeout', '30000', '--proxy', '', dir]],
      ['scan --json', () => ['scan', '--json', '--timeout', '30000', '--proxy', '', dir]],
      ['probe', () => ['probe', '--timeout', '30000', '--proxy', '', ...urls.filter((u) => !u.includes('.test:')).slice(0, 24)]],
    ] as const) {
      it(`conndoc ${name}: SIGINT → exit within 1.5 s with partial output, every connection closed`, async () => {
        const openBefore = stall.total;
        const cli = startCli([...args()], { deadlineMs: 30_000 });
        const stuck = await waitFor(() => stall.total - openBefore >= 4 && stall.open >= 4, 15_000);
        assert.ok(stuck, `the CLI got stuck on the stalling servers (stderr: ${cli.stderr()})`);
        await new Promise((r) => setTimeout(r, 200));
        const t0 = Date.now();
        cli.child.kill('SIGINT');
        const run = await cli.done;
        const ms = Date.now() - t0;
        assert.ok(ms < 1500, `exited ${ms} ms after SIGINT`);
        assert.equal(run.code, 130, `exit ${run.code} ${run.signal ?? ''}: ${run.stderr}`);
        assert.match(run.stderr, /interrupt/i);
        assert.doesNotMatch(run.stderr, /Warning/, 'no node warnings on the user\'s terminal');
        if (name.includes('json')) {
          const doc = JSON.parse(run.stdout) as { urls: unknown[]; results: Result[] };
          assert.ok(doc.urls.length > 0 && doc.results.some((r) => r.ok), 'partial results, the finished probe among them');
        } else {
          assert.match(run.stdout, new RegExp(`127\\.0\\.0\\.4:${okPort}/first`), `partial output:\n${run.stdout}`);
        }
        assert.ok(await waitFor(() => stall.open === 0 && drip.open === 0, 1000), `open at the servers: ${stall.open}, ${drip.open}`);
      });
    }
  });
});
