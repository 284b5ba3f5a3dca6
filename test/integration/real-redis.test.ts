// The engine against a real redis-server: a non-HTTP scheme probed honestly, and HTTP / TLS sent to it by mistake.
import assert from 'node:assert/strict';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { assertDiagnosis, describeResult, phase } from '../support/assert-result';
import { curl } from '../support/curl';
import { freePort, needBinaries, type RealServer, scratchDir, startRedis } from '../support/real-servers';

describe('real redis', function () {
  this.timeout(20_000);
  let redis: RealServer | undefined;
  let port = 0;
  const base: ProbeOptions = { proxy: null, timeoutMs: 5000 };

  before(async function () {
    needBinaries(this, 'real redis', 'redis-server', 'curl');
    port = await freePort();
    redis = await startRedis(scratchDir('redis'), port);
  });

  after(async () => {
    await redis?.stop();
  });

  it('redis:// → ok: dns and connect ok, the HTTP phases skipped with a note', async () => {
    const r = await probeUrl(`redis://127.0.0.1:${port}`, base);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.equal(phase(r, 'dns').status, 'ok');
    assert.equal(phase(r, 'connect').status, 'ok');
    assert.equal(phase(r, 'connect').remotePort, port);
    for (const name of ['request', 'response', 'body'] as const) {
      const p = phase(r, name);
      assert.equal(p.status, 'skipped', describeResult(r));
      assert.ok(p.note, `${name} skipped without saying why\n${describeResult(r)}`);
    }
  });

  // redis reads "GET / HTTP/1.1", sees the "Host:" line, logs "Possible SECURITY ATTACK detected" and drops
  // the client before any reply is written: a FIN and not one byte (curl: 52 Empty reply).
  it('http:// to the redis port → http.closed (curl: 52)', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${port}/`, base), curl([`http://127.0.0.1:${port}/`])]);
    assertDiagnosis(r, 'http.closed', { failedPhase: 'response' });
    assert.equal(c.exit, 52, c.trace);
    assert.match(redis?.output() ?? '', /SECURITY ATTACK/);
  });

  // redis takes the ClientHello for an inline command and waits for a newline: with none in the hello's
  // random bytes it stays silent (tls.timeout); with one it answers "-ERR …" (tls.not-tls) or resets
  // (tls.reset). Which one depends on the random bytes, so any of the three is right; never ok.
  it('rediss:// to the plain redis port → fails in the tls phase: tls.timeout, tls.not-tls or tls.reset', async () => {
    const r = await probeUrl(`rediss://127.0.0.1:${port}`, { ...base, timeoutMs: 1500, differential: false });
    assert.ok(['tls.timeout', 'tls.not-tls', 'tls.reset'].includes(r.id), describeResult(r));
    assertDiagnosis(r, r.id, { failedPhase: 'tls' });
    if (r.id === 'tls.not-tls') assert.match(phase(r, 'tls').unexpectedBytes ?? '', /^-ERR/, describeResult(r));
  });
});
