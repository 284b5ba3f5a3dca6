// The pure parts of the lifetime probe and the WebSocket handshake: the idle schedule and its bound, the RFC 6455
// accept value and frames, what an upgrade answer is called, and the advice a measured close gives.
import assert from 'node:assert/strict';
import { idleGaps, plannedSec } from '../../src/probe/lifetime';
import { lifetimeAdvice, matchingDefaults } from '../../src/probe/knowledge/idle-timeouts';
import { acceptFor, clientFrame, closeFrame, parseHead, readFrame, upgradeId, type UpgradeOutcome } from '../../src/probe/phases/websocket';
import type { LifetimeReport } from '../../src/vocabulary/types';
import { parseCommandLine } from '../../src/cli/args';

function report(over: Partial<LifetimeReport>): LifetimeReport {
  return { kind: 'http', idleMaxSec: 65, plannedSec: 128, elapsedSec: 10, steps: [], summary: '', advice: [], ...over };
}

describe('lifetime probe', () => {
  it('idle gaps double from 1 s and end at --idle-max; the probe announces their sum', () => {
    assert.deepEqual(idleGaps(65), [1, 2, 4, 8, 16, 32, 65]);
    assert.deepEqual(idleGaps(5), [1, 2, 5]);
    assert.deepEqual(idleGaps(3), [1, 2, 3]);
    assert.deepEqual(idleGaps(1), [1]);
    assert.equal(plannedSec('http', 65), 128);
    // A WebSocket is held twice at most (without, then with pings); an event stream once.
    assert.equal(plannedSec('websocket', 65), 130);
    assert.equal(plannedSec('sse', 65), 65);
    // Bounded in count whatever the limit.
    assert.ok(idleGaps(3600).length <= 17);
  });

  it('names the defaults a measured close matches (Node 5 s, ALB 60 s, Azure 4 min)', () => {
    assert.ok(matchingDefaults(5).some((d) => /Node\.js http\.Server/.test(d.what)));
    assert.ok(matchingDefaults(6.1).some((d) => /Node\.js http\.Server/.test(d.what)), 'Node 20 closes a second late');
    assert.ok(!matchingDefaults(4).some((d) => /Node\.js http\.Server/.test(d.what)), 'never early');
    assert.ok(matchingDefaults(60).some((d) => /Application Load Balancer/.test(d.what)));
    assert.ok(matchingDefaults(240).some((d) => /Azure Load Balancer/.test(d.what)));
    assert.deepEqual(matchingDefaults(17), []);
  });

  it('advice from an HTTP close: pool below the number, keep-alive above the LB, retry once', () => {
    const advice = lifetimeAdvice(report({ closed: { afterSec: 5, how: 'FIN', detail: '' }, announcedTimeoutSec: 5 }));
    assert.match(advice[0], /after about 5 s \(FIN\).*Node\.js http\.Server keepAliveTimeout/);
    assert.match(advice[1], /below 5 s.*keepAliveTimeout: 4000/);
    assert.match(advice[1], /IdleConnTimeout = 4/);
    assert.ok(advice.some((a) => /longer than that proxy's idle timeout/.test(a)));
    assert.match(advice.at(-1) ?? '', /Retry idempotent requests/);
    assert.ok(!advice.some((a) => /does not announce/.test(a)));
  });

  it('advice when a proxy announces a longer keep-alive than it keeps', () => {
    const advice = lifetimeAdvice(report({ closed: { afterSec: 1, how: 'FIN', detail: '' }, announcedTimeoutSec: 60 }));
    assert.ok(advice.some((a) => /announced Keep-Alive: timeout=60, yet the connection was closed after 1 s/.test(a)));
  });

  it('advice from a silent drop found on reuse names the gap it happened in', () => {
    const advice = lifetimeAdvice(report({
      closed: { afterSec: 32, how: 'no-answer-on-reuse', detail: '' },
      steps: [{ idleSec: 16, outcome: 'reused' }, { idleSec: 32, outcome: 'closed' }],
    }));
    assert.match(advice[0], /between 16 and 32 s without closing it/);
  });

  it('no close, no advice', () => {
    assert.deepEqual(lifetimeAdvice(report({ steps: [{ idleSec: 1, outcome: 'reused' }] })), []);
  });

  it('WebSocket advice depends on whether pings kept the socket open', () => {
    const closed = { afterSec: 60, how: 'FIN' as const, detail: '' };
    const kept = lifetimeAdvice(report({ kind: 'websocket', closed, steps: [{ idleSec: 60, outcome: 'closed' }, { idleSec: 65, outcome: 'held', pingEverySec: 20 }] }));
    assert.ok(kept.some((a) => /Pings every 20 s kept it open/.test(a)));
    const cut = lifetimeAdvice(report({ kind: 'websocket', closed, steps: [{ idleSec: 60, outcome: 'closed' }, { idleSec: 60, outcome: 'closed', pingEverySec: 20 }] }));
    assert.ok(cut.some((a) => /maximum connection lifetime/.test(a)));
  });

  it('--lifetime and --idle-max on the command line', () => {
    assert.deepEqual(parseCommandLine(['probe', '--lifetime', 'http://x/']).probe, { lifetime: true });
    assert.deepEqual(parseCommandLine(['probe', '--lifetime', '--idle-max', '120', 'http://x/']).probe, { lifetime: true, idleMaxSec: 120 });
    assert.throws(() => parseCommandLine(['probe', '--idle-max', '5', 'http://x/']), /--idle-max goes with --lifetime/);
    assert.throws(() => parseCommandLine(['probe', '--lifetime', '--idle-max', '0', 'http://x/']), /--idle-max takes a whole number/);
  });
});

describe('WebSocket handshake pieces', () => {
  it('computes Sec-WebSocket-Accept as RFC 6455 §1.3 does', () => {
    assert.equal(acceptFor('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('masks client frames and reads server frames (short and 16-bit lengths)', () => {
    const close = closeFrame(1000);
    assert.equal(close[0], 0x88);
    assert.equal(close[1] & 0x80, 0x80, 'client frames are masked');
    const mask = close.subarray(2, 6);
    assert.equal(((close[6] ^ mask[0]) << 8) | (close[7] ^ mask[1]), 1000);
    assert.equal(clientFrame(0x9, Buffer.from('hi'))[1], 0x82);
    assert.deepEqual(readFrame(Buffer.from([0x88, 0x02, 0x03, 0xe8])), { opcode: 8, payload: Buffer.from([0x03, 0xe8]), size: 4 });
    const long = Buffer.concat([Buffer.from([0x81, 126, 0x01, 0x00]), Buffer.alloc(256, 0x61)]);
    assert.equal(readFrame(long)?.payload.length, 256);
    assert.equal(readFrame(long.subarray(0, 100)), undefined, 'an incomplete frame waits');
  });

  it('parses a response head, repeated headers kept', () => {
    const h = parseHead('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSet-Cookie: a\r\nSet-Cookie: b');
    assert.equal(h?.status, 101);
    assert.equal(h?.headers.upgrade, 'websocket');
    assert.deepEqual(h?.headers['set-cookie'], ['a', 'b']);
    assert.equal(parseHead('SSH-2.0-OpenSSH_9.2'), undefined);
  });

  it('anything but an upgrade is http.upgrade-failed, unless the status names who refused', () => {
    const out = (upgraded: boolean): UpgradeOutcome => ({ status: upgraded ? 101 : 200, headers: {}, body: Buffer.alloc(0), bytes: 0, cappedByUs: false, httpVersion: '1.1', upgraded, acceptValid: upgraded, rest: Buffer.alloc(0) });
    assert.equal(upgradeId(out(true), 'ok'), 'ok');
    assert.equal(upgradeId(out(false), 'ok'), 'http.upgrade-failed');
    assert.equal(upgradeId(out(false), 'http.client-error'), 'http.upgrade-failed');
    assert.equal(upgradeId(out(false), 'http.auth-required'), 'http.auth-required');
    assert.equal(upgradeId(out(false), 'http.upstream-failure'), 'http.upstream-failure');
  });
});
