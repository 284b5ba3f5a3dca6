// The one place results live on the extension side; the tree, decorations, status bar and webview read it.
import * as vscode from 'vscode';
import type { UrlEntry } from '../protocol';

export class ResultsStore implements vscode.Disposable {
  private readonly byUri = new Map<string, UrlEntry[]>();
  private readonly byId = new Map<string, UrlEntry>();
  private readonly changed = new vscode.EventEmitter<string[]>();
  /** Fires with the URIs whose entries were replaced. */
  readonly onDidChange = this.changed.event;
  private readonly cleared = new vscode.EventEmitter<void>();
  /** Clear Results (also before the server runs: then no change comes from it). */
  readonly onDidClear = this.cleared.event;

  /** What the extension itself adds to an entry (this computer's side in a remote window: local-side.ts). */
  annotate: (e: UrlEntry) => UrlEntry = (e) => e;

  /** Replace one URI's entries (a snapshot), or with `delta` only the entries given (same ids, in place). */
  set(uri: string, fromServer: UrlEntry[], delta = false): void {
    const entries = fromServer.map((e) => this.annotate(e));
    if (delta) {
      const list = this.byUri.get(uri);
      if (!list) return;
      const fresh = new Map(entries.map((e) => [e.id, e]));
      for (let i = 0; i < list.length; i++) {
        const e = fresh.get(list[i].id);
        if (e) list[i] = e;
      }
      for (const e of entries) if (this.byId.has(e.id)) this.byId.set(e.id, e);
      this.changed.fire([uri]);
      return;
    }
    for (const e of this.byUri.get(uri) ?? []) this.byId.delete(e.id);
    if (entries.length) this.byUri.set(uri, entries);
    else this.byUri.delete(uri);
    for (const e of entries) this.byId.set(e.id, e);
    this.changed.fire([uri]);
  }

  /** `annotate` again over the entries it may change (new facts came in); fires for the URIs that changed. */
  reannotate(which: (e: UrlEntry) => boolean): void {
    const uris: string[] = [];
    for (const [uri, list] of this.byUri) {
      let touched = false;
      for (let i = 0; i < list.length; i++) {
        if (!which(list[i])) continue;
        list[i] = this.annotate(list[i]);
        this.byId.set(list[i].id, list[i]);
        touched = true;
      }
      if (touched) uris.push(uri);
    }
    if (uris.length) this.changed.fire(uris);
  }

  clear(): void {
    const uris = [...this.byUri.keys()];
    this.byUri.clear();
    this.byId.clear();
    this.changed.fire(uris);
    this.cleared.fire();
  }

  get(id: string): UrlEntry | undefined {
    return this.byId.get(id);
  }

  in(uri: string): UrlEntry[] {
    return this.byUri.get(uri) ?? [];
  }

  all(): UrlEntry[] {
    return [...this.byUri.values()].flat();
  }

  at(uri: string, pos: vscode.Position): UrlEntry | undefined {
    return this.in(uri).find((e) => {
      const r = e.range;
      const afterStart = pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character);
      const beforeEnd = pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character);
      return afterStart && beforeEnd;
    });
  }

  /** The entry once its probe in flight has ended (undefined if it is cleared, or the token is cancelled first). */
  settled(id: string, token: vscode.CancellationToken): Promise<UrlEntry | undefined> {
    const now = this.byId.get(id);
    if (now?.state !== 'probing') return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (e: UrlEntry | undefined): void => {
        subs.forEach((s) => s.dispose());
        resolve(e);
      };
      const subs = [
        this.onDidChange(() => {
          const e = this.byId.get(id);
          if (e?.state !== 'probing') done(e);
        }),
        token.onCancellationRequested(() => done(undefined)),
      ];
    });
  }

  /** Probed entries (discovery alone is not a result). */
  probed(): UrlEntry[] {
    return this.all().filter((e) => e.result || e.state === 'probing');
  }

  dispose(): void {
    this.changed.dispose();
    this.cleared.dispose();
  }
}
