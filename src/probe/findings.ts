// Findings decided from one hop or from repeated attempts: vendors, reset timing, rate-limit evidence, intermittency.
// (The differential findings — sni-, alpn-, tls-version-, address-dependent — come from variant probes in differential.ts.)
import type { DiagnosisId, Finding } from '../vocabulary/ids';
import type { FindingEvidence, Result } from '../vocabulary/types';
import type { Fingerprint } from './fingerprint';

/** What one hop's findings are read from. */
export interface HopEvidence {
  id: DiagnosisId;
  status?: number;
  fp?: Fingerprint;
  resetTiming?: { afterLastWriteMs: number; connectRttMs: number };
}

/** `vendor:*`, immediate-reset / delayed-reset, and rate-limit-suspected from the limiter's own headers. */
export function hopFindings(hop: HopEvidence): { findings: Finding[]; evidence: FindingEvidence[] } {
  const findings: Finding[] = [];
  const evidence: FindingEvidence[] = [];
  for (const v of hop.fp?.vendors ?? []) {
    const f = `vendor:${v.name}` as Finding;
    findings.push(f);
    evidence.push({ finding: f, detail: v.evidence });
  }
  if (hop.resetTiming) {
    const { afterLastWriteMs: after, connectRttMs: rtt } = hop.resetTiming;
    const detail = `RST ${after.toFixed(1)} ms after our last bytes; TCP connect took ${rtt.toFixed(1)} ms`;
    if (after < Math.max(50, 10 * rtt)) {
      findings.push('immediate-reset');
      evidence.push({ finding: 'immediate-reset', detail });
    } else if (after >= 300 && after > 10 * rtt) {
      findings.push('delayed-reset');
      evidence.push({ finding: 'delayed-reset', detail });
    }
  }
  const rl = hop.fp?.rateLimit;
  if (rl && (rl.remaining === 0 || hop.id === 'http.rate-limited')) {
    // The limiter's own headers say this client is at (or past) its quota.
    findings.push('rate-limit-suspected');
    const said = [rl.remaining === 0 ? 'remaining 0' : '', rl.retryAfterSec !== undefined ? `retry after ${rl.retryAfterSec} s` : ''].filter(Boolean).join(', ');
    evidence.push({ finding: 'rate-limit-suspected', detail: `${said || `HTTP ${hop.status}`} (from ${rl.sources.join(', ') || 'the status'})` });
  }
  return { findings, evidence };
}

/** Across repeated attempts: intermittent (the outcomes differ) and rate-limit-suspected (passes, then failures). */
export function attemptFindings(attempts: Result[]): { findings: Finding[]; evidence: FindingEvidence[] } {
  const findings = new Set<Finding>(attempts.flatMap((a) => a.findings));
  const evidence: FindingEvidence[] = attempts.flatMap((a) => a.evidence ?? []);
  const outcomes = attempts.map((a) => a.id);
  if (new Set(outcomes).size > 1) {
    findings.add('intermittent');
    evidence.push({ finding: 'intermittent', detail: `${attempts.length} attempts gave ${outcomes.join(', ')}` });
  }
  const firstFail = attempts.findIndex((a) => !a.ok);
  const passThenFail = firstFail > 0 && attempts.slice(firstFail).every((a) => !a.ok);
  const limited = attempts.find((a) => a.id === 'http.rate-limited' || a.rateLimit?.remaining === 0);
  if (passThenFail || limited) {
    findings.add('rate-limit-suspected');
    evidence.push({
      finding: 'rate-limit-suspected',
      detail: passThenFail
        ? `the first ${firstFail} attempt(s) passed, the next ${attempts.length - firstFail} failed (${attempts[firstFail].id})`
        : `rate-limit headers: ${limited?.rateLimit?.sources.join(', ') || limited?.id}`,
    });
  }
  const dedup = evidence.filter((e, i) => evidence.findIndex((o) => o.finding === e.finding && o.detail === e.detail) === i);
  return { findings: [...findings], evidence: dedup };
}
