// Issue 13: the degraded probe a vantage without Node ≥ 20 gets — the real curl running CURL_SCRIPT against the
// fault lab, its exit codes and timings mapped onto the same diagnosis ids the engine gives.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startLab, type Lab } from '../../src/lab';
import { CURL_SCRIPT, DEGRADED_NOTE, parseCurlOutput } from '../../src/vantage/curl-probe';
import { needBinaries } from '../support/real-servers';

describe('vantage: the curl probe (real curl against the fault lab)', function () {
  this.timeout(60_000);
  let lab: Lab;
  const byIp = (name: string, scheme = 'http'): string => `${scheme}://127.0.0.1:${new URL(lab.cases.find((c) => c.name === name)!.url).port}/`;

  before(async function () {
    needBinaries(this, 'curl probe', 'curl');
    lab = await startLab();
  });
  after(async () => lab?.close());

  it('maps ok, refused, reset and a timeout to the engine ids, with phases from curl timings', async () => {
    const urls = [byIp('ok-http'), byIp('tcp-refused'), byIp('tls-reset', 'https'), byIp('tls-timeout', 'https'), 'http://user:pw@127.0.0.1:1/'];
    // Asynchronously: the lab answers from this very process.
    const { stdout: out } = await promisify(execFile)('sh', ['-c', CURL_SCRIPT, 'sh', '2', ...urls], { encoding: 'utf8', timeout: 30_000 });
    const rs = parseCurlOutput(out, urls);
    assert.deepEqual(rs.map((r) => r.id), ['ok', 'tcp.refused', 'tls.reset', 'tcp.timeout', 'tcp.refused']);
    assert.equal(rs[0].phases.find((p) => p.phase === 'response')?.httpStatus, 200);
    assert.equal(rs[2].failedPhase, 'tls');
    // The curl probe's known blind spot, said in the result rather than guessed.
    assert.match(rs[3].phases[1].note ?? '', /cannot tell a TCP connect timeout from a stalled TLS handshake/);
    assert.ok(rs.every((r) => r.error?.startsWith(DEGRADED_NOTE)), 'every curl result says it is degraded');
    assert.ok(rs[1].title.length > 0 && rs[1].remediation.length > 0, 'knowledge applied');
    assert.equal(rs[4].url, 'http://user:***@127.0.0.1:1/');
  });
});
