// A server chooses its status text, headers and body; a repository its file names and URLs; xargs feeds the
// command line from files. Printed raw, ESC/OSC sequences would drive the user's terminal (retitle it, clear
// it, write the clipboard) and bidi controls would reorder what is shown. Every byte from outside goes
// through terminalSafe before it reaches a terminal.
import { domainToASCII, domainToUnicode } from 'node:url';
import { redactText } from '../vocabulary/redact';
import type { Result } from '../vocabulary/types';

/**
 * C0 controls but tab and newline, DEL, C1 controls, every format character (Cf: bidi marks, embeddings,
 * overrides and isolates such as U+061C, U+200E/F, U+202A–202E, U+2066–2069; zero-width characters; BOM;
 * tags), and the line/paragraph separators.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/** The text with every unsafe character shown as a visible escape (`\x1b`, `\u202e`, `\u{e0041}`). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.codePointAt(0) ?? 0;
    if (n <= 0xff) return `\\x${n.toString(16).padStart(2, '0')}`;
    return n <= 0xffff ? `\\u${n.toString(16).padStart(4, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/**
 * Text from outside (a server, a file, another machine, a pasted message) as a report shows it: terminal-safe,
 * and with passwords and secret-looking query values in the URLs it quotes as `***`.
 */
export function outsideText(text: string): string {
  return terminalSafe(redactText(text));
}

/** Command-line or file text echoed in a one-line message: escaped, and cut to `max` characters. */
export function echo(text: string, max = 200): string {
  return terminalSafe(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * The URL with its host's other form beside it when the host is an internationalised name: `аpple.test`
 * (Cyrillic а) reads as apple.test, its punycode `xn--pple-43d.test` does not.
 */
export function withPunycode(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#[\]]+)/i.exec(url);
  if (!m) return url;
  const host = m[1];
  // eslint-disable-next-line no-control-regex
  const ascii = /[^\x00-\x7f]/.test(host) ? domainToASCII(host) : host;
  if (!ascii || !/(^|\.)xn--/i.test(ascii)) return url;
  const unicode = domainToUnicode(ascii) || host;
  return `${url} (${unicode} = ${ascii})`;
}

/**
 * A copy of the result for the human report: every string in it terminal-safe (JSON escapes by itself), and the
 * values of secret-looking query parameters in the URLs it quotes (`?api_key=…`, `&sig=…`) shown as `***`,
 * as in the editor: a report is pasted into tickets and CI logs.
 */
export function terminalSafeResult(r: Result): Result {
  return deepSafe(r) as Result;
}

function deepSafe(v: unknown): unknown {
  if (typeof v === 'string') return outsideText(v);
  if (Array.isArray(v)) return v.map(deepSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepSafe(x)]));
  return v;
}
