// Results kept across "Developer: Reload Window" in workspace state: only what every surface already shows
// (redacted URLs and results), bounded, failing and newest first. The server puts them back where the same URL
// is still written, marked with their age (restore.ts); the tree's grouping comes back too.
import type * as vscode from 'vscode';
import type { RestoreParams, SavedEntry, UrlEntry } from '../protocol';
import { redactText } from '../vocabulary/redact';
import type { GroupBy } from './grouping';
import type { ResultsStore } from './results-store';

const RESULTS_KEY = 'connectionDoctor.savedResults.v1';
const GROUP_KEY = 'connectionDoctor.groupBy';
/** A 5,000-URL file keeps its first thousand results by priority: workspace state is not a database. */
const MAX_ENTRIES = 1000;
const MAX_CHARS = 1_000_000;
/** Written once results stop arriving for this long: a 5,000-URL probe is not serialised every second. */
const SAVE_MS = 1000;

export class SavedResults implements vscode.Disposable {
  private saving = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly state: vscode.Memento,
    private readonly store: ResultsStore,
  ) {
    this.subs = [
      store.onDidChange(() => {
        if (!this.saving) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.save(), SAVE_MS);
      }),
      // Cleared before the server ran (nothing restored yet): the kept results go too.
      store.onDidClear(() => void this.save()),
    ];
  }

  /** Whether there is anything to restore (the reason to start the server at activation). */
  get any(): boolean {
    return this.load().length > 0;
  }

  /** What to send the server; saving starts once it has taken them (until then the store is not the truth). */
  restoreParams(staleAfterMinutes: number): RestoreParams {
    return { entries: this.load(), staleAfterMs: Math.max(1, staleAfterMinutes) * 60_000 };
  }

  /** The server has the saved results (or there were none): from now on the store is what is kept. */
  startSaving(): void {
    this.saving = true;
  }

  get groupBy(): GroupBy | undefined {
    const g = this.state.get<string>(GROUP_KEY);
    return g === 'file' || g === 'host' || g === 'status' ? g : undefined;
  }

  saveGroupBy(by: GroupBy): void {
    void this.state.update(GROUP_KEY, by);
  }

  /** Writes now (also what the tests call instead of waiting). */
  save(): Thenable<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.state.update(RESULTS_KEY, pick(this.store.all()));
  }

  private load(): SavedEntry[] {
    const v = this.state.get<unknown>(RESULTS_KEY);
    return Array.isArray(v) ? (v as SavedEntry[]).filter((s) => s && typeof s.id === 'string' && typeof s.uri === 'string' && s.result && typeof s.at === 'number') : [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subs.forEach((d) => d.dispose());
  }
}

/** Finished results in files (not hand-probed URLs: nothing to put them back on), failing first, then newest. */
export function pick(all: UrlEntry[], now = Date.now()): SavedEntry[] {
  const done = all.filter((e) => e.result && e.state === 'done' && e.uri.startsWith('file:'));
  const at = (e: UrlEntry): number => e.restored?.at ?? e.result?.startedAt ?? now;
  done.sort((a, b) => Number(!!a.result?.ok) - Number(!!b.result?.ok) || at(b) - at(a));
  const out: SavedEntry[] = [];
  let chars = 0;
  for (const e of done.slice(0, MAX_ENTRIES)) {
    // Entries are redacted by the server already; this is the last look before anything touches the disk.
    const json = redactText(JSON.stringify({ id: e.id, uri: e.uri, url: e.url, range: e.range, result: e.result, at: at(e) }));
    chars += json.length;
    if (chars > MAX_CHARS) break;
    out.push(JSON.parse(json) as SavedEntry);
  }
  return out;
}
