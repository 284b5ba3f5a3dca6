// How a result kept from before a window reload says its age, on every surface (tree, decoration, hover,
// Problems, explanation page): never shown as if it were fresh.
import type { Restored } from './protocol';
import { ago } from './vocabulary/text';

/** `3 min ago` / `stale · 2 h ago`: the short form, after a tree row's or a decoration's text. */
export function ageLabel(r: Restored, now = Date.now()): string {
  return `${r.stale ? 'stale · ' : ''}${ago(r.at, now)}`;
}

/** The sentence form, for the hover, the Problems message and the explanation page. */
export function ageSentence(r: Restored, now = Date.now()): string {
  const when = `Probed ${ago(r.at, now)}, before the window was reloaded`;
  if (r.stale === 'changed') return `${when}; stale: the file changed since. Probe again to refresh.`;
  if (r.stale === 'old') return `${when}; stale: older than connectionDoctor.staleAfterMinutes. Probe again to refresh.`;
  return `${when}.`;
}
