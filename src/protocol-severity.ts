// How loud a result is in Problems, and the words it starts with. Error: the path failed (refused, reset,
// timeout, TLS, DNS). Warning: something answered, and the answer is a policy or a state (WAF block, 401/403,
// 429, a redirect loop, a 5xx). Information: a finding on a URL that works.
import type { DiagnosisId } from './vocabulary/ids';
import type { Result } from './vocabulary/types';
import type { Severity } from './protocol';
import { fmtMs } from './vocabulary/text';

/** Ids that mean "the server (or proxy) answered, and said no". Everything else that fails is the path failing. */
const ANSWERED: ReadonlySet<DiagnosisId> = new Set<DiagnosisId>([
  'http.redirect-loop',
  'http.auth-required',
  'http.rate-limited',
  'http.waf-blocked',
  'http.upstream-failure',
  'http.client-error',
  'http.server-error',
  'proxy.auth-required',
  'proxy.denied',
]);

/** undefined: nothing to report (a healthy URL without findings). */
export function severityOf(r: Result): Severity | undefined {
  if (r.ok) return r.findings.length ? 'information' : undefined;
  return ANSWERED.has(r.id) ? 'warning' : 'error';
}

/** "Rate limited (429, retry after 30 s)": the knowledge title, then the facts a user acts on. */
export function headline(r: Result): string {
  const facts: string[] = [];
  const status = r.phases.find((p) => p.httpStatus !== undefined)?.httpStatus ?? r.rateLimit?.status;
  if (status !== undefined && !r.ok) facts.push(String(status));
  const retry = r.rateLimit?.retryAfterSec;
  if (retry !== undefined) facts.push(`retry after ${fmtMs(retry * 1000)}`);
  for (const f of r.findings) facts.push(f.startsWith('vendor:') ? f.slice('vendor:'.length) : f.replace(/-/g, ' '));
  const title = r.title || r.id;
  return facts.length ? `${title} (${facts.join(', ')})` : title;
}
