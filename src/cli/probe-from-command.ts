// conndoc probe --from <vantage>… <url>…: the same URLs from this machine and each vantage, compared.
import { probeAll } from '../probe/schedule';
import type { Result } from '../vocabulary/types';
import { compareVantages } from '../vantage/compare';
import { probeRemote } from '../vantage/remote';
import { VantageError, vantagesFrom, type Vantage } from '../vantage/spec';
import { UsageError, type ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { writeJson } from './output';
import { formatResult } from './report';
import { painter, wantsColor } from './style';
import { outsideText } from './terminal-safe';

export async function probeFromCommand(cmd: ParsedCommand, urls: string[], bad: number): Promise<number> {
  let vantages: Vantage[];
  try {
    vantages = vantagesFrom(cmd.from);
  } catch (e) {
    if (e instanceof VantageError) throw new UsageError(e.message);
    throw e;
  }
  let unusable = 0;
  const { value: byVantage, interrupted } = await withInterrupt((signal) =>
    Promise.all(
      vantages.map(async (v): Promise<[string, (Result | undefined)[]]> => {
        if (v.kind === 'local') return [v.label, await probeAll(urls, { ...cmd.probe, signal })];
        const out = await probeRemote(v, urls, cmd.probe, signal);
        // A note can quote the remote side's own error output: text from another machine.
        for (const note of out.notes) process.stderr.write(`conndoc: ${outsideText(note)}\n`);
        if (out.failed) unusable++;
        return [v.label, out.results];
      }),
    ),
  );
  const { results, comparisons } = compareVantages(urls, byVantage);
  if (cmd.json) writeJson({ results, comparisons });
  else {
    const paint = painter(wantsColor(process.stdout));
    for (const url of new Set(results.map((r) => r.url))) {
      for (const r of results.filter((x) => x.url === url)) {
        process.stdout.write(`${paint('bold', `from ${r.vantage}`)}\n${formatResult(r, paint)}\n\n`);
      }
      const c = comparisons.find((x) => x.url === url);
      if (c) process.stdout.write(`${paint('bold', 'compared:')} ${outsideText(c.detail)}\n\n`);
    }
  }
  if (interrupted) return INTERRUPTED_EXIT;
  if (bad) return 2;
  return unusable > 0 || results.some((r) => !r.ok) ? 1 : 0;
}
