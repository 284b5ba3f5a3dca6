// One scrape's probe: the target and each redirect hop admitted by the module's policy before it is contacted.
// The engine is told not to follow redirects; this loop follows them so every Location is checked first.
import { probeUrl } from '../probe/probe';
import { redactUrl } from '../vocabulary/redact';
import type { HostLimiter } from '../probe/limiter';
import type { ProbeOptions, Result } from '../vocabulary/types';
import type { Module } from './modules';
import { admit } from './policy';

export interface ProbeRun {
  /** One Result per hop, the target first. */
  hops: Result[];
  /** The first hop's pinned lookup, when the module's CIDRs made us resolve before probing. */
  lookupMs: number[];
  /** Why the target or a redirect hop was refused (nothing was sent to it). */
  denied?: string;
  /** The hop whose redirect was refused, or the loop that ended the chain. */
  redirectProblem?: string;
  seconds: number;
}

export async function runProbe(url: string, mod: Module, limiter: HostLimiter, signal: AbortSignal): Promise<ProbeRun> {
  const started = performance.now();
  const run: ProbeRun = { hops: [], lookupMs: [], seconds: 0 };
  const seen = new Set<string>();
  let current = url;
  for (let hop = 0; hop <= mod.maxRedirects && !signal.aborted; hop++) {
    const verdict = await admit(current, mod.allow, mod.timeoutMs, signal);
    if (!verdict.ok) {
      if (hop === 0) run.denied = verdict.reason;
      else run.redirectProblem = `redirect to ${redactUrl(current)} refused: ${verdict.reason}`;
      break;
    }
    seen.add(current);
    const opts: ProbeOptions = {
      timeoutMs: mod.timeoutMs,
      repeat: mod.repeat,
      insecure: mod.insecure,
      maxRedirects: 0,
      signal,
    };
    if (mod.proxy !== undefined) opts.proxy = mod.proxy;
    if (mod.ca) opts.ca = mod.ca;
    const pin = verdict.admitted.pinned;
    if (pin) {
      opts.resolve = { [pin.key]: pin.addresses };
      run.lookupMs.push(pin.lookupMs);
    }
    const r = await probeUrl(current, opts, limiter);
    run.hops.push(r);
    const next = redirectOf(r, current);
    if (!next) break;
    if (seen.has(next)) {
      run.redirectProblem = `redirect loop: ${redactUrl(next)} again`;
      break;
    }
    if (hop === mod.maxRedirects) run.redirectProblem = `more than ${mod.maxRedirects} redirects`;
    current = next;
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function redirectOf(r: Result, base: string): string | undefined {
  const response = r.phases.find((p) => p.phase === 'response');
  const status = response?.httpStatus;
  if (!r.ok || status === undefined || status < 300 || status >= 400) return undefined;
  const location = response?.headers?.location;
  const value = Array.isArray(location) ? location[0] : location;
  if (!value) return undefined;
  try {
    const next = new URL(value, base);
    next.hash = '';
    return next.href;
  } catch {
    return undefined;
  }
}
