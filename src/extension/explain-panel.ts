// The explanation webview's host: one panel, strict CSP with a nonce, data only by postMessage after "ready".
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ErrorOrigin, FromWebview, ToWebview, UrlEntry, WebviewEntry, WebviewState } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import type { ResultsStore } from './results-store';

export const VIEW_TYPE = 'connectionDoctor.explain';

export class ExplainPanel implements vscode.Disposable {
  private static current: ExplainPanel | undefined;
  private entry: WebviewEntry | undefined;
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];

  /** Set by the commands layer: probe again (by entry id, or by URL when the entry is gone, e.g. after a reload). */
  static probeAgain: (id: string, url: string | undefined) => Promise<UrlEntry | undefined> = async () => undefined;

  static createOrShow(ctx: vscode.ExtensionContext, store: ResultsStore, e: UrlEntry, origin?: ErrorOrigin): ExplainPanel {
    const entry = { ...toWebviewEntry(e), origin };
    if (ExplainPanel.current) {
      ExplainPanel.current.panel.reveal(undefined, false);
      ExplainPanel.current.show(entry);
      return ExplainPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title(entry), vscode.ViewColumn.Beside, options(ctx));
    return (ExplainPanel.current = new ExplainPanel(panel, ctx, store, entry));
  }

  /** After a reload: VS Code hands back the panel and the state the page saved. */
  static revive(panel: vscode.WebviewPanel, ctx: vscode.ExtensionContext, store: ResultsStore, state: WebviewState | undefined): void {
    panel.webview.options = options(ctx);
    ExplainPanel.current?.dispose();
    // What the page saved is from before the reload: it says so, until the store has the entry again.
    const entry = state?.entry && { ...state.entry, restored: state.entry.restored ?? (state.entry.result.startedAt ? { at: state.entry.result.startedAt } : undefined) };
    ExplainPanel.current = new ExplainPanel(panel, ctx, store, entry);
  }

  static get visible(): ExplainPanel | undefined {
    return ExplainPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    ctx: vscode.ExtensionContext,
    store: ResultsStore,
    entry: WebviewEntry | undefined,
  ) {
    this.entry = entry;
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'icon.svg');
    panel.webview.html = html(panel.webview, ctx.extensionUri);
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
      // Probe Again (from anywhere) refreshes the page when the same entry gets a new result.
      store.onDidChange(() => {
        const id = this.entry?.id;
        const fresh = id ? store.get(id) : undefined;
        if (fresh?.result && fresh.state === 'done' && fresh.result !== this.lastResult) this.show({ ...toWebviewEntry(fresh), origin: this.entry?.origin });
      }),
    );
  }

  private lastResult: unknown;

  /** What the page currently shows (tests read it). */
  get shown(): WebviewEntry | undefined {
    return this.entry;
  }

  show(entry: WebviewEntry): void {
    this.entry = entry;
    this.lastResult = entry.result;
    this.panel.title = title(entry);
    if (this.ready) this.post({ type: 'show', entry });
  }

  private receive(m: FromWebview): void {
    switch (m?.type) {
      case 'ready':
        this.ready = true;
        if (this.entry) this.show(this.entry);
        break;
      case 'copy':
        if (typeof m.text === 'string') {
          void vscode.env.clipboard.writeText(m.text);
          void vscode.window.setStatusBarMessage('$(copy) Copied to the clipboard', 2500);
        }
        break;
      case 'probeAgain':
        if (typeof m.id === 'string') {
          this.post({ type: 'probing' });
          void ExplainPanel.probeAgain(m.id, this.entry?.url).then((e) => {
            if (e?.result) this.show({ ...toWebviewEntry(e), origin: this.entry?.origin });
            else if (this.entry) this.show(this.entry); // re-enables the button
          });
        }
        break;
    }
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (ExplainPanel.current === this) ExplainPanel.current = undefined;
    for (const s of this.subs.splice(0)) s.dispose();
    this.panel.dispose();
  }
}

function toWebviewEntry(e: UrlEntry): WebviewEntry {
  const location = e.uri === ADHOC_URI ? undefined : `${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}:${e.range.start.line + 1}`;
  return { id: e.id, url: e.url, location, result: e.result!, ...(e.restored ? { restored: e.restored } : {}), ...(e.here ? { here: e.here } : {}) };
}

function title(e: WebviewEntry | undefined): string {
  return `Connection Doctor: ${e?.result.title || e?.result.id || 'Explanation'}`;
}

function options(ctx: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    // Only the bundle and the stylesheet: the page can load nothing else from the extension or the disk.
    localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist'), vscode.Uri.joinPath(ctx.extensionUri, 'media')],
  };
}

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'explain.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Connection Doctor</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="empty">Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
