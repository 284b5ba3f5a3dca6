// The measured facts of one result (bytes received, alert name and number, verify code, reset timing, who
// answered) and the verdict: one sentence from those facts and the top culprit, shown right under the headline
// on every surface (CLI, JSON `verdict`, hover, diagnostic, explanation page).
import type { PhaseResult, Result } from '../../vocabulary/types';
import { loopShape } from './redirect-shape';
import { vendorsOf } from './vendors-of';
import { clip } from '../../vocabulary/text';

/** TLS alert numbers (RFC 8446 §6, RFC 7301, RFC 6066): text shows `alert protocol_version (70)`. */
const ALERT_NUMBERS: Record<string, number> = {
  close_notify: 0, unexpected_message: 10, bad_record_mac: 20, record_overflow: 22, handshake_failure: 40,
  bad_certificate: 42, unsupported_certificate: 43, certificate_revoked: 44, certificate_expired: 45,
  certificate_unknown: 46, illegal_parameter: 47, unknown_ca: 48, access_denied: 49, decode_error: 50,
  decrypt_error: 51, protocol_version: 70, insufficient_security: 71, internal_error: 80,
  inappropriate_fallback: 86, user_canceled: 90, missing_extension: 109, unsupported_extension: 110,
  unrecognized_name: 112, bad_certificate_status_response: 113, unknown_psk_identity: 115,
  certificate_required: 116, no_application_protocol: 120,
};

export function alertLabel(alert: string): string {
  const n = ALERT_NUMBERS[alert];
  return n === undefined ? `alert ${alert}` : `alert ${alert} (${n})`;
}

/**
 * An OpenSSL error string (`…:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/…:SSL alert number 70\n`)
 * as a person reads it: `alert protocol_version (70)`. Other text comes back as one line. JSON keeps the raw string.
 */
export function readableError(text: string, alert?: string): string {
  const m = /SSL alert number (\d+)/.exec(text);
  if (m !== null) {
    const n = Number(m[1]);
    const name = alert ?? Object.entries(ALERT_NUMBERS).find(([, v]) => v === n)?.[0];
    return name === undefined ? `alert ${n}` : `alert ${name} (${n})`;
  }
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

const phase = (r: Result, name: PhaseResult['phase']): PhaseResult | undefined => r.phases.find((p) => p.phase === name);

/** Bytes a person can read, from the hex-escaped sample (`SSH-2.0-OpenSSH_9.2p1\r\n` → `SSH-2.0-OpenSSH_9.2p1`). */
function printable(escaped: string): string {
  return escaped.replace(/\\x[0-9a-f]{2}|\\[rnt]/gi, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** What this probe measured, one clause each, most telling first. */
export function measuredFacts(r: Result): string[] {
  const out: string[] = [];
  const tls = phase(r, 'tls');
  const response = phase(r, 'response');
  const addrs = (r.variants ?? []).filter((v) => v.variant.startsWith('address='));
  const used = phase(r, 'connect')?.remoteAddress;
  const bad = [...new Set([...(used !== undefined && r.findings.includes('address-dependent') ? [used] : []), ...addrs.filter((v) => v.id !== 'ok').map((v) => v.address)])];
  const good = addrs.filter((v) => v.id === 'ok').map((v) => v.address);
  const reset = r.resetTiming;
  if (bad.length && good.length) {
    const how = reset !== undefined && r.id === 'tls.reset' ? `resets the ClientHello ${reset.afterLastWriteMs.toFixed(0)} ms after it is sent` : `fails (${r.id})`;
    out.push(`${bad.join(', ')} ${how}; ${good.join(', ')} ${good.length > 1 ? 'work' : 'works'}`);
  } else if (reset !== undefined) {
    out.push(`RST ${reset.afterLastWriteMs.toFixed(1)} ms after our last bytes (TCP connect took ${reset.connectRttMs.toFixed(1)} ms)`);
  }
  for (const v of r.variants ?? []) {
    // The HTTP/1.1 retry of a failed HTTP/2 exchange is a request, not a handshake: say what it got when that
    // differed (h2-dependent; an ok retry always does).
    if (v.variant === 'http/1.1') {
      if (r.findings.includes('h2-dependent')) out.push(`over HTTP/1.1 the same request got ${v.detail ?? v.id}`);
    } else if (!v.variant.startsWith('address=') && v.id === 'ok') out.push(`the handshake completes with ${v.variant}`);
  }
  if (tls?.alert) out.push(`the server sent ${alertLabel(tls.alert)}${tls.note?.startsWith('alert read after') ? ' after our Finished' : ''}`);
  if (tls?.certError) {
    const leaf = tls.certificates?.[0];
    out.push(`verify code ${tls.certError}${leaf ? ` (leaf ${clip(leaf.subject, 60)}, issued by ${clip(leaf.issuer, 60)})` : ''}`);
  }
  const foreign = r.phases.find((p) => p.unexpectedBytes);
  if (foreign?.unexpectedBytes && foreign.errorCode === 'UND_ERR_HEADERS_OVERFLOW') {
    out.push(`the status line parsed ("${printable(foreign.unexpectedBytes).split(' ').slice(0, 3).join(' ')}"), then the header block passed the client's limit`);
  } else if (foreign?.unexpectedBytes) {
    out.push(`received bytes that are not ${foreign.phase === 'tls' ? 'TLS' : 'HTTP'}: "${printable(foreign.unexpectedBytes)}"`);
  }
  const loop = loopShape(r);
  if (loop) out.push(`the redirects loop ${loop.cycle}${loop.cookies.length ? ` (sets ${loop.cookies.slice(0, 3).join(', ')})` : ''}`);
  if (response?.httpStatus !== undefined && !r.ok) {
    const vendors = vendorsOf(r).map((v) => v.label);
    out.push(`HTTP ${response.httpStatus}${response.statusText ? ` ${response.statusText}` : ''}${vendors.length ? ` through ${vendors.join(', ')}` : ''}`);
  }
  if (r.rateLimit?.retryAfterSec !== undefined && !r.ok) out.push(`Retry-After: ${r.rateLimit.retryAfterSec}`);
  const client = r.evidence?.find((e) => e.finding === 'client-dependent');
  if (client) out.push(client.detail);
  return out;
}

/** One sentence: the decisive facts, then the most likely culprit. Undefined for a success. */
export function verdictOf(r: Result): string | undefined {
  if (r.ok) return undefined;
  const facts = measuredFacts(r).slice(0, 2);
  const top = r.culprits?.[0];
  const lead = facts.length ? facts.join('; ') : r.title;
  return top === undefined ? lead : `${lead} → ${top.title} (most likely)`;
}
