// `conndoc env [--json] [url]`: the environment report, redacted.
import { environmentReport, formatEnvReport } from '../probe/env/report';
import type { ParsedCommand } from './args';
import { UsageError } from './args';
import { redactLoose } from '../vocabulary/redact';
import { isHttpScheme } from '../vocabulary/schemes';
import { echo } from './terminal-safe';

const SAMPLE_URL = 'https://registry.npmjs.org/';

export async function envCommand(cmd: ParsedCommand): Promise<number> {
  const sampleUrl = cmd.positionals[0] ?? SAMPLE_URL;
  let scheme = '';
  try {
    scheme = new URL(sampleUrl).protocol.slice(0, -1);
  } catch {
    throw new UsageError(`env: '${echo(redactLoose(sampleUrl))}' is not a URL`);
  }
  // The sample is the URL whose proxy is resolved: `user:pw@host` parses as a URL of scheme "user:".
  if (!isHttpScheme(scheme)) throw new UsageError(`env: '${echo(redactLoose(sampleUrl))}' is not an http(s) or ws(s) URL`);
  const report = await environmentReport({ sampleUrl, env: process.env, proxy: cmd.probe.proxy, pac: cmd.probe.pac, ca: cmd.probe.ca });
  process.stdout.write(cmd.json ? `${JSON.stringify(report, null, 2)}\n` : formatEnvReport(report));
  return 0;
}
