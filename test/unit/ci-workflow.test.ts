// Issue 13: the documented GitHub Actions workflow (docs/ci) is valid YAML, and every conndoc command line in it
// is one the CLI accepts — it cannot run here, so this is what keeps it from rotting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseCommandLine } from '../../src/cli/args';

describe('docs/ci/conndoc-vantages.yml', () => {
  const text = readFileSync(path.resolve(__dirname, '../../../docs/ci/conndoc-vantages.yml'), 'utf8');
  const doc = parse(text) as { jobs: Record<string, { steps: { run?: string }[]; strategy?: { matrix: { include: { place: string }[] } } }> };

  it('has a probe job over a runner matrix and a compare job', () => {
    assert.deepEqual(Object.keys(doc.jobs), ['probe', 'compare']);
    assert.ok(doc.jobs.probe.strategy!.matrix.include.length >= 3);
  });

  it('every $CONNDOC command line parses with the real argument parser', () => {
    const lines = Object.values(doc.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ?? '').replace(/\\\n\s*/g, '').split('\n')));
    const calls = lines.filter((l) => l.includes('$CONNDOC ')).map((l) => l.slice(l.indexOf('$CONNDOC ') + 9).split(/\s*(?:>|\|\|)/)[0]);
    assert.ok(calls.length >= 3, calls.join('\n'));
    for (const call of calls) {
      const argv = call.replace(/\$\{\{ matrix\.place \}\}/g, 'ubuntu-latest').replace(/"/g, '').trim().split(/\s+/);
      const parsed = parseCommandLine(argv);
      assert.ok(['scan', 'compare'].includes(parsed.command), call);
    }
  });
});
