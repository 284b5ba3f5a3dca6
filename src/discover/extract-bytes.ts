// URLs in a file's bytes: "://" is searched for in the bytes and only windows around what is found are
// decoded, so a 6 MB minified bundle never becomes one 6 MB string (allocating those, and the page faults
// that came with them, were most of the scan's decoding time). The results equal extractUrls on the decoded text.
import { isAscii } from 'node:buffer';
import { extractUrls, extractWindow, WINDOW_LOOKBEHIND, type FoundUrl } from './extract';

const SCHEME_SEP = Buffer.from('://');
const SCHEMA_LOCATION = 'schemaLocation';
/** A rare part of it: a needle under 7 bytes is found with memchr on its first byte, five times faster on text without it. */
const LOCATI = Buffer.from('Locati');
/** A window's first size: its string stays below V8's large-object size, a cheap young-generation allocation. */
const WINDOW = 64 * 1024;
const NL = 10;

/**
 * Every URL in a file's bytes (UTF-8, invalid sequences replaced), as extractUrls finds them in its text.
 * `window` is the first window's size (tests make it small, so that many URLs cross a window's end).
 */
export function extractUrlsFromBytes(buf: Buffer, window = WINDOW): FoundUrl[] {
  let k = buf.indexOf(SCHEME_SEP);
  if (k < 0) return [];
  // Windows count one byte per character, so they need ASCII; R9's schemaLocation values may span lines.
  if (!isAscii(buf) || hasSchemaLocation(buf)) return extractUrls(decode(buf));
  const found: FoundUrl[] = [];
  let resume = 0;
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  let size = window;
  // Each turn decides at least one candidate or doubles the window, which stops being cut at the file's end.
  for (;;) {
    const w0 = Math.max(0, k - WINDOW_LOOKBEHIND);
    for (let nl = buf.indexOf(NL, counted); nl >= 0 && nl < w0; nl = buf.indexOf(NL, nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    counted = Math.max(counted, w0);
    const w1 = Math.min(buf.length, w0 + size);
    const cut = w1 < buf.length;
    const text = w1 - w0 <= WINDOW ? buf.toString('latin1', w0, w1) : decode(buf.subarray(w0, w1));
    const stop = extractWindow(text, { offset: w0, line, lineChars: w0 - lineStart, from: k - w0, resume: resume - w0, cut, ascii: true }, found);
    if (!stop) return found;
    const again = w0 + stop.k;
    resume = w0 + stop.resume;
    if (again <= k) {
      // Nothing decided: the candidate at k needs more text than the window holds.
      size *= 2;
      continue;
    }
    size = window;
    k = buf.indexOf(SCHEME_SEP, Math.max(again, resume));
    if (k < 0) return found;
  }
}

function hasSchemaLocation(buf: Buffer): boolean {
  for (let i = buf.indexOf(LOCATI, 6); i >= 0; i = buf.indexOf(LOCATI, i + 1)) if (buf.toString('latin1', i - 6, i + 8) === SCHEMA_LOCATION) return true;
  return false;
}

/**
 * UTF-8 with replacement. Plain ASCII decodes to the same text about twice as fast; not above 512 KiB,
 * where Node makes the text an external string that outlives its file by a GC or two (the peak RSS grew
 * by 60 MiB on the bench's minified bundles).
 */
export const decode = (buf: Buffer): string => buf.toString(buf.length <= ASCII_FAST_MAX && isAscii(buf) ? 'ascii' : 'utf8');
const ASCII_FAST_MAX = 512 * 1024;
