// Ranks the likely culprits of one result: the entry's base scores, moved by this result's findings, vendors and
// the evidence rules of rank-rules.ts, summed per culprit (not per kind: two culprits of one kind stay two).
import type { Culprit, Result } from '../../vocabulary/types';
import type { CulpritKind, Entry } from './entry';
import { FINDING_ENTRIES, FINDING_PENALTIES, findingCulpritFits } from './entries-findings';
import { vendorKind } from './entries-vendors';
import { DECISIVE_BONUS, DECISIVE_FINDINGS, RANK_RULES, type Contribution } from './rank-rules';
import { vendorsOf } from './vendors-of';
import { CF_CHALLENGE_SOURCE } from '../ratelimit';
import { distanceHints } from '../capture/ranking';
import { clauses } from '../../vocabulary/text';

export { vendorsOf } from './vendors-of';

/** Resets and closes during or right after the handshake: where "a load balancer with no TLS back end" fits. */
const HANDSHAKE_FAILURES = new Set(['tls.reset', 'tls.closed', 'http.reset', 'http.closed']);

function evidenceFor(r: Result, finding: string): string | undefined {
  return r.evidence?.find((e) => e.finding === finding)?.detail;
}

/** Every piece of evidence in the result, as scored contributions (the entry's own culprits excluded). */
function contributions(r: Result): Contribution[] {
  const out: Contribution[] = [];
  const findings = r.findings as string[];

  for (const f of findings) {
    const fe = FINDING_ENTRIES.find((e) => e.id === f);
    if (fe === undefined) continue;
    const decisive = DECISIVE_FINDINGS.includes(f);
    // The measured evidence goes with the finding's main culprit; the others keep their reason.
    // One piece of evidence is one clause: its own "; " would read as two reasons.
    const seen = evidenceFor(r, f)?.replace(/; /g, ', ');
    fe.culprits.forEach((c, i) =>
      findingCulpritFits(f, c.kind, r) && out.push({
        ...c,
        why: seen !== undefined && i === 0 ? `${f}: ${seen}` : `${f}: ${c.why}`,
        // A differential names its own conclusion; other findings strengthen the entry's culprit of that kind.
        score: c.score + (decisive ? DECISIVE_BONUS : 0),
        evidence: true,
        attach: !decisive,
      }),
    );
    for (const [kind, score] of Object.entries(FINDING_PENALTIES[fe.id] ?? {})) {
      out.push({ kind: kind as CulpritKind, title: '', why: '', score: score ?? 0 });
    }
  }

  // Packet evidence: where the reset's sender sits moves the ranking between your network and the server's side.
  out.push(...distanceHints(r).map((h) => ({ ...h, evidence: h.score > 0 })));

  const vendors = vendorsOf(r);
  // For a gateway failure the vendor is the messenger: the rule in rank-rules.ts blames what is behind it.
  if (r.id !== 'http.upstream-failure') {
    for (const v of vendors) {
      const seen = evidenceFor(r, `vendor:${v.name}`);
      // The first signature is enough to say why; the full list is in the finding's evidence.
      const first = seen === undefined ? undefined : clauses(seen)[0];
      out.push({ kind: vendorKind(v, r.id), title: v.label, why: `${v.label} fingerprint${first ? ` (${first})` : ''}`, score: 35, vendor: v.label, evidence: true, attach: true });
    }
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
      attach: true,
      retitle: true,
    });
  }

  const rl = r.rateLimit;
  // A gateway's failure page outranks its Retry-After (diagnosis-ids.md, Precedence): no rate limiter then.
  if (r.id !== 'http.upstream-failure' && rl !== undefined && rl.sources.length > 0 && !rl.sources.includes(CF_CHALLENGE_SOURCE)) {
    const limiter = vendors.find((v) => rl.sources.some((s) => s.startsWith(v.name)) || (v.name === 'envoy' && rl.sources.includes('x-envoy-ratelimited')));
    out.push({
      kind: 'rate-limiter',
      title: limiter ? `${limiter.label} rate limiting` : 'Rate limiter',
      why: `rate-limit evidence: ${describeRateLimit(rl)}`,
      score: limiter ? 65 : 50,
      evidence: true,
      attach: true,
    });
  }

  for (const rule of RANK_RULES) if (rule.when(r)) out.push(...rule.add(r));
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

interface Scored {
  kind: CulpritKind;
  title: string;
  score: number;
  reasons: Contribution[];
  vendor?: string;
  retitled?: boolean;
}

/**
 * Culprits ranked for this result: the entry's culprits, each summed with the evidence that attaches to it
 * (review D3: per culprit, not per kind), plus the culprits evidence names on its own; strongest first; a culprit
 * that nets ≤ 0 drops out. Each culprit's `why` is the one or two reasons that moved it — this result's evidence
 * before the general reason — and a reason a higher culprit already gave is not repeated.
 */
export function rankCulprits(r: Result, entry: Entry): Culprit[] {
  const all = contributions(r);
  const dropped = (c: { kind: CulpritKind; title: string }): boolean => all.some((d) => d.drop === true && d.kind === c.kind && d.title === c.title);
  const list: Scored[] = entry.culprits.filter((c) => !dropped(c)).map((c) => ({ kind: c.kind, title: c.title, score: c.score, reasons: [c] }));
  const penalties = new Map<CulpritKind, number>();
  for (const c of all) {
    if (c.drop === true) continue;
    if (c.title === '' && c.score <= 0) {
      penalties.set(c.kind, (penalties.get(c.kind) ?? 0) + c.score);
      continue;
    }
    const ofKind = list.filter((x) => x.kind === c.kind).sort((a, b) => b.score - a.score);
    const target = c.attach ? ofKind[0] : list.find((x) => x.kind === c.kind && x.title === c.title);
    if (target === undefined) {
      if (c.title !== '') list.push({ kind: c.kind, title: c.title, score: c.score, reasons: [c], vendor: c.vendor });
      continue;
    }
    target.score += c.score;
    target.reasons.push(c);
    target.vendor ??= c.vendor;
    if (c.retitle && c.title !== '' && !target.retitled) {
      target.title = c.title;
      target.retitled = true;
    }
  }
  for (const x of list) x.score += penalties.get(x.kind) ?? 0;
  const ranked = list.filter((x) => x.score > 0);
  // Stable on ties: the entry's own order decides.
  ranked.sort((a, b) => b.score - a.score);
  const given = new Set<string>();
  return ranked.map((x) => {
    // Name the vendor in the title when it is evidence for this culprit but not already the title's subject.
    const title = x.vendor === undefined || x.title.includes(x.vendor) ? x.title : `${x.title} — ${x.vendor}`;
    // A culprit with a vendor always names it in its title: its reason need not say the name again
    // ("— Cloudflare — Cloudflare fingerprint"). Another vendor's fingerprint on it keeps its name.
    const said = (why: string): string => (x.vendor !== undefined && why.startsWith(`${x.vendor} fingerprint`) ? why.slice(x.vendor.length + 1) : why);
    const positive = x.reasons.filter((c) => c.score > 0 && c.why !== '').map((c) => ({ ...c, why: said(c.why) })).sort((a, b) => b.score - a.score);
    const reasons = [...positive.filter((c) => c.evidence), ...positive.filter((c) => !c.evidence)];
    const fresh = [...new Set(reasons.map((c) => c.why))].filter((w) => !given.has(w));
    const why = fresh.slice(0, MAX_REASONS);
    why.forEach((w) => given.add(w));
    return { kind: x.kind, title, why: why.join('; '), score: x.score };
  });
}
