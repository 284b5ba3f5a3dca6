// Activation registers commands, the view, decorations and the status bar — nothing else. The language
// server starts on the first command that needs it, or when a document containing a URL is opened.
import { LocalSide } from './local-side';
import * as vscode from 'vscode';
import type { ServerApi } from './client';
import { registerCommands, warmEditorCommands } from './commands';
import { Decorations } from './decorations';
import { registerEnvironmentReport } from './env-report';
import { linkProviderForTests, registerErrorLinks } from './error-links';
import { registerExplainLinks } from './explain-link';
import { ExplainPanel, VIEW_TYPE } from './explain-panel';
import { Log } from './log';
import { ResultsStore } from './results-store';
import { SavedResults } from './saved-results';
import { readSettings, staleAfterMinutes } from './settings';
import { StatusBar } from './status-bar';
import { Toolchain, registerToolchain } from './toolchain';
import { ResultsTree } from './tree';
import { isTrusted, trustHooks } from './trust';
import { URL_HINT, looksLikeUrlAt } from './url-hint';
import type { WebviewState } from '../protocol';

const HINT_CHARS = 1 << 20;

/** What activate() returns: used by the extension-host tests. */
export interface ConnectionDoctorApi {
  activationMs: number;
  store: ResultsStore;
  saved: SavedResults;
  tree: ResultsTree;
  /** The Toolchain section's state (connectionDoctor.toolchain.*). */
  toolchain: Toolchain;
  log: Log;
  serverRunning(): boolean;
  startServer(): Promise<void>;
  explainShown(): ReturnType<() => ExplainPanel['shown']>;
  explainPanel(): vscode.WebviewPanel | undefined;
  trustHooks: typeof trustHooks;
  /** The terminal link provider (VS Code has no API to ask for a line's links). */
  terminalLinks(): typeof linkProviderForTests;
}

export function activate(ctx: vscode.ExtensionContext): ConnectionDoctorApi {
  try {
    return activateOrThrow(ctx);
  } catch (e) {
    // VS Code does not tell the user when an extension fails to activate.
    void vscode.window.showErrorMessage(`Connection Doctor failed to start: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

function activateOrThrow(ctx: vscode.ExtensionContext): ConnectionDoctorApi {
  const t0 = performance.now();
  const log = new Log();
  const store = new ResultsStore();
  const localSide = new LocalSide(store, log);
  const saved = new SavedResults(ctx.workspaceState, store);
  let starting: Promise<ServerApi> | undefined;
  let running: ServerApi | undefined;

  const server = (): Promise<ServerApi> =>
    (starting ??= import('./client')
      .then((m) => m.startClient(ctx, store, log, readSettings()))
      .then(async (s) => {
        // Results from before a reload first: saving starts once the server has them (or has dropped them).
        const params = saved.restoreParams(staleAfterMinutes());
        if (params.entries.length) await s.restore(params).catch((e: unknown) => log.error('restoring results failed', e));
        saved.startSaving();
        return s;
      })
      .then(
        (s) => {
          warmEditorCommands();
          return (running = s);
        },
        (e: unknown) => {
          starting = undefined;
          log.error('language server failed to start', e);
          throw e;
        },
      ));

  const toolchain = new Toolchain(server, log);
  const tree = new ResultsTree(store, toolchain, saved.groupBy, (by) => saved.saveGroupBy(by));

  const onUrl = (): void => {
    const ed = vscode.window.activeTextEditor;
    const uri = ed?.document.uri.toString();
    const pos = ed?.selection.active;
    // Until the server has listed this document's URLs, a local guess keeps the menu item from lagging.
    const known = uri ? store.in(uri) : [];
    const on = !!ed && !!uri && !!pos && (known.length ? !!store.at(uri, pos) : looksLikeUrlAt(ed.document.lineAt(pos.line).text, pos.character));
    void vscode.commands.executeCommand('setContext', 'connectionDoctor.onUrl', on);
    // The editor menu also keys on this: a right-click moves the cursor and opens the menu before the extension
    // host can answer, so "on a URL" may lag by one click. The command says so when the cursor is not on one.
    const has = known.length > 0 || (!!ed && URL_HINT.test(ed.document.getText(ed.visibleRanges[0] ?? new vscode.Range(0, 0, 200, 0))));
    void vscode.commands.executeCommand('setContext', 'connectionDoctor.editorHasUrls', has);
  };

  const maybeStart = (doc: vscode.TextDocument): void => {
    if (starting || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return;
    const text = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 20000), 0)).slice(0, HINT_CHARS);
    if (URL_HINT.test(text)) void server().catch(() => undefined);
  };

  ctx.subscriptions.push(
    log,
    store,
    localSide,
    toolchain,
    saved,
    tree,
    vscode.window.createTreeView('connectionDoctor.results', { treeDataProvider: tree, showCollapseAll: true }),
    new Decorations(store),
    new StatusBar(store),
    ...registerCommands({ ctx, store, tree, log, server, running: () => running }),
    registerEnvironmentReport(),
    ...registerToolchain(toolchain),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: WebviewState | undefined) => ExplainPanel.revive(panel, ctx, store, state),
    }),
    ...registerExplainLinks(store, (e) => ExplainPanel.createOrShow(ctx, store, e)),
    ...registerErrorLinks({ explain: (e, origin) => ExplainPanel.createOrShow(ctx, store, e, origin) }),
    vscode.window.onDidChangeTextEditorSelection(onUrl),
    vscode.window.onDidChangeActiveTextEditor(onUrl),
    vscode.window.onDidChangeTextEditorVisibleRanges(onUrl),
    store.onDidChange(onUrl),
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('connectionDoctor') || e.affectsConfiguration('http')) running?.settings(readSettings());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => running?.settings(readSettings())),
    { dispose: () => void running?.stop() },
  );
  // Documents already open when VS Code starts: looked at after activation returns. Results kept from before a
  // reload also start the server: the tree, decorations and Problems show them again (with their age).
  setImmediate(() => {
    vscode.workspace.textDocuments.forEach(maybeStart);
    if (!starting && saved.any) void server().catch(() => undefined);
  });

  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms${isTrusted() ? '' : ' (untrusted workspace: nothing probes by itself)'}`);
  return {
    activationMs,
    store,
    saved,
    tree,
    toolchain,
    log,
    serverRunning: () => !!running,
    startServer: async () => void (await server()),
    explainShown: () => ExplainPanel.visible?.shown,
    explainPanel: () => ExplainPanel.visible?.panel,
    trustHooks,
    terminalLinks: () => linkProviderForTests,
  };
}

export function deactivate(): void {
  // Disposables in ctx.subscriptions stop the client.
}
