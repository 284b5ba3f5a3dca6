// The lifetime probe when the idle connection is not closed but forgotten: nothing arrives while idle, and the
// reuse meets a RST (a box that dropped the flow and rejects what it no longer knows) or no answer at all (a NAT
// that dropped it silently: Azure LB, NAT gateways). Two small loopback servers play those boxes; the probe must
// report the reuse failure, the gap it happened after, and the advice for silent drops.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { probeUrl } from '../../src/probe/probe';
import type { Result } from '../../src/vocabulary/types';
import { tinyTcpServer, type TinyTcpServer } from '../support/tiny-tcp-server';

const FORGET_AFTER_MS = 1500;

/** Answers keep-alive GETs; a request after more than FORGET_AFTER_MS of silence gets `forgotten(socket)`. */
function forgetful(forgotten: (s: net.Socket) => void): (s: net.Socket) => void {
  return (socket) => {
    let last = Date.now();
    let buf = '';
    socket.on('data', (b: Buffer) => {
      buf += b.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        if (Date.now() - last > FORGET_AFTER_MS) return forgotten(socket);
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok');
        last = Date.now();
      }
    });
  };
}

function show(r: Result): string {
  return JSON.stringify({ id: r.id, findings: r.findings, lifetime: r.lifetime }, null, 1);
}

describe('lifetime probe: connections forgotten while idle', function () {
  this.timeout(30_000);
  let rst: TinyTcpServer | undefined;
  let silent: TinyTcpServer | undefined;

  before(async () => {
    rst = await tinyTcpServer(forgetful((s) => s.resetAndDestroy()));
    silent = await tinyTcpServer(forgetful(() => undefined));
  });
  after(async () => {
    await rst?.close();
    await silent?.close();
  });

  it('a RST on reuse after 2 s idle: reset-on-reuse, idle-close, the retry advice', async () => {
    const r = await probeUrl(`http://127.0.0.1:${rst!.port}/`, { proxy: null, timeoutMs: 2000, lifetime: true, idleMaxSec: 5 });
    const l = r.lifetime;
    assert.equal(l?.closed?.how, 'reset-on-reuse', show(r));
    assert.equal(l.closed.afterSec, 2, show(r));
    assert.deepEqual(l.steps.map((s) => s.outcome), ['reused', 'closed'], show(r));
    assert.ok(r.findings.includes('idle-close'), show(r));
    assert.match(l.advice[0], /between 1 and 2 s without closing it/);
    assert.ok(l.advice.some((a) => /Retry idempotent requests/.test(a)), show(r));
  });

  it('no answer on reuse (a silent drop): no-answer-on-reuse within the phase timeout', async () => {
    const r = await probeUrl(`http://127.0.0.1:${silent!.port}/`, { proxy: null, timeoutMs: 1000, lifetime: true, idleMaxSec: 5 });
    const l = r.lifetime;
    assert.equal(l?.closed?.how, 'no-answer-on-reuse', show(r));
    assert.equal(l.closed.afterSec, 2, show(r));
    assert.match(l.closed.detail, /dropped the connection silently/);
    assert.ok(r.findings.includes('idle-close'), show(r));
  });
});
