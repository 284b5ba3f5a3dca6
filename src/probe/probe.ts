// One URL, phase by phase: dns → connect → proxy → tls → request → response → body, then the
// findings that narrow the cause. Everything runs on sockets this module opens and destroys.
import { setMaxListeners } from 'node:events';
import { isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { classifyFailure, classifyStatus } from './classify';
import { runDifferential, type HopSummary } from './differential';
import { attemptFindings, hopFindings } from './findings';
import { fingerprint, type Fingerprint } from './fingerprint';
import { PHASES, type DiagnosisId, type PhaseName } from '../vocabulary/ids';
import { applyCapture, startCapture, traceTo, type CaptureEvidence, type CaptureSession } from './capture';
import { applyKnowledge } from './knowledge';
import { blockedAddresses, forbiddenHost, isInternal, isWebScheme, type DestinationScope } from './destination-policy';
import { connectPhase } from './phases/connect';
import { resolvePhase } from './phases/dns';
import { withLifetime } from './lifetime';
import { HttpFailure, httpPhases, type HttpOutcome } from './phases/http';
import { proxyAuthorization } from './phases/proxy';
import { alertOf, tlsPhase } from './phases/tls';
import { upgradeEvidence, upgradeId, websocketClose, websocketUpgrade, type UpgradeOutcome } from './phases/websocket';
import { redactText, redactUrl } from '../vocabulary/redact';
import { MAX_URL_BYTES, refusal } from './validate';
import type { HostLimiter } from './limiter';
import { settingsOf, withSignal, type Settings } from './settings';
import { environmentFindings, proxyDecisionFor } from './env/findings';
import { defaultProxyPort, proxyPhase, type ProxyError } from './proxy/transport';
import { parseTarget, type Target } from './target';
import type { FindingEvidence, PhaseResult, ProbeOptions, RedirectHop, Result, VariantProbe } from '../vocabulary/types';
import { browserVariant, shouldAskAgain, WHO_ASKS_SPACING_MS, type AskVariant } from './who-asks';
import { ProbeError, Wire, hexEscape, impossibleStatus, now, sleep, watchSocket } from './wire';

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
  const r = await probeAttempts(url, s, limiter);
  return s.lifetime && !s.signal?.aborted ? withLifetime(url, r, s) : r;
}

async function probeAttempts(url: string, s: Settings, limiter?: HostLimiter): Promise<Result> {
  const repeat = Math.max(1, Math.floor(s.repeat ?? 1));
  const finish = (r: Result): Result => finishResult(r, s);
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

/**
 * Title, explanation, remediation, culprits and confirm steps come from the knowledge data (which reads the
 * body sample); then the sample is dropped unless asked for: what a server sent (a metadata service's
 * credentials, say) never leaves the engine by default.
 */
function finishResult(raw: Result, s: Settings): Result {
  const r = applyKnowledge(raw);
  if (!s.includeBody) {
    for (const p of r.phases) delete p.bodySample;
    for (const a of r.attempts ?? []) for (const p of a.phases) delete p.bodySample;
  }
  return r;
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

/** One probe of one URL, following redirects within the destination policy. */
async function probeOnce(url: string, s: Settings, limiter?: HostLimiter): Promise<Result> {
  const startedAt = now();
  let target: Target;
  try {
    // Engine callers (the language server) get the same refusals as the command line: too long, metadata host.
    const refused = refusal(url);
    if (refused) throw new TypeError(refused);
    target = parseTarget(url);
  } catch (e) {
    return invalidUrl(url, e as Error, startedAt);
  }
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([canonical(url)]);
  let current = url;
  let hop = await probeHop(target, s, limiter, undefined);
  // The user's own URL decides whether its redirects may stay in private and loopback ranges.
  const scope: DestinationScope = { internalAllowed: isInternal(target.host) || hop.addresses.some((a) => isInternal(a.address)) };
  let redirectNote: string | undefined;
  let loop: string | undefined;
  let blocked: string | undefined;
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
    redirects.push(hopRecord);
    // The host as WHATWG parsed it: 2852039166, 0xa9fea9fe and //169.254.169.254 are all the literal by now.
    const hostWhy = !isWebScheme(next.protocol)
      ? `${next.protocol}// is not a web scheme: only http and https redirects are followed`
      : next.href.length > MAX_URL_BYTES
        ? `the Location is ${next.href.length} bytes long (the limit is ${MAX_URL_BYTES})`
        : forbiddenHost(next.hostname) ?? (scope.internalAllowed ? undefined : blockedAddresses([next.hostname.replace(/^\[|\]$/g, '')], scope));
    if (hostWhy) {
      blocked = `redirect to ${redactUrl(next.href)} not followed: ${hostWhy}`;
      break;
    }
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
    const nextHop = await probeHop(nextTarget, s, limiter, scope);
    if (nextHop.id === 'http.redirect-blocked') {
      // Stopped after DNS (a name that resolves where no probe may go): the redirecting hop is the one shown.
      blocked = `redirect to ${redactUrl(next.href)} not followed: ${nextHop.error ?? 'destination policy'}`;
      break;
    }
    current = next.href;
    target = nextTarget;
    hop = nextHop;
  }

  const result = buildResult(url, target, hop, startedAt);
  if (!s.signal?.aborted) addFindings(result, await environmentFindings(result, hop, target, s, limiter));
  if (redirects.length) result.redirects = redirects;
  if (redirectNote) result.error = redirectNote;
  if (loop) failResponse(result, 'http.redirect-loop', 'REDIRECT_LOOP', loop);
  if (blocked) failResponse(result, 'http.redirect-blocked', 'REDIRECT_BLOCKED', blocked);
  if (s.differential && !s.signal?.aborted && !blocked && h2Failed(hop)) {
    const h1 = await http1Retry(hop, target, s, limiter);
    (result.variants ??= []).push(h1.variant);
    if (h1.evidence) addFindings(result, [h1.evidence]);
  }
  if (s.differential && !s.signal?.aborted && !blocked) {
    await askAgain(result, hop, target, s, limiter);
    const diff = await runDifferential(hop, target, s, limiter);
    if (diff.variants.length) result.variants = [...(result.variants ?? []), ...diff.variants];
    addFindings(result, diff.evidence);
  }
  const traced = result.phases[1].remoteAddress;
  if (s.trace && traced && !s.signal?.aborted) result.trace = await traceTo(traced, result.phases[1].remotePort ?? hop.port, result.capture, s.signal);
  result.totalMs = round(now() - startedAt);
  return result;
}

/** An HTTP/2 exchange that failed after the handshake: stream reset, GOAWAY, protocol error, a cut stream. */
function h2Failed(hop: Hop): boolean {
  return hop.phases.tls.alpn === 'h2' && ['http.reset', 'http.closed', 'http.not-http', 'http.body-truncated'].includes(hop.id);
}

/** The same URL at the same address over HTTP/1.1 only: does the failure belong to HTTP/2? */
async function http1Retry(hop: Hop, t: Target, s: Settings, limiter?: HostLimiter): Promise<{ variant: VariantProbe; evidence?: FindingEvidence }> {
  const at = hop.usedAddress ?? '';
  const pinned: Settings = hop.viaProxy || !at ? s : { ...s, resolve: { ...s.resolve, [`${t.host}:${hop.port}`]: [at] } };
  const start = now();
  const h1 = await probeHop(t, pinned, limiter, undefined, { name: 'http/1.1', alpn: ['http/1.1'] });
  const got = h1.status !== undefined ? `HTTP ${h1.status}` : h1.id;
  const variant: VariantProbe = { variant: 'http/1.1', address: at, id: h1.id, ms: round(now() - start), detail: got };
  const h2Error = [hop.phases[hop.failedPhase ?? 'response'].errorCode, hop.error].filter(Boolean).join(': ');
  if (h1.id === hop.id || h1.status === undefined) return { variant };
  return { variant, evidence: { finding: 'h2-dependent', detail: `over HTTP/2 (ALPN h2) the request failed with ${hop.id} (${h2Error}); over HTTP/1.1 to the same address ${at} it got ${got}` } };
}

/**
 * Who asks, and what: a block or a 401/403/429 is asked about once more as a browser would (client-dependent), and,
 * when the URL has a query, once without it (a rule on the request rather than on the resource). Spaced, through
 * the same per-host limiter; never when the server said Retry-After.
 */
async function askAgain(result: Result, hop: Hop, t: Target, s: Settings, limiter?: HostLimiter): Promise<void> {
  if (hop.redirect !== undefined || !shouldAskAgain(hop.id, hop.status, hop.fp?.rateLimit?.retryAfterSec)) return;
  const asks: AskVariant[] = [browserVariant(t.tls, hop.phases.tls.alpn === 'h2')];
  const q = t.path.indexOf('?');
  if (q > 0) asks.push({ name: 'query=none (same path, no query)', path: t.path.slice(0, q) });
  for (const ask of asks) {
    await sleep(WHO_ASKS_SPACING_MS, s.signal);
    if (s.signal?.aborted) return;
    const other = await probeHop(t, s, limiter, undefined, ask);
    const detail = other.status !== undefined ? `HTTP ${other.status}` : other.error;
    (result.variants ??= []).push({ variant: ask.name, address: other.usedAddress ?? '', id: other.id, ms: round(Object.values(other.phases).reduce((n, p) => n + p.ms, 0)), detail });
    if (ask.headers !== undefined && other.status !== hop.status && other.status !== undefined) {
      addFindings(result, [{ finding: 'client-dependent', detail: `as a browser (${ask.name.replace(/^client=browser \(|\)$/g, '')}) the answer is HTTP ${other.status}; as conndoc it is HTTP ${hop.status}` }]);
    }
  }
}

/** The answer itself is the failure (a loop, a blocked redirect): the response phase carries it. */
function failResponse(result: Result, id: DiagnosisId, code: string, error: string): void {
  result.id = id;
  result.ok = false;
  result.failedPhase = 'response';
  result.error = error;
  const response = result.phases.find((p) => p.phase === 'response');
  if (response) Object.assign(response, { status: 'failed', errorCode: code, error });
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
  capture?: CaptureEvidence;
}

async function probeHop(t: Target, s: Settings, limiter: HostLimiter | undefined, scope: DestinationScope | undefined, ask?: AskVariant): Promise<Hop> {
  const phases = {} as Record<PhaseName, PhaseResult>;
  for (const phase of PHASES) phases[phase] = { phase, status: 'skipped', ms: 0 };
  const decision = await proxyDecisionFor(t, s);
  const proxyUrl = decision?.proxy;
  let proxy: URL | undefined;
  if (proxyUrl) {
    try {
      proxy = new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`);
    } catch {
      proxy = undefined;
    }
  }
  const hop: Hop = { phases, id: 'ok', addresses: [], tried: [], port: t.port, viaProxy: !!proxy, proxy };
  if (decision?.source) {
    phases.proxy.proxySource = decision.source;
    phases.proxy.proxyReason = decision.why;
    if (!proxy) phases.proxy.note = `direct: ${decision.why}`;
  }
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
  const dnsPort = proxy ? defaultProxyPort(proxy) : t.port;
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
  // The destination policy, on the addresses DNS gave (rebinding cannot pass) — or, through a proxy, on the
  // target's own name, which the proxy resolves.
  const policy = proxy
    ? forbiddenHost(t.host) ?? (scope && isIpLiteral(t.host) ? blockedAddresses([t.host], scope) : undefined)
    : forbiddenHost(t.host) ?? blockedAddresses(hop.addresses.map((a) => a.address), scope);
  if (policy) {
    const connP = phases.connect;
    begin(connP);
    return finishHop(fail(connP, Object.assign(new Error(`not connected: ${policy} (destination policy)`), { code: 'DESTINATION_BLOCKED' }), 'http.redirect-blocked'));
  }

  let release: (() => void) | undefined;
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;
  let capture: CaptureSession | undefined;
  try {
    release = await limiter?.acquire(t.host, s.signal);
    // connect: the first address that accepts, as curl does; the others are reported as tried.
    const connP = phases.connect;
    begin(connP);
    const port = proxy ? dnsPort : hop.port;
    const candidates = hop.addresses.slice(0, Math.max(1, s.maxAddresses));
    for (let i = 0; i < candidates.length; i++) {
      try {
        // Packet evidence of this connection: tcpdump listens before our SYN (the last address tried is kept).
        if (s.capture && !proxy) {
          void capture?.stop();
          capture = await startCapture(candidates[i].address, port, s.timeoutMs * PHASES.length, s.signal);
          if (i === 0) connP.start = now(); // tcpdump's start-up is not the connect's time
        }
        socket = await connectPhase(connP, candidates[i].address, port, s.timeoutMs, s.signal, capture?.localPort);
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

    // proxy: CONNECT (over TLS for an https:// proxy) or a SOCKS handshake; plain http through an http proxy
    // goes to it as an absolute-form request.
    const proxyP = phases.proxy;
    let absoluteForm = false;
    if (proxy) {
      proxyP.proxy = redactUrl(proxy.href);
      if (t.tls || proxy.protocol !== 'http:') begin(proxyP);
      try {
        const out = await proxyPhase(proxyP, socket, proxy, t, { timeoutMs: s.timeoutMs, ca: s.ca, signal: s.signal });
        socket = out.stream;
        absoluteForm = out.absoluteForm;
      } catch (e) {
        const err = e as NodeJS.ErrnoException & Partial<ProxyError>;
        if (proxyP.start === undefined) begin(proxyP);
        return finishHop(fail(proxyP, err, classifyFailure({ phase: 'proxy', code: err.code, reset: wire.reset, fin: wire.fin, viaProxy: true, proxyStatus: proxyP.proxyStatus ?? err.proxyStatus })));
      }
      if (proxyP.start !== undefined) end(proxyP);
      wire.forgetBytes();
    }

    // tls
    let stream: Socket | TLSSocket = socket;
    if (t.tls) {
      const tlsP = phases.tls;
      begin(tlsP);
      try {
        secure = await tlsPhase(tlsP, socket, {
          sni: s.serverName ?? (isIP(t.host) ? null : t.host),
          identity: s.serverName ?? t.host,
          alpn: ask?.alpn ?? (t.kind === 'http' ? (isWebSocket(t) ? ['http/1.1'] : ['h2', 'http/1.1']) : []),
          ca: s.ca,
          insecure: s.insecure,
          timeoutMs: s.timeoutMs,
          signal: s.signal,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const id = classifyFailure({ phase: 'tls', code: err.code, message: err.message, alert: tlsP.alert, reset: wire.reset, fin: wire.fin, firstBytes: wire.firstBytes, viaProxy: !!proxy, certificateRequested: wire.handshake.certificateRequested });
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
    const headers: Record<string, string> = { ...ask?.headers };
    let path = ask?.path ?? t.path;
    if (proxy && absoluteForm) {
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
    const ws = isWebSocket(t);
    try {
      const out = ws
        ? await websocketUpgrade({ request, response, body }, stream, { host: new URL(t.origin).host, path, headers, timeoutMs: s.timeoutMs, maxHeaderBytes: s.maxHeaderBytes, signal: s.signal })
        : await httpPhases({ request, response, body }, stream, wire, {
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
      if (absoluteForm && out.status === 407 && out.headers['proxy-authenticate']) {
        const pa = out.headers['proxy-authenticate'];
        phases.proxy.proxyAuthenticate = Array.isArray(pa) ? pa : [pa];
      }
      if (out.cappedByUs) body.cappedByUs = true;
      const text = out.body.toString('utf8');
      if (text) body.bodySample = text.slice(0, BODY_SAMPLE_CHARS);
      hop.status = out.status;
      const location = out.headers.location;
      if (!ws && out.status >= 300 && out.status < 400 && s.maxRedirects > 0 && location) {
        body.note = 'redirect: body not read';
        hop.redirect = Array.isArray(location) ? location[0] : location;
      } else if (out.status >= 300 && out.status < 400) body.status = body.start ? 'ok' : 'skipped';
      hop.fp = fingerprint({ status: out.status, headers: out.headers, body: text });
      hop.id = classifyStatus(out.status, hop.fp, t.scheme);
      if (ws) hop.id = await websocketEnd(out as UpgradeOutcome, hop.id, body, stream, s);
      if (hop.id !== 'ok') {
        // The answer itself is the failure: the response phase carries it.
        response.status = 'failed';
        response.errorCode = String(out.status);
        response.error = ws ? upgradeEvidence(out as UpgradeOutcome) : `HTTP ${out.status}${out.statusText ? ` ${out.statusText}` : ''}`;
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
      // A status code below 100 is not HTTP: say what was received, not the parser's assertion text.
      const impossible = firstBytes && impossibleStatus(firstBytes);
      const cause = impossible
        ? new ProbeError('HPE_INVALID_STATUS', `impossible HTTP status code ${impossible} in the status line`)
        : e.cause;
      const id = classifyFailure({ phase: e.phase, code: cause.code, message: cause.message, reset: wire.reset, fin: wire.fin, firstBytes, viaProxy: !!proxy, h2, certificateRequested: wire.handshake.certificateRequested });
      if (id === 'http.not-http' && firstBytes) p.unexpectedBytes = hexEscape(firstBytes);
      if (id.startsWith('tls.')) {
        // A fatal alert after the client's Finished (TLS 1.3 checks the client certificate then): the TLS
        // session failed; the HTTP phase is only where it was read.
        const tlsP = phases.tls;
        tlsP.alert = alertOf(e.cause);
        tlsP.note = `alert read after the handshake completed on our side, at the first read (${e.phase} phase)`;
        fail(p, cause, id);
        fail(tlsP, e.cause, id);
        return finishHop(hop);
      }
      fail(p, cause, id);
      // A RST before any response byte: the request phase failed only if our write did.
      if (id === 'http.reset' && e.phase === 'request' && !wire.writeError) {
        p.status = 'ok';
        response.start = p.end;
        response.end = now();
        fail(response, cause, id);
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
    if (capture) hop.capture = await capture.stop();
  }
}

function isWebSocket(t: Target): boolean {
  return t.scheme === 'ws' || t.scheme === 'wss';
}

/** After a WebSocket handshake: the id, and for an upgraded connection the closing handshake as the body phase. */
async function websocketEnd(out: UpgradeOutcome, byStatus: DiagnosisId, body: PhaseResult, stream: Socket, s: Settings): Promise<DiagnosisId> {
  const id = upgradeId(out, byStatus);
  if (out.upgraded) {
    body.start = now();
    body.note = `WebSocket upgraded (101, valid Sec-WebSocket-Accept); closing handshake: ${await websocketClose(stream, out.rest, s.timeoutMs, s.signal)}`;
    body.end = now();
    body.status = 'ok';
  } else if (id === 'http.upgrade-failed') body.note = upgradeEvidence(out);
  return id;
}

function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
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
  applyCapture(r, hop.capture);
  return r;
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

