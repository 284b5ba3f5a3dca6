// Printing results in input order as they complete, human or JSON, keeping only what the summary needs.
import type { Result } from '../vocabulary/types';
import { formatReport, type ReportDepth } from './report';
import { painter, wantsColor } from './style';

/** What the summary line and the exit status need: counts, not results. */
export interface Tally {
  probed: number;
  failed: number;
}

export function tally(): Tally & { add(r: Result): void } {
  return {
    probed: 0,
    failed: 0,
    add(r) {
      this.probed++;
      if (!r.ok) this.failed++;
    },
  };
}

/**
 * Writes items in input order as they complete: an item that finishes early waits (as text, not as a
 * Result) only until every earlier one has been written.
 */
export function inOrder(write: (text: string, index: number) => void): (text: string, index: number) => void {
  const waiting = new Map<number, string>();
  let next = 0;
  return (text, index) => {
    waiting.set(index, text);
    while (waiting.has(next)) {
      const t = waiting.get(next)!;
      waiting.delete(next);
      write(t, next);
      next++;
    }
  };
}

/**
 * stdout writes coalesced per turn of the event loop: a pipe is written synchronously on Linux, one syscall
 * per result (and a full pipe blocks the probes behind it). Corking keeps every write, ours or anyone's, in
 * order; the uncork is one writev.
 */
let corked = false;
export function coalescedStdout(s: string): void {
  if (!corked) {
    corked = true;
    process.stdout.cork();
    setImmediate(uncork);
  }
  process.stdout.write(s);
}
function uncork(): void {
  if (!corked) return;
  corked = false;
  process.stdout.uncork();
}
// An exit before the next turn (an error, a second Ctrl-C) still writes what was printed.
process.once('exit', uncork);

/** Prints human reports in input order while later probes are still running. */
export function orderedPrinter(
  _total: number,
  heading?: (index: number) => string,
  depth: ReportDepth = 'full',
  write: (s: string) => void = coalescedStdout,
): (r: Result, index: number) => void {
  const paint = painter(wantsColor(process.stdout));
  const emit = inOrder((text) => write(text));
  return (r, index) => emit(`${heading ? `${heading(index)}\n` : ''}${formatReport(r, paint, depth)}\n\n`, index);
}

/**
 * JSON.stringify(value, null, 2) as it reads nested `depth` levels deep (every line after the first indented by
 * 2 × depth spaces): the value is stringified inside `depth` arrays and their brackets cut off, one native
 * pass where a replace over the text was a second (a third of the cost of writing 1,000 results).
 */
export function indentedJson(value: unknown, depth: number): string {
  let wrapped = value;
  let head = 0;
  let tail = 0;
  for (let level = 1; level <= depth; level++) {
    wrapped = [wrapped];
    head += 2 + 2 * level; // "[\n" and the indent of the level inside it
    tail += 2 + 2 * (level - 1); // "\n" and the indent of the level's "]"
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(head, text.length - tail);
}

/**
 * The contract's `"results": [Result, ...]` written one result at a time in input order, each as soon as it
 * and every earlier one are done: the document is valid JSON once `end()` ran, and nothing is kept.
 * `open` is what precedes the array (`{\n  "results": [` for probe).
 */
export function jsonResultStream(open: string, write: (s: string) => void = coalescedStdout): {
  add(r: Result, index: number): void;
  /** `tail`: more keys after "results" (`,\n  "toolchain": …`). */
  end(tail?: string): void;
} {
  let written = 0;
  let opened = false;
  const emit = inOrder((text) => {
    write(`${opened ? ',' : open}\n    ${text}`);
    opened = true;
    written++;
  });
  return {
    add(r, index) {
      emit(indentedJson(r, 2), index);
    },
    end(tail = '') {
      write(`${opened ? '\n  ' : open}]${tail}\n}\n`);
    },
  };
}

/** Counts of results already held (commands that keep few: why --probe, --from). */
function asTally(t: Tally | readonly Result[]): Tally {
  return 'probed' in t ? t : { probed: t.length, failed: t.filter((r) => !r.ok).length };
}

export function summaryLine(counts: Tally | readonly Result[]): string {
  const t = asTally(counts);
  const paint = painter(wantsColor(process.stdout));
  const text = `${t.probed} probed, ${t.probed - t.failed} ok, ${t.failed} failed`;
  return t.failed ? paint('red', text) : paint('green', text);
}

export function writeJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

export function exitCodeFor(counts: Tally | readonly Result[]): number {
  return asTally(counts).failed === 0 ? 0 : 1;
}
