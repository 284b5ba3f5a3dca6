// The command line's JSON is indented as one document though written a result at a time.
import assert from 'node:assert/strict';
import { indentedJson } from '../../src/cli/output';

describe('indented JSON', () => {
  const value = {
    url: 'https://a.example/?q=1',
    phases: [{ phase: 'dns', addresses: [{ address: '127.0.0.1', family: 4 }] }, { phase: 'tls', note: 'line one\nline two' }],
    empty: [],
    none: {},
    n: 0.5,
    ok: true,
    nested: [[1, [2]], { deep: { deeper: ['x'] } }],
  };

  it('reads as the same value stringified with 2 spaces and indented 2 × depth', () => {
    for (const depth of [0, 1, 2, 3]) {
      const pad = ' '.repeat(2 * depth);
      assert.equal(indentedJson(value, depth), JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`), `depth ${depth}`);
    }
  });

  it('nests into a document that parses back to the value', () => {
    const doc = `{\n  "results": [\n    ${indentedJson(value, 2)},\n    ${indentedJson([], 2)}\n  ]\n}\n`;
    assert.deepEqual(JSON.parse(doc), { results: [value, []] });
    assert.equal(indentedJson('plain', 1), '"plain"');
  });
});
