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

/**
 * The clauses of a reason joined with "; ", split only outside parentheses: a signature's label may itself hold
 * "; " ("BIGipServer cookie (LTM; may encode the pool member address)"), and half of it reads as garbage.
 */
export function clauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === ';' && text[i + 1] === ' ') {
      out.push(text.slice(start, i));
      start = i + 2;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** At most `max` characters and an ellipsis, with the parentheses the cut left open closed again. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = `${text.slice(0, max)}…`;
  const open = (cut.match(/\(/g) ?? []).length - (cut.match(/\)/g) ?? []).length;
  return cut + ')'.repeat(Math.max(0, open));
}
