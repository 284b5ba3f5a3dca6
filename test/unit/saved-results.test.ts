// What is kept across a window reload, and how a kept result says its age.
import assert from 'node:assert/strict';
import { pick } from '../../src/extension/saved-results';
import { decorationText, describe as describeEntry } from '../../src/extension/labels';
import type { Result, UrlEntry } from '../../src/protocol';
import { ADHOC_URI } from '../../src/protocol-values';
import { ageLabel, ageSentence } from '../../src/protocol-age';

const NOW = Date.UTC(2026, 0, 1, 12, 0);

function entry(id: string, ok: boolean, over: Partial<UrlEntry> = {}): UrlEntry {
  const result: Result = { url: 'https://x.test/', id: ok ? 'ok' : 'tcp.refused', ok, findings: [], phases: [], title: '', explanation: '', remediation: [], startedAt: NOW - 60_000, totalMs: 2 };
  return { id, uri: 'file:///w/a.md', url: 'https://x.test/', scheme: 'https', host: 'x.test', port: 443, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, state: 'done', result, ...over };
}

describe('Results kept across a window reload', () => {
  it('keeps finished results in files, failing first, never a secret query value', () => {
    const secret = entry('s', true, { url: 'https://x.test/?token=hunter2' });
    secret.result = { ...secret.result!, error: 'GET https://x.test/?token=hunter2 failed' };
    const kept = pick([secret, entry('f', false), entry('p', false, { state: 'probing' }), entry('h', false, { uri: ADHOC_URI })], NOW);
    assert.deepEqual(kept.map((k) => k.id), ['f', 's']);
    assert.ok(!JSON.stringify(kept).includes('hunter2'), JSON.stringify(kept));
    assert.equal(kept[1].at, NOW - 60_000);
  });

  it('keeps at most a thousand results', () => {
    const many = Array.from({ length: 1500 }, (_, i) => entry(`e${i}`, i % 2 === 0));
    assert.equal(pick(many, NOW).length, 1000);
  });

  it('a kept result shows its age in the tree and the decoration, and says when it is stale', () => {
    const e = entry('f', false, { restored: { at: NOW - 3 * 60_000 } });
    const realNow = Date.now;
    Date.now = () => NOW;
    try {
      assert.match(describeEntry(e), /tcp\.refused · 2 ms · 3 min ago$/);
      assert.match(decorationText(e), /^✗ Connection refused · 3 min ago$/);
    } finally {
      Date.now = realNow;
    }
    assert.equal(ageLabel({ at: NOW - 3 * 3600_000, stale: 'old' }, NOW), 'stale · 3 h ago');
    assert.match(ageSentence({ at: NOW - 30_000, stale: 'changed' }, NOW), /just now.*stale: the file changed since/);
  });
});
