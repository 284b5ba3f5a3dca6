// The tree's top level: entries grouped by file, host or status (pure: no vscode, unit-tested).
import type { UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import { health, type Health } from './labels';

export type GroupBy = 'file' | 'host' | 'status';

export interface Group {
  key: string;
  label: string;
  entries: UrlEntry[];
}

/**
 * The entries a user sees: probed (or probing) ones, and a URL typed into "Probe URL…" only while no file where
 * it is written has a result for it — one target, listed once, where it lives.
 */
export function shownEntries(all: UrlEntry[]): UrlEntry[] {
  // Cancelled after contact, or held back by a host's Retry-After: shown, so the user sees why there is no result.
  const probed = all.filter((e) => e.state !== 'found' || e.result || e.cancelledDuring || e.waitingUntil);
  const located = new Set(probed.filter((e) => e.uri !== ADHOC_URI).map((e) => e.url));
  return probed.filter((e) => e.uri !== ADHOC_URI || !located.has(e.url));
}

/** What the status bar counts: distinct URLs (a URL written in two places is one target), by health. */
export function targetHealth(all: UrlEntry[]): { counts: Record<Health, number>; places: number } {
  const shown = shownEntries(all);
  const byUrl = new Map<string, Health>();
  // A target is failing if any place shows it failing, probing if any is being probed, else ok.
  const rank: Health[] = ['probing', 'failed', 'ok', 'unprobed'];
  for (const e of shown) {
    const h = health(e);
    const before = byUrl.get(e.url);
    if (before === undefined || rank.indexOf(h) < rank.indexOf(before)) byUrl.set(e.url, h);
  }
  const counts: Record<Health, number> = { ok: 0, failed: 0, probing: 0, unprobed: 0 };
  for (const h of byUrl.values()) counts[h]++;
  return { counts, places: shown.length };
}

const STATUS_ORDER = ['failed', 'probing', 'ok', 'unprobed'] as const;
const STATUS_LABEL: Record<(typeof STATUS_ORDER)[number], string> = { failed: 'Failing', probing: 'Probing', ok: 'OK', unprobed: 'Not probed' };

/**
 * Only entries that were probed (or are being probed) are listed: discovery alone is not a result.
 * `relative` turns a URI into the label users know (workspace-relative path).
 */
export function groupEntries(all: UrlEntry[], by: GroupBy, relative: (uri: string) => string): Group[] {
  const shown = shownEntries(all);
  const groups = new Map<string, Group>();
  const add = (key: string, label: string, e: UrlEntry): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, entries: [] }));
    g.entries.push(e);
  };
  for (const e of shown) {
    if (by === 'file') add(e.uri, e.uri === ADHOC_URI ? 'Probed by hand' : relative(e.uri), e);
    else if (by === 'host') add(`${e.host}:${e.port ?? ''}`, e.port !== undefined ? `${e.host}:${e.port}` : e.host, e);
    else add(health(e), STATUS_LABEL[health(e)], e);
  }
  const list = [...groups.values()];
  for (const g of list) g.entries.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (by === 'status') return list.sort((a, b) => STATUS_ORDER.indexOf(a.key as never) - STATUS_ORDER.indexOf(b.key as never));
  // Hand-probed first, then failing groups before healthy ones, then by name.
  const failing = (g: Group): number => (g.entries.some((e) => health(e) === 'failed') ? 0 : 1);
  return list.sort((a, b) => Number(b.key === ADHOC_URI) - Number(a.key === ADHOC_URI) || failing(a) - failing(b) || a.label.localeCompare(b.label));
}
