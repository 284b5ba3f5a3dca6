// The engine's options with every default filled in: what a probe actually runs with.
import type { ProbeOptions } from '../vocabulary/types';

export interface Settings extends ProbeOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxAddresses: number;
  maxRedirects: number;
  differential: boolean;
  env: Record<string, string | undefined>;
}

/** Settings settingsOf made: handed back in, they are used as they are (probeAll makes one for all its URLs). */
const complete = new WeakSet<object>();

export function settingsOf(opts: ProbeOptions): Settings {
  if (complete.has(opts)) return opts as Settings;
  const s: Settings = {
    ...opts,
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024,
    maxHeaderBytes: opts.maxHeaderBytes ?? 64 * 1024,
    maxAddresses: opts.maxAddresses ?? 8,
    maxRedirects: opts.maxRedirects ?? 10,
    differential: opts.differential ?? true,
    env: opts.env ?? process.env,
  };
  complete.add(s);
  return s;
}

/** The same settings listening on another signal (a probe's own child of the caller's). */
export function withSignal(opts: ProbeOptions, signal: AbortSignal): Settings {
  const s: Settings = { ...settingsOf(opts), signal };
  complete.add(s);
  return s;
}
