// Issue 13: a remote window's two sides — what the workspace side's result and this computer's sighting conclude.
import assert from 'node:assert/strict';
import { compareSides, LOCAL_PROBE_MAX, sightings, withSides, type Sighting } from '../../src/protocol-sides';
import type { Result } from '../../src/vocabulary/types';

const result = (id: Result['id']): Result => ({ url: 'http://localhost:3000/', id, ok: id === 'ok', findings: [], phases: [], title: '', explanation: '', remediation: [] });
const seen = (reached: boolean | undefined, detail = 'x'): Sighting => ({ url: 'http://localhost:3000/', by: 'browser', reached, ms: 12.4, detail });

describe('a remote window: both sides', () => {
  it('fails on the remote side, answers here → vantage-dependent, pointing at the remote side (localhost there is not this computer)', () => {
    const s = compareSides(result('tcp.refused'), seen(true), 'dev-container');
    assert.equal(s.verdict, 'fails-only-remote');
    assert.equal(s.here, 'answered in 12 ms');
    assert.match(s.detail, /the dev container fails with tcp\.refused/);
    assert.match(s.detail, /localhost/);
    const r = withSides(result('tcp.refused'), s);
    assert.deepEqual(r.findings, ['vantage-dependent']);
    assert.equal(r.evidence?.[0].detail, s.detail);
    // Annotating twice (a republished entry) does not repeat the finding.
    assert.deepEqual(withSides(r, s).findings, ['vantage-dependent']);
  });

  it('works on the remote side, fails here → vantage-dependent, pointing at this computer', () => {
    const s = compareSides(result('ok'), seen(false, 'the browser could not fetch it'), 'ssh-remote');
    assert.equal(s.verdict, 'fails-only-here');
    assert.match(s.detail, /^The SSH host reaches it, this computer does not/);
    // A remote VS Code does not name (code-server names its host:port) is shown as it is.
    assert.match(compareSides(result('ok'), seen(false), '127.0.0.1:8080').detail, /^The remote side \(127\.0\.0\.1:8080\) reaches it/);
    assert.ok(withSides(result('ok'), s).findings.includes('vantage-dependent'));
  });

  it('the same outcome on both sides, or no try here, is not vantage-dependent', () => {
    for (const [r, v, verdict] of [
      [result('tcp.refused'), seen(false), 'both-fail'],
      [result('ok'), seen(true), 'both-work'],
      [result('tcp.refused'), seen(undefined, 'a browser cannot open redis:// connections'), 'not-compared'],
    ] as const) {
      const s = compareSides(r, v, 'wsl');
      assert.equal(s.verdict, verdict);
      assert.deepEqual(withSides(r, s).findings, [], verdict);
    }
    assert.match(compareSides(result('tcp.refused'), seen(false), 'wsl').detail, /near the server, or in a network both sides share/);
  });


  it('the companion tries at most LOCAL_PROBE_MAX URLs per call, and only strings', async () => {
    const tried: string[] = [];
    const urls = [...Array.from({ length: LOCAL_PROBE_MAX + 5 }, (_, i) => `http://localhost:${3000 + i}/`), 42, { url: 'x' }];
    const out = await sightings(urls, async (u) => (tried.push(u), seen(true)));
    assert.equal(tried.length, LOCAL_PROBE_MAX);
    assert.equal(out.length, LOCAL_PROBE_MAX);
    assert.deepEqual(await sightings('http://localhost/', async () => seen(true)), []);
  });
});
