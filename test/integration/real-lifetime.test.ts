// Connection lifetime and upgrades against real software: nginx proxying WebSockets right (proxy_http_version 1.1
// and the Upgrade/Connection headers) and wrong (its defaults), HAProxy with short `timeout http-keep-alive`,
// `timeout server` and `timeout tunnel`, a Node server with a short keepAliveTimeout, and a Node `ws` back end.
// Idle limits are a few seconds; the lifetime probe is also cancelled (engine and CLI) and shown to stop by itself.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { probeUrl } from '../../src/probe/probe';
import type { LifetimeReport, ProbeOptions, Result } from '../../src/vocabulary/types';
import { describeResult } from '../support/assert-result';
import { runCli, startCli } from '../support/cli';
import { freePorts, needBinaries, scratchDir, startHaproxy, startNginx, type RealServer } from '../support/real-servers';

const IDLE_MAX = 5;
const base: ProbeOptions = { proxy: null, timeoutMs: 5000 };
const life: ProbeOptions = { ...base, lifetime: true, idleMaxSec: IDLE_MAX };

function lifetimeOf(r: Result): LifetimeReport {
  assert.ok(r.lifetime, `no lifetime report:\n${describeResult(r)}`);
  return r.lifetime;
}

function show(r: Result): string {
  return `${describeResult(r)}\n${JSON.stringify(r.lifetime, null, 1)}`;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The Node back end: a page, a `ws` WebSocket endpoint (426 to plain GETs, as ws servers answer), SSE with and without pings. */
function backend(): { server: http.Server; wss: WebSocketServer } {
  const wss = new WebSocketServer({ noServer: true });
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/ws')) {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket', connection: 'Upgrade' });
      return void res.end('Upgrade Required');
    }
    if (url.pathname === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('data: hello\n\n');
      if (url.searchParams.has('ping')) {
        const t = setInterval(() => res.write(': ping\n\n'), 500);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
      }
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 });
    res.end('ok\n');
  });
  // Long enough that the proxy in front, not the back end, is what closes idle connections.
  server.keepAliveTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  server.on('close', () => timers.forEach(clearInterval));
  return { server, wss };
}

describe('connection lifetime and upgrades against real servers', function () {
  this.timeout(60_000);
  let nginx: RealServer | undefined;
  let haproxy: RealServer | undefined;
  let back: ReturnType<typeof backend> | undefined;
  let shortKeepAlive: http.Server | undefined;
  let nginxPort = 0;
  let haproxyPort = 0;
  let backPort = 0;
  let nodePort = 0;

  before(async function () {
    needBinaries(this, 'real lifetime', 'nginx', 'haproxy');
    back = backend();
    backPort = await listen(back.server);
    shortKeepAlive = http.createServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 });
      res.end('ok\n');
    });
    // Off the 1, 2, 5 s gap boundaries: a close exactly at a gap races with the reuse (then reported as a reset on reuse).
    shortKeepAlive.keepAliveTimeout = 1500;
    nodePort = await listen(shortKeepAlive);
    [nginxPort, haproxyPort] = await freePorts(2);
    nginx = await startNginx(
      scratchDir('lifetime-nginx'),
      `  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${nginxPort};
    keepalive_timeout 3s;
    location /ws-right {
      proxy_pass http://127.0.0.1:${backPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 2s;
    }
    location /ws-wrong {
      proxy_pass http://127.0.0.1:${backPort};
    }
    location / {
      proxy_pass http://127.0.0.1:${backPort};
    }
  }`,
      [nginxPort],
    );
    haproxy = await startHaproxy(
      scratchDir('lifetime-haproxy'),
      `defaults
  mode http
  timeout connect 2s
  timeout client 2s
  timeout server 2s
  timeout http-keep-alive 1500
  timeout tunnel 3s
frontend fe
  bind 127.0.0.1:${haproxyPort}
  default_backend be
backend be
  server b1 127.0.0.1:${backPort}`,
      [haproxyPort],
    );
  });

  after(async () => {
    await nginx?.stop();
    await haproxy?.stop();
    back?.wss.close();
    for (const s of [back?.server, shortKeepAlive]) {
      s?.closeAllConnections();
      await new Promise((r) => (s ? s.close(r) : r(undefined)));
    }
  });

  describe('WebSocket handshake through nginx', () => {
    it('proxied right (HTTP/1.1, Upgrade and Connection passed on) → ok: 101, valid accept, clean close', async () => {
      const r = await probeUrl(`ws://127.0.0.1:${nginxPort}/ws-right`, base);
      assert.equal(r.id, 'ok', show(r));
      const body = r.phases.find((p) => p.phase === 'body');
      assert.match(body?.note ?? '', /101, valid Sec-WebSocket-Accept.*close frame 1000 back/, show(r));
    });

    it('proxied wrong (nginx defaults: HTTP/1.0, hop-by-hop headers dropped) → http.upgrade-failed, vendor:nginx, the nginx fix first', async () => {
      const r = await probeUrl(`ws://127.0.0.1:${nginxPort}/ws-wrong`, base);
      assert.equal(r.id, 'http.upgrade-failed', show(r));
      assert.ok(r.findings.includes('vendor:nginx'), show(r));
      const response = r.phases.find((p) => p.phase === 'response');
      assert.equal(response?.httpStatus, 426, show(r));
      assert.match(r.error ?? '', /HTTP 426.*Upgrade header back: websocket.*Connection header back: (?!upgrade)/i, show(r));
      assert.ok(r.remediation.some((s) => s.includes('proxy_http_version 1.1')), r.remediation.join('\n'));
    });

    it('the same through the CLI: exit 1, the id and the fix on stdout', async () => {
      const run = await runCli(['probe', '--proxy', '', `ws://127.0.0.1:${nginxPort}/ws-wrong`], { deadlineMs: 30_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /http\.upgrade-failed/);
      assert.match(run.stdout, /proxy_http_version 1\.1/);
    });
  });

  describe('lifetime reports', () => {
    it('Node http.Server keepAliveTimeout 1.5 s: idle-close by FIN, announced as Keep-Alive: timeout=1', async () => {
      const r = await probeUrl(`http://127.0.0.1:${nodePort}/`, life);
      const l = lifetimeOf(r);
      console.log(`      node: ${l.summary}`);
      assert.equal(r.id, 'ok', show(r));
      assert.ok(r.findings.includes('idle-close'), show(r));
      assert.equal(l.closed?.how, 'FIN', show(r));
      assert.equal(l.announcedTimeoutSec, 1, show(r));
      assert.ok(l.closed.afterSec >= 1 && l.closed.afterSec < IDLE_MAX, show(r));
      assert.ok(r.remediation[1].includes('keepAliveTimeout'), r.remediation.join('\n'));
    });

    it('nginx keepalive_timeout 3s: idle-close after about 3 s, FIN, not announced', async () => {
      const r = await probeUrl(`http://127.0.0.1:${nginxPort}/`, life);
      const l = lifetimeOf(r);
      console.log(`      nginx: ${l.summary}`);
      assert.ok(r.findings.includes('idle-close'), show(r));
      assert.equal(l.closed?.how, 'FIN', show(r));
      assert.equal(l.announcedTimeoutSec, undefined, show(r));
      assert.ok(l.closed.afterSec >= 2.5 && l.closed.afterSec < IDLE_MAX, show(r));
      assert.ok(l.steps.some((s) => s.outcome === 'reused' && s.idleSec === 2), show(r));
    });

    it('nginx proxy_read_timeout 2s on a WebSocket: cut when idle, kept open by pings', async () => {
      const r = await probeUrl(`ws://127.0.0.1:${nginxPort}/ws-right`, life);
      const l = lifetimeOf(r);
      console.log(`      nginx ws: ${l.summary}; ${l.steps.map((s) => s.detail).join('; ')}`);
      assert.ok(r.findings.includes('idle-close'), show(r));
      assert.ok(l.closed && l.closed.afterSec >= 1.5 && l.closed.afterSec < IDLE_MAX, show(r));
      const pinged = l.steps.find((s) => s.pingEverySec !== undefined);
      assert.equal(pinged?.outcome, 'held', show(r));
      assert.ok(l.advice.some((a) => /Pings every .* kept it open/.test(a)), l.advice.join('\n'));
    });

    it('HAProxy timeout http-keep-alive 1.5 s: idle-close after about 1.5 s, though it relays the back end\'s Keep-Alive: timeout=60', async () => {
      const r = await probeUrl(`http://127.0.0.1:${haproxyPort}/`, life);
      const l = lifetimeOf(r);
      console.log(`      haproxy: ${l.summary}`);
      assert.ok(r.findings.includes('idle-close'), show(r));
      assert.ok(l.closed && l.closed.afterSec >= 1.2 && l.closed.afterSec < IDLE_MAX, show(r));
      assert.ok(l.advice.some((a) => /announced Keep-Alive: timeout=60, yet/.test(a)), l.advice.join('\n'));
    });

    it('HAProxy timeout tunnel 3s on a WebSocket: cut when idle after about 3 s, kept open by pings', async () => {
      const r = await probeUrl(`ws://127.0.0.1:${haproxyPort}/ws`, life);
      const l = lifetimeOf(r);
      console.log(`      haproxy ws: ${l.summary}; ${l.steps.map((s) => s.detail).join('; ')}`);
      assert.equal(r.id, 'ok', show(r));
      assert.ok(l.closed && l.closed.afterSec >= 2.5 && l.closed.afterSec <= IDLE_MAX, show(r));
      assert.equal(l.steps.find((s) => s.pingEverySec !== undefined)?.outcome, 'held', show(r));
    });

    it('HAProxy timeout server 2s on an SSE stream: cut after its last event; a stream with pings is held', async () => {
      const quiet = await probeUrl(`http://127.0.0.1:${haproxyPort}/sse`, life);
      const q = lifetimeOf(quiet);
      console.log(`      haproxy sse: ${q.summary}`);
      assert.equal(q.kind, 'sse', show(quiet));
      assert.ok(quiet.findings.includes('idle-close'), show(quiet));
      assert.ok(q.closed && q.closed.afterSec >= 1.5 && q.closed.afterSec < IDLE_MAX, show(quiet));
      const pinged = await probeUrl(`http://127.0.0.1:${haproxyPort}/sse?ping=1`, life);
      const p = lifetimeOf(pinged);
      console.log(`      haproxy sse with pings: ${p.summary}`);
      assert.equal(p.closed, undefined, show(pinged));
      assert.ok(!pinged.findings.includes('idle-close'), show(pinged));
      assert.equal(p.steps.at(-1)?.outcome, 'held', show(pinged));
    });

    it('a back end that keeps connections: reused after every gap up to --idle-max, no idle-close, and it stops by itself', async () => {
      const r = await probeUrl(`http://127.0.0.1:${backPort}/`, { ...life, idleMaxSec: 2 });
      const l = lifetimeOf(r);
      console.log(`      node (60 s keep-alive): ${l.summary}`);
      assert.ok(!r.findings.includes('idle-close'), show(r));
      assert.deepEqual(l.steps.map((s) => [s.idleSec, s.outcome]), [[1, 'reused'], [2, 'reused']], show(r));
      assert.equal(l.plannedSec, 3);
    });
  });

  describe('cancellation', () => {
    it('an aborted lifetime probe stops at once and says it was cancelled', async () => {
      const ac = new AbortController();
      let started = false;
      const pending = probeUrl(`http://127.0.0.1:${backPort}/`, { ...life, idleMaxSec: 60, signal: ac.signal, onProgress: () => (started = true) });
      const timer = setTimeout(() => ac.abort(), 1500);
      const r = await pending;
      clearTimeout(timer);
      const l = lifetimeOf(r);
      assert.ok(started, 'progress was reported');
      assert.equal(l.cancelled, true, show(r));
      assert.ok(l.elapsedSec < l.plannedSec, show(r));
    });

    it('conndoc probe --lifetime announces its duration on stderr and stops on SIGINT with exit 130', async () => {
      const cli = startCli(['probe', '--proxy', '', '--lifetime', '--idle-max', '60', `http://127.0.0.1:${backPort}/`], { deadlineMs: 30_000 });
      for (let i = 0; i < 100 && !/lifetime probe of/.test(cli.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(cli.stderr(), /lifetime probe of http:\/\/127\.0\.0\.1:\d+\/: up to ~\d+ s/);
      cli.child.kill('SIGINT');
      const run = await cli.done;
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stdout, /cancelled after/);
    });

    it('--idle-max without --lifetime, or not a whole number: one line, exit 2', async () => {
      for (const args of [['--idle-max', '5'], ['--lifetime', '--idle-max', 'soon']]) {
        const run = await runCli(['probe', ...args, `http://127.0.0.1:${backPort}/`], { deadlineMs: 20_000 });
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      }
    });
  });
});
