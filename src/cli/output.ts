// Printing results in input order as they complete, human or JSON.
import type { Result } from '../vocabulary/types';
import { formatResult } from './report';
import { painter, wantsColor } from './style';

/** Prints human reports in input order while later probes are still running. */
export function orderedPrinter(
  total: number,
  heading?: (index: number) => string,
  write: (s: string) => void = (s) => process.stdout.write(s),
): (r: Result, index: number) => void {
  const paint = painter(wantsColor(process.stdout));
  const done = new Map<number, Result>();
  let next = 0;
  return (r, index) => {
    done.set(index, r);
    while (done.has(next) && next < total) {
      write(`${heading ? `${heading(next)}\n` : ''}${formatResult(done.get(next)!, paint)}\n\n`);
      done.delete(next);
      next++;
    }
  };
}

export function summaryLine(results: readonly Result[]): string {
  const failed = results.filter((r) => !r.ok).length;
  const paint = painter(wantsColor(process.stdout));
  const text = `${results.length} probed, ${results.length - failed} ok, ${failed} failed`;
  return failed ? paint('red', text) : paint('green', text);
}

export function writeJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

export function exitCodeFor(results: readonly Result[]): number {
  return results.every((r) => r.ok) ? 0 : 1;
}
