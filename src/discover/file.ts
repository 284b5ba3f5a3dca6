// One file, read once: R1's binary test, a byte cap, UTF-8 with replacement, then extraction.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, isAbsolute, relative, sep } from 'node:path';
import type { FoundUrl } from './extract';
import { extractUrlsFromBytes } from './extract-bytes';

export interface FileScan {
  urls: FoundUrl[];
  /** Why nothing was scanned (binary, unreadable, vanished, not a regular file). */
  skipped?: string;
  /** Why only part was scanned (the byte cap). */
  truncated?: string;
  bytes: number;
}

/** R1: a NUL byte in the first 8,000 bytes makes a file binary. */
const BINARY_PROBE = 8000;

let scratch = Buffer.allocUnsafe(1 << 20);

/**
 * Reads and extracts one file; never throws for an I/O error, which becomes `skipped`. With `onUrls` the URLs
 * go to it a window at a time (see extractUrlsFromBytes) and `urls` stays empty.
 */
export function scanFile(path: string, maxBytes: number, onUrls?: (urls: FoundUrl[]) => void): FileScan {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { urls: [], skipped: ioReason(e), bytes: 0 };
  }
  try {
    // Read until a short read, which for a regular file is its end: the walk already knows these are regular
    // files, and neither an fstat nor a read that returns 0 is paid per file (a fifth of the cost of
    // opening and reading 20,000 small files). Only a file that fills the buffer is stat'ed, for its size.
    let n = 0;
    let size = -1;
    for (;;) {
      const room = Math.min(scratch.length, maxBytes) - n;
      if (room === 0) {
        if (size < 0) {
          const st = fstatSync(fd);
          if (!st.isFile()) return { urls: [], skipped: 'not a regular file', bytes: 0 };
          size = st.size;
        }
        if (n >= maxBytes || n >= size) break;
        // One buffer per thread, grown to the largest file seen (at most maxBytes): no garbage per file.
        const grown = Buffer.allocUnsafe(Math.min(Math.max(size, n * 2), maxBytes));
        scratch.copy(grown, 0, 0, n);
        scratch = grown;
        continue;
      }
      const got = readSync(fd, scratch, n, room, n);
      n += got;
      if (got < room) break;
    }
    const buf = scratch.subarray(0, n);
    if (buf.subarray(0, BINARY_PROBE).indexOf(0) >= 0) return { urls: [], skipped: 'binary (NUL byte in the first 8000 bytes)', bytes: n };
    const truncated = size > maxBytes ? `truncated: scanned the first ${maxBytes} of ${size} bytes` : undefined;
    const urls = extractUrlsFromBytes(buf, undefined, onUrls);
    return truncated ? { urls, truncated, bytes: n } : { urls, bytes: n };
  } catch (e) {
    return { urls: [], skipped: ioReason(e), bytes: 0 };
  } finally {
    closeSync(fd);
  }
}

export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'vanished before it was read (ENOENT)';
    case 'EACCES': case 'EPERM': return `unreadable: permission denied (${code})`;
    case 'ELOOP': return 'symbolic link loop (ELOOP)';
    case 'EISDIR': return 'not a regular file';
    default: return `unreadable: ${code ?? (e as Error).message}`;
  }
}

/** How a file is shown: relative to the current directory, or absolute when outside it. */
export function displayPath(abs: string, cwd = process.cwd()): string {
  const r = relative(cwd, abs);
  if (!r) return basename(abs);
  return r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r) ? abs : r;
}

/**
 * The contract's scan entries of one file, `{"url","file","line","column"}` each (the same text as
 * JSON.stringify of that object), joined by `separator`: a worker sends text, not objects, so the main
 * thread has no per-URL work.
 */
export function urlsJson(urls: FoundUrl[], file: string, separator: string): string {
  const f = JSON.stringify(file);
  let out = '';
  for (let i = 0; i < urls.length; i++) {
    const u = urls[i];
    out += `${i ? separator : ''}{"url":${JSON.stringify(u.url)},"file":${f},"line":${u.line},"column":${u.column}}`;
  }
  return out;
}

/** A batch as the contract's JSON: one string for every URL of the batch, in order. */
export interface JsonBatch {
  /** The batch's entries joined by the separator ('' when none). */
  entries: string;
  urls: number;
  /** Per file: skipped/truncated reasons only (urls left empty). */
  files: FileScan[];
}

/** Text held before `flush` gets it: a file of a million URLs is written as it is read, not held whole. */
const FLUSH_CHARS = 1 << 20;

/**
 * Scans a batch of files into the contract's JSON, stopping early once `budget` bytes were read (the
 * caller scans the rest). URLs become text a window at a time: the URL strings are slices that keep their
 * window's text alive, and a file of a million URLs held as objects was a gigabyte. With `flush`, the text so far
 * goes to it whenever it passes FLUSH_CHARS (in order: what the batch returns comes after it).
 */
export function scanToJson(
  paths: string[],
  maxBytes: number,
  separator: string,
  budget = Infinity,
  flush?: (entries: string, urls: number) => void,
  /** URLs already written (by a thread that failed part-way through this batch): not written again. */
  skip = 0,
): JsonBatch {
  let parts: string[] = [];
  let chars = 0;
  const files: FileScan[] = [];
  let urls = 0;
  let read = 0;
  for (const p of paths) {
    if (read >= budget) break;
    let file: string | undefined;
    const s = scanFile(p, maxBytes, (all) => {
      const found = skip > 0 ? all.slice(Math.min(skip, all.length)) : all;
      skip -= all.length - found.length;
      if (found.length === 0) return;
      const text = urlsJson(found, (file ??= displayPath(p)), separator);
      parts.push(text);
      chars += text.length;
      urls += found.length;
      if (flush !== undefined && chars >= FLUSH_CHARS) {
        flush(parts.join(separator), urls);
        parts = [];
        chars = 0;
        urls = 0;
      }
    });
    read += s.bytes;
    files.push(s);
  }
  return { entries: parts.join(separator), urls, files };
}
