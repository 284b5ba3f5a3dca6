// Server → client: entries and diagnostics, batched. A structural change (discovery, clear) sends the URI's whole
// list; a result sends only the entries of the targets that changed (a delta), and results arriving together
// go out together, at most one batch per BATCH_MS — a 500-URL file used to send 500 snapshots of 500 entries
// (476 MiB). The first result after a quiet spell goes out at once: a single probe is never delayed.
import type { Diagnostic } from 'vscode-languageserver';
import type { EntriesParams, UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import type { Registry } from './registry';

export const BATCH_MS = 75;

export interface Sink {
  entries(p: EntriesParams): void;
  diagnostics(uri: string, d: Diagnostic[]): void;
}

export class Publisher {
  private readonly whole = new Set<string>();
  /** uri → probe targets whose entries changed there. */
  private readonly changed = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private last = 0;
  /** uri → entry id → its diagnostics: a batch recomputes only the entries it changed (5,000-URL files). */
  private readonly diags = new Map<string, Map<string, Diagnostic[]>>();

  constructor(
    private readonly registry: Registry,
    private readonly sink: Sink,
    private readonly diagnose: (entries: UrlEntry[]) => Diagnostic[],
  ) {}

  /** These URIs' lists changed shape: send them whole. */
  snapshot(uris: Iterable<string>): void {
    for (const u of uris) this.whole.add(u);
    this.schedule();
  }

  /** These targets' state or result changed: send their entries wherever they are written. */
  targets(probeUrls: Iterable<string>): void {
    for (const p of probeUrls) {
      for (const uri of this.registry.usedBy(p)) {
        let s = this.changed.get(uri);
        if (!s) this.changed.set(uri, (s = new Set()));
        s.add(p);
      }
    }
    this.schedule();
  }

  /** Everything pending, now (before a request's answer, so the answer never overtakes its results). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    this.last = performance.now();
    const uris = new Set([...this.whole, ...this.changed.keys()]);
    for (const uri of uris) {
      const targets = this.changed.get(uri);
      const whole = this.whole.has(uri) || !targets;
      const entries = whole ? this.registry.snapshot(uri) : this.registry.in(uri).filter((l) => targets.has(l.found.probeUrl)).map((l) => this.registry.entry(l));
      this.sink.entries(whole ? { uri, entries } : { uri, entries, delta: true });
      if (uri === ADHOC_URI) continue;
      let cache = this.diags.get(uri);
      if (whole || !cache) this.diags.set(uri, (cache = new Map()));
      for (const e of entries) cache.set(e.id, this.diagnose([e]));
      this.sink.diagnostics(uri, [...cache.values()].flat());
    }
    this.whole.clear();
    this.changed.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.last + BATCH_MS - performance.now();
    this.timer = wait <= 0 ? setImmediate(() => this.flush()) : setTimeout(() => this.flush(), wait);
  }
}
