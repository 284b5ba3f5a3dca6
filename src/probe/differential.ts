// Variant probes that narrow a cause: the same address with another SNI, ALPN offer or TLS version
// range, and every resolved address, each a fresh connection through the same per-host limiter.
import { isIP } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { classifyFailure } from './classify';
import type { DiagnosisId } from '../vocabulary/ids';
import { connectPhase } from './phases/connect';
import { tlsPhase } from './phases/tls';
import { defaultProxyPort, proxyPhase } from './proxy/transport';
import type { HostLimiter } from './limiter';
import type { Settings } from './settings';
import type { Target } from './target';
import type { FindingEvidence, PhaseResult, ResolvedAddress, VariantProbe } from '../vocabulary/types';
import { Wire, now, sleep, watchSocket } from './wire';

/** What the main probe's hop tells the variants. */
export interface HopSummary {
  id: DiagnosisId;
  addresses: ResolvedAddress[];
  /** Addresses the connect phase tried and gave up on before the one used. */
  tried: { address: string; id: DiagnosisId; ms: number }[];
  usedAddress?: string;
  port: number;
  viaProxy: boolean;
  /** The proxy the hop went through: the variants tunnel through it too. */
  proxy?: URL;
  /** The main probe got through TLS (or through connect, without TLS). */
  handshakeOk?: boolean;
  connectMs?: number;
  wire?: Wire;
}

const DECOY_SNI = 'conndoc-decoy.invalid';
const SPACING_MS = 50;
/**
 * After an immediate reset the variants go out slower: a burst of handshakes from one client is what SYN-flood and
 * rate-based protection count, and the probe must not trip the very thing it diagnoses (seed 000).
 */
const AFTER_RESET_SPACING_MS = 250;
/** Handshake failures worth re-trying with variants (certificate verdicts are not). */
const TLS_VARIANT_IDS = new Set<DiagnosisId>([
  'tls.reset', 'tls.closed', 'tls.timeout', 'tls.protocol-mismatch', 'tls.handshake-failure', 'tls.sni-rejected', 'tls.alpn-rejected',
]);

interface Job {
  variant: string;
  address: string;
  sni: string | null;
  alpn: string[];
  maxVersion?: SecureVersion;
  /** Certificate verdicts count (address checks); a decoy SNI is expected to mismatch. */
  verify: boolean;
}

export async function runDifferential(
  hop: HopSummary,
  t: Target,
  s: Settings,
  limiter?: HostLimiter,
): Promise<{ variants: VariantProbe[]; evidence: FindingEvidence[] }> {
  const evidence: FindingEvidence[] = [];
  if (!hop.usedAddress || (hop.viaProxy && !hop.proxy)) return { variants: [], evidence };
  const sni = isIP(t.host) ? null : t.host;
  const alpn = t.kind === 'http' ? ['h2', 'http/1.1'] : [];
  const jobs: Job[] = [];
  const at = hop.usedAddress;
  if (t.tls && TLS_VARIANT_IDS.has(hop.id)) {
    if (sni) {
      jobs.push({ variant: 'sni=none', address: at, sni: null, alpn, verify: false });
      jobs.push({ variant: `sni=${DECOY_SNI}`, address: at, sni: DECOY_SNI, alpn, verify: false });
    }
    if (alpn.length) {
      jobs.push({ variant: 'alpn=http/1.1', address: at, sni, alpn: ['http/1.1'], verify: false });
      jobs.push({ variant: 'alpn=none', address: at, sni, alpn: [], verify: false });
    }
    jobs.push({ variant: 'tls<=1.2', address: at, sni, alpn, maxVersion: 'TLSv1.2', verify: false });
  }
  const tested = new Set([at, ...hop.tried.map((x) => x.address)]);
  // Through a proxy the addresses are the proxy's: the target's own addresses are the proxy's business.
  for (const a of hop.proxy ? [] : hop.addresses.slice(0, s.maxAddresses)) {
    if (!tested.has(a.address)) jobs.push({ variant: `address=${a.address}`, address: a.address, sni, alpn, verify: !s.insecure });
    tested.add(a.address);
  }
  // A healthy plain-HTTP URL on one address (most of a link check): nothing to compare, no await.
  if (jobs.length === 0 && hop.tried.length === 0) return { variants: [], evidence };
  const spacing = hop.id === 'tls.reset' || hop.id === 'http.reset' ? AFTER_RESET_SPACING_MS : SPACING_MS;
  const port = hop.proxy ? defaultProxyPort(hop.proxy) : hop.port;
  const variants = await Promise.all(jobs.map((job, i) => sleep(i * spacing, s.signal).then(() => check(job, t, port, s, limiter, hop.proxy))));
  for (const x of hop.tried) variants.unshift({ variant: `address=${x.address}`, address: x.address, id: x.id, ms: x.ms, detail: 'tried by the connect phase' });

  const tlsVariants = variants.filter((v) => !v.variant.startsWith('address='));
  const passed = (prefix: string): VariantProbe[] => tlsVariants.filter((v) => v.variant.startsWith(prefix) && v.id === 'ok');
  const failedWith = `the URL's own handshake (SNI ${sni ?? 'none'}, ALPN ${alpn.join(',') || 'none'}) gave ${hop.id}`;
  if (tlsVariants.length && tlsVariants.every((v) => v.id === 'ok')) {
    evidence.push({ finding: 'intermittent', detail: `every variant handshake succeeded although ${failedWith}` });
  } else {
    const named: [string, 'sni-dependent' | 'alpn-dependent' | 'tls-version-dependent'][] = [
      ['sni=', 'sni-dependent'],
      ['alpn=', 'alpn-dependent'],
      ['tls<=', 'tls-version-dependent'],
    ];
    for (const [prefix, finding] of named) {
      const ok = passed(prefix);
      if (ok.length) evidence.push({ finding, detail: `handshake completed with ${ok.map((v) => v.variant).join(' and ')}; ${failedWith}` });
    }
  }

  const addressChecks = variants.filter((v) => v.variant.startsWith('address='));
  if (addressChecks.length) {
    const main = { address: at, ok: !!hop.handshakeOk };
    const all = [main, ...addressChecks.map((v) => ({ address: v.address, ok: v.id === 'ok' }))];
    const good = all.filter((x) => x.ok).map((x) => x.address);
    const bad = all.filter((x) => !x.ok).map((x) => x.address);
    if (good.length && bad.length) {
      const upTo = t.tls ? 'the TLS handshake' : 'the TCP connect';
      const badDetail = addressChecks.filter((v) => v.id !== 'ok').map((v) => `${v.address} (${v.id})`);
      if (!main.ok) badDetail.unshift(`${at} (${hop.id})`);
      evidence.push({ finding: 'address-dependent', detail: `through ${upTo}: ${good.join(', ')} worked; ${badDetail.join(', ')} failed` });
    }
  }
  return { variants, evidence };
}

async function check(job: Job, t: Target, port: number, s: Settings, limiter?: HostLimiter, proxy?: URL): Promise<VariantProbe> {
  const start = now();
  const result = (id: DiagnosisId | 'ok', detail?: string): VariantProbe => ({
    variant: job.variant,
    address: job.address,
    id,
    ms: Math.round((now() - start) * 1000) / 1000,
    ...(detail ? { detail } : {}),
  });
  let release: (() => void) | undefined;
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;
  let phase: 'connect' | 'tls' = 'connect';
  const wire = new Wire();
  const tlsP: PhaseResult = { phase: 'tls', status: 'ok', ms: 0 };
  try {
    release = await limiter?.acquire(t.host, s.signal);
    socket = await connectPhase({ phase: 'connect', status: 'ok', ms: 0 }, job.address, port, s.timeoutMs, s.signal);
    if (proxy) socket = (await proxyPhase({ phase: 'proxy', status: 'ok', ms: 0 }, socket, proxy, t, { timeoutMs: s.timeoutMs, ca: s.ca, signal: s.signal })).stream;
    if (!t.tls) return result('ok', 'connected');
    watchSocket(socket, wire);
    phase = 'tls';
    secure = await tlsPhase(tlsP, socket, {
      sni: job.sni,
      identity: s.serverName ?? t.host,
      alpn: job.alpn,
      ca: s.ca,
      maxVersion: job.maxVersion,
      insecure: !job.verify,
      timeoutMs: s.timeoutMs,
      signal: s.signal,
    });
    return result('ok', `${tlsP.tlsVersion ?? ''} ALPN ${tlsP.alpn ?? 'none'}${tlsP.certError ? ` (certificate: ${tlsP.certError})` : ''}`.trim());
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const id = classifyFailure({ phase, code: err.code, message: err.message, alert: tlsP.alert, reset: wire.reset, fin: wire.fin, firstBytes: wire.firstBytes, viaProxy: false });
    return result(id, err.message);
  } finally {
    secure?.destroy();
    socket?.destroy();
    release?.();
  }
}
