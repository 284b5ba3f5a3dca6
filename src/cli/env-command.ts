// `conndoc env [--json] [url]`: the environment report, redacted.
import { environmentReport, formatEnvReport } from '../probe/env/report';
import type { ParsedCommand } from './args';
import { UsageError } from './args';

const SAMPLE_URL = 'https://registry.npmjs.org/';

export async function envCommand(cmd: ParsedCommand): Promise<number> {
  const sampleUrl = cmd.positionals[0] ?? SAMPLE_URL;
  try {
    new URL(sampleUrl);
  } catch {
    throw new UsageError(`env: '${sampleUrl}' is not a URL`);
  }
  const report = await environmentReport({ sampleUrl, env: process.env, proxy: cmd.probe.proxy, pac: cmd.probe.pac, ca: cmd.probe.ca });
  process.stdout.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : formatEnvReport(report));
  return 0;
}
