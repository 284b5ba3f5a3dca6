// The tls phase: our own handshake over the TCP socket (through a tap that keeps the wire visible).
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import type { CertInfo, PhaseResult } from '../../vocabulary/types';
import { ProbeError, TapStream, bounded } from '../wire';

export interface TlsParams {
  /** Name to send as SNI; null = none. */
  sni: string | null;
  /** Name the certificate must cover (the URL host). */
  identity: string;
  alpn: string[];
  ca?: string[];
  maxVersion?: tls.SecureVersion;
  insecure?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

const contexts = new Map<string, tls.SecureContext>();

/** Building a context parses every root certificate: do it once per CA set and version cap. */
function secureContext(ca: string[] | undefined, maxVersion: tls.SecureVersion | undefined): tls.SecureContext {
  const key = `${maxVersion ?? ''}\0${(ca ?? []).join('\0')}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...(ca ?? [])], maxVersion });
    if (contexts.size > 32) contexts.clear();
    contexts.set(key, ctx);
  }
  return ctx;
}

/** A certificate the peer presented that we refuse (not with --insecure). */
export class CertificateError extends ProbeError {}

export async function tlsPhase(p: PhaseResult, raw: Socket, params: TlsParams): Promise<tls.TLSSocket> {
  p.sni = params.sni;
  p.alpnOffered = params.alpn;
  const socket = tls.connect({
    socket: new TapStream(raw),
    servername: params.sni ?? undefined,
    ALPNProtocols: params.alpn.length ? params.alpn : undefined,
    secureContext: secureContext(params.ca, params.maxVersion),
    rejectUnauthorized: false,
  });
  const handshake = new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => {
      socket.off('error', reject);
      socket.off('close', onClose);
      resolve();
    });
    const onClose = (): void => reject(new ProbeError('ECONNRESET', 'connection closed during the TLS handshake'));
    socket.once('error', reject);
    socket.once('close', onClose);
  });
  try {
    await bounded(handshake, params.timeoutMs, 'TLS handshake', params.signal, () => socket.destroy());
  } catch (e) {
    const alert = alertOf(e as Error);
    if (alert) p.alert = alert;
    socket.destroy();
    raw.destroy();
    throw e;
  }
  // After the handshake, node emits a TLS error (a corrupt record) without closing the socket, and undici waits
  // for the close: the probe would sit until its timer. Close it; undici's own error listener still sees why.
  socket.on('error', () => socket.destroy());
  p.tlsVersion = socket.getProtocol() ?? undefined;
  p.cipher = socket.getCipher()?.standardName ?? socket.getCipher()?.name;
  p.alpn = socket.alpnProtocol || null;
  p.certificates = chainOf(socket);
  const certError = verify(socket, params.identity);
  if (certError) {
    p.certError = certError;
    if (!params.insecure) {
      socket.destroy();
      throw new CertificateError(certError, `certificate rejected: ${certError}`);
    }
  }
  return socket;
}

function verify(socket: tls.TLSSocket, identity: string): string | undefined {
  if (!socket.authorized) {
    const e = socket.authorizationError as unknown;
    return typeof e === 'string' ? e : ((e as NodeJS.ErrnoException)?.code ?? String(e));
  }
  const leaf = socket.getPeerCertificate();
  const err = tls.checkServerIdentity(identity, leaf) as NodeJS.ErrnoException | undefined;
  return err ? (err.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID') : undefined;
}

/** The TLS alert name in an OpenSSL error, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION → protocol_version. */
export function alertOf(err: Error): string | undefined {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (/UNRECOGNIZED_NAME/.test(code) || /unrecognized name/i.test(err.message)) return 'unrecognized_name';
  const m = /ALERT_([A-Z_]+)$/.exec(code) ?? /alert ([a-z ]+?)(?::|$)/i.exec(err.message);
  return m ? m[1].trim().toLowerCase().replace(/ /g, '_') : undefined;
}

function chainOf(socket: tls.TLSSocket): CertInfo[] {
  const out: CertInfo[] = [];
  let cert = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (cert && cert.fingerprint256 && !seen.has(cert.fingerprint256) && out.length < 10) {
    seen.add(cert.fingerprint256);
    out.push({
      subject: dn(cert.subject),
      issuer: dn(cert.issuer),
      san: cert.subjectaltname ? cert.subjectaltname.split(', ') : [],
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
      fingerprint256: cert.fingerprint256,
      serialNumber: cert.serialNumber,
      selfSigned: dn(cert.subject) === dn(cert.issuer),
    });
    cert = cert.issuerCertificate;
  }
  return out;
}

function dn(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}
