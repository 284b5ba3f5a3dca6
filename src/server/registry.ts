// Where every URL is, what it probes, and the latest result per probe target.
// Results are kept per target (probeUrl), so one probe answers every place that URL is written.
import type { Position, Range } from 'vscode-languageserver';
import type { FoundUrl } from '../discover/extract';
import type { Result } from '../vocabulary/types';
import type { Restored, UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import { redactSecrets, redactText } from '../vocabulary/redact';

type Found = Pick<FoundUrl, 'url' | 'probeUrl' | 'scheme' | 'host' | 'port'>;

/**
 * One URL where it is written. A 200,000-file scan holds 200,000 of these, so each is one object: the URL's
 * fields inline, its place as four small integers; `found`, `range` and `id` are made when asked for (five objects
 * and a flattened id string per URL were ~140 MiB after such a scan).
 */
export class Located implements Found {
  readonly url: string;
  readonly probeUrl: string;
  readonly scheme: string;
  readonly host: string;
  readonly port: number | undefined;
  private readonly sl: number;
  private readonly sc: number;
  private readonly el: number;
  private readonly ec: number;

  constructor(
    readonly uri: string,
    f: Found,
    range: Range,
    /** An id of its own (a URL typed by the user); else the id is its place. */
    private readonly tag?: string,
  ) {
    this.url = f.url;
    // Usually the same text: one string, not two.
    this.probeUrl = f.probeUrl === f.url ? f.url : f.probeUrl;
    this.scheme = f.scheme;
    this.host = f.host;
    this.port = f.port;
    this.sl = range.start.line;
    this.sc = range.start.character;
    this.el = range.end.line;
    this.ec = range.end.character;
  }

  get id(): string {
    return this.tag ?? `${this.uri}#${this.sl}:${this.sc}`;
  }

  get found(): Found {
    return this;
  }

  get range(): Range {
    return { start: { line: this.sl, character: this.sc }, end: { line: this.el, character: this.ec } };
  }

  /** Whether this is the entry `id` names (without building its id). */
  is(line: number, character: number): boolean {
    return this.tag === undefined && this.sl === line && this.sc === character;
  }
}

export class Registry {
  private readonly byUri = new Map<string, Located[]>();
  /** probeUrl → URIs that mention it, to republish them when its result arrives. */
  // Most targets are written in one file: a bare URI until a second one mentions it (200,000 one-entry Sets
  // were tens of MiB after a big scan).
  private readonly usedIn = new Map<string, string | Set<string>>();
  private readonly results = new Map<string, Result>();
  private readonly probing = new Map<string, number>();
  /** probeUrl → the phase a cancelled probe was in (until it is probed again). */
  private readonly cancelled = new Map<string, string>();
  /** probeUrl → its result came from before a window reload (until it is probed again). */
  private readonly restoredAt = new Map<string, Restored>();
  private adhocCount = 0;
  /** Bumped by clearResults: a probe started before a clear records nothing (Clear Results wins). */
  epoch = 0;

  /** Until when a target's host must not be contacted (HostGate), for the entries to say so. */
  waitingFor: (found: Located['found']) => number | undefined = () => undefined;

  /** Replace what is known to be in `uri` (the document changed or was scanned). */
  set(uri: string, found: { found: Located['found']; range: Range }[]): void {
    this.drop(uri);
    // Only what an entry needs: a scan's FoundUrl (file, line, column, …) is not kept alive 200,000 times over.
    const list = found.map(({ found: f, range }) => new Located(uri, f, range));
    this.byUri.set(uri, list);
    for (const l of list) this.index(l);
  }

  /** A URL typed by the user: its own entry, listed under ADHOC_URI (latest first, same URL replaces). */
  addAdhoc(found: Located['found']): Located {
    const list = (this.byUri.get(ADHOC_URI) ?? []).filter((l) => l.found.probeUrl !== found.probeUrl);
    const entry = new Located(ADHOC_URI, found, ZERO_RANGE, `adhoc#${++this.adhocCount}`);
    this.byUri.set(ADHOC_URI, [entry, ...list]);
    this.index(entry);
    return entry;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  drop(uri: string): void {
    this.byUri.delete(uri);
  }

  uris(): string[] {
    return [...this.byUri.keys()];
  }

  in(uri: string): Located[] {
    return this.byUri.get(uri) ?? [];
  }

  /** By id: `adhoc#N`, or `<uri>#<line>:<character>` (no index of ids is kept: see Located). */
  get(id: string): Located | undefined {
    if (id.startsWith('adhoc#')) return this.in(ADHOC_URI).find((l) => l.id === id);
    const m = /^(.*)#(\d+):(\d+)$/s.exec(id);
    if (!m) return undefined;
    const line = Number(m[2]);
    const character = Number(m[3]);
    return this.in(m[1]).find((l) => l.is(line, character));
  }

  at(uri: string, pos: Position): Located | undefined {
    return this.in(uri).find((l) => contains(l.range, pos));
  }

  overlapping(uri: string, range: Range): Located[] {
    return this.in(uri).filter((l) => !(before(l.range.end, range.start) || before(range.end, l.range.start)));
  }

  result(probeUrl: string): Result | undefined {
    return this.results.get(probeUrl);
  }

  /** Marks targets in flight. */
  startProbing(probeUrls: Iterable<string>): void {
    for (const p of probeUrls) {
      this.probing.set(p, (this.probing.get(p) ?? 0) + 1);
      this.cancelled.delete(p);
    }
  }

  /**
   * Ends a probe: records its result, or (cancelled) the phase it was cut in, or nothing (never started, or a
   * clear came since `epoch`).
   */
  finish(probeUrl: string, outcome?: { result: Result } | { cancelledDuring: string }, epoch = this.epoch): void {
    const n = (this.probing.get(probeUrl) ?? 1) - 1;
    if (n > 0) this.probing.set(probeUrl, n);
    else this.probing.delete(probeUrl);
    if (!outcome || epoch !== this.epoch) return;
    if ('result' in outcome) {
      // Every URL in it (redirects, errors) as the editor may show it: secret query values too, once, here.
      this.results.set(probeUrl, JSON.parse(redactText(JSON.stringify(outcome.result))) as Result);
      this.cancelled.delete(probeUrl);
      this.restoredAt.delete(probeUrl);
    } else this.cancelled.set(probeUrl, outcome.cancelledDuring);
  }

  /** A result kept from before a window reload, for a target with no result of its own; false if it has one. */
  restore(probeUrl: string, result: Result, restored: Restored): boolean {
    if (this.results.has(probeUrl) || this.probing.has(probeUrl)) return false;
    this.results.set(probeUrl, result);
    this.restoredAt.set(probeUrl, restored);
    return true;
  }

  /** The URIs that mention a target. */
  usedBy(probeUrl: string): Iterable<string> {
    const u = this.usedIn.get(probeUrl);
    return u === undefined ? [] : typeof u === 'string' ? [u] : u;
  }

  /** The target an entry id probes. */
  targetOf(id: string): string | undefined {
    return this.get(id)?.found.probeUrl;
  }

  snapshot(uri: string): UrlEntry[] {
    return this.in(uri).map((l) => this.entry(l));
  }

  entry(l: Located): UrlEntry {
    const result = this.results.get(l.found.probeUrl);
    const cancelledDuring = this.cancelled.get(l.found.probeUrl);
    const waitingUntil = this.waitingFor(l.found);
    const restored = result && this.restoredAt.get(l.found.probeUrl);
    return {
      id: l.id,
      uri: l.uri,
      url: redactSecrets(l.found.url),
      scheme: l.found.scheme,
      host: l.found.host,
      port: l.found.port,
      range: l.range,
      state: this.probing.has(l.found.probeUrl) ? 'probing' : result ? 'done' : 'found',
      // The URL as written here (redacted), not the target's: the same target may be written with a user name.
      result: result && { ...result, url: redactSecrets(l.found.url) },
      ...(cancelledDuring ? { cancelledDuring } : {}),
      ...(waitingUntil ? { waitingUntil } : {}),
      ...(restored ? { restored } : {}),
    };
  }

  /** Forget results; entries stay (discovery is not probing). Returns every URI. */
  clearResults(): string[] {
    this.results.clear();
    this.cancelled.clear();
    this.restoredAt.clear();
    this.epoch++;
    const uris = [...this.byUri.keys()];
    this.drop(ADHOC_URI);
    return uris;
  }

  private index(l: Located): void {
    const u = this.usedIn.get(l.found.probeUrl);
    if (u === undefined) this.usedIn.set(l.found.probeUrl, l.uri);
    else if (typeof u === 'string') {
      if (u !== l.uri) this.usedIn.set(l.found.probeUrl, new Set([u, l.uri]));
    } else u.add(l.uri);
  }
}

const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}
