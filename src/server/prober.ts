// Runs probes for entries: one probe per distinct target, the engine's global and per-host limits,
// cancellation from the LSP request, results published as they arrive.
import type { CancellationToken } from 'vscode-languageserver';
import { probeAll } from '../probe/schedule';
import type { Result } from '../vocabulary/types';
import type { Settings, UrlEntry } from '../protocol';
import { probeOptions } from './probe-options';
import type { Located, Registry } from './registry';

export class Prober {
  constructor(
    private readonly registry: Registry,
    private readonly settings: () => Settings,
    private readonly publish: (uris: Iterable<string>, now?: boolean) => void,
    private readonly log: (msg: string) => void,
  ) {}

  async probe(locs: Located[], token?: CancellationToken, onDone?: (done: number, total: number) => void): Promise<UrlEntry[]> {
    const targets = [...new Set(locs.map((l) => l.found.probeUrl))];
    const ac = new AbortController();
    const sub = token?.onCancellationRequested(() => ac.abort());
    const opts = probeOptions(this.settings(), ac.signal);
    this.publish(this.registry.startProbing(targets));
    const open = new Set(targets);
    const t0 = performance.now();
    try {
      await probeAll(targets, opts, (r: Result, i: number) => {
        const target = targets[i];
        if (!open.delete(target)) return;
        // The engine has applied the knowledge base (title, explanation, culprits, confirm commands).
        this.publish(this.registry.finish(target, r), true);
        this.log(`${r.url} → ${r.id}${r.findings.length ? ' (' + r.findings.join(', ') + ')' : ''}${r.totalMs !== undefined ? ` in ${Math.round(r.totalMs)} ms` : ''}`);
        onDone?.(targets.length - open.size, targets.length);
      });
    } finally {
      sub?.dispose();
      // Cancelled or failed: whatever did not finish stops showing as "probing".
      for (const t of open) this.publish(this.registry.finish(t));
      if (targets.length > 1) this.log(`probed ${targets.length - open.size}/${targets.length} targets in ${Math.round(performance.now() - t0)} ms${ac.signal.aborted ? ' (cancelled)' : ''}`);
    }
    return locs.map((l) => this.registry.entry(l));
  }
}
