// The diagnostic code's link ("tls.reset" in a hover or the Problems panel). VS Code opens those links without
// allowing command URIs, so the link is a document URI of our own scheme: opening it shows the explanation
// panel (and a plain-text version if the panel cannot be shown, e.g. the result was cleared).
import * as vscode from 'vscode';
import type { UrlEntry } from '../protocol';
import { EXPLAIN_SCHEME } from '../protocol-values';
import type { ResultsStore } from './results-store';

export function registerExplainLinks(store: ResultsStore, show: (e: UrlEntry) => unknown): vscode.Disposable[] {
  const entryOf = (uri: vscode.Uri): UrlEntry | undefined => {
    const id = new URLSearchParams(uri.query).get('entry');
    return id ? store.get(id) : undefined;
  };
  const redirect = (ed: vscode.TextEditor | undefined): void => {
    if (ed?.document.uri.scheme !== EXPLAIN_SCHEME) return;
    const e = entryOf(ed.document.uri);
    if (!e?.result) return;
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === ed.document.uri.toString());
    void (tab ? vscode.window.tabGroups.close(tab) : Promise.resolve()).then(() => show(e));
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, {
      provideTextDocumentContent: (uri) => {
        const r = entryOf(uri)?.result;
        if (!r) return 'This result is no longer available: probe the URL again.';
        return [`${r.title || r.id} (${r.id})`, '', r.url, '', r.explanation, '', ...r.remediation.map((s, i) => `${i + 1}. ${s}`)].join('\n');
      },
    }),
    vscode.window.onDidChangeActiveTextEditor(redirect),
  ];
}
