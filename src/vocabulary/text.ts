// Knowledge text is written in paragraphs separated by a blank line; every surface renders them one by one.

/** The paragraphs of a knowledge text, trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Durations as every surface writes them: `0.4 ms`, `84 ms`, `1.2 s`. */
export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10000 ? 0 : 1)} s`;
  return `${ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

/** `12:03`, local time: when a host may be probed again. */
export function clock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** `just now`, `3 min ago`, `2 h ago`, `4 days ago`: how old a result kept from an earlier session is. */
export function ago(epochMs: number, now = Date.now()): string {
  const min = Math.floor((now - epochMs) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ago` : `${Math.floor(h / 24)} days ago`;
}
