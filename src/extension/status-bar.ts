// One status bar item: how many distinct probed URLs are failing; click → the Results view.
import * as vscode from 'vscode';
import { coalesce } from './debounce';
import { targetHealth } from './grouping';
import type { ResultsStore } from './results-store';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('connectionDoctor.status', vscode.StatusBarAlignment.Left, 20);
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: ResultsStore) {
    this.item.name = 'Connection Doctor';
    this.item.command = 'workbench.view.extension.connectionDoctor';
    const later = coalesce(150, () => this.update());
    const sub = store.onDidChange((uris) => later.add(uris));
    this.sub = { dispose: () => (sub.dispose(), later.dispose()) };
    this.update();
  }

  update(): void {
    const { counts: count, places } = targetHealth(this.store.all());
    const targets = count.ok + count.failed + count.probing;
    if (!targets) {
      this.item.hide();
      return;
    }
    this.item.text = count.probing
      ? `$(sync~spin) probing ${count.probing}`
      : count.failed
        ? `$(plug) ${count.failed} failing`
        : `$(plug) ${count.ok} ok`;
    // Targets, not places: a URL written in two files is one thing that fails (Problems lists each place).
    const where = places > targets ? ` (${places} places)` : '';
    const tip = new vscode.MarkdownString(
      `**Connection Doctor**\n\n${count.failed} failing · ${count.ok} ok${count.probing ? ` · ${count.probing} probing` : ''} — ${targets} URL${targets === 1 ? '' : 's'}${where}\n\nClick to open the Results view.`,
    );
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
