// conndoc demo: start the fault lab, probe every lab URL with the options that reach it, print the reports, stop the lab.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startLab, type LabCase } from '../lab';
import { probeUrl } from '../probe/probe';
import type { Result } from '../vocabulary/types';
import type { ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { orderedPrinter, writeJson } from './output';
import { painter, wantsColor } from './style';

const PARALLEL = 4;

function runnable(c: LabCase): boolean {
  if (c.requires === 'root') return process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
  return true;
}

/**
 * Cases that need a network of their own (an unreachable route) run in a throwaway network namespace:
 * this same CLI, `probe --json`, inside `unshare --net` after the case's setup commands. Nothing on the host changes.
 */
function probeInNetns(c: LabCase, signal: AbortSignal): Promise<Result> {
  const setup = [...(c.netns ?? []), 'exec "$0" "$@"'].join(' && ');
  return new Promise((resolve, reject) => {
    execFile('unshare', ['--net', 'sh', '-c', setup, process.execPath, process.argv[1], 'probe', '--json', ...c.args, c.url],
      { signal, timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout) => {
        try {
          resolve((JSON.parse(stdout) as { results: Result[] }).results[0]);
        } catch {
          reject(new Error(`${c.name}: probe in a network namespace failed: ${err?.message ?? 'no output'}`));
        }
      });
  });
}

export async function demoCommand(cmd: ParsedCommand): Promise<number> {
  const paint = painter(wantsColor(process.stdout));
  const lab = await startLab();
  try {
    const cases = lab.cases.filter(runnable);
    if (!cmd.json) process.stdout.write(paint('bold', `Fault lab up: ${cases.length} cases on loopback. Probing each…\n\n`));
    const heading = (i: number): string => paint(['bold', 'blue'], `── ${cases[i].name}: ${cases[i].description}`);
    const print = cmd.json ? undefined : orderedPrinter(cases.length, heading, cmd.verbose ? 'verbose' : 'compact');
    const results: Result[] = new Array(cases.length);
    const { interrupted } = await withInterrupt(async (signal) => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < cases.length && !signal.aborted) {
          const i = next++;
          const c = cases[i];
          results[i] = c.requires === 'root' ? await probeInNetns(c, signal) : await probeUrl(c.url, { ...c.options, ...cmd.probe, signal });
          print?.(results[i], i);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
    });
    const rows = cases.map((c, i) => ({ c, r: results[i] })).filter((x) => x.r);
    const matches = (x: { c: LabCase; r: Result }): boolean =>
      x.r.id === x.c.expect.id && x.c.expect.findings.every((f) => x.r.findings.includes(f));
    if (cmd.json) {
      writeJson({ results: rows.map((x) => ({ case: x.c.name, expected: x.c.expect, ...x.r })) });
    } else {
      process.stdout.write(paint('bold', 'Summary (lab case → diagnosis)\n'));
      const w = Math.max(...rows.map((x) => x.c.name.length));
      for (const x of rows) {
        const ok = matches(x);
        const extra = x.r.findings.length ? paint('dim', ` [${x.r.findings.join(', ')}]`) : '';
        process.stdout.write(`  ${ok ? paint('green', '✓') : paint('red', '✗')} ${x.c.name.padEnd(w)}  ${x.r.id}${extra}${ok ? '' : paint('red', `  (expected ${x.c.expect.id})`)}\n`);
      }
      const good = rows.filter(matches).length;
      process.stdout.write(`\n${good} of ${rows.length} lab cases diagnosed as expected.\n`);
      if (!cmd.verbose) process.stdout.write(paint('dim', 'The full report of each case: conndoc demo --verbose.\n'));
    }
    if (interrupted) return INTERRUPTED_EXIT;
    return rows.every(matches) ? 0 : 1;
  } finally {
    await lab.close();
  }
}
