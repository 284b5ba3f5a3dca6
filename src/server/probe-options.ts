// Settings from the client → the engine's options. The server process has no VS Code proxy patching,
// so proxy, no-proxy, CA and insecure come from here, never from what the editor does to its own requests.
import { readFileSync } from 'node:fs';
import type { ProbeOptions, ScheduleOptions } from '../vocabulary/types';
import type { Settings } from '../protocol';

export function probeOptions(s: Settings, signal?: AbortSignal): ProbeOptions & ScheduleOptions {
  const env: Record<string, string | undefined> = { ...process.env };
  if (s.noProxy.length) env.NO_PROXY = env.no_proxy = s.noProxy.join(',');
  return {
    timeoutMs: s.timeoutMs,
    repeat: s.repeat,
    resolve: s.resolve,
    ca: s.caFile ? [readCa(s.caFile)] : undefined,
    insecure: s.insecure,
    // '' = no proxy setting in VS Code: the engine then reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY from env.
    proxy: s.proxy ? s.proxy : undefined,
    env,
    concurrency: s.concurrency,
    perHost: s.perHost,
    signal,
  };
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`connectionDoctor.caFile: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
