// Short wording for the editor and the tree (pure: no vscode, unit-tested).
import type { DiagnosisId, Finding } from '../vocabulary/ids';
import { clock, fmtMs } from '../vocabulary/text';
import type { Result, UrlEntry } from '../protocol';
import { ageLabel } from '../protocol-age';

/** Few words per id, for a decoration after a URL; the knowledge title is the long form. */
const SHORT: Record<DiagnosisId, string> = {
  ok: 'OK',
  'dns.not-found': 'DNS: no such name',
  'dns.no-address': 'DNS: no address',
  'dns.failure': 'DNS failure',
  'tcp.refused': 'Connection refused',
  'tcp.timeout': 'Connect timeout',
  'tcp.unreachable': 'Network unreachable',
  'tcp.local-limit': 'Local resource limit',
  'proxy.unreachable': 'Proxy unreachable',
  'proxy.auth-required': 'Proxy auth required',
  'proxy.denied': 'Proxy denied',
  'proxy.tunnel-failed': 'Proxy tunnel failed',
  'tls.reset': 'TLS reset',
  'tls.closed': 'TLS closed',
  'tls.timeout': 'TLS timeout',
  'tls.not-tls': 'Not TLS',
  'tls.protocol-mismatch': 'TLS version mismatch',
  'tls.handshake-failure': 'TLS handshake failure',
  'tls.sni-rejected': 'TLS: SNI rejected',
  'tls.alpn-rejected': 'TLS: ALPN rejected',
  'tls.cert-expired': 'Certificate expired',
  'tls.cert-not-yet-valid': 'Certificate not yet valid',
  'tls.cert-hostname': 'Certificate name mismatch',
  'tls.cert-untrusted': 'Certificate untrusted',
  'tls.client-cert-required': 'TLS: client certificate required',
  'http.reset': 'HTTP reset',
  'http.closed': 'HTTP closed early',
  'http.timeout': 'HTTP timeout',
  'http.not-http': 'Not HTTP',
  'http.body-truncated': 'Body truncated',
  'http.body-timeout': 'Body timeout',
  'http.redirect-loop': 'Redirect loop',
  'http.upgrade-failed': 'WebSocket upgrade failed',
  'http.redirect-blocked': 'Redirect blocked',
  'http.auth-required': 'Auth required',
  'http.rate-limited': 'Rate limited',
  'http.waf-blocked': 'Blocked by WAF',
  'http.upstream-failure': 'Upstream failure',
  'http.client-error': 'Client error',
  'http.server-error': 'Server error',
};

const FINDING_LABEL: Record<string, string> = {
  'sni-dependent': 'SNI-dependent',
  'alpn-dependent': 'ALPN-dependent',
  'tls-version-dependent': 'TLS-version-dependent',
  'address-dependent': 'address-dependent',
  intermittent: 'intermittent',
  'rate-limit-suspected': 'rate limit suspected',
  'delayed-reset': 'delayed reset',
  'immediate-reset': 'immediate reset',
  'h2-dependent': 'HTTP/2-dependent',
  'idle-close': 'idle close',
  'reset-injected': 'reset injected',
};

export function shortTitle(id: DiagnosisId): string {
  return SHORT[id] ?? id;
}

export function findingLabel(f: Finding): string {
  return f.startsWith('vendor:') ? f.slice('vendor:'.length) : FINDING_LABEL[f] ?? f;
}


export function totalMs(r: Result): number {
  return r.totalMs ?? r.phases.reduce((t, p) => t + p.ms, 0);
}

/** The HTTP status, when the response phase got one. */
export function statusCode(r: Result): number | undefined {
  return r.phases.find((p) => p.httpStatus !== undefined)?.httpStatus;
}

/** `✓ 200 · 84 ms` / `✗ TLS reset (SNI-dependent)` / `… probing`. */
export function decorationText(e: UrlEntry): string {
  if (e.state === 'probing') return '… probing';
  const r = e.result;
  if (!r) return '';
  const age = e.restored ? ` · ${ageLabel(e.restored)}` : '';
  if (r.ok) {
    const status = statusCode(r);
    return `✓ ${status !== undefined ? `${status} · ` : ''}${fmtMs(totalMs(r))}${age}`;
  }
  const findings = r.findings.filter((f) => !f.startsWith('vendor:')).map(findingLabel);
  const vendor = r.findings.find((f) => f.startsWith('vendor:'));
  const extra = [...findings, ...(vendor ? [findingLabel(vendor)] : [])].slice(0, 2);
  return `✗ ${shortTitle(r.id)}${extra.length ? ` (${extra.join(', ')})` : ''}${age}`;
}

/**
 * A tree row's label, short enough to leave room for the description at the default sidebar width: the URL
 * without its scheme and credentials (`api.test:8443/v1`), only the path (`/v1`) under a host group that names
 * the host. The full redacted URL is in the row's tooltip.
 */
export function entryLabel(e: UrlEntry, by: 'file' | 'host' | 'status'): string {
  const rest = e.url.replace(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?/i, '');
  if (rest === e.url) return e.url;
  if (by === 'host') {
    const path = rest.replace(/^[^/?#]*/, '');
    return path === '' ? '/' : path;
  }
  return rest.replace(/^([^/?#]*)\/$/, '$1');
}

/** Tree description: `tls.reset · sni-dependent · 3 ms`. */
export function describe(e: UrlEntry): string {
  if (e.state === 'probing') return 'probing…';
  const r = e.result;
  if (!r) return e.waitingUntil ? `not probed · waiting until ${clock(e.waitingUntil)}` : e.cancelledDuring ? `cancelled during ${e.cancelledDuring}` : 'not probed';
  const status = r.ok ? statusCode(r) : undefined;
  const waiting = e.waitingUntil ? [`waiting until ${clock(e.waitingUntil)}`] : [];
  const age = e.restored ? [ageLabel(e.restored)] : [];
  return [r.ok ? `ok${status !== undefined ? ' ' + status : ''}` : r.id, ...r.findings, fmtMs(totalMs(r)), ...age, ...waiting].join(' · ');
}

export type Health = 'ok' | 'failed' | 'probing' | 'unprobed';

export function health(e: UrlEntry): Health {
  if (e.state === 'probing') return 'probing';
  if (!e.result) return 'unprobed';
  return e.result.ok ? 'ok' : 'failed';
}
