// Runs probes for entries: one probe per distinct target, the engine's global and per-host limits,
// cancellation from the LSP request, results handed to the publisher as they arrive (it batches them).
import type { CancellationToken } from 'vscode-languageserver';
import { probeAll } from '../probe/schedule';
import type { ProbeOptions, Result } from '../vocabulary/types';
import type { Settings, UrlEntry } from '../protocol';
import { hostPort } from '../vocabulary/schemes';
import type { HostGate } from './host-gate';
import { probeOptions } from './probe-options';
import type { Publisher } from './publisher';
import type { Located, Registry } from './registry';

export class Prober {
  private readonly running = new Set<AbortController>();
  constructor(
    private readonly registry: Registry,
    private readonly settings: () => Settings,
    private readonly publisher: Publisher,
    private readonly gate: HostGate,
    private readonly log: (msg: string) => void,
  ) {}

  /** Clear Results: every probe in flight stops (and records nothing: the registry's epoch moved). */
  cancelAll(): void {
    for (const ac of this.running) ac.abort();
  }

  async probe(locs: Located[], token?: CancellationToken, onDone?: (done: number, total: number) => void, extra?: Pick<ProbeOptions, 'lifetime' | 'idleMaxSec' | 'onProgress'>): Promise<UrlEntry[]> {
    const hostOf = new Map(locs.map((l) => [l.found.probeUrl, hostPort(l.found)]));
    const all = [...hostOf.keys()];
    // A host still inside its Retry-After is not contacted (its entries say until when).
    const held = all.filter((t) => this.gate.waiting(hostOf.get(t)!) !== undefined);
    if (held.length) {
      this.publisher.targets(held);
      this.log(`not probing ${held.length} URL${held.length === 1 ? '' : 's'}: the host asked to wait (Retry-After)`);
    }
    const targets = all.filter((t) => !held.includes(t));
    const ac = new AbortController();
    const sub = token?.onCancellationRequested(() => ac.abort());
    this.running.add(ac);
    const opts = { ...probeOptions(this.settings(), ac.signal), ...extra };
    const epoch = this.registry.epoch;
    this.registry.startProbing(targets);
    this.publisher.targets(targets);
    const open = new Set(targets);
    const t0 = performance.now();
    try {
      await probeAll(targets, opts, (r: Result, i: number) => {
        const target = targets[i];
        if (!open.delete(target)) return;
        const cut = ac.signal.aborted ? cancelledPhase(r) : undefined;
        if (cut === null) open.add(target); // never contacted: ends as not probed, below
        else if (cut) this.registry.finish(target, { cancelledDuring: cut }, epoch);
        else {
          // The engine has applied the knowledge base (title, explanation, culprits, confirm commands).
          this.registry.finish(target, { result: r }, epoch);
          this.gate.note(hostOf.get(target)!, r);
          this.log(`${r.url} → ${r.id}${r.findings.length ? ' (' + r.findings.join(', ') + ')' : ''}${r.totalMs !== undefined ? ` in ${Math.round(r.totalMs)} ms` : ''}`);
        }
        this.publisher.targets([target]);
        onDone?.(targets.length - open.size, targets.length);
      });
    } finally {
      sub?.dispose();
      this.running.delete(ac);
      // Cancelled before contact or failed: whatever did not finish goes back to "not probed".
      for (const t of open) this.registry.finish(t);
      this.publisher.targets(open);
      this.publisher.flush();
      if (targets.length > 1) this.log(`probed ${targets.length - open.size}/${targets.length} targets in ${Math.round(performance.now() - t0)} ms${ac.signal.aborted ? ' (cancelled)' : ''}`);
    }
    return locs.map((l) => this.registry.entry(l));
  }
}

/**
 * A result that came back after cancellation: the phase it was cut in, null when the host was never contacted
 * (cut while resolving or waiting for a connection slot), undefined when it finished on its own.
 */
function cancelledPhase(r: Result): string | null | undefined {
  const cut = r.phases.find((p) => p.status === 'failed' && p.errorCode === 'ABORT_ERR');
  if (!cut) return undefined;
  if (cut.phase === 'dns' || (cut.phase === 'connect' && !cut.remoteAddress)) return null;
  return cut.phase;
}
