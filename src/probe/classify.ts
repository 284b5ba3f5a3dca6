// Error + phase → exactly one diagnosis id (../../shared/diagnosis-ids.md), and HTTP status (+ fingerprint) → id.
import type { DiagnosisId, PhaseName } from '../vocabulary/ids';
import type { RateLimitInfo } from '../vocabulary/types';
import { looksLikeHttp, looksLikeTls } from './wire';
import { isRateLimitedResponse, isUpstreamFailure, isWafBlock, type Fingerprint } from './fingerprint';
import { GATEWAY_STATUSES } from './knowledge/vendor-status';
import { vendorByName } from './knowledge/vendors';

export interface FailureFacts {
  phase: PhaseName;
  code?: string;
  message?: string;
  /** TLS alert name received, e.g. "unrecognized_name". */
  alert?: string;
  /** The wire saw a RST / a clean FIN. */
  reset: boolean;
  fin: boolean;
  /** First bytes the peer sent at this layer (raw for tls, application bytes for http). */
  firstBytes?: Buffer;
  viaProxy: boolean;
  proxyStatus?: number;
  h2?: boolean;
}

const CERT_IDS: Record<string, DiagnosisId> = {
  CERT_HAS_EXPIRED: 'tls.cert-expired',
  CERT_NOT_YET_VALID: 'tls.cert-not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls.cert-hostname',
  HOSTNAME_MISMATCH: 'tls.cert-hostname',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls.cert-untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls.cert-untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tls.cert-untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls.cert-untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls.cert-untrusted',
  CERT_UNTRUSTED: 'tls.cert-untrusted',
  CERT_SIGNATURE_FAILURE: 'tls.cert-untrusted',
  CERT_REVOKED: 'tls.cert-untrusted',
  INVALID_CA: 'tls.cert-untrusted',
  CERT_CHAIN_TOO_LONG: 'tls.cert-untrusted',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'tls.cert-not-yet-valid',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'tls.cert-expired',
};

export function certErrorId(code: string | undefined): DiagnosisId | undefined {
  return code ? CERT_IDS[code] : undefined;
}

const ALERT_IDS: Record<string, DiagnosisId> = {
  protocol_version: 'tls.protocol-mismatch',
  handshake_failure: 'tls.handshake-failure',
  unrecognized_name: 'tls.sni-rejected',
  no_application_protocol: 'tls.alpn-rejected',
};

/** What the peer did when a phase failed, as one diagnosis id. */
export function classifyFailure(f: FailureFacts): DiagnosisId {
  const code = f.code ?? '';
  const timedOut = code === 'ETIMEDOUT' || code === 'ABORT_ERR';
  switch (f.phase) {
    case 'dns':
      if (code === 'ENOTFOUND') return 'dns.not-found';
      if (code === 'ENODATA') return 'dns.no-address';
      return 'dns.failure';
    case 'connect':
      if (f.viaProxy) return 'proxy.unreachable';
      if (code === 'ECONNREFUSED') return 'tcp.refused';
      if (timedOut) return 'tcp.timeout';
      return 'tcp.unreachable';
    case 'proxy':
      if (code === 'EPROXYSTATUS') return f.proxyStatus === 407 ? 'proxy.auth-required' : 'proxy.denied';
      return 'proxy.tunnel-failed';
    case 'tls': {
      const cert = certErrorId(code);
      if (cert) return cert;
      // Foreign bytes first: OpenSSL reports an SSH banner as a "wrong version number".
      if (f.firstBytes?.length && !looksLikeTls(f.firstBytes)) return 'tls.not-tls';
      if (f.alert) return ALERT_IDS[f.alert] ?? 'tls.handshake-failure';
      if (timedOut) return 'tls.timeout';
      if (f.reset) return 'tls.reset';
      if (f.fin) return 'tls.closed';
      if (/UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|WRONG_VERSION_NUMBER|VERSION_TOO_LOW|VERSION_TOO_HIGH/.test(code)) {
        return 'tls.protocol-mismatch';
      }
      if (code.startsWith('ERR_SSL')) return 'tls.handshake-failure';
      return code === 'ECONNRESET' ? 'tls.reset' : 'tls.closed';
    }
    case 'request':
    case 'response':
      if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT') return 'http.timeout';
      if (code.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW') return 'http.not-http';
      // Bytes that are not TLS records once the session is up: garbage written into the stream, not a close.
      if (/^ERR_SSL_(WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|ENCRYPTED_LENGTH_TOO_LONG|DECRYPTION_FAILED|BAD_RECORD_MAC|UNEXPECTED_RECORD)/.test(code)) {
        return 'http.not-http';
      }
      if (!f.h2 && f.firstBytes?.length && !looksLikeHttp(f.firstBytes)) return 'http.not-http';
      if (f.reset || code === 'ECONNRESET' || code === 'EPIPE') return 'http.reset';
      if (/ERR_HTTP2_(STREAM|SESSION)_ERROR|ERR_HTTP2_GOAWAY/.test(code)) return 'http.reset';
      return 'http.closed';
    case 'body':
      if (timedOut || code === 'UND_ERR_BODY_TIMEOUT') return 'http.body-timeout';
      return 'http.body-truncated';
  }
}

/** The fingerprint output the status classification needs (see fingerprint.ts). */
export interface FingerprintLike {
  vendors: { name: string; evidence: string }[];
  blockPage?: { vendor: string; signature: string };
  rateLimit?: RateLimitInfo;
}

const FRONT_ROLES = new Set(['waf', 'cdn', 'load-balancer', 'api-gateway']);
function isFrontLayer(vendor: string): boolean {
  return vendorByName(vendor)?.roles.some((r) => FRONT_ROLES.has(r)) ?? false;
}

export function classifyStatus(status: number, fp: FingerprintLike, scheme: string): DiagnosisId {
  if ((scheme === 'ws' || scheme === 'wss') && (status === 101 || status === 426)) return 'ok';
  if (status < 400) return 'ok';
  if (status === 401 || status === 407) return 'http.auth-required';
  const rl = fp.rateLimit;
  if (status === 429 || (status === 503 && rl?.retryAfterSec !== undefined) || rl?.remaining === 0) return 'http.rate-limited';
  if (status < 500) {
    if (fp.blockPage) return 'http.waf-blocked';
    // diagnosis-ids.md: a 403/406 from a fingerprinted security front (WAF, CDN, LB, gateway) is that layer's
    // refusal. A bare web server's 403 (nginx `deny`, file permissions) is the site's own answer: a client error.
    if ((status === 403 || status === 406) && fp.vendors.some((v) => isFrontLayer(v.name))) return 'http.waf-blocked';
    return 'http.client-error';
  }
  if (fp.blockPage && (status === 503 || status === 500)) return 'http.waf-blocked';
  if (GATEWAY_STATUSES.has(status)) return 'http.upstream-failure';
  return 'http.server-error';
}

/** The status decision, whole: classifyStatus, then what the fingerprint knows that the status alone does not. */
export function statusId(status: number, fp: Fingerprint, scheme: string): DiagnosisId {
  const id = classifyStatus(status, fp, scheme);
  if (id === 'ok' || id === 'http.auth-required') return id;
  // The fingerprint module knows vendor pages the status alone does not show.
  if (isRateLimitedResponse(status, fp)) return 'http.rate-limited';
  if (status >= 400 && isWafBlock(status, fp)) return 'http.waf-blocked';
  if (id === 'http.server-error' && isUpstreamFailure(status, fp)) return 'http.upstream-failure';
  return id;
}
