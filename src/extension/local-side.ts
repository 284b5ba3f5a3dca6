// A remote window (SSH, WSL, a dev container, code-server) runs this extension and its language server on the
// workspace side, so every probe sees that machine's network. The companion connection-doctor-local runs on
// this computer (extensionKind "ui"); after each failing result the same URL is tried there, across extension
// hosts through a command, and the two views are compared (protocol-sides.ts). A local window, no companion,
// an untrusted workspace or the setting off: nothing happens.
import * as vscode from 'vscode';
import { compareSides, LOCAL_PROBE_COMMAND, LOCAL_PROBE_MAX, withSides, type Sides, type Sighting } from '../protocol-sides';
import type { UrlEntry } from '../protocol';
import type { Log } from './log';
import type { ResultsStore } from './results-store';
import { isTrusted } from './trust';

/** The same probe's result: the URL as shown (redacted) and when it started. */
const keyOf = (e: UrlEntry): string => `${e.url}\n${e.result?.startedAt ?? ''}`;

export class LocalSide implements vscode.Disposable {
  private readonly sides = new Map<string, Sides>();
  private readonly asked = new Set<string>();
  private queue: UrlEntry[] = [];
  private running = false;
  /** false once the command was not found (no companion): asked again when extensions change. */
  private available = true;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly store: ResultsStore,
    private readonly log: Log,
    private readonly remoteName = vscode.env.remoteName,
  ) {
    if (!remoteName) return;
    store.annotate = (e) => this.annotate(e);
    this.subs.push(
      store.onDidChange((uris) => this.consider(uris)),
      store.onDidClear(() => (this.sides.clear(), this.asked.clear(), (this.queue = []))),
      vscode.extensions.onDidChange(() => (this.available = true)),
    );
  }

  private enabled(): boolean {
    return this.available && isTrusted() && vscode.workspace.getConfiguration('connectionDoctor').get<boolean>('probeFromThisComputer', true);
  }

  private annotate(e: UrlEntry): UrlEntry {
    const sides = e.result && this.sides.get(keyOf(e));
    return sides && e.result ? { ...e, here: sides, result: withSides(e.result, sides) } : e;
  }

  /** Failing results of probes run now (not restored from before a reload), each asked about once. */
  private consider(uris: string[]): void {
    if (!this.enabled()) return;
    for (const uri of uris) {
      for (const e of this.store.in(uri)) {
        if (!e.result || e.result.ok || e.restored || e.state === 'probing') continue;
        const key = keyOf(e);
        if (this.asked.has(key)) continue;
        this.asked.add(key);
        this.queue.push(e);
      }
    }
    void this.drain();
  }

  /** One call at a time, LOCAL_PROBE_MAX distinct URLs per call. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length && this.enabled()) {
        const batch = this.queue.splice(0, LOCAL_PROBE_MAX);
        let seen: Sighting[];
        try {
          seen = (await vscode.commands.executeCommand<Sighting[]>(LOCAL_PROBE_COMMAND, batch.map((e) => e.url))) ?? [];
        } catch (err) {
          this.available = false;
          this.queue = [];
          this.log.info(`this computer's side not probed: the companion extension connection-doctor-local is not installed on this computer (${err instanceof Error ? err.message : String(err)})`);
          return;
        }
        batch.forEach((e, i) => {
          const s = seen[i];
          if (s && e.result) this.sides.set(keyOf(e), compareSides(e.result, s, this.remoteName!));
        });
        const keys = new Set(batch.map(keyOf));
        this.store.reannotate((e) => keys.has(keyOf(e)));
        this.log.info(`this computer's side: ${batch.length} URL(s) tried (${seen.filter((s) => s.reached).length} answered)`);
      }
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    for (const s of this.subs.splice(0)) s.dispose();
  }
}
