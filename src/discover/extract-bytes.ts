// URLs in a file's bytes: "://" is searched for in the bytes and only windows around what is found are
// decoded, so a 6 MB minified bundle never becomes one 6 MB string (allocating those, and the page faults
// that came with them, were most of the scan's decoding time). The results equal extractUrls on the decoded text.
import { isAscii } from 'node:buffer';
import { extractUrls, extractWindow, indexOfSchemaLocation, WINDOW_LOOKBEHIND, type FoundUrl } from './extract';

const SCHEME_SEP = Buffer.from('://');
/** A window's first size: its string stays below V8's large-object size, a cheap young-generation allocation. */
const WINDOW = 64 * 1024;
const NL = 10;
/** How far past a window's size its end may move to reach a line's end. */
const LINE_END_REACH = 4096;

/**
 * Every URL in a file's bytes (UTF-8, invalid sequences replaced), as extractUrls finds them in its text.
 * `window` is the first window's size (tests make it small, so that many URLs cross a window's end).
 * With `onUrls`, each window's URLs go to it as soon as they are decided and none are returned: a file of a
 * million URLs then never holds a million objects at once.
 */
export function extractUrlsFromBytes(buf: Buffer, window = WINDOW, onUrls?: (urls: FoundUrl[]) => void): FoundUrl[] {
  const all = extractFromBytes(buf, window, onUrls);
  if (onUrls === undefined || all.length === 0) return all;
  onUrls(all);
  return [];
}

function extractFromBytes(buf: Buffer, window: number, onUrls?: (urls: FoundUrl[]) => void): FoundUrl[] {
  let k = buf.indexOf(SCHEME_SEP);
  if (k < 0) return [];
  // Windows count one byte per character, so they need ASCII; R9's schemaLocation values may span lines.
  const ascii = isAscii(buf);
  if (!ascii || indexOfSchemaLocation(buf, 0) >= 0) return extractUrls(decode(buf, ascii));
  let found: FoundUrl[] = [];
  let resume = 0;
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  let size = window;
  // Each turn decides at least one candidate, or grows the window to its line's end, which decides them all.
  for (;;) {
    const w0 = Math.max(0, k - WINDOW_LOOKBEHIND);
    for (let nl = buf.indexOf(NL, counted); nl >= 0 && nl < w0; nl = buf.indexOf(NL, nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    counted = Math.max(counted, w0);
    // At least the candidate's own "://".
    let w1 = Math.min(buf.length, Math.max(w0 + size, k + 3));
    // Ending at a line's end decides every candidate in the window: stretch to one that is near.
    const nl = w1 < buf.length ? buf.indexOf(NL, w1 - 1) : -1;
    if (nl >= 0 && nl - w1 < LINE_END_REACH) w1 = nl + 1;
    const cut = w1 < buf.length;
    const open = cut && buf[w1 - 1] !== NL;
    const text = w1 - w0 <= WINDOW + LINE_END_REACH ? buf.toString('latin1', w0, w1) : decode(buf.subarray(w0, w1), true);
    const stop = extractWindow(text, { offset: w0, line, lineChars: w0 - lineStart, from: k - w0, resume: resume - w0, cut, open, ascii: true }, found);
    // Every URL a window pushed is decided (a stop leaves the undecided candidate to the next window).
    if (onUrls !== undefined && found.length > 0) {
      onUrls(found);
      found = [];
    }
    if (!stop) return found;
    const again = w0 + stop.k;
    resume = w0 + stop.resume;
    if (again <= k) {
      // Nothing decided: the candidate at k reads past the window, though not past its line's end, which
      // the next window reaches (one more string of the line's size, never a run of doubling ones).
      size = (nl >= 0 ? nl + 1 : buf.length) - w0;
      continue;
    }
    size = window;
    k = buf.indexOf(SCHEME_SEP, Math.max(again, resume));
    if (k < 0) return found;
  }
}

/**
 * UTF-8 with replacement; `ascii` is what isAscii said of the bytes. Plain ASCII decodes to the same text about
 * twice as fast; not above 512 KiB, where Node makes the text an external string that outlives its file by a
 * GC or two (the peak RSS grew by 60 MiB on the bench's minified bundles).
 */
const decode = (buf: Buffer, ascii: boolean): string => buf.toString(ascii && buf.length <= ASCII_FAST_MAX ? 'ascii' : 'utf8');
const ASCII_FAST_MAX = 512 * 1024;
