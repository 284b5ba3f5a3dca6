// A server chooses its status text, headers and body: printed raw, ESC/OSC sequences in them would drive the
// user's terminal (retitle it, clear it, write the clipboard). Everything a Result carries is shown escaped.
import type { Result } from '../vocabulary/types';

/** C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides/isolates that reorder what is shown. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every unsafe character shown as a visible escape (`\x1b`, `\u202e`). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of the result with every string in it terminal-safe (for the human report; JSON escapes by itself). */
export function terminalSafeResult(r: Result): Result {
  return deepSafe(r) as Result;
}

function deepSafe(v: unknown): unknown {
  if (typeof v === 'string') return terminalSafe(v);
  if (Array.isArray(v)) return v.map(deepSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepSafe(x)]));
  return v;
}
