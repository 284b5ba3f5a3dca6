// "One private CA signing unrelated hosts" is an inspecting proxy only when it is one CA: the same signing key.
// Two CAs that merely share a name (every throwaway test CA, many internal PKIs) and one local CA signing
// localhost and 127.0.0.1 are not interception.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { describeResult } from '../support/assert-result';
import { needBinaries, scratchDir } from '../support/real-servers';
import { ThrowawayCa } from '../support/throwaway-ca';

const NAME = '/CN=Shared Name Internal CA';

describe('tls-interception: the same private issuer means the same key', function () {
  this.timeout(30_000);
  const servers: tls.Server[] = [];

  before(function () {
    needBinaries(this, 'interception identity', 'openssl');
  });
  after(() => servers.forEach((s) => s.close()));

  async function serve(ca: ThrowawayCa, name: string, san: string[]): Promise<number> {
    const leaf = ca.issue(name, { san });
    const s = tls.createServer({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile) }, (sock) => {
      sock.on('error', () => undefined);
      sock.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
    servers.push(s);
    await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
    return (s.address() as AddressInfo).port;
  }
  const opts = (cas: ThrowawayCa[], resolve: Record<string, string[]>): ProbeOptions => ({ proxy: null, timeoutMs: 5000, differential: false, ca: cas.map((c) => c.caPem), resolve });

  it('two CAs with one name, each signing its own host: no tls-interception', async () => {
    const one = new ThrowawayCa(scratchDir('same-name-1'), NAME);
    const two = new ThrowawayCa(scratchDir('same-name-2'), NAME);
    const p1 = await serve(one, 'alpha-unrelated.test', ['DNS:alpha-unrelated.test']);
    const p2 = await serve(two, 'beta-unrelated.test', ['DNS:beta-unrelated.test']);
    const resolve = { [`alpha-unrelated.test:${p1}`]: ['127.0.0.1'], [`beta-unrelated.test:${p2}`]: ['127.0.0.1'] };
    const a = await probeUrl(`https://alpha-unrelated.test:${p1}/`, opts([one, two], resolve));
    const b = await probeUrl(`https://beta-unrelated.test:${p2}/`, opts([one, two], resolve));
    assert.equal(a.id, 'ok', describeResult(a));
    assert.equal(b.id, 'ok', describeResult(b));
    assert.ok(!b.findings.includes('tls-interception'), describeResult(b));
  });

  it('one CA (one key) signing two unrelated hosts: tls-interception, naming the other host', async () => {
    const ca = new ThrowawayCa(scratchDir('one-key'), '/CN=One Key Inspection CA');
    const p1 = await serve(ca, 'gamma-unrelated.test', ['DNS:gamma-unrelated.test']);
    const p2 = await serve(ca, 'delta-elsewhere.test', ['DNS:delta-elsewhere.test']);
    const resolve = { [`gamma-unrelated.test:${p1}`]: ['127.0.0.1'], [`delta-elsewhere.test:${p2}`]: ['127.0.0.1'] };
    await probeUrl(`https://gamma-unrelated.test:${p1}/`, opts([ca], resolve));
    const r = await probeUrl(`https://delta-elsewhere.test:${p2}/`, opts([ca], resolve));
    assert.ok(r.findings.includes('tls-interception'), describeResult(r));
    assert.match(r.evidence?.find((e) => e.finding === 'tls-interception')?.detail ?? '', /same private issuer .*also signed gamma-unrelated\.test/);
  });

  it('one local CA signing localhost and 127.0.0.1 (mkcert-style) is one machine, not interception', async () => {
    const ca = new ThrowawayCa(scratchDir('local-dev'), '/CN=Local Dev CA');
    const p = await serve(ca, 'localhost', ['DNS:localhost', 'IP:127.0.0.1']);
    await probeUrl(`https://127.0.0.1:${p}/`, opts([ca], {}));
    const r = await probeUrl(`https://localhost:${p}/`, opts([ca], { [`localhost:${p}`]: ['127.0.0.1'] }));
    assert.equal(r.id, 'ok', describeResult(r));
    assert.ok(!r.findings.includes('tls-interception'), describeResult(r));
  });
});
