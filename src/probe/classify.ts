// Error + phase → exactly one diagnosis id (../../shared/diagnosis-ids.md), and HTTP status → id.
import type { DiagnosisId, PhaseName } from '../vocabulary/ids';
import type { RateLimitInfo } from '../vocabulary/types';
import { looksLikeHttp, looksLikeTls } from './wire';

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
  /** The server's handshake carried a CertificateRequest (seen in the clear up to TLS 1.2). */
  certificateRequested?: boolean;
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
  certificate_required: 'tls.client-cert-required',
};

/**
 * Alerts a server sends about the client's certificate. Read after the handshake (TLS 1.3 checks the client
 * certificate after the client's Finished) or right after a CertificateRequest, they mean "no or bad client cert".
 */
const CLIENT_CERT_ALERTS = new Set([
  'certificate_required', 'bad_certificate', 'unsupported_certificate', 'certificate_revoked', 'certificate_expired',
  'certificate_unknown', 'unknown_ca', 'access_denied', 'handshake_failure',
]);

/** The alert name in an OpenSSL error code, e.g. ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED → certificate_required. */
export function alertInCode(code: string): string | undefined {
  const m = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code);
  return m ? m[1].toLowerCase() : undefined;
}

/** diagnosis-ids.md: a fatal alert is classified by the alert, whenever it arrives. */
function alertId(alert: string, afterHandshake: boolean, certificateRequested: boolean): DiagnosisId {
  if ((afterHandshake || certificateRequested) && CLIENT_CERT_ALERTS.has(alert)) return 'tls.client-cert-required';
  return ALERT_IDS[alert] ?? 'tls.handshake-failure';
}

/** This machine ran out of descriptors, ports or buffers (tcp.local-limit). */
export function isLocalLimit(code: string | undefined): boolean {
  return code === 'EMFILE' || code === 'ENFILE' || code === 'EADDRNOTAVAIL' || code === 'ENOBUFS';
}

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
      // The client's own exhaustion, before a packet left: not the network's failure, proxy or not.
      if (isLocalLimit(code)) return 'tcp.local-limit';
      if (code === 'DESTINATION_BLOCKED') return 'http.redirect-blocked';
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
      if (f.alert) return alertId(f.alert, false, f.certificateRequested ?? false);
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
    case 'body': {
      // A TLS alert read after the client's Finished (TLS 1.3 certificate_required) is a TLS failure, not a close.
      const alert = f.alert ?? alertInCode(code);
      if (alert !== undefined) return alertId(alert, true, f.certificateRequested ?? false);
      if (f.phase === 'body') return timedOut || code === 'UND_ERR_BODY_TIMEOUT' ? 'http.body-timeout' : 'http.body-truncated';
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
    }
  }
}

/** The fingerprint output the status classification needs (see fingerprint.ts). */
export interface FingerprintLike {
  vendors: { name: string; evidence: string }[];
  blockPage?: { vendor: string; signature: string; weight?: number };
  rateLimit?: RateLimitInfo;
  upstreamFailure?: { vendor?: string; detail: string; page?: boolean };
}

const GATEWAY_CODES = new Set([502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 530]);

/** A vendor's rate-limit page (HAProxy 429 text, Cloudflare 1015…), not only headers. */
function rateLimitPage(fp: FingerprintLike): boolean {
  return fp.rateLimit?.sources.some((s) => s.includes('body')) ?? false;
}

/**
 * HTTP status + who answered → id, with diagnosis-ids.md's precedence: a gateway's own failure page beats
 * Retry-After (Varnish's stock 503 carries `Retry-After: 5`), and a 403 is a WAF block only with block evidence
 * (a CDN's fingerprint alone on a relayed origin 403 is the origin's answer: http.client-error + vendor finding).
 */
export function classifyStatus(status: number, fp: FingerprintLike, scheme: string): DiagnosisId {
  if ((scheme === 'ws' || scheme === 'wss') && (status === 101 || status === 426)) return 'ok';
  if (status < 400) return 'ok';
  if (status === 401 || status === 407) return 'http.auth-required';
  const rl = fp.rateLimit;
  if (status === 429) return 'http.rate-limited';
  if (status >= 500 && fp.upstreamFailure?.page === true) return 'http.upstream-failure';
  if (rl?.remaining === 0 || (status === 503 && rl?.retryAfterSec !== undefined) || rateLimitPage(fp)) return 'http.rate-limited';
  // Some WAFs (F5 ASM by default) serve their page with 200; below 400 we never get here, so any block evidence counts.
  if (fp.blockPage !== undefined && (status < 500 || status === 500 || status === 503)) return 'http.waf-blocked';
  if (status < 500) return 'http.client-error';
  if (GATEWAY_CODES.has(status) || fp.upstreamFailure !== undefined) return 'http.upstream-failure';
  return 'http.server-error';
}
