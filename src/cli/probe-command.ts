// conndoc probe [options] <url>...
import { redactLoose } from '../vocabulary/redact';
import { probeEach } from '../probe/schedule';
import { whyUnprobeable } from '../probe/validate';
import type { ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { exitCodeFor, jsonResultStream, orderedPrinter, summaryLine, tally } from './output';
import { echo } from './terminal-safe';
import { clearProgress, lifetimeProgress } from './lifetime-report';

export async function probeCommand(cmd: ParsedCommand): Promise<number> {
  const urls: string[] = [];
  let bad = 0;
  for (const url of cmd.positionals) {
    const why = whyUnprobeable(url);
    if (why) {
      process.stderr.write(`conndoc: ${echo(redactLoose(url))}: ${why}\n`);
      bad++;
    } else urls.push(url);
  }
  if (urls.length === 0) return 2;
  if (cmd.from.length) return (await import('./probe-from-command')).probeFromCommand(cmd, urls, bad);
  // Each result is written as it completes and then dropped: 100,000 URLs cost no more memory than ten.
  const json = cmd.json ? jsonResultStream('{\n  "results": [') : undefined;
  const print = json ? undefined : orderedPrinter(urls.length, undefined, cmd.verbose ? 'verbose' : 'full');
  const onProgress = cmd.probe.lifetime ? lifetimeProgress(process.stderr) : undefined;
  const counts = tally();
  const { interrupted } = await withInterrupt((signal) =>
    probeEach(urls, { ...cmd.probe, signal, onProgress }, (r, i) => {
      counts.add(r);
      if (json) json.add(r, i);
      else {
        if (onProgress) clearProgress(process.stderr);
        print?.(r, i);
      }
    }),
  );
  if (json) json.end();
  else if (counts.probed > 1) process.stdout.write(`${summaryLine(counts)}\n`);
  if (interrupted) return INTERRUPTED_EXIT;
  return bad ? 2 : exitCodeFor(counts);
}
