// The registry keeps LSP's default, UTF-16 positions; a client that negotiated UTF-8 or UTF-32 (positionEncoding,
// LSP 3.17) gets and sends its own units, converted here with the line's text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { PositionEncoding } from './client-profile';

/** Units of `enc` in the first `utf16` UTF-16 units of `line`. */
export function fromUtf16(line: string, utf16: number, enc: PositionEncoding): number {
  if (enc === 'utf-16') return utf16;
  let n = 0;
  for (const ch of line.slice(0, utf16)) n += enc === 'utf-32' ? 1 : Buffer.byteLength(ch);
  return n;
}

/** UTF-16 units in the first `units` units (of `enc`) of `line`. */
export function toUtf16(line: string, units: number, enc: PositionEncoding): number {
  if (enc === 'utf-16') return units;
  let i = 0;
  let n = 0;
  for (const ch of line) {
    const w = enc === 'utf-32' ? 1 : Buffer.byteLength(ch);
    if (n + w > units) break;
    n += w;
    i += ch.length;
  }
  return i;
}

/** Converts positions by their line's text: the open document's line, else the file's (read once, kept until forget). */
export class PositionConverter {
  private cache: { uri: string; lines: string[] } | undefined;
  constructor(
    readonly encoding: PositionEncoding,
    private readonly openLine: (uri: string, line: number) => string | undefined,
  ) {}

  out(uri: string, p: Position): Position {
    return this.encoding === 'utf-16' ? p : { line: p.line, character: fromUtf16(this.line(uri, p.line), p.character, this.encoding) };
  }

  outRange(uri: string, r: Range): Range {
    return this.encoding === 'utf-16' ? r : { start: this.out(uri, r.start), end: this.out(uri, r.end) };
  }

  in(uri: string, p: Position): Position {
    return this.encoding === 'utf-16' ? p : { line: p.line, character: toUtf16(this.line(uri, p.line), p.character, this.encoding) };
  }

  inRange(uri: string, r: Range): Range {
    return this.encoding === 'utf-16' ? r : { start: this.in(uri, r.start), end: this.in(uri, r.end) };
  }

  /** Files on disk may have changed (a new scan read them). */
  forget(): void {
    this.cache = undefined;
  }

  private line(uri: string, n: number): string {
    const open = this.openLine(uri, n);
    if (open !== undefined) return open;
    if (this.cache?.uri !== uri) this.cache = { uri, lines: readLines(uri) };
    return this.cache.lines[n] ?? '';
  }
}

function readLines(uri: string): string[] {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8').replace(/^\ufeff/, '').split('\n') : [];
  } catch {
    return [];
  }
}
