// After-text on each probed URL in visible editors, themed colours, overview-ruler marks for failures.
import * as vscode from 'vscode';
import type { UrlEntry } from '../protocol';
import { decorationText, health } from './labels';
import type { ResultsStore } from './results-store';
import { coalesce } from './debounce';
import { decorationStyle } from './settings';

export class Decorations implements vscode.Disposable {
  private readonly ok = type('testing.iconPassed');
  private readonly failed = type('errorForeground', 'editorOverviewRuler.errorForeground');
  private readonly probing = type('descriptionForeground');
  private readonly subs: vscode.Disposable[];

  constructor(private readonly store: ResultsStore) {
    // Results arrive in batches; each visible editor of a changed file is repainted at most every 100 ms, and
    // editors that are not visible are not painted at all (they are when they become visible).
    const repaint = coalesce(100, (uris) => {
      for (const ed of vscode.window.visibleTextEditors) if (uris.has(ed.document.uri.toString())) this.paint(ed);
    });
    this.subs = [
      repaint,
      store.onDidChange((uris) => repaint.add(uris)),
      vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((ed) => this.paint(ed))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('connectionDoctor.decorationStyle')) vscode.window.visibleTextEditors.forEach((ed) => this.paint(ed));
      }),
    ];
  }

  paint(ed: vscode.TextEditor): void {
    const style = decorationStyle();
    const groups = { ok: [] as vscode.DecorationOptions[], failed: [] as vscode.DecorationOptions[], probing: [] as vscode.DecorationOptions[] };
    if (style !== 'off') {
      for (const e of this.store.in(ed.document.uri.toString())) {
        const h = health(e);
        if (h === 'unprobed') continue;
        groups[h].push(option(e, style));
      }
    }
    ed.setDecorations(this.ok, groups.ok);
    ed.setDecorations(this.failed, groups.failed);
    ed.setDecorations(this.probing, groups.probing);
  }

  dispose(): void {
    for (const d of [this.ok, this.failed, this.probing, ...this.subs]) d.dispose();
  }
}

function option(e: UrlEntry, style: 'full' | 'icon'): vscode.DecorationOptions {
  const text = decorationText(e);
  const r = e.range;
  return {
    range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    renderOptions: { after: { contentText: style === 'icon' ? text.slice(0, 1) : text } },
  };
}

function type(color: string, ruler?: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor(color), margin: '0 0 0 1.5em', fontStyle: 'normal' },
    overviewRulerColor: ruler ? new vscode.ThemeColor(ruler) : undefined,
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}
