// The one diagnosis vocabulary (../shared/diagnosis-ids.md). Ids are public: never rename or reuse one.

export const PHASES = ['dns', 'connect', 'proxy', 'tls', 'request', 'response', 'body'] as const;
export type PhaseName = (typeof PHASES)[number];

export const DIAGNOSIS_IDS = [
  'ok',
  'dns.not-found',
  'dns.no-address',
  'dns.failure',
  'tcp.refused',
  'tcp.timeout',
  'tcp.unreachable',
  'proxy.unreachable',
  'proxy.auth-required',
  'proxy.denied',
  'proxy.tunnel-failed',
  'tls.reset',
  'tls.closed',
  'tls.timeout',
  'tls.not-tls',
  'tls.protocol-mismatch',
  'tls.handshake-failure',
  'tls.sni-rejected',
  'tls.alpn-rejected',
  'tls.cert-expired',
  'tls.cert-not-yet-valid',
  'tls.cert-hostname',
  'tls.cert-untrusted',
  'http.reset',
  'http.closed',
  'http.timeout',
  'http.not-http',
  'http.body-truncated',
  'http.body-timeout',
  'http.redirect-loop',
  'http.auth-required',
  'http.rate-limited',
  'http.waf-blocked',
  'http.upstream-failure',
  'http.client-error',
  'http.server-error',
] as const;
export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

/** The phase each id is observed in (diagnosis-ids.md). `http.reset` can be request or response; the result says which. */
export const ID_PHASE: Record<DiagnosisId, PhaseName | null> = {
  ok: null,
  'dns.not-found': 'dns',
  'dns.no-address': 'dns',
  'dns.failure': 'dns',
  'tcp.refused': 'connect',
  'tcp.timeout': 'connect',
  'tcp.unreachable': 'connect',
  'proxy.unreachable': 'connect',
  'proxy.auth-required': 'proxy',
  'proxy.denied': 'proxy',
  'proxy.tunnel-failed': 'proxy',
  'tls.reset': 'tls',
  'tls.closed': 'tls',
  'tls.timeout': 'tls',
  'tls.not-tls': 'tls',
  'tls.protocol-mismatch': 'tls',
  'tls.handshake-failure': 'tls',
  'tls.sni-rejected': 'tls',
  'tls.alpn-rejected': 'tls',
  'tls.cert-expired': 'tls',
  'tls.cert-not-yet-valid': 'tls',
  'tls.cert-hostname': 'tls',
  'tls.cert-untrusted': 'tls',
  'http.reset': 'response',
  'http.closed': 'response',
  'http.timeout': 'response',
  'http.not-http': 'response',
  'http.body-truncated': 'body',
  'http.body-timeout': 'body',
  'http.redirect-loop': 'response',
  'http.auth-required': 'response',
  'http.rate-limited': 'response',
  'http.waf-blocked': 'response',
  'http.upstream-failure': 'response',
  'http.client-error': 'response',
  'http.server-error': 'response',
};

export const FINDINGS = [
  'sni-dependent',
  'alpn-dependent',
  'tls-version-dependent',
  'address-dependent',
  'intermittent',
  'rate-limit-suspected',
  'delayed-reset',
  'immediate-reset',
  'vantage-dependent',
] as const;
/** A finding name: one of FINDINGS, or `vendor:<name>` in lowercase-hyphen form. */
export type Finding = (typeof FINDINGS)[number] | `vendor:${string}`;
/** One of FINDINGS (not a vendor finding). */
export type FindingName = (typeof FINDINGS)[number];

export const VENDORS = [
  'cloudflare', 'akamai', 'imperva', 'aws-cloudfront', 'aws-elb', 'aws-api-gateway', 'aws-waf',
  'azure-front-door', 'azure-app-gateway', 'google', 'fastly', 'f5', 'citrix', 'sucuri',
  'modsecurity', 'envoy', 'nginx', 'haproxy', 'traefik', 'vercel',
] as const;
export type VendorName = (typeof VENDORS)[number];

/** What has a knowledge entry: every diagnosis id, every finding, every fingerprinted vendor. */
export type KnowledgeId = DiagnosisId | FindingName | `vendor:${string}`;

export function isDiagnosisId(s: string): s is DiagnosisId {
  return (DIAGNOSIS_IDS as readonly string[]).includes(s);
}
