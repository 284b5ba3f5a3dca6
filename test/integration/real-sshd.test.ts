// The engine against a real OpenSSH daemon: the classic "wrong port" case, an SSH banner where TLS or HTTP was expected.
import assert from 'node:assert/strict';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { assertDiagnosis, describeResult, phase } from '../support/assert-result';
import { CURL_EXIT_IDS, curl } from '../support/curl';
import { freePort, needBinaries, type RealServer, scratchDir, startSshd } from '../support/real-servers';

describe('real sshd', function () {
  this.timeout(20_000);
  let sshd: RealServer | undefined;
  let port = 0;
  const base: ProbeOptions = { proxy: null, timeoutMs: 5000 };

  before(async function () {
    needBinaries(this, 'real sshd', 'sshd', 'ssh-keygen', 'curl');
    port = await freePort();
    sshd = await startSshd(scratchDir('sshd'), port);
  });

  after(async () => {
    await sshd?.stop();
  });

  it('https:// to the SSH port → tls.not-tls with the banner as evidence (curl: 35 wrong version number)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${port}/`, base), curl([`https://127.0.0.1:${port}/`])]);
    assertDiagnosis(r, 'tls.not-tls', { failedPhase: 'tls' });
    assert.match(phase(r, 'tls').unexpectedBytes ?? '', /^SSH-2\.0-OpenSSH/, describeResult(r));
    assert.equal(c.exit, 35, c.trace);
    assert.match(r.id, CURL_EXIT_IDS[35]);
  });

  // sshd sends its banner at once, then "Invalid SSH identification string." and closes on the HTTP request.
  it('http:// to the SSH port → http.not-http (curl: 1, "Received HTTP/0.9")', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${port}/`, base), curl([`http://127.0.0.1:${port}/`])]);
    assertDiagnosis(r, 'http.not-http', { failedPhase: 'response' });
    assert.match(phase(r, 'response').unexpectedBytes ?? '', /^SSH-2\.0-OpenSSH/, describeResult(r));
    assert.equal(c.exit, 1, c.trace);
    assert.match(c.trace, /HTTP\/0\.9/);
    assert.match(r.id, CURL_EXIT_IDS[1]);
  });
});
