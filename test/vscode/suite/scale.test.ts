// A real file's worth of URLs in the real extension host: 5,000 in one document, probed with Probe URLs in This
// File. The tree counts them all, Problems lists every failure, typing still lands, and what is kept for the next
// reload stays bounded. Times are printed, not asserted.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MODE, api, configureFor, labCases, pick, until } from './helpers';

const URLS = 5000;

/** A loopback port nothing listens on (bound, then released): every connect is refused. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

(MODE === 'trusted' ? suite : suite.skip)('a file with 5,000 URLs', () => {
  test('Probe URLs in This File: the tree counts all 5,000, Problems lists the 4,000 failures, typing still lands', async function () {
    this.timeout(400_000);
    const ok = pick(await labCases(), 'ok', ['ok-http']);
    await configureFor(ok);
    const port = await closedPort();
    const lines = Array.from({ length: URLS }, (_, i) =>
      i % 5 === 0 ? `- healthy ${i}: ${ok.url}?n=${i}` : `- down ${i}: http://127.0.0.1:${port}/n${i}`,
    );
    // A file on disk (only those are kept across reloads), removed after: other suites scan this workspace.
    const file = join(process.env.CD_TEST_WORKSPACE ?? '/tmp', 'many-urls.md');
    writeFileSync(file, `# Many services\n\n${lines.join('\n')}\n`);
    try {
      await probeMany(file);
    } finally {
      await vscode.commands.executeCommand('connectionDoctor.clearResults');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(file, { force: true });
    }
  });
});

async function probeMany(file: string): Promise<void> {
  const a = await api();
  const ed = await vscode.window.showTextDocument(vscode.Uri.file(file));
  const uri = ed.document.uri.toString();
  await until('the server to find 5,000 URLs', () => a.store.in(uri).length === URLS, 60_000);

  const t0 = Date.now();
  await vscode.commands.executeCommand('connectionDoctor.probeFile');
  await until('every result', () => a.store.in(uri).every((e) => e.state === 'done' && e.result), 300_000);
  const probedMs = Date.now() - t0;
  const group = await until(
    'the file row counting its failures',
    () => {
      const g = a.tree.getChildren().find((n) => n.kind === 'group' && n.group.key === uri);
      const d = g && a.tree.getTreeItem(g).description;
      return d === `${URLS - URLS / 5} of ${URLS} failing` && d;
    },
    10_000,
  );
  assert.equal(group, '4000 of 5000 failing');
  await until('4,000 Problems entries', () => vscode.languages.getDiagnostics(ed.document.uri).length === URLS - URLS / 5, 30_000);

  // Typing at the end of the file with every result shown: each keystroke lands, and the results stay.
  const keys: number[] = [];
  for (const ch of 'still typing') {
    const k0 = performance.now();
    const end = ed.document.lineAt(ed.document.lineCount - 1).range.end;
    assert.ok(await ed.edit((b) => b.insert(end, ch)), `the keystroke "${ch}" was refused`);
    keys.push(performance.now() - k0);
  }
  assert.ok(ed.document.getText().endsWith('still typing'));
  await until('the results kept after the edits', () => a.store.in(uri).filter((e) => e.result).length === URLS, 10_000);

  const s0 = performance.now();
  await a.saved.save();
  const saveMs = performance.now() - s0;
  const kept = a.saved.restoreParams(60).entries;
  const median = [...keys].sort((x, y) => x - y)[Math.floor(keys.length / 2)];
  console.log(
    `      5,000 URLs: results complete in ${(probedMs / 1000).toFixed(1)} s; keystroke applied in ${median.toFixed(1)} ms (median of ${keys.length}); ${kept.length} results kept in ${saveMs.toFixed(0)} ms`,
  );
  assert.ok(kept.length <= 1000 && kept.length > 0, `${kept.length} results kept for the next reload`);
  assert.ok(
    kept.slice(0, 10).every((k) => !k.result.ok),
    'failures are kept first',
  );
}
