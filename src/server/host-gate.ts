// Politeness across probes: a host that answered 429 or 503 with Retry-After is not contacted again before that
// time by any command (the engine honours Retry-After between repeats of one probe; this covers the next probe).
import type { Result } from '../vocabulary/types';

/** Longer waits than this are capped: a wrong or hostile Retry-After must not block a host for days. */
const MAX_WAIT_MS = 60 * 60_000;

export class HostGate {
  private readonly until = new Map<string, number>();

  /** Records the host's Retry-After from this result, if it asked to be left alone. */
  note(host: string, r: Result, now = Date.now()): void {
    const status = r.rateLimit?.status ?? r.phases.find((p) => p.httpStatus !== undefined)?.httpStatus;
    const sec = r.rateLimit?.retryAfterSec;
    if (sec === undefined || sec <= 0 || (status !== 429 && status !== 503)) return;
    const t = now + Math.min(sec * 1000, MAX_WAIT_MS);
    if (t > (this.until.get(host) ?? 0)) this.until.set(host, t);
  }

  /** Epoch ms until which `host` must not be contacted, or undefined. */
  waiting(host: string, now = Date.now()): number | undefined {
    const t = this.until.get(host);
    if (t === undefined) return undefined;
    if (t <= now) {
      this.until.delete(host);
      return undefined;
    }
    return t;
  }
}
