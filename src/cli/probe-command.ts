// conndoc probe [options] <url>...
import { redactLoose } from '../vocabulary/redact';
import { probeAll } from '../probe/schedule';
import { whyUnprobeable } from '../probe/validate';
import type { ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { exitCodeFor, orderedPrinter, summaryLine, writeJson } from './output';

export async function probeCommand(cmd: ParsedCommand): Promise<number> {
  const urls: string[] = [];
  let bad = 0;
  for (const url of cmd.positionals) {
    const why = whyUnprobeable(url);
    if (why) {
      process.stderr.write(`conndoc: ${redactLoose(url)}: ${why}\n`);
      bad++;
    } else urls.push(url);
  }
  if (urls.length === 0) return 2;
  if (cmd.from.length) return (await import('./probe-from-command')).probeFromCommand(cmd, urls, bad);
  const print = cmd.json ? undefined : orderedPrinter(urls.length);
  const { value: results, interrupted } = await withInterrupt((signal) => probeAll(urls, { ...cmd.probe, signal }, print));
  if (cmd.json) writeJson({ results });
  else if (results.length > 1) process.stdout.write(`${summaryLine(results)}\n`);
  if (interrupted) return INTERRUPTED_EXIT;
  return bad ? 2 : exitCodeFor(results);
}
