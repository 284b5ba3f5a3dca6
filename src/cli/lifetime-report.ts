// The lifetime block of the human report, and the progress line a long lifetime probe shows on a terminal.
import type { LifetimeProgress, LifetimeReport } from '../vocabulary/types';
import { wrap } from '../probe/knowledge/format';
import type { Paint } from './style';
import { outsideText, terminalSafe } from './terminal-safe';

export function formatLifetime(l: LifetimeReport, paint: Paint): string[] {
  const out = [`  ${paint('bold', 'lifetime:')} ${paint('dim', `${l.kind}, idle up to ${l.idleMaxSec} s, took ${l.elapsedSec} s of at most ~${l.plannedSec} s`)}`];
  if (l.keepAlive !== undefined) out.push(`    server announced   Keep-Alive: ${l.keepAlive}`);
  else if (l.kind === 'http' && !l.skipped) out.push('    server announced   nothing (no Keep-Alive header)');
  for (const s of l.steps) {
    const mark = s.outcome === 'closed' ? paint('yellow', '✗') : paint('green', '✓');
    const label = s.outcome === 'reused' ? `reused after ${s.idleSec} s idle` : s.outcome === 'held' ? `held ${s.idleSec} s` : `closed after ${s.idleSec} s`;
    out.push(`    ${mark} ${label.padEnd(24)} ${paint('dim', s.detail ?? '')}`.trimEnd());
  }
  out.push(...wrap(l.summary, '      ', '    → '));
  l.advice.forEach((a, i) => out.push(...wrap(a, '       ', `    ${i + 1}. `)));
  return out;
}

/**
 * Progress for long lifetime probes: each URL's planned duration once, then one rewritten line on a terminal
 * (`line: false` where another progress line owns the terminal: scan).
 */
export function lifetimeProgress(stream: NodeJS.WriteStream, opts: { line?: boolean } = {}): (p: LifetimeProgress) => void {
  const announced = new Set<string>();
  return (p) => {
    const who = outsideText(p.url ?? '');
    if (!announced.has(who)) {
      announced.add(who);
      stream.write(`${stream.isTTY ? '\r\x1b[K' : ''}conndoc: lifetime probe of ${who}: up to ~${p.plannedSec} s (Ctrl-C stops it)\n`);
    }
    if (stream.isTTY && opts.line !== false) stream.write(`\r\x1b[K  ${Math.round(p.elapsedSec)}/${p.plannedSec} s · ${terminalSafe(p.step)}`);
  };
}

/** Clears the progress line before the report is printed. */
export function clearProgress(stream: NodeJS.WriteStream): void {
  if (stream.isTTY) stream.write('\r\x1b[K');
}
