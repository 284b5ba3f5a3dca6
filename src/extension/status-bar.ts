// One status bar item: how many probed URLs are failing; click → the Results view.
import * as vscode from 'vscode';
import { health } from './labels';
import type { ResultsStore } from './results-store';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('connectionDoctor.status', vscode.StatusBarAlignment.Left, 20);
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ResultsStore) {
    this.item.name = 'Connection Doctor';
    this.item.command = 'workbench.view.extension.connectionDoctor';
    this.sub = store.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const probed = this.store.probed();
    if (!probed.length) {
      this.item.hide();
      return;
    }
    const count = { ok: 0, failed: 0, probing: 0, unprobed: 0 };
    for (const e of probed) count[health(e)]++;
    this.item.text = count.probing
      ? `$(sync~spin) probing ${count.probing}`
      : count.failed
        ? `$(plug) ${count.failed} failing`
        : `$(plug) ${count.ok} ok`;
    const tip = new vscode.MarkdownString(`**Connection Doctor**\n\n${count.failed} failing · ${count.ok} ok${count.probing ? ` · ${count.probing} probing` : ''}\n\nClick to open the Results view.`);
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
