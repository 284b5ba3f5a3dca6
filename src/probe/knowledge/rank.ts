// Ranks the likely culprits of one result: the entry's base scores, moved by this result's findings and evidence.
import type { Culprit, Result } from '../../vocabulary/types';
import type { CulpritHint, CulpritKind, Entry } from './entry';
import { FINDING_ENTRIES, FINDING_PENALTIES } from './entries-findings';
import { vendorKind } from './entries-vendors';
import { vendorByName, type Vendor } from './vendors';
import { CF_CHALLENGE_SOURCE } from '../ratelimit';

/** Resets and closes during or right after the handshake: where "a load balancer with no TLS back end" fits. */
const HANDSHAKE_FAILURES = new Set(['tls.reset', 'tls.closed', 'http.reset', 'http.closed']);

export function vendorsOf(r: Result): Vendor[] {
  return r.findings.flatMap((f) => {
    const v = f.startsWith('vendor:') ? vendorByName(f.slice('vendor:'.length)) : undefined;
    return v === undefined ? [] : [v];
  });
}

function evidenceFor(r: Result, finding: string): string | undefined {
  return r.evidence?.find((e) => e.finding === finding)?.detail;
}

/** A scored reason for a culprit kind; `evidence` when it comes from this result (a finding, a vendor, a header). */
type Contribution = CulpritHint & { evidence?: boolean };

/** Every piece of evidence in the result, as scored contributions to a culprit kind. */
function contributions(r: Result, entry: Entry): Contribution[] {
  const out: Contribution[] = [...entry.culprits];
  const findings = r.findings as string[];

  for (const f of findings) {
    const fe = FINDING_ENTRIES.find((e) => e.id === f);
    if (fe === undefined) continue;
    // The measured evidence goes with the finding's main culprit; the others keep their reason.
    // One piece of evidence is one clause: its own "; " would read as two reasons.
    const seen = evidenceFor(r, f)?.replace(/; /g, ', ');
    fe.culprits.forEach((c, i) => out.push({ ...c, why: seen !== undefined && i === 0 ? `${f}: ${seen}` : `${f}: ${c.why}`, evidence: true }));
    for (const [kind, score] of Object.entries(FINDING_PENALTIES[fe.id] ?? {})) {
      out.push({ kind: kind as CulpritKind, title: '', why: '', score: score ?? 0 });
    }
  }

  const vendors = vendorsOf(r);
  for (const v of vendors) {
    const seen = evidenceFor(r, `vendor:${v.name}`);
    // The first signature is enough to say why; the full list is in the finding's evidence.
    const first = seen?.split('; ')[0];
    out.push({ kind: vendorKind(v, r.id), title: v.label, why: `${v.label} fingerprint${first ? ` (${first})` : ''}`, score: 35, vendor: v.label, evidence: true });
  }

  // A load balancer that accepted the TCP handshake itself, then reset: no healthy back end to hand the TLS to.
  // Not when the name decides (sni-dependent): then the back ends are fine for other names.
  const lb = vendors.find((v) => v.roles.includes('load-balancer'));
  if (lb !== undefined && HANDSHAKE_FAILURES.has(r.id) && !findings.includes('sni-dependent')) {
    out.push({
      kind: 'load-balancer',
      title: `${lb.label} proxying the TCP handshake with no healthy TLS back end`,
      why: `${lb.label} in front, and the connection died right after the TCP handshake`,
      score: 45,
      evidence: true,
    });
  }

  const rl = r.rateLimit;
  if (rl !== undefined && rl.sources.length > 0 && !rl.sources.includes(CF_CHALLENGE_SOURCE)) {
    const limiter = vendors.find((v) => rl.sources.some((s) => s.startsWith(v.name)) || (v.name === 'envoy' && rl.sources.includes('x-envoy-ratelimited')));
    out.push({
      kind: 'rate-limiter',
      title: limiter ? `${limiter.label} rate limiting` : 'Rate limiter',
      why: `rate-limit evidence: ${describeRateLimit(rl)}`,
      score: limiter ? 65 : 50,
      evidence: true,
    });
  }
  return out;
}

export function describeRateLimit(rl: NonNullable<Result['rateLimit']>): string {
  const parts: string[] = [];
  if (rl.retryAfterSec !== undefined) parts.push(`retry after ${rl.retryAfterSec} s`);
  if (rl.remaining !== undefined) parts.push(`${rl.remaining}${rl.limit !== undefined ? ` of ${rl.limit}` : ''} left`);
  if (rl.resetSec !== undefined) parts.push(`resets in ${rl.resetSec} s`);
  if (rl.policy !== undefined) parts.push(`policy ${rl.policy}`);
  parts.push(`from ${rl.sources.join(', ')}`);
  return parts.join('; ');
}

/** At most this many reasons per culprit: the evidence that moved it most. */
const MAX_REASONS = 2;

/**
 * Culprits ranked for this result: contributions summed per kind, strongest first; kinds that net ≤ 0 drop out.
 * Each culprit's `why` is the one or two reasons that moved it — this result's evidence before the general
 * reason — and a reason a higher culprit already gave is not repeated.
 */
export function rankCulprits(r: Result, entry: Entry): Culprit[] {
  const byKind = new Map<CulpritKind, Contribution[]>();
  for (const c of contributions(r, entry)) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const ranked: (Culprit & { reasons: Contribution[] })[] = [];
  for (const [kind, list] of byKind) {
    const positive = list.filter((c) => c.score > 0).sort((a, b) => b.score - a.score);
    const score = list.reduce((sum, c) => sum + c.score, 0);
    if (positive.length === 0 || score <= 0) continue;
    // Name the vendor in the title when it is evidence for this kind but not already the title's subject.
    const vendor = positive.find((c) => c.vendor !== undefined)?.vendor;
    const top = positive[0].title;
    const title = vendor === undefined || top.includes(vendor) ? top : `${top} — ${vendor}`;
    const reasons = [...positive.filter((c) => c.evidence), ...positive.filter((c) => !c.evidence)];
    ranked.push({ kind, title, why: '', score, reasons });
  }
  // Stable on ties: the entry's own order decides.
  ranked.sort((a, b) => b.score - a.score);
  const given = new Set<string>();
  return ranked.map(({ reasons, ...c }) => {
    const fresh = [...new Set(reasons.map((x) => x.why))].filter((w) => w !== '' && !given.has(w));
    const why = fresh.slice(0, MAX_REASONS);
    why.forEach((w) => given.add(w));
    return { ...c, why: why.join('; ') };
  });
}
