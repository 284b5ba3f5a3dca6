// conndoc compare [--json] <results.json>...: the --json output of runs in different places (CI runners,
// offices, VPCs), merged by URL and compared as vantages. Each file's name (without .json) is its vantage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Result } from '../vocabulary/types';
import { compareVantages } from '../vantage/compare';
import { UsageError, type ParsedCommand } from './args';
import { writeJson } from './output';
import { painter, wantsColor } from './style';
import { outsideText, terminalSafe } from './terminal-safe';
import { redactSecrets } from '../vocabulary/redact';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

function load(file: string): Result[] {
  let doc: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_FILE_BYTES) throw new Error('too large');
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`compare: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`);
  }
  const results = (doc as { results?: unknown }).results;
  if (!Array.isArray(results) || results.some((r) => typeof (r as Result)?.url !== 'string' || typeof (r as Result)?.id !== 'string')) {
    throw new UsageError(`compare: ${file} is not conndoc --json output ({"results": [...]})`);
  }
  return results as Result[];
}

export function compareCommand(cmd: ParsedCommand): number {
  if (cmd.positionals.length < 2) throw new UsageError('compare needs at least two result files (conndoc probe/scan --json output)');
  const runs = cmd.positionals.map((f) => [path.basename(f).replace(/\.json$/i, ''), load(f)] as const);
  const labels = new Set(runs.map(([l]) => l));
  if (labels.size < runs.length) throw new UsageError('compare: two files have the same name; name each after its place (e.g. ubuntu-latest.json, office-vpn.json)');
  // A URL probed more than once in one run (scan results are per target already) counts once: its first result.
  const urls = [...new Set(runs.flatMap(([, rs]) => rs.map((r) => r.url)))];
  const byVantage = runs.map(([label, rs]): [string, (Result | undefined)[]] => [label, urls.map((u) => rs.find((r) => r.url === u))]);
  const { results, comparisons } = compareVantages(urls, byVantage);
  if (cmd.json) writeJson({ results, comparisons });
  else {
    const paint = painter(wantsColor(process.stdout));
    for (const c of comparisons) {
      const mark = c.verdict === 'ok-everywhere' ? paint('green', '✓') : c.verdict === 'fails-everywhere' ? paint('red', '✗') : paint('yellow', '≠');
      // Both come from result files, perhaps made on another machine: text from outside, shown as text.
      process.stdout.write(`${mark} ${paint('bold', terminalSafe(redactSecrets(c.url)))}\n  ${outsideText(c.detail)}\n`);
    }
  }
  return comparisons.every((c) => c.verdict === 'ok-everywhere') ? 0 : 1;
}
