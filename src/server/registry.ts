// Where every URL is, what it probes, and the latest result per probe target.
// Results are kept per target (probeUrl), so one probe answers every place that URL is written.
import type { Position, Range } from 'vscode-languageserver';
import type { FoundUrl } from '../discover/extract';
import type { Result } from '../vocabulary/types';
import type { UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';

export interface Located {
  id: string;
  uri: string;
  found: Pick<FoundUrl, 'url' | 'probeUrl' | 'scheme' | 'host' | 'port'>;
  range: Range;
}

export class Registry {
  private readonly byUri = new Map<string, Located[]>();
  private readonly byId = new Map<string, Located>();
  /** probeUrl → URIs that mention it, to republish them when its result arrives. */
  private readonly usedIn = new Map<string, Set<string>>();
  private readonly results = new Map<string, Result>();
  private readonly probing = new Map<string, number>();
  private adhocCount = 0;

  /** Replace what is known to be in `uri` (the document changed or was scanned). */
  set(uri: string, found: { found: Located['found']; range: Range }[]): void {
    this.drop(uri);
    const list = found.map(({ found: f, range }) => ({
      id: `${uri}#${range.start.line}:${range.start.character}`,
      uri,
      found: f,
      range,
    }));
    this.byUri.set(uri, list);
    for (const l of list) this.index(l);
  }

  /** A URL typed by the user: its own entry, listed under ADHOC_URI (latest first, same URL replaces). */
  addAdhoc(found: Located['found']): Located {
    const list = (this.byUri.get(ADHOC_URI) ?? []).filter((l) => l.found.probeUrl !== found.probeUrl);
    for (const l of this.byUri.get(ADHOC_URI) ?? []) this.byId.delete(l.id);
    const zero = { line: 0, character: 0 };
    const entry: Located = { id: `adhoc#${++this.adhocCount}`, uri: ADHOC_URI, found, range: { start: zero, end: zero } };
    this.byUri.set(ADHOC_URI, [entry, ...list]);
    for (const l of this.byUri.get(ADHOC_URI)!) this.index(l);
    return entry;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  drop(uri: string): void {
    for (const l of this.byUri.get(uri) ?? []) this.byId.delete(l.id);
    this.byUri.delete(uri);
  }

  uris(): string[] {
    return [...this.byUri.keys()];
  }

  in(uri: string): Located[] {
    return this.byUri.get(uri) ?? [];
  }

  get(id: string): Located | undefined {
    return this.byId.get(id);
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

  /** Marks targets in flight; returns the URIs whose entries changed. */
  startProbing(probeUrls: Iterable<string>): Set<string> {
    const touched = new Set<string>();
    for (const p of probeUrls) {
      this.probing.set(p, (this.probing.get(p) ?? 0) + 1);
      for (const u of this.usedIn.get(p) ?? []) touched.add(u);
    }
    return touched;
  }

  /** Records a result (or just ends the probe when cancelled); returns the URIs whose entries changed. */
  finish(probeUrl: string, result?: Result): Set<string> {
    const n = (this.probing.get(probeUrl) ?? 1) - 1;
    if (n > 0) this.probing.set(probeUrl, n);
    else this.probing.delete(probeUrl);
    if (result) this.results.set(probeUrl, result);
    return new Set(this.usedIn.get(probeUrl) ?? []);
  }

  snapshot(uri: string): UrlEntry[] {
    return this.in(uri).map((l) => this.entry(l));
  }

  entry(l: Located): UrlEntry {
    const result = this.results.get(l.found.probeUrl);
    return {
      id: l.id,
      uri: l.uri,
      url: l.found.url,
      scheme: l.found.scheme,
      host: l.found.host,
      port: l.found.port,
      range: l.range,
      state: this.probing.has(l.found.probeUrl) ? 'probing' : result ? 'done' : 'found',
      // The URL as written here (redacted), not the target's: the same target may be written with a user name.
      result: result && { ...result, url: l.found.url },
    };
  }

  /** Forget results; entries stay (discovery is not probing). Returns every URI. */
  clearResults(): string[] {
    this.results.clear();
    const uris = [...this.byUri.keys()];
    this.drop(ADHOC_URI);
    return uris;
  }

  private index(l: Located): void {
    this.byId.set(l.id, l);
    let s = this.usedIn.get(l.found.probeUrl);
    if (!s) this.usedIn.set(l.found.probeUrl, (s = new Set()));
    s.add(l.uri);
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}
