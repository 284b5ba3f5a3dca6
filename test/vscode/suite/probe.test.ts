// Probing in the real extension host against the fault lab: tree, diagnostics, hovers, code actions,
// the explanation panel, Copy as curl — and a planted password that must appear on none of them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionDoctorApi } from '../../../src/extension/extension';
import type { Node } from '../../../src/extension/tree';
import { MODE, api, configureFor, entryAt, hoverText, labCases, openDoc, pick, positionOf, until, type LabCase } from './helpers';

const SECRET = 'S3cr3t-planted-Pw';
const withSecret = (url: string) => url.replace('://', `://alice:${SECRET}@`);

(MODE === 'trusted' ? suite : suite.skip)('probing (trusted workspace)', () => {
  let a: ConnectionDoctorApi;
  let ok: LabCase;
  let reset: LabCase;
  let ed: vscode.TextEditor;

  suiteSetup(async () => {
    a = await api();
    const cases = await labCases();
    ok = pick(cases, 'ok', ['ok-http']);
    reset = pick(cases, 'tls.reset', ['tls-reset']);
    await configureFor(ok, reset);
    ed = await openDoc(`# Services\n\nHealth: ${ok.url}\n\nPayments: ${reset.url}\n\nLegacy: ${withSecret(reset.url)} (old credentials)\n`);
    await until('the server to find the 3 URLs', () => a.store.in(ed.document.uri.toString()).length === 3);
  });

  // Explanation panels take the focus; commands act on the active editor.
  setup(async () => {
    ed = await vscode.window.showTextDocument(ed.document, vscode.ViewColumn.One);
    await until('the document to be the active editor', () => vscode.window.activeTextEditor?.document === ed.document);
  });

  const resetPos = () => positionOf(ed.document, `Payments: ${reset.url}`, 'Payments: '.length + 3);
  const okPos = () => positionOf(ed.document, `Health: ${ok.url}`, 'Health: '.length + 3);
  const secretPos = () => positionOf(ed.document, withSecret(reset.url));

  test('Probe URLs in This File fills the tree and publishes a diagnostic whose code is the diagnosis id', async () => {
    await vscode.commands.executeCommand('connectionDoctor.probeFile');
    const uri = ed.document.uri;
    const r = await until('results for every URL', () => {
      const es = a.store.in(uri.toString());
      return es.length === 3 && es.every((e) => e.state === 'done') && es;
    });
    assert.equal(entryAt(a, ed.document, resetPos())?.result?.id, reset.expect.id);
    assert.equal(entryAt(a, ed.document, okPos())?.result?.ok, true);
    assert.equal(r.length, 3);

    const diags = await until('2 diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length === 2 && d;
    });
    const onReset = diags.find((d) => d.range.contains(resetPos()));
    assert.ok(onReset, 'a diagnostic on the failing URL');
    const code = typeof onReset.code === 'object' ? onReset.code.value : onReset.code;
    assert.equal(code, reset.expect.id);
    assert.equal(onReset.source, 'Connection Doctor');
    assert.equal(onReset.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(!diags.some((d) => d.range.contains(okPos())), 'no diagnostic on the healthy URL');
    // The code's link (hover, Problems panel) opens the explanation.
    assert.ok(typeof onReset.code === 'object', 'the code carries a link');
    await vscode.commands.executeCommand('vscode.open', onReset.code.target);
    assert.equal((await until('the explanation from the code link', () => a.explainShown())).result.id, reset.expect.id);
    await until('the panel to show', () => a.explainPanel()?.visible);

    // The tree lists the file with both URLs, described as `id · findings · time`.
    const groups = a.tree.getChildren();
    const fileGroup = groups.find((g) => g.kind === 'group' && g.group.key === uri.toString());
    assert.ok(fileGroup, 'a group for the file');
    const rows = a.tree.getChildren(fileGroup).map((n) => a.tree.getTreeItem(n));
    const resetRow = rows.find((i) => String(i.description).startsWith(reset.expect.id));
    assert.ok(resetRow, `a row described as ${reset.expect.id}: ${rows.map((i) => i.description).join(' | ')}`);
    assert.equal((resetRow.iconPath as vscode.ThemeIcon).id, 'error');
    assert.ok(rows.some((i) => String(i.description).startsWith('ok')));
    // Children: the phases, the failed one marked.
    const resetNode = a.tree.getChildren(fileGroup).find((n) => n.kind === 'entry' && n.entry.result?.id === reset.expect.id)!;
    const phases = a.tree.getChildren(resetNode).filter((n): n is Extract<Node, { kind: 'phase' }> => n.kind === 'phase');
    assert.ok(phases.some((p) => p.phase.status === 'failed' && p.phase.phase === (reset.expect.failedPhase ?? 'tls')));
  });

  test('hover shows the diagnosis and timeline with Explain / Probe again links; code actions offer Explain, Probe again, Copy as curl', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, resetPos());
    const text = hoverText(hovers);
    assert.match(text, new RegExp(reset.expect.id.replace('.', '\\.')));
    assert.match(text, /command:connectionDoctor\.explain/);
    assert.match(text, /command:connectionDoctor\.probeAgain/);
    // Short: headline, verdict, links — the timeline and the rest are on the explanation page.
    assert.ok(text.split('\n').filter((l) => l.trim()).length <= 4, text);
    // An unprobed URL has no hover block ("Not probed yet · Probe this URL" on every URL was noise).
    await vscode.commands.executeCommand('connectionDoctor.clearResults');
    await until('results cleared', () => a.store.in(ed.document.uri.toString()).every((e) => !e.result));
    const none = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, resetPos()));
    assert.ok(!/Connection Doctor|Not probed|Probe this URL/.test(none), none);
    await vscode.commands.executeCommand('connectionDoctor.probeFile');
    await until('probed again', () => entryAt(a, ed.document, resetPos())?.state === 'done');

    const range = new vscode.Range(resetPos(), resetPos());
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', ed.document.uri, range);
    const titles = actions.map((x) => x.title);
    assert.ok(titles.some((t) => t.startsWith('Explain')), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('Probe again')), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('Copy as curl')), titles.join(' | '));
  });

  test('Probe URL at Cursor probes only the URL under the cursor', async () => {
    await vscode.commands.executeCommand('connectionDoctor.clearResults');
    await until('results cleared', () => a.store.in(ed.document.uri.toString()).every((e) => !e.result));
    ed.selection = new vscode.Selection(okPos(), okPos());
    const t0 = performance.now();
    const entry = (await vscode.commands.executeCommand('connectionDoctor.probeAtCursor')) as { result?: { ok: boolean } } | undefined;
    const ms = performance.now() - t0;
    assert.equal(entry?.result?.ok, true);
    await until('the store to show the result', () => entryAt(a, ed.document, okPos())?.state === 'done');
    console.log(`      probe at cursor → result in the store: ${ms.toFixed(0)} ms`);
    assert.equal(entryAt(a, ed.document, resetPos())?.result, undefined, 'the other URLs were not probed');
  });

  test('Explain on a URL whose probe is still running waits for that result instead of offering others', async () => {
    // The delayed-RST case keeps its probe in flight for a while: the user asks for the explanation meanwhile.
    const slow = (await labCases()).find((c) => c.name === 'tls-reset-delayed' && !c.requires);
    assert.ok(slow, 'the lab has tls-reset-delayed');
    await configureFor(ok, reset, slow);
    const doc = await openDoc(`Slow: ${slow.url}\n`);
    await until('the URL found', () => a.store.in(doc.document.uri.toString()).length === 1);
    const at = positionOf(doc.document, slow.url);
    doc.selection = new vscode.Selection(at, at);
    const probing = vscode.commands.executeCommand('connectionDoctor.probeAtCursor');
    const e = await until('the probe in flight', () => {
      const x = entryAt(a, doc.document, at);
      return x?.state === 'probing' && x;
    });
    await vscode.commands.executeCommand('connectionDoctor.explain', { entryId: e.id });
    // Not the earlier results of the other document: this URL's own diagnosis.
    const shown = a.explainShown();
    assert.equal(shown?.url, e.url);
    assert.equal(shown?.result.id, slow.expect.id);
    await probing;
  });

  test('Explain opens the explanation panel with the result', async () => {
    await vscode.commands.executeCommand('connectionDoctor.probeFile');
    const e = await until('the failing result', () => {
      const x = entryAt(a, ed.document, resetPos());
      return x?.state === 'done' && x;
    });
    await vscode.commands.executeCommand('connectionDoctor.explain', { entryId: e.id });
    const shown = await until('the panel', () => a.explainShown());
    assert.equal(shown.result.id, reset.expect.id);
    const tab = await until('a tab titled "Connection Doctor: <diagnosis title>"', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith('Connection Doctor: ')),
    15_000).catch((e: Error) => assert.fail(`${e.message}; tabs: ${vscode.window.tabGroups.all.map((g) => g.viewColumn + ':' + g.tabs.map((t) => t.label + '/' + (t.input as object)?.constructor?.name).join(',')).join(' | ')}`));
    assert.ok(tab.label.includes(shown.result.title || shown.result.id));

    // The page's safety: strict CSP with a nonce'd bundle, no inline script, resources only from dist/ and media/.
    const panel = a.explainPanel()!;
    const html = panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, csp);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.equal(scripts[0][2].trim(), '', 'no inline script');
    assert.ok(!/ on[a-z]+=/i.test(html), 'no inline handlers');
    const roots = (panel.webview.options.localResourceRoots ?? []).map((u) => u.path.split('/').pop()).sort();
    assert.deepEqual(roots, ['dist', 'media']);
  });

  test('three failed probes raise no notification: the result is in the decoration, hover, Problems and tree', async () => {
    // Counts what the extension asks the window to show (the same API object: the tests run in its extension).
    const w = vscode.window as unknown as Record<string, unknown>;
    const names = ['showWarningMessage', 'showErrorMessage', 'showInformationMessage'];
    const saved = names.map((n) => w[n]);
    let toasts = 0;
    for (const n of names) {
      const real = w[n] as (...x: unknown[]) => unknown;
      w[n] = (...x: unknown[]) => (toasts++, real.apply(vscode.window, x));
    }
    try {
      for (let i = 0; i < 3; i++) {
        ed.selection = new vscode.Selection(resetPos(), resetPos());
        const e = (await vscode.commands.executeCommand('connectionDoctor.probeAtCursor')) as { result?: { ok: boolean } } | undefined;
        assert.equal(e?.result?.ok, false);
      }
    } finally {
      names.forEach((n, i) => (w[n] = saved[i]));
    }
    assert.equal(toasts, 0, 'notifications for 3 failed probes');
    const d = vscode.languages.getDiagnostics(ed.document.uri).find((x) => x.range.contains(resetPos()));
    assert.ok(d && /^[A-Z]/.test(d.message) && !d.message.includes(reset.expect.id), `worded diagnostic: ${d?.message}`);
  });

  test('group-by toggles regroup the tree', async () => {
    await vscode.commands.executeCommand('connectionDoctor.groupBy.host');
    const byHost = a.tree.getChildren().map((n) => (n.kind === 'group' ? n.group.label : ''));
    assert.ok(byHost.some((l) => /127\.0\.0\.1:\d+|lab\.test/.test(l)), byHost.join(' | '));
    await vscode.commands.executeCommand('connectionDoctor.groupBy.status');
    assert.ok(a.tree.getChildren().some((n) => n.kind === 'group' && n.group.label === 'Failing'));
    await vscode.commands.executeCommand('connectionDoctor.groupBy.file');
  });

  test('a planted password appears in no diagnostic, hover, tree row, log line, explanation or copied curl command', async () => {
    await vscode.commands.executeCommand('connectionDoctor.probeFile');
    const secret = await until('the secret URL probed', () => {
      const x = entryAt(a, ed.document, secretPos());
      return x?.state === 'done' && x;
    });
    assert.ok(secret.url.includes('alice:***@'), secret.url);
    // Typed by hand too.
    const typed = (await vscode.commands.executeCommand('connectionDoctor.probeUrl', withSecret(ok.url))) as { url: string; result?: unknown };
    assert.ok(typed?.result, 'the typed URL was probed');

    const surfaces: string[] = [];
    for (const d of vscode.languages.getDiagnostics(ed.document.uri)) surfaces.push(d.message, JSON.stringify(d.code));
    surfaces.push(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, secretPos())));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ed.document.uri, new vscode.Range(secretPos(), secretPos()));
    surfaces.push(...actions.map((x) => x.title));
    const walk = (n?: Node): void => {
      for (const c of a.tree.getChildren(n)) {
        const item = a.tree.getTreeItem(c);
        surfaces.push(String(typeof item.label === 'object' ? item.label.label : item.label), String(item.description ?? ''));
        const tip = item.tooltip;
        surfaces.push(typeof tip === 'string' ? tip : (tip?.value ?? ''));
        walk(c);
      }
    };
    walk();
    for (const e of a.store.all()) surfaces.push(JSON.stringify(e));
    const curl = (await vscode.commands.executeCommand('connectionDoctor.copyAsCurl', { entryId: secret.id })) as string;
    surfaces.push(curl, await vscode.env.clipboard.readText());
    await vscode.commands.executeCommand('connectionDoctor.explain', { entryId: secret.id });
    surfaces.push(JSON.stringify(await until('the panel', () => a.explainShown())));
    surfaces.push(...a.log.lines);

    assert.ok(surfaces.join('\n').length > 1000, 'the surfaces were collected');
    const leaks = surfaces.filter((s) => s.includes(SECRET));
    assert.deepEqual(leaks, [], 'the password leaked');
    assert.match(curl, /^curl -v /);
    assert.match(curl, /-u alice:PASSWORD/);
  });

  test('Probe All URLs in Workspace scans the workspace folder and reports failures', async function () {
    // The harness's workspace holds lab URLs (CD_TEST_WORKSPACE); the desktop fixture holds only templates.
    if (!process.env.CD_TEST_WORKSPACE || !vscode.workspace.workspaceFolders?.length) this.skip();
    const res = (await vscode.commands.executeCommand('connectionDoctor.probeWorkspace')) as { urls: number; files: number; failing: number; cancelled: boolean };
    assert.ok(res.urls >= 2, JSON.stringify(res));
    assert.ok(res.failing >= 1, JSON.stringify(res));
    assert.equal(res.cancelled, false);
  });
});
