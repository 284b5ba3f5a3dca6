// One URL, phase by phase: dns → connect → proxy → tls → request → response → body, then the
// findings that narrow the cause. Everything runs on sockets this module opens and destroys.
import { setMaxListeners } from 'node:events';
import { isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { classifyFailure, statusId } from './classify';
import { runDifferential, type HopSummary } from './differential';
import { attemptFindings, hopFindings } from './findings';
import { fingerprint, type Fingerprint } from './fingerprint';
import { PHASES, type DiagnosisId, type PhaseName } from '../vocabulary/ids';
import { applyKnowledge } from './knowledge';
import { connectPhase } from './phases/connect';
import { resolvePhase } from './phases/dns';
import { HttpFailure, httpPhases, type HttpOutcome } from './phases/http';
import { proxyAuthorization, tunnelPhase } from './phases/proxy';
import { tlsPhase } from './phases/tls';
import { redactText, redactUrl } from '../vocabulary/redact';
import type { HostLimiter } from './limiter';
import { settingsOf, withSignal, type Settings } from './settings';
import { parseTarget, proxyFor, type Target } from './target';
import type { FindingEvidence, PhaseResult, ProbeOptions, RedirectHop, Result } from '../vocabulary/types';
import { Wire, hexEscape, now, sleep, watchSocket } from './wire';

const REPEAT_SPACING_MS = 100;
const MAX_RETRY_AFTER_WAIT_MS = 30_000;
const BODY_SAMPLE_CHARS = 2048;

/** Probes one URL (opts.repeat times when > 1) and returns a complete Result. */
export async function probeUrl(url: string, opts: ProbeOptions = {}, limiter?: HostLimiter): Promise<Result> {
  // One listener on the caller's signal per probe; the probe's many phases and variants listen on
  // its own child signal, so a scan of many URLs never trips the listener-leak warning.
  const parent = opts.signal;
  if (!parent) return probeRepeated(url, settingsOf(opts), limiter);
  const child = new AbortController();
  setMaxListeners(64, child.signal);
  const onAbort = (): void => child.abort();
  if (parent.aborted) child.abort();
  else parent.addEventListener('abort', onAbort, { once: true });
  try {
    return await probeRepeated(url, withSignal(opts, child.signal), limiter);
  } finally {
    parent.removeEventListener('abort', onAbort);
  }
}

async function probeRepeated(url: string, s: Settings, limiter?: HostLimiter): Promise<Result> {
  const repeat = Math.max(1, Math.floor(s.repeat ?? 1));
  if (repeat === 1) return finish(await probeOnce(url, s, limiter));
  const attempts: Result[] = [];
  for (let i = 0; i < repeat; i++) {
    if (i > 0) {
      const retryAfter = attempts[i - 1].rateLimit?.retryAfterSec;
      const wait = retryAfter !== undefined ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_WAIT_MS) : REPEAT_SPACING_MS;
      await sleep(Math.max(wait, REPEAT_SPACING_MS), s.signal);
      if (s.signal?.aborted) break;
    }
    attempts.push(finish(await probeOnce(url, s, limiter)));
  }
  return finish(summariseAttempts(attempts));
}

/** Title, explanation, remediation, culprits and confirm steps come from the knowledge data. */
function finish(r: Result): Result {
  return applyKnowledge(r);
}

function summariseAttempts(attempts: Result[]): Result {
  const failed = attempts.filter((a) => !a.ok);
  const base = failed.length ? failed[failed.length - 1] : attempts[attempts.length - 1];
  const { findings, evidence } = attemptFindings(attempts);
  const rateLimit = [...attempts].reverse().find((a) => a.rateLimit)?.rateLimit;
  return {
    ...base,
    ok: failed.length === 0,
    findings,
    evidence,
    rateLimit,
    startedAt: attempts[0].startedAt,
    totalMs: attempts.reduce((t, a) => t + (a.totalMs ?? 0), 0),
    attempts: attempts.map(({ attempts: _drop, ...a }) => a),
  };
}

/** One probe of one URL, following redirects. */
async function probeOnce(url: string, s: Settings, limiter?: HostLimiter): Promise<Result> {
  const startedAt = now();
  let target: Target;
  try {
    target = parseTarget(url);
  } catch (e) {
    return invalidUrl(url, e as Error, startedAt);
  }
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([canonical(url)]);
  let current = url;
  let hop = await probeHop(target, s, limiter);
  let redirectNote: string | undefined;
  let loop: string | undefined;
  while (hop.redirect) {
    const location = hop.redirect;
    let next: URL | undefined;
    try {
      next = new URL(location, current);
    } catch {
      redirectNote = `redirect to an unparseable location (${redactUrl(location)}) not followed`;
      break;
    }
    const hopRecord = { url: redactUrl(current), status: hop.status ?? 0, location: redactUrl(next.href) };
    if (!['http:', 'https:'].includes(next.protocol)) {
      redirects.push(hopRecord);
      redirectNote = `redirect to ${next.protocol}// not followed: only http and https redirects are probed`;
      break;
    }
    redirects.push(hopRecord);
    if (visited.has(canonical(next.href))) {
      loop = `redirect ${redirects.length} revisits ${redactUrl(next.href)}`;
      break;
    }
    if (redirects.length > s.maxRedirects) {
      loop = `more than ${s.maxRedirects} redirects`;
      break;
    }
    let nextTarget: Target;
    try {
      nextTarget = parseTarget(next.href);
    } catch (e) {
      // A server chooses the Location: one we cannot probe (port 0, say) ends the chain, never the run.
      redirectNote = `redirect to ${redactUrl(next.href)} not followed: ${redactText((e as Error).message)}`;
      break;
    }
    visited.add(canonical(next.href));
    current = next.href;
    target = nextTarget;
    hop = await probeHop(target, s, limiter);
  }

  const result = buildResult(url, target, hop, startedAt);
  if (redirects.length) result.redirects = redirects;
  if (redirectNote) result.error = redirectNote;
  if (loop) {
    result.id = 'http.redirect-loop';
    result.ok = false;
    result.failedPhase = 'response';
    result.error = loop;
    const response = result.phases.find((p) => p.phase === 'response');
    if (response) Object.assign(response, { status: 'failed', errorCode: 'REDIRECT_LOOP', error: loop });
  }
  if (s.differential && !s.signal?.aborted) {
    const diff = await runDifferential(hop, target, s, limiter);
    if (diff.variants.length) result.variants = diff.variants;
    addFindings(result, diff.evidence);
  }
  result.totalMs = round(now() - startedAt);
  return result;
}

function canonical(u: string): string {
  try {
    const x = new URL(u);
    x.hash = '';
    return x.href;
  } catch {
    return u;
  }
}

function addFindings(r: Result, evidence: FindingEvidence[]): void {
  for (const e of evidence) {
    if (!r.findings.includes(e.finding)) r.findings.push(e.finding);
    (r.evidence ??= []).push(e);
  }
}

function invalidUrl(url: string, e: Error, startedAt: number): Result {
  return {
    url: redactUrl(url),
    id: 'dns.failure',
    ok: false,
    findings: [],
    phases: PHASES.map((phase) => ({ phase, status: phase === 'dns' ? 'failed' : 'skipped', ms: 0 })),
    title: '',
    explanation: '',
    remediation: [],
    failedPhase: 'dns',
    error: redactText(e.message),
    startedAt,
    totalMs: 0,
  };
}

/** What one hop (one URL, no redirects) gave, with what the differential probes need. */
export interface Hop extends HopSummary {
  phases: Record<PhaseName, PhaseResult>;
  id: DiagnosisId;
  failedPhase?: PhaseName;
  error?: string;
  status?: number;
  fp?: Fingerprint;
  redirect?: string;
  resetTiming?: { afterLastWriteMs: number; connectRttMs: number };
}

async function probeHop(t: Target, s: Settings, limiter?: HostLimiter): Promise<Hop> {
  const phases = {} as Record<PhaseName, PhaseResult>;
  for (const phase of PHASES) phases[phase] = { phase, status: 'skipped', ms: 0 };
  const proxyUrl = proxyFor(t, s.proxy, s.env);
  let proxy: URL | undefined;
  if (proxyUrl) {
    try {
      proxy = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
    } catch {
      proxy = undefined;
    }
  }
  const hop: Hop = { phases, id: 'ok', addresses: [], tried: [], port: t.port, viaProxy: !!proxy };
  const begin = (p: PhaseResult): void => {
    p.start = now();
    p.status = 'ok';
  };
  const fail = (p: PhaseResult, err: Error & { code?: string }, id: DiagnosisId): Hop => {
    p.status = 'failed';
    p.end ??= now();
    p.errorCode = p.alert ?? err.code ?? err.name;
    p.error = redactText(err.message);
    hop.id = id;
    hop.failedPhase = p.phase;
    hop.error = p.error;
    return hop;
  };

  // dns: the proxy's name when a proxy is used (the proxy resolves the target).
  const dnsP = phases.dns;
  begin(dnsP);
  const dnsHost = proxy ? proxy.hostname.replace(/^\[|\]$/g, '') : t.host;
  const dnsPort = proxy ? Number(proxy.port || 80) : t.port;
  try {
    const answer = await resolvePhase(dnsP, dnsHost, dnsPort, s, !!t.srv && !proxy);
    hop.addresses = answer.addresses;
    if (answer.srv) {
      hop.port = answer.srv.port;
      dnsP.note = `SRV _mongodb._tcp.${t.host} → ${answer.srv.host}:${answer.srv.port}`;
    }
    if (proxy) dnsP.note = `resolved the proxy ${proxy.hostname}; the proxy resolves ${t.host}`;
  } catch (e) {
    return finishHop(fail(dnsP, e as Error, classifyFailure({ phase: 'dns', code: (e as NodeJS.ErrnoException).code, reset: false, fin: false, viaProxy: !!proxy })));
  }
  end(dnsP);

  let release: (() => void) | undefined;
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;
  try {
    release = await limiter?.acquire(t.host, s.signal);
    // connect: the first address that accepts, as curl does; the others are reported as tried.
    const connP = phases.connect;
    begin(connP);
    const port = proxy ? dnsPort : hop.port;
    const candidates = hop.addresses.slice(0, Math.max(1, s.maxAddresses));
    for (let i = 0; i < candidates.length; i++) {
      try {
        socket = await connectPhase(connP, candidates[i].address, port, s.timeoutMs, s.signal);
        hop.usedAddress = candidates[i].address;
        break;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ECONNRESET' && !proxy && (t.tls || t.kind === 'http')) {
          // A RST answering the SYN is ECONNREFUSED. ECONNRESET means the peer completed the handshake and
          // reset before we sent a byte (HAProxy `tcp-request connection reject`): the next phase saw the RST.
          end(connP);
          hop.connectMs = round((connP.end ?? now()) - (connP.start ?? now()));
          hop.usedAddress = candidates[i].address;
          hop.resetTiming = { afterLastWriteMs: hop.connectMs, connectRttMs: hop.connectMs };
          const next = t.tls ? phases.tls : phases.request;
          begin(next);
          return finishHop(fail(next, err, t.tls ? 'tls.reset' : 'http.reset'));
        }
        const id = classifyFailure({ phase: 'connect', code: err.code, reset: false, fin: false, viaProxy: !!proxy });
        hop.tried.push({ address: candidates[i].address, id, ms: round(now() - (connP.start ?? now())) });
        const fast = err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH';
        if (!fast || i === candidates.length - 1 || s.signal?.aborted) {
          hop.usedAddress = candidates[i].address;
          return finishHop(fail(connP, err, id));
        }
      }
    }
    if (!socket) throw new Error('no address to connect to');
    end(connP);
    hop.connectMs = round((connP.end ?? now()) - (connP.start ?? now())); // connP.ms is only set by finishHop
    if (hop.tried.length) connP.note = `${hop.tried.map((x) => `${x.address}: ${x.id}`).join(', ')}; then ${hop.usedAddress} answered`;
    const wire = new Wire();
    hop.wire = wire;
    watchSocket(socket, wire);

    // proxy: a CONNECT tunnel for TLS; plain http goes to the proxy as an absolute-form request.
    const proxyP = phases.proxy;
    const authority = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
    if (proxy) {
      proxyP.proxy = redactUrl(proxy.href);
      if (t.tls) {
        begin(proxyP);
        try {
          await tunnelPhase(proxyP, socket, proxy, authority, s.timeoutMs, s.signal);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          return finishHop(fail(proxyP, err, classifyFailure({ phase: 'proxy', code: err.code, reset: wire.reset, fin: wire.fin, viaProxy: true, proxyStatus: proxyP.proxyStatus })));
        }
        end(proxyP);
        wire.forgetBytes();
      } else proxyP.note = 'plain http: the request goes to the proxy in absolute form, no tunnel';
    }

    // tls
    let stream: Socket | TLSSocket = socket;
    if (t.tls) {
      const tlsP = phases.tls;
      begin(tlsP);
      try {
        secure = await tlsPhase(tlsP, socket, {
          sni: isIP(t.host) ? null : t.host,
          identity: t.host,
          alpn: t.kind === 'http' ? ['h2', 'http/1.1'] : [],
          ca: s.ca,
          insecure: s.insecure,
          timeoutMs: s.timeoutMs,
          signal: s.signal,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const id = classifyFailure({ phase: 'tls', code: err.code, message: err.message, alert: tlsP.alert, reset: wire.reset, fin: wire.fin, firstBytes: wire.firstBytes, viaProxy: !!proxy });
        if (id === 'tls.not-tls') tlsP.unexpectedBytes = hexEscape(wire.firstBytes);
        fail(tlsP, err, id);
        resetTiming(hop, wire);
        return finishHop(hop);
      }
      end(tlsP);
      stream = secure;
    } else phases.tls.note = t.kind === 'http' ? 'plain http: no TLS' : `${t.scheme}:// without TLS`;
    hop.handshakeOk = true;

    if (t.kind === 'tcp') {
      for (const ph of ['request', 'response', 'body'] as const) phases[ph].note = `not applicable to ${t.scheme}://: probed through ${t.tls ? 'the TLS handshake' : 'the TCP connect'}`;
      if (t.note) phases.connect.note = t.note;
      return finishHop(hop);
    }

    // request / response / body
    const { request, response, body } = phases;
    const headers: Record<string, string> = {};
    let path = t.path;
    if (proxy && !t.tls) {
      path = `${t.origin.replace(/:(80|443)$/, '')}${t.path}`;
      const auth = proxyAuthorization(proxy);
      if (auth) headers['proxy-authorization'] = auth;
    }
    const recordResponse = (out: HttpOutcome): void => {
      response.httpVersion = out.httpVersion;
      response.httpStatus = out.status;
      response.statusText = out.statusText;
      response.headers = out.headers;
      body.bytes = out.bytes;
    };
    try {
      const out = await httpPhases({ request, response, body }, stream, wire, {
        origin: t.origin,
        path,
        headers,
        timeoutMs: s.timeoutMs,
        maxBodyBytes: s.maxBodyBytes,
        maxHeaderBytes: s.maxHeaderBytes,
        signal: s.signal,
        wantBody: (status) => !(status >= 300 && status < 400 && s.maxRedirects > 0),
      });
      recordResponse(out);
      if (out.cappedByUs) body.cappedByUs = true;
      const text = out.body.toString('utf8');
      if (text) body.bodySample = text.slice(0, BODY_SAMPLE_CHARS);
      hop.status = out.status;
      const location = out.headers.location;
      if (out.status >= 300 && out.status < 400 && s.maxRedirects > 0 && location) {
        body.note = 'redirect: body not read';
        hop.redirect = Array.isArray(location) ? location[0] : location;
      } else if (out.status >= 300 && out.status < 400) body.status = body.start ? 'ok' : 'skipped';
      hop.fp = fingerprint({ status: out.status, headers: out.headers, body: text });
      hop.id = statusId(out.status, hop.fp, t.scheme);
      if (hop.id !== 'ok') {
        // The answer itself is the failure: the response phase carries it.
        response.status = 'failed';
        response.errorCode = String(out.status);
        response.error = `HTTP ${out.status}${out.statusText ? ` ${out.statusText}` : ''}`;
        hop.failedPhase = 'response';
        hop.error = response.error;
      }
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      if (e.partial) {
        // The headers had come: keep the status and who sent it (the fingerprint) beside the body failure.
        recordResponse(e.partial);
        hop.status = e.partial.status;
        hop.fp = fingerprint({ status: e.partial.status, headers: e.partial.headers, body: '' });
      }
      const p = phases[e.phase];
      const h2 = secure?.alpnProtocol === 'h2';
      const firstBytes = e.firstBytes.length ? e.firstBytes : t.tls ? undefined : wire.firstBytes;
      const id = classifyFailure({ phase: e.phase, code: e.cause.code, message: e.cause.message, reset: wire.reset, fin: wire.fin, firstBytes, viaProxy: !!proxy, h2 });
      if (id === 'http.not-http' && firstBytes) p.unexpectedBytes = hexEscape(firstBytes);
      fail(p, e.cause, id);
      // A RST before any response byte: the request phase failed only if our write did.
      if (id === 'http.reset' && e.phase === 'request' && !wire.writeError) {
        p.status = 'ok';
        response.start = p.end;
        response.end = now();
        fail(response, e.cause, id);
      }
      resetTiming(hop, wire);
      return finishHop(hop);
    }
    return finishHop(hop);
  } catch (e) {
    // Cancellation while waiting for a slot, or an unexpected error: the phase in flight failed.
    const err = e as NodeJS.ErrnoException;
    const current = PHASES.find((ph) => phases[ph].start !== undefined && phases[ph].end === undefined) ?? 'connect';
    if (phases[current].start === undefined) begin(phases[current]);
    return finishHop(fail(phases[current], err, classifyFailure({ phase: current, code: err.code ?? 'ABORT_ERR', reset: false, fin: false, viaProxy: !!proxy })));
  } finally {
    secure?.destroy();
    socket?.destroy();
    release?.();
  }
}

function resetTiming(hop: Hop, wire: Wire): void {
  if ((hop.id === 'tls.reset' || hop.id === 'http.reset') && wire.resetAt && wire.lastWriteAt && hop.connectMs !== undefined) {
    hop.resetTiming = { afterLastWriteMs: round(wire.resetAt - wire.lastWriteAt), connectRttMs: round(hop.connectMs) };
  }
}

function end(p: PhaseResult): void {
  p.end = now();
  p.status = 'ok';
}

function finishHop(hop: Hop): Hop {
  for (const ph of PHASES) {
    const p = hop.phases[ph];
    if (p.start === undefined) {
      p.status = 'skipped';
      p.ms = 0;
      continue;
    }
    p.end ??= now();
    p.ms = round(p.end - p.start);
  }
  return hop;
}

function buildResult(url: string, t: Target, hop: Hop, startedAt: number): Result {
  const { findings, evidence } = hopFindings(hop);
  const r: Result = {
    url: redactUrl(url),
    id: hop.id,
    ok: hop.id === 'ok',
    findings,
    phases: PHASES.map((ph) => hop.phases[ph]),
    title: '',
    explanation: '',
    remediation: [],
    scheme: t.scheme,
    host: t.host,
    port: hop.port,
    startedAt,
  };
  if (hop.failedPhase) r.failedPhase = hop.failedPhase;
  if (hop.error) r.error = hop.error;
  if (evidence.length) r.evidence = evidence;
  if (hop.fp?.rateLimit) r.rateLimit = hop.fp.rateLimit;
  if (hop.resetTiming) r.resetTiming = hop.resetTiming;
  if (t.note) r.phases[1].note ??= t.note;
  return r;
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

