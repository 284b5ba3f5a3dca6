// A remote window's two sides (issue 13): code-server is one — the extension runs on the server, the UI in
// Chromium — and the companion connection-doctor-local, installed from its .vsix, runs in the browser
// (extensionKind "ui", its web entry). run.mjs runs this file alone (CD_TEST_SIDES=1) in a code-server that has
// the companion installed; in the other runs there is no companion and the suite is not defined.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { ConnectionDoctorApi } from '../../../src/extension/extension';
import type { UrlEntry } from '../../../src/protocol';
import type { Node } from '../../../src/extension/tree';
import { api, configureFor, labCases, openDoc, pick, until } from './helpers';

/** A loopback port nothing listens on (not one of the browser's blocked ports such as 9). */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

if (process.env.CD_TEST_SIDES === '1') {
  suite('remote window: both sides', () => {
    let a: ConnectionDoctorApi;
    let ed: vscode.TextEditor;
    let okUrl: URL;

    suiteSetup(async () => {
      a = await api();
      const ok = pick(await labCases(), 'ok', ['ok-http']);
      await configureFor(ok);
      okUrl = new URL(ok.url);
      // On the workspace side "localhost" is another machine's loopback, as in a container or on an SSH host:
      // pinned to 127.0.0.2, where nothing listens. The browser's localhost is this computer's, where the lab is.
      const c = vscode.workspace.getConfiguration('connectionDoctor');
      await c.update('resolve', { ...(c.get<Record<string, string[]>>('resolve') ?? {}), [`localhost:${okUrl.port}`]: ['127.0.0.2'] }, vscode.ConfigurationTarget.Global);
    });

    const entryFor = (doc: vscode.TextDocument, url: string): UrlEntry | undefined => a.store.in(doc.uri.toString()).find((e) => e.url === url);

    test('a URL that fails on the remote side and works from this computer is vantage-dependent, in the tree and on the explanation page', async () => {
      assert.ok(vscode.env.remoteName, 'code-server opens a remote window');
      const here = `http://localhost:${okUrl.port}/`;
      const closed = `http://127.0.0.1:${await closedPort()}/`; // refused on both sides
      ed = await openDoc(`dev server: ${here}\nold: ${closed}\n`);
      await until('the server to find the 2 URLs', () => a.store.in(ed.document.uri.toString()).length === 2);
      await vscode.commands.executeCommand('connectionDoctor.probeFile');
      const e = await until('this computer\'s side of the localhost URL', () => entryFor(ed.document, here)?.here && entryFor(ed.document, here), 60_000);
      assert.equal(e.result?.ok, false, 'the workspace side cannot reach its own localhost:port');
      assert.equal(e.here?.verdict, 'fails-only-remote', JSON.stringify(e.here));
      assert.ok(e.result?.findings.includes('vantage-dependent'), `findings: ${e.result?.findings.join(', ')}`);
      assert.match(e.here!.detail, /This computer reaches it/);

      const both = await until('this computer\'s side of the closed port', () => entryFor(ed.document, closed)?.here && entryFor(ed.document, closed), 60_000);
      assert.equal(both.here?.verdict, 'both-fail');
      assert.ok(!both.result?.findings.includes('vantage-dependent'), 'failing from both sides is not vantage-dependent');

      // The tree shows a "From this computer" row under the entry.
      const roots = await a.tree.getChildren();
      const all: Node[] = [];
      const walk = async (ns: Node[] | undefined, depth: number): Promise<void> => {
        for (const n of ns ?? []) {
          all.push(n);
          if (depth < 3) await walk(await a.tree.getChildren(n), depth + 1);
        }
      };
      await walk(roots, 0);
      const row = all.find((n) => n.kind === 'here' && n.entry.url === here);
      assert.ok(row, 'a "From this computer" row under the localhost entry');
      assert.match(String(a.tree.getTreeItem(row).description), /^answered in \d+ ms$/);

      // The explanation page has the comparison.
      await vscode.commands.executeCommand('connectionDoctor.explain', { entryId: e.id });
      const shown = await until('the explanation of the localhost URL', () => a.explainShown()?.url === here && a.explainShown());
      assert.equal(shown.here?.verdict, 'fails-only-remote');
    });
  });
}
