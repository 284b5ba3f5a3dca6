// Many probes at once: global concurrency, a per-host limit shared by every connection a probe
// opens (differential ones included), and cancellation that leaves nothing running.
import { getMaxListeners, setMaxListeners } from 'node:events';
import { HostLimiter } from './limiter';
import { probeUrl } from './probe';
import { settingsOf } from './settings';
import type { ProbeOptions, Result, ScheduleOptions } from '../vocabulary/types';

/**
 * Probes every URL (`concurrency` at once, `perHost` per host) and returns results in input order.
 * After opts.signal aborts, probes in flight end within a second and nothing new starts: the
 * array then holds the results of the URLs that were started (a prefix of the input).
 */
export async function probeAll(
  urls: string[],
  opts: ProbeOptions & ScheduleOptions = {},
  onResult?: (r: Result, index: number) => void,
): Promise<Result[]> {
  const results: Result[] = [];
  await probeEach(urls, opts, (r, i) => {
    results[i] = r;
    onResult?.(r, i);
  });
  let started = 0;
  while (started < results.length && results[started] !== undefined) started++;
  return results.slice(0, started);
}

/**
 * Probes every URL and hands each result to `onResult` as it completes, keeping none: memory stays flat
 * however many URLs there are. When a probe finds this machine out of descriptors or ports
 * (tcp.local-limit), fewer probes run at once from then on (halved each time, down to one).
 */
export async function probeEach(
  urls: readonly string[],
  opts: ProbeOptions & ScheduleOptions,
  onResult: (r: Result, index: number) => void,
): Promise<void> {
  const limiter = new HostLimiter(Math.max(1, opts.perHost ?? 4));
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  // Every probe in flight listens on the one signal (a few listeners each, removed when done): not a leak,
  // so no MaxListenersExceededWarning on the user's terminal past 10; a real leak still outgrows this bound.
  if (opts.signal) setMaxListeners(Math.max(getMaxListeners(opts.signal), concurrency * 8 + 10), opts.signal);
  const settings = settingsOf(opts); // once for every URL, not per probe
  let allowed = concurrency;
  let running = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    running++;
    try {
      while (next < urls.length && !opts.signal?.aborted && running <= allowed) {
        const i = next++;
        const r = await probeUrl(urls[i], settings, limiter);
        if (r.id === 'tcp.local-limit' || r.attempts?.some((a) => a.id === 'tcp.local-limit')) allowed = Math.max(1, Math.floor(allowed / 2));
        onResult(r, i);
      }
    } finally {
      running--;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
}
