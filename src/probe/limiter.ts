// Per-host connection slots, shared by every connection a probe opens (differential ones included).
import { abortError } from './wire';

/** At most `perHost` connections in flight per host name. */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly perHost = 4) {}

  /** Resolves with a release function once a slot for `host` is free. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const key = host.toLowerCase();
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active.set(key, (this.active.get(key) ?? 0) + 1);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.release(key);
        });
      };
      const onAbort = (): void => {
        const q = this.waiting.get(key);
        const i = q?.indexOf(grant) ?? -1;
        if (q && i >= 0) q.splice(i, 1);
        reject(abortError());
      };
      if ((this.active.get(key) ?? 0) < this.perHost) return grant();
      signal?.addEventListener('abort', onAbort, { once: true });
      const q = this.waiting.get(key) ?? [];
      q.push(grant);
      this.waiting.set(key, q);
    });
  }

  private release(key: string): void {
    const n = (this.active.get(key) ?? 1) - 1;
    if (n > 0) this.active.set(key, n);
    else this.active.delete(key);
    const next = this.waiting.get(key)?.shift();
    if (this.waiting.get(key)?.length === 0) this.waiting.delete(key);
    next?.();
  }
}
