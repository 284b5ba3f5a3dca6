// design.md's direction rules hold for the real tree, and the checker does refuse a tree that breaks them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const checker = join(repo, 'scripts/check-imports.mjs');

function check(root?: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, root ? [checker, root] : [checker], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('import direction (scripts/check-imports.mjs)', function () {
  this.timeout(60_000); // the checker loads the TypeScript compiler
  it('src/ has no circles and no upward imports', () => {
    const r = check();
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /no circles, no upward imports/);
  });

  it('names every broken rule in a tree that breaks them: upward import, engine → vscode, sockets in discovery, a circle', () => {
    const root = mkdtempSync(join(tmpdir(), 'cd-imports-'));
    try {
      const file = (path: string, text: string): void => {
        mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
        writeFileSync(join(root, 'src', path), text);
      };
      file('vocabulary/ids.ts', "export const X = 1;\n");
      file('extension/view.ts', "import { run } from '../probe/engine';\nexport const v = run;\n");
      file('probe/engine.ts', "import type { A } from './helper';\nimport * as vscode from 'vscode';\nexport const run = (a?: A) => vscode ?? a;\n");
      file('probe/helper.ts', "import { run } from './engine';\nexport type A = typeof run;\n");
      file('discover/find.ts', "import { connect } from 'node:tls';\nimport { X } from '../vocabulary/ids';\nexport const f = [connect, X];\n");
      file('webview/page.ts', "import { readFileSync } from 'node:fs';\nexport const p = readFileSync;\n");
      const r = check(root);
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /src\/extension\/view\.ts imports src\/probe\/engine\.ts: extension\/ may not import probe\//);
      assert.match(r.out, /src\/probe\/engine\.ts imports 'vscode'/);
      assert.match(r.out, /src\/discover\/find\.ts imports 'node:tls': discovery needs no sockets/);
      assert.match(r.out, /src\/webview\/page\.ts imports 'node:fs'/);
      assert.match(r.out, /import circle: .*src\/probe\/(engine|helper)\.ts → src\/probe\/(engine|helper)\.ts/);
      assert.doesNotMatch(r.out, /find\.ts imports src\/vocabulary/, 'discovery may stand on the vocabulary');
      assert.match(r.out, /5 import rules broken/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
