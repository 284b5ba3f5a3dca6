// Finds URLs in text exactly as url-rules.md R2–R9 say, in one left-to-right pass.
// Linear in the text: candidates are located with indexOf("://"), placeholder matches are memoised,
// and a candidate that is not reported is re-scanned only as far as its authority.
import { isIPv6 } from 'node:net';
import { capUrl } from '../vocabulary/url-limit';
import { MAX_SCHEME_LENGTH, SUPPORTED_SCHEMES } from '../vocabulary/schemes';

export interface HostPort {
  host: string;
  port?: number;
}

export interface FoundUrl {
  /** The URL as written, its password redacted (R7). */
  url: string;
  /** What to probe: the URL as written without its userinfo, so no secret leaves discovery. */
  probeUrl: string;
  /** 1-based; column counts code points (R2). */
  line: number;
  column: number;
  /** 0-based, in UTF-16 units from the line start: LSP's `character` (differs from column - 1 after an emoji). */
  character: number;
  /** UTF-16 offset of the first letter of the scheme in the text. */
  offset: number;
  /** UTF-16 length of the URL as written (before redaction). */
  length: number;
  /** Lower-case. */
  scheme: string;
  /** The first host as written (IP literals keep their brackets). */
  host: string;
  port?: number;
  /** Every host when the authority lists several (MongoDB replica sets). */
  hosts?: HostPort[];
}

const SCHEMES = new Set(SUPPORTED_SCHEMES);
const MAX_SCHEME = MAX_SCHEME_LENGTH; // "mongodb+srv"

// ASCII character classes, one bit each.
const ALNUM = 1; // letters and digits
const SCHEME = 2; // letters, digits, "+"
const URL = 4; // taken in by R4 without further thought (letters, digits, - . _ ~ : ! & * + = ; @)
const HOST = 8; // letters, digits, - . _ ~
const HEX = 16;
const WORD = 32; // letters, digits, _
const PRINTF_FLAG = 64; // - + # 0-9 .
const TRAILING = 128; // . , : ; ! ? *
const XML_NAME = 256; // letters, digits, _ . : -

const CLASS = new Uint16Array(128);
function mark(chars: string, bits: number): void {
  for (const ch of chars) CLASS[ch.charCodeAt(0)] |= bits;
}
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
mark(LETTERS + DIGITS, ALNUM | SCHEME | URL | HOST | WORD | XML_NAME);
mark('+', SCHEME | URL | PRINTF_FLAG);
mark('-._~:!&*=;@', URL);
mark('-._~', HOST);
mark(DIGITS + 'abcdefABCDEF', HEX);
mark('_', WORD);
mark('-#.' + DIGITS, PRINTF_FLAG);
mark('.,:;!?*', TRAILING);
mark('_.:-', XML_NAME);

const is = (c: number, bits: number): boolean => c < 128 && (CLASS[c] & bits) !== 0;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const LMN = /^[\p{L}\p{M}\p{N}]$/u;
const lmnCache = new Map<number, boolean>();
/** Non-ASCII letters, marks and digits (Unicode categories L, M, N). */
function isUnicodeLMN(cp: number): boolean {
  let v = lmnCache.get(cp);
  if (v === undefined) {
    v = LMN.test(String.fromCodePoint(cp));
    if (lmnCache.size < 4096) lmnCache.set(cp, v);
  }
  return v;
}

const NL = 10;
const enum Ch {
  Quote = 34, Dollar = 36, Percent = 37, Apos = 39, LParen = 40, RParen = 41, Comma = 44, Slash = 47,
  Colon = 58, Eq = 61, Question = 63, At = 64, LBracket = 91, RBracket = 93, LBrace = 123, RBrace = 125, Hash = 35,
}

/** Length of a scheme followed by "://" starting at `j`, or 0. The caller vouches for the character before `j`. */
function urlStartAt(text: string, j: number): number {
  let e = j;
  while (e < text.length && e - j <= MAX_SCHEME && is(text.charCodeAt(e), SCHEME)) e++;
  if (e === j || e - j > MAX_SCHEME || !text.startsWith('://', e)) return 0;
  return SCHEMES.has(text.slice(j, e).toLowerCase()) ? e - j : 0;
}

/**
 * Matches "{…}" / "(…)" on one line, counting nesting. Results are memoised per opening position and a
 * scan that resolves inner openings records them too, so every character is walked about once per text.
 */
class Matcher {
  /** Made on first use: most windows hold no placeholder. */
  private memo?: Map<number, number>;
  /** A search ran into the end of the text (not of a line): in an open window its answer is not final. */
  hitEnd = false;
  constructor(private readonly text: string, private readonly open: number, private readonly close: number) {}

  /** Index of the character closing the opening at `pos`, or -1 when unmatched on its line. */
  match(pos: number): number {
    const memo = (this.memo ??= new Map<number, number>());
    const known = memo.get(pos);
    if (known !== undefined) return known;
    const { text, open, close } = this;
    const stack = [pos];
    let i = pos + 1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (c === open) {
        const m = memo.get(i);
        if (m === undefined) stack.push(i);
        else if (m < 0) break; // an unmatched inner opening leaves every outer one unmatched too
        else i = m;
      } else if (c === close) {
        memo.set(stack.pop()!, i);
        if (stack.length === 0) return i;
      }
    }
    if (i >= text.length) this.hitEnd = true;
    for (const o of stack) memo.set(o, -1);
    return -1;
  }
}

/** Placeholder at `i` (R6): its end (exclusive); NONE when `$` is a plain character; END when the URL ends here. */
const NONE = -1;
const END = -2;

interface Scanner {
  text: string;
  braces: Matcher;
  parens: Matcher;
}

function placeholderEnd(sc: Scanner, i: number): number {
  const { text } = sc;
  const c = text.charCodeAt(i);
  if (c === Ch.LBrace) {
    const m = sc.braces.match(i);
    return m < 0 ? END : m + 1;
  }
  if (c === Ch.Dollar) {
    const d = text.charCodeAt(i + 1);
    if (d === Ch.LBrace || d === Ch.LParen) {
      const m = (d === Ch.LBrace ? sc.braces : sc.parens).match(i + 1);
      return m < 0 ? END : m + 1;
    }
    if (!is(d, WORD)) return NONE;
    let e = i + 2;
    while (is(text.charCodeAt(e), WORD)) e++;
    return e;
  }
  // "%" that is not an escape: printf style "%[(name)][flags/width]letter", else the URL ends.
  let e = i + 1;
  if (text.charCodeAt(e) === Ch.LParen) {
    // A name of at most 64 characters on the same line: the search stays bounded.
    let close = e + 1;
    while (close < text.length && close - e <= 64 && text.charCodeAt(close) !== Ch.RParen && text.charCodeAt(close) !== NL) close++;
    if (text.charCodeAt(close) !== Ch.RParen) return END;
    e = close + 1;
  }
  while (is(text.charCodeAt(e), PRINTF_FLAG)) e++;
  return isLetter(text.charCodeAt(e)) ? e + 1 : END;
}

/** A candidate being scanned from just after its "://". */
interface Scan {
  i: number;
  /** The URL ended at `i` (R4), or was cut there before a placeholder after the authority (R6). */
  done: boolean;
  brackets: number[];
  /** End of the authority (exclusive) once a "/", "?" or "#" outside placeholders was seen, else -1. */
  authEnd: number;
  /** The last "@" of the authority outside placeholders, or -1. */
  at: number;
  /** Placeholders inside the authority, as [start, end) pairs. */
  authPh: number[];
}

/**
 * R4 + R6: advance the candidate; with `authorityOnly`, stop just after the end of the authority; with
 * `limit`, stop (not done) once at or past it.
 */
function advance(sc: Scanner, st: Scan, authorityOnly: boolean, limit = Infinity): void {
  const { text } = sc;
  const n = text.length;
  let i = st.i;
  for (;;) {
    if (i >= n) break;
    if (i >= limit) {
      st.i = i;
      return;
    }
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (CLASS[c] & URL) {
        if (c === Ch.At && st.authEnd < 0) st.at = i;
        i++;
        continue;
      }
      if (c === Ch.Slash || c === Ch.Question || c === Ch.Hash) {
        i++;
        if (st.authEnd < 0) {
          st.authEnd = i - 1;
          if (authorityOnly) {
            st.i = i;
            return;
          }
        }
        continue;
      }
      if (c === Ch.Comma) {
        if (urlStartAt(text, i + 1)) break;
        i++;
        continue;
      }
      if (c === Ch.LParen || c === Ch.LBracket) {
        st.brackets.push(c);
        i++;
        continue;
      }
      if (c === Ch.RParen || c === Ch.RBracket) {
        if (st.brackets[st.brackets.length - 1] !== (c === Ch.RParen ? Ch.LParen : Ch.LBracket)) break;
        st.brackets.pop();
        i++;
        continue;
      }
      if (c === Ch.Percent && is(text.charCodeAt(i + 1), HEX) && is(text.charCodeAt(i + 2), HEX)) {
        i += 3;
        continue;
      }
      if (c === Ch.Dollar || c === Ch.LBrace || c === Ch.Percent) {
        if (st.authEnd >= 0) {
          // After the authority a placeholder ends the URL, closed or not: only whether one starts here
          // matters, so its end is not looked for (in a minified line that search ran to the line's end).
          const d = text.charCodeAt(i + 1);
          if (c === Ch.Dollar && d !== Ch.LBrace && d !== Ch.LParen && !is(d, WORD)) {
            i++;
            continue;
          }
          break;
        }
        const e = placeholderEnd(sc, i);
        if (e === NONE) {
          i++;
          continue;
        }
        if (e === END || st.authEnd >= 0) break; // after the authority the URL is cut before its first placeholder
        st.authPh.push(i, e);
        i = e;
        continue;
      }
      break;
    }
    const cp = text.codePointAt(i)!;
    if (!isUnicodeLMN(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  st.i = i;
  st.done = true;
}

/** End after removing trailing punctuation (R4). */
function stripTrailing(text: string, a: number, end: number): number {
  while (end > a && is(text.charCodeAt(end - 1), TRAILING)) end--;
  return end;
}

/** R5 + R6: the hosts of authority [hostStart, authEnd), or undefined when the candidate is not reported. */
function authorityHosts(text: string, st: Scan, hostStart: number, authEnd: number): HostPort[] | undefined {
  for (let r = 0; r < st.authPh.length; r += 2) if (st.authPh[r] >= hostStart) return undefined; // host or port unknown
  return parseHosts(text, hostStart, authEnd);
}

/** R5: the host[:port] list of [from, to), or undefined when any host or port is malformed. */
function parseHosts(text: string, from: number, to: number): HostPort[] | undefined {
  const hosts: HostPort[] = [];
  for (let p = from; ; p++) {
    let hostEnd: number;
    if (text.charCodeAt(p) === Ch.LBracket) {
      const close = text.indexOf(']', p);
      // An IPv6 literal, possibly with a zone ("%25eth0" as RFC 6874 writes it).
      if (close < 0 || close >= to || !isIPv6(text.slice(p + 1, close).replace('%25', '%'))) return undefined;
      hostEnd = close + 1;
    } else {
      // A non-empty run of letters, digits, - . _ ~ and non-ASCII L/M/N with at least one letter or digit.
      let alnum = false;
      for (hostEnd = p; hostEnd < to; hostEnd++) {
        const c = text.charCodeAt(hostEnd);
        if (c === Ch.Colon || c === Ch.Comma) break;
        if (c < 128) {
          if (!is(c, HOST)) return undefined;
          if (is(c, ALNUM)) alnum = true;
        } else {
          const cp = text.codePointAt(hostEnd)!;
          if (!isUnicodeLMN(cp)) return undefined;
          if (cp > 0xffff) hostEnd++;
          alnum = true;
        }
      }
      if (!alnum) return undefined;
    }
    const hp: HostPort = { host: text.slice(p, hostEnd) };
    p = hostEnd;
    if (p < to && text.charCodeAt(p) === Ch.Colon) {
      let port = 0;
      const digits = ++p;
      for (; p < to; p++) {
        const c = text.charCodeAt(p);
        if (c < 48 || c > 57) break;
        port = port * 10 + (c - 48);
      }
      if (p === digits) return undefined;
      hp.port = port;
    }
    hosts.push(hp);
    if (p >= to) return hosts;
    if (text.charCodeAt(p) !== Ch.Comma) return undefined;
  }
}

const inRanges = (ranges: number[], i: number): boolean => {
  for (let r = 0; r < ranges.length; r += 2) if (i >= ranges[r] && i < ranges[r + 1]) return true;
  return false;
};

// ---- R9: identifiers, not endpoints ----

const LOOKBACK = 256;

/** Index of the last non-whitespace character at or before `i`, looking back no further than `floor`. */
function skipSpaceBack(text: string, i: number, floor: number): number {
  while (i >= floor) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i--;
  }
  return i;
}

const NAMESPACE_ATTR = /^(?:xmlns(?::[A-Za-z_][\w.-]*)?|targetNamespace|namespace)$/;

/** The URL at `s` is the value of an xmlns / targetNamespace / namespace attribute, or of a $schema / $id key. */
function isIdentifierValue(text: string, s: number): boolean {
  const floor = Math.max(0, s - LOOKBACK);
  const q = text.charCodeAt(s - 1);
  const quoted = q === Ch.Quote || q === Ch.Apos;
  let r = skipSpaceBack(text, quoted ? s - 2 : s - 1, floor);
  const sep = text.charCodeAt(r);
  if (quoted && sep === Ch.Eq) {
    const e = skipSpaceBack(text, r - 1, floor) + 1;
    let b = e;
    while (b > floor && is(text.charCodeAt(b - 1), XML_NAME)) b--;
    if (NAMESPACE_ATTR.test(text.slice(b, e))) return true;
  }
  if (sep !== Ch.Colon && sep !== Ch.Eq) return false;
  r = skipSpaceBack(text, r - 1, floor);
  const kq = text.charCodeAt(r);
  if (kq === Ch.Quote || kq === Ch.Apos) r--;
  for (const key of ['$schema', '$id']) {
    const b = r - key.length + 1;
    if (b >= floor && text.startsWith(key, b)) {
      const before = b > 0 ? text.charCodeAt(b - 1) : 32;
      if (!is(before, WORD) && before !== Ch.Dollar) return true;
    }
  }
  return false;
}

const SCHEMA_LOCATION = 'schemaLocation';

/**
 * text.indexOf('schemaLocation', from), in a text or a file's bytes, several times faster on input without
 * it (most files): V8 and Node look for a needle under 7 characters with memchr on its first character, and
 * "L" is rare, while the whole name gets a Boyer-Moore-Horspool search (about 1 GB/s).
 */
export function indexOfSchemaLocation(text: string | Buffer, from: number): number {
  for (let i = text.indexOf('Locati', from + 6); i >= 0; i = text.indexOf('Locati', i + 1)) {
    const at = typeof text === 'string' ? text.startsWith(SCHEMA_LOCATION, i - 6) : text.toString('latin1', i - 6, i + 8) === SCHEMA_LOCATION;
    if (at) return i - 6;
  }
  return -1;
}

/**
 * Ranges [start, end) of the namespace members (1st, 3rd, …) of every prefixed `p:schemaLocation`
 * attribute value, which may span lines.
 */
function schemaLocationNamespaces(text: string): number[] {
  const out: number[] = [];
  const name = SCHEMA_LOCATION;
  for (let q = indexOfSchemaLocation(text, 0); q >= 0; q = indexOfSchemaLocation(text, q + name.length)) {
    if (text.charCodeAt(q - 1) !== Ch.Colon || !is(text.charCodeAt(q - 2), XML_NAME)) continue;
    let i = q + name.length;
    while (/\s/.test(text[i] ?? '')) i++;
    if (text.charCodeAt(i) !== Ch.Eq) continue;
    i++;
    while (/\s/.test(text[i] ?? '')) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") continue;
    let close = text.indexOf(quote, i + 1);
    if (close < 0) close = text.length;
    let member = 0;
    for (let j = i + 1; j < close;) {
      while (j < close && /\s/.test(text[j])) j++;
      if (j >= close) break;
      const start = j;
      while (j < close && !/\s/.test(text[j])) j++;
      if (member++ % 2 === 0) out.push(start, j);
    }
    q = close;
  }
  return out;
}

// ---- the pass ----

/** Every URL in `text` (a whole file or document), left to right. */
export function extractUrls(text: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  // A BOM is not part of the text (R1).
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  extractWindow(text, { offset: 0, line: 1, lineChars: -bom, from: bom, resume: bom, cut: false, open: false, ascii: false }, found);
  return found;
}

/**
 * Part of a longer text, so a file can be searched for "://" as bytes and decoded only around what it finds
 * (see extract-bytes.ts). Positions are the window's.
 */
export interface Window {
  /** Offset, line and column base of the window's first character in the whole text. */
  offset: number;
  line: number;
  /** Characters of its line before the window (-1 for a BOM at the start of the text). */
  lineChars: number;
  /** A "://" before this index was dealt with by an earlier window. */
  from: number;
  /** The pass's resume point (R8): no scheme may start before it. */
  resume: number;
  /** The text ends before the whole text does: the pass says where the next window takes over. */
  cut: boolean;
  /**
   * The text ends inside a line: a candidate that reads to its end is left for a longer window. (Nothing
   * reads past a line's end, so a window that ends with one decides every candidate in it.)
   */
  open: boolean;
  /** No character above 127, so no surrogates (the usual file). */
  ascii: boolean;
}

/** Where a pass over a cut window stopped: the "://" to start from again, and the resume point then. */
export interface WindowStop {
  k: number;
  resume: number;
}

/**
 * Characters a candidate may read past where its scan stopped (a scheme after a comma, a "%" escape,
 * a bounded "%(name)" placeholder): an open window stops at a candidate that comes this close to its end.
 */
const LOOKAHEAD = MAX_SCHEME + 72;
/** Characters a candidate reads before its "://": the scheme, the character before it and R9's look-back. */
export const WINDOW_LOOKBEHIND = LOOKBACK + MAX_SCHEME + 8;

/**
 * The one left-to-right pass over `text`, appending to `found`. Returns undefined when every candidate was
 * decided, or, in a cut window, the candidate at which a longer window must take over.
 */
export function extractWindow(text: string, w: Window, found: FoundUrl[]): WindowStop | undefined {
  const sc: Scanner = { text, braces: new Matcher(text, Ch.LBrace, Ch.RBrace), parens: new Matcher(text, Ch.LParen, Ch.RParen) };
  const namespaces = !w.cut && indexOfSchemaLocation(text, 0) >= 0 ? schemaLocationNamespaces(text) : [];
  let ns = 0;

  // Position bookkeeping, advanced monotonically.
  let line = w.line;
  let lineStart = -w.lineChars;
  let nextNl = text.indexOf('\n', Math.max(0, lineStart));
  let colPos = lineStart;
  let col = 1;
  // Without surrogates, code points and UTF-16 units are the same count (the usual case).
  const astral = !w.ascii && /[\ud800-\udfff]/.test(text);
  const locate = (s: number): void => {
    while (nextNl >= 0 && nextNl < s) {
      line++;
      lineStart = colPos = nextNl + 1;
      col = 1;
      nextNl = text.indexOf('\n', lineStart);
    }
    if (!astral) {
      col += s - colPos;
    } else {
      for (let p = colPos; p < s; p++) {
        const c = text.charCodeAt(p);
        // The low half of a surrogate pair is the same code point as the high half before it.
        if (!(c >= 0xdc00 && c <= 0xdfff && p > colPos && (text.charCodeAt(p - 1) & 0xfc00) === 0xd800)) col++;
      }
    }
    colPos = s;
  };
  const n = text.length;
  /** The candidate read up to (or near) the end of an open window, so its verdict is not final. */
  const unsure = (st: Scan): boolean => w.open && (st.i + LOOKAHEAD >= n || sc.braces.hitEnd || sc.parens.hitEnd);

  // One candidate's state, reset for each: a window in a dense file holds hundreds of candidates.
  const st: Scan = { i: 0, done: false, brackets: [], authEnd: -1, at: -1, authPh: [] };
  let resume = w.resume;
  for (let k = text.indexOf('://', Math.max(w.from, resume)); k >= 0; k = text.indexOf('://', Math.max(k + 1, resume))) {
    // R3: the scheme is the maximal run of letters, digits and "+" before "://".
    let s = k;
    while (s > 0 && k - s <= MAX_SCHEME && is(text.charCodeAt(s - 1), SCHEME)) s--;
    if (s === k || s < resume || (s > 0 && is(text.charCodeAt(s - 1), SCHEME))) continue;
    const scheme = text.slice(s, k).toLowerCase();
    if (!SCHEMES.has(scheme)) continue;

    const a = k + 3;
    st.i = a;
    st.done = false;
    // Setting an array's length is a runtime call; most candidates leave both empty.
    if (st.brackets.length) st.brackets.length = 0;
    if (st.authPh.length) st.authPh.length = 0;
    st.authEnd = st.at = -1;
    advance(sc, st, true);
    // A candidate whose authority is bad stops here, so it costs no more than its authority: R8 rescans
    // what follows. Only a "?" ending the authority may still be stripped as trailing punctuation, when
    // nothing but trailing punctuation follows it to the end of the URL; look no further than that.
    if (!st.done && !authorityHosts(text, st, st.at >= 0 ? st.at + 1 : a, st.authEnd)) {
      let j = st.authEnd + 1;
      if (text.charCodeAt(st.authEnd) === Ch.Question) while (is(text.charCodeAt(j), TRAILING)) j++;
      if (text.charCodeAt(st.authEnd) === Ch.Question) advance(sc, st, false, j + 1);
      if (!st.done) {
        if (unsure(st)) return { k, resume };
        resume = a; // R8: a candidate not reported resumes just after its "://"
        continue;
      }
    }
    if (!st.done) advance(sc, st, false);
    if (unsure(st)) return { k, resume };
    const end = stripTrailing(text, a, st.i);
    const authEnd = st.authEnd < 0 || st.authEnd > end ? end : st.authEnd;
    const { at, authPh } = st;
    const hostStart = at >= 0 ? at + 1 : a;
    const hosts = authorityHosts(text, st, hostStart, authEnd);
    if (!hosts) {
      resume = a;
      continue;
    }
    resume = end;

    while (ns < namespaces.length && namespaces[ns + 1] <= s) ns += 2;
    if ((ns < namespaces.length && namespaces[ns] <= s) || isIdentifierValue(text, s)) continue; // R9

    // R7: the password (after the first ":" of the userinfo outside placeholders) becomes ***.
    let url = text.slice(s, end);
    if (at >= 0) {
      for (let p = a; p < at; p++) {
        if (text.charCodeAt(p) === Ch.Colon && !inRanges(authPh, p)) {
          url = `${text.slice(s, p + 1)}***${text.slice(at, end)}`;
          break;
        }
      }
    }
    locate(s);
    const first = hosts[0];
    // Cut at the cap: a 50 MB "URL" is reported as too long, never copied whole into every output.
    const shown = capUrl(url);
    const item: FoundUrl = {
      url: shown,
      // Without userinfo, what is probed is what is shown.
      probeUrl: at >= 0 ? capUrl(text.slice(s, a) + text.slice(hostStart, end)) : shown,
      line,
      column: col,
      character: s - lineStart,
      offset: w.offset + s,
      length: end - s,
      scheme,
      host: first.host,
    };
    if (first.port !== undefined) item.port = first.port;
    if (hosts.length > 1) item.hosts = hosts;
    found.push(item);
  }
  return w.cut ? { k: Math.max(n - 2, resume), resume } : undefined;
}

/**
 * URLs on lines startLine..endLine (1-based, inclusive), positions relative to the whole text, so a
 * language server can re-scan only the lines an edit touched. A `p:schemaLocation` value that starts
 * above startLine is not seen, so rescan from the attribute when that matters.
 */
export function extractUrlsInRange(text: string, startLine: number, endLine: number): FoundUrl[] {
  let from = 0;
  for (let l = 1; l < startLine && from >= 0; l++) {
    const nl = text.indexOf('\n', from);
    from = nl < 0 ? -1 : nl + 1;
  }
  if (from < 0) return [];
  let to = from;
  for (let l = startLine; l <= endLine && to >= 0; l++) {
    const nl = text.indexOf('\n', to);
    to = nl < 0 ? -1 : nl + 1;
  }
  const slice = to < 0 ? text.slice(from) : text.slice(from, to);
  return extractUrls(slice).map((u) => ({ ...u, line: u.line + startLine - 1, offset: u.offset + from }));
}
