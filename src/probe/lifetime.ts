// The lifetime probe: after the one-shot probe, keep one connection and reuse it after growing idle gaps
// (HTTP keep-alive), or hold a WebSocket / SSE stream open, and record when and how the other side closed
// it. This reproduces the race behind "socket hang up" on reused sockets instead of explaining it.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { connectPhase } from './phases/connect';
import { proxyAuthorization, tunnelPhase } from './phases/proxy';
import { tlsPhase } from './phases/tls';
import { clientFrame, parseHead, readFrame, websocketClose, websocketUpgrade } from './phases/websocket';
import { lifetimeAdvice } from './knowledge/idle-timeouts';
import type { Settings } from './settings';
import { applyKnowledge } from './knowledge';
import { parseTarget, proxyFor, type Target } from './target';
import type { LifetimeClose, LifetimeReport, LifetimeStep, PhaseResult, Result } from '../vocabulary/types';
import { ProbeError, Wire, abortError, now, timeoutError, watchSocket } from './wire';

export const DEFAULT_IDLE_MAX_SEC = 65;
/** Bytes buffered from the peer at most (a response body, frames): a lifetime probe reads small answers. */
const MAX_BUFFER = 1024 * 1024;

/** Idle gaps, seconds: 1, 2, 4 … doubling while well below the limit, then the limit itself; bounded in count. */
export function idleGaps(idleMaxSec: number): number[] {
  const max = Math.max(1, idleMaxSec);
  const gaps: number[] = [];
  for (let g = 1; g * 1.25 < max && gaps.length < 16; g *= 2) gaps.push(g);
  gaps.push(max);
  return gaps;
}

export function lifetimeKind(t: Target, r: Result): LifetimeReport['kind'] {
  if (t.scheme === 'ws' || t.scheme === 'wss') return 'websocket';
  const ct = r.phases.find((p) => p.phase === 'response')?.headers?.['content-type'];
  return /text\/event-stream/i.test(String(ct ?? '')) ? 'sse' : 'http';
}

/** The longest a lifetime probe of this kind takes (idle time; each request adds at most one phase timeout). */
export function plannedSec(kind: LifetimeReport['kind'], idleMaxSec: number): number {
  const idle = kind === 'http' ? idleGaps(idleMaxSec).reduce((a, b) => a + b, 0) : kind === 'websocket' ? 2 * idleMaxSec : idleMaxSec;
  return Math.round(idle);
}

type Closed = { how: 'FIN' | 'RST' | 'close-frame'; at: number; detail?: string };

/** One connection held by the lifetime probe: buffered input, and when and how it closed. */
class Held {
  buf = Buffer.alloc(0);
  closed?: Closed;
  lastActivity = now();
  private wake?: () => void;
  constructor(
    readonly raw: Socket,
    readonly stream: Socket | TLSSocket,
    readonly wire: Wire,
  ) {
    stream.on('data', (c: Buffer) => {
      this.lastActivity = now();
      this.buf = Buffer.concat([this.buf, c]);
      if (this.buf.length > MAX_BUFFER) this.buf = this.buf.subarray(-MAX_BUFFER);
      this.wake?.();
    });
    const onGone = (): void => {
      // The wire below TLS knows FIN from RST; a socket that just went away counts as FIN.
      this.closed ??= { how: wire.reset ? 'RST' : 'FIN', at: wire.resetAt ?? wire.finAt ?? now() };
      this.wake?.();
    };
    stream.on('end', onGone);
    stream.on('close', onGone);
    stream.on('error', onGone);
    raw.on('error', onGone);
  }

  /** Waits until `check` gives a value, the connection closes, `ms` pass, or the signal aborts. */
  until<T>(check: () => T | undefined, ms: number, signal: AbortSignal | undefined, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (err?: Error, v?: T): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = undefined;
        if (err) reject(err);
        else resolve(v as T);
      };
      const tick = (): void => {
        const v = check();
        if (v !== undefined) return done(undefined, v);
        if (this.closed) done(new ProbeError(this.closed.how === 'RST' ? 'ECONNRESET' : 'UND_ERR_SOCKET', `closed (${this.closed.how}) while waiting for ${what}`));
      };
      const onAbort = (): void => done(abortError());
      const timer = setTimeout(() => done(timeoutError(what, ms)), ms);
      if (signal?.aborted) return done(abortError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = tick;
      tick();
    });
  }

  /** Idle for `ms`: 'open' after it, 'closed' as soon as the peer closes, 'cancelled' on abort. */
  async idle(ms: number, signal?: AbortSignal): Promise<'open' | 'closed' | 'cancelled'> {
    try {
      await this.until(() => undefined, ms, signal, 'idle');
    } catch (e) {
      const code = (e as ProbeError).code;
      return code === 'ETIMEDOUT' ? 'open' : code === 'ABORT_ERR' ? 'cancelled' : 'closed';
    }
    return 'open';
  }

  destroy(): void {
    this.stream.destroy();
    this.raw.destroy();
  }
}

interface Ctx {
  t: Target;
  s: Settings;
  address: string;
  port: number;
  proxy?: URL;
  started: number;
  planned: number;
  progress(step: string): void;
}

/** Connects again to the address the one-shot probe used (through its proxy), HTTP/1.1 only. */
async function open(c: Ctx): Promise<Held> {
  const scratch = (phase: PhaseResult['phase']): PhaseResult => ({ phase, status: 'ok', ms: 0 });
  const raw = await connectPhase(scratch('connect'), c.address, c.port, c.s.timeoutMs, c.s.signal);
  const wire = new Wire();
  watchSocket(raw, wire);
  try {
    if (c.proxy && c.t.tls) {
      const authority = `${c.t.host.includes(':') ? `[${c.t.host}]` : c.t.host}:${c.t.port}`;
      await tunnelPhase(scratch('proxy'), raw, c.proxy, authority, c.s.timeoutMs, c.s.signal);
    }
    let stream: Socket | TLSSocket = raw;
    if (c.t.tls) {
      stream = await tlsPhase(scratch('tls'), raw, {
        sni: /^[\d.]+$|:/.test(c.t.host) ? null : c.t.host,
        identity: c.t.host,
        alpn: ['http/1.1'],
        ca: c.s.ca,
        insecure: c.s.insecure,
        timeoutMs: c.s.timeoutMs,
        signal: c.s.signal,
      });
    }
    return new Held(raw, stream, wire);
  } catch (e) {
    raw.destroy();
    throw e;
  }
}

function hostHeader(t: Target): string {
  return new URL(t.origin).host;
}

function requestPath(c: Ctx): string {
  return c.proxy && !c.t.tls ? `${c.t.origin.replace(/:(80|443)$/, '')}${c.t.path}` : c.t.path;
}

function requestText(c: Ctx, accept: string): string {
  const auth = c.proxy && !c.t.tls ? proxyAuthorization(c.proxy) : undefined;
  return (
    `GET ${requestPath(c)} HTTP/1.1\r\nHost: ${hostHeader(c.t)}\r\nUser-Agent: conndoc/0.1 (Connection Doctor)\r\n` +
    `Accept: ${accept}\r\nConnection: keep-alive\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`
  );
}

interface Response {
  status: number;
  headers: Record<string, string | string[]>;
  /** The server will close after this response (Connection: close, HTTP/1.0, or a close-delimited body). */
  closes: boolean;
}

/** Reads one HTTP/1.1 response off the held connection, body included (framed by length or chunks). */
async function readResponse(h: Held, c: Ctx, headOnly = false): Promise<Response> {
  const ms = c.s.timeoutMs;
  for (;;) {
    const end = await h.until(() => (h.buf.indexOf('\r\n\r\n') >= 0 ? h.buf.indexOf('\r\n\r\n') : undefined), ms, c.s.signal, 'response headers');
    const head = parseHead(h.buf.subarray(0, end).toString('latin1'));
    h.buf = h.buf.subarray(end + 4);
    if (!head) throw new ProbeError('HPE_INVALID_CONSTANT', 'not an HTTP response');
    if (head.status < 200) continue;
    const v = (k: string): string => String(head.headers[k] ?? '').toLowerCase();
    const closes = v('connection').includes('close') || (head.httpVersion === '1.0' && !v('connection').includes('keep-alive'));
    const res: Response = { status: head.status, headers: head.headers, closes };
    if (headOnly || head.status === 204 || head.status === 304) return res;
    if (v('transfer-encoding').includes('chunked')) {
      for (;;) {
        const line = await h.until(() => (h.buf.indexOf('\r\n') >= 0 ? h.buf.indexOf('\r\n') : undefined), ms, c.s.signal, 'a body chunk');
        const size = parseInt(h.buf.subarray(0, line).toString('latin1'), 16);
        if (!Number.isFinite(size) || size > MAX_BUFFER) throw new ProbeError('HPE_INVALID_CHUNK_SIZE', 'bad chunk size');
        if (size === 0) {
          const trailers = await h.until(() => (h.buf.indexOf('\r\n\r\n', line) >= 0 ? h.buf.indexOf('\r\n\r\n', line) : h.buf.subarray(line, line + 4).toString() === '\r\n\r\n' ? line : undefined), ms, c.s.signal, 'the last chunk');
          h.buf = h.buf.subarray(trailers + 4);
          return res;
        }
        await h.until(() => (h.buf.length >= line + 2 + size + 2 ? true : undefined), ms, c.s.signal, 'a body chunk');
        h.buf = h.buf.subarray(line + 2 + size + 2);
      }
    }
    const length = Number(v('content-length') || NaN);
    if (Number.isFinite(length)) {
      if (length > MAX_BUFFER) return { ...res, closes: true };
      await h.until(() => (h.buf.length >= length ? true : undefined), ms, c.s.signal, 'the response body');
      h.buf = h.buf.subarray(length);
      return res;
    }
    return { ...res, closes: true }; // delimited by the close: the connection cannot be reused
  }
}

function secs(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function closedWhileIdle(h: Held, since: number): LifetimeClose {
  const cl = h.closed as Closed;
  const after = secs(cl.at - since);
  const what = cl.how === 'close-frame' ? `a WebSocket close frame${cl.detail ? ` (${cl.detail})` : ''}` : cl.how;
  return { afterSec: after, how: cl.how, detail: `closed by the other side after ${after} s idle: ${what}` };
}

function reuseFailure(e: Error & { code?: string }, h: Held, idleSec: number): LifetimeClose {
  const timedOut = e.code === 'ETIMEDOUT';
  const how: LifetimeClose['how'] = timedOut ? 'no-answer-on-reuse' : h.wire.reset || e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'reset-on-reuse' : 'closed-on-reuse';
  const said = how === 'no-answer-on-reuse' ? 'no answer (the path dropped the connection silently)' : how === 'reset-on-reuse' ? 'a RST (ECONNRESET: "socket hang up")' : 'a close without a response ("other side closed")';
  return { afterSec: idleSec, how, detail: `the request on the connection reused after ${idleSec} s idle met ${said}` };
}

async function httpLifetime(c: Ctx, report: LifetimeReport): Promise<void> {
  const h = await open(c);
  try {
    h.stream.write(requestText(c, '*/*'));
    const first = await readResponse(h, c);
    const ka = first.headers['keep-alive'];
    if (ka) {
      report.keepAlive = String(ka);
      const m = /timeout\s*=\s*(\d+)/i.exec(report.keepAlive);
      if (m) report.announcedTimeoutSec = Number(m[1]);
    }
    if (first.closes) {
      report.skipped = 'the server closes the connection after each response (Connection: close or a close-delimited body): nothing is reused';
      return;
    }
    let lastEnd = now();
    const gaps = idleGaps(report.idleMaxSec);
    for (const [i, gap] of gaps.entries()) {
      c.progress(`idle ${gap} s (gap ${i + 1} of ${gaps.length})`);
      const state = await h.idle(gap * 1000, c.s.signal);
      if (state === 'cancelled') return void (report.cancelled = true);
      if (state === 'closed') {
        report.closed = closedWhileIdle(h, lastEnd);
        report.steps.push({ idleSec: report.closed.afterSec, outcome: 'closed', detail: report.closed.detail });
        return;
      }
      try {
        h.stream.write(requestText(c, '*/*'));
        const again = await readResponse(h, c);
        lastEnd = now();
        report.steps.push({ idleSec: gap, outcome: 'reused', detail: `HTTP ${again.status}` });
        if (again.closes) {
          report.skipped = `the server asked to close after the reuse at ${gap} s (Connection: close)`;
          return;
        }
      } catch (e) {
        if ((e as ProbeError).code === 'ABORT_ERR') return void (report.cancelled = true);
        report.closed = reuseFailure(e as Error, h, gap);
        report.steps.push({ idleSec: gap, outcome: 'closed', detail: report.closed.detail });
        return;
      }
    }
  } finally {
    h.destroy();
  }
}

/** Holds an upgraded WebSocket for `holdSec`, answering pings, sending ours every `pingEverySec`. */
async function holdWebSocket(c: Ctx, report: LifetimeReport, holdSec: number, pingEverySec?: number): Promise<LifetimeStep | undefined> {
  const h = await open(c);
  try {
    const scratch = { request: { phase: 'request', status: 'ok', ms: 0 }, response: { phase: 'response', status: 'ok', ms: 0 }, body: { phase: 'body', status: 'ok', ms: 0 } } as const;
    const phases = { request: { ...scratch.request }, response: { ...scratch.response }, body: { ...scratch.body } } as { request: PhaseResult; response: PhaseResult; body: PhaseResult };
    const up = await websocketUpgrade(phases, h.stream, { host: hostHeader(c.t), path: requestPath(c), timeoutMs: c.s.timeoutMs, maxHeaderBytes: c.s.maxHeaderBytes, signal: c.s.signal });
    if (!up.upgraded) {
      report.skipped = `the WebSocket handshake was answered HTTP ${up.status}: nothing to hold`;
      return undefined;
    }
    h.buf = Buffer.from(up.rest);
    let serverPings = 0;
    const frames = (): undefined => {
      for (let f = readFrame(h.buf); f; f = readFrame(h.buf)) {
        h.buf = h.buf.subarray(f.size);
        if (f.opcode === 0x9) {
          serverPings++;
          h.stream.write(clientFrame(0xa, f.payload.subarray(0, 125)));
        } else if (f.opcode === 0x8) {
          h.closed ??= { how: 'close-frame', at: now(), detail: f.payload.length >= 2 ? `code ${f.payload.readUInt16BE(0)}` : 'no code' };
        }
      }
      return undefined;
    };
    const start = now();
    const deadline = start + holdSec * 1000;
    while (now() < deadline) {
      const wait = Math.min(deadline - now(), (pingEverySec ?? holdSec) * 1000);
      let state: 'open' | 'closed' | 'cancelled';
      try {
        await h.until(frames, wait, c.s.signal, 'idle');
        state = 'open';
      } catch (e) {
        const code = (e as ProbeError).code;
        state = code === 'ETIMEDOUT' ? 'open' : code === 'ABORT_ERR' ? 'cancelled' : 'closed';
      }
      frames();
      if (state === 'cancelled') {
        report.cancelled = true;
        return undefined;
      }
      if (h.closed) {
        const cl = closedWhileIdle(h, start);
        const step: LifetimeStep = { idleSec: cl.afterSec, outcome: 'closed', detail: `${pingEverySec ? `with a ping every ${pingEverySec} s: held ${cl.afterSec} s, then` : 'no pings:'} ${cl.how === 'close-frame' ? `close frame (${h.closed.detail})` : cl.how}${serverPings ? `; the server sent ${serverPings} ping(s)` : ''}` };
        if (pingEverySec) step.pingEverySec = pingEverySec;
        report.steps.push(step);
        return step;
      }
      if (pingEverySec && now() < deadline) h.stream.write(clientFrame(0x9, Buffer.from('conndoc')));
    }
    const step: LifetimeStep = { idleSec: holdSec, outcome: 'held', detail: `${pingEverySec ? `with a ping every ${pingEverySec} s` : 'no pings'}: still open after ${holdSec} s${serverPings ? `; the server sent ${serverPings} ping(s)` : ''}` };
    if (pingEverySec) step.pingEverySec = pingEverySec;
    report.steps.push(step);
    await websocketClose(h.stream, h.buf, Math.min(c.s.timeoutMs, 2000), c.s.signal);
    return step;
  } finally {
    h.destroy();
  }
}

async function websocketLifetime(c: Ctx, report: LifetimeReport): Promise<void> {
  c.progress(`holding the WebSocket idle, no pings, up to ${report.idleMaxSec} s`);
  const quiet = await holdWebSocket(c, report, report.idleMaxSec);
  if (!quiet || quiet.outcome !== 'closed' || report.cancelled) {
    if (quiet?.outcome === 'held') report.summary = `the WebSocket stayed open ${report.idleMaxSec} s without traffic`;
    return;
  }
  const how = /close frame/.test(quiet.detail ?? '') ? 'close-frame' : /RST/.test(quiet.detail ?? '') ? 'RST' : 'FIN';
  report.closed = { afterSec: quiet.idleSec, how, detail: `an idle WebSocket (no pings) was cut after ${quiet.idleSec} s: ${how === 'close-frame' ? 'a close frame' : how}` };
  // Pings at a third of the cut: does traffic keep it open? Held twice as long as the cut, within the limit.
  const every = Math.max(0.5, Math.round((quiet.idleSec / 3) * 10) / 10);
  const hold = Math.min(report.idleMaxSec, Math.max(2 * quiet.idleSec, quiet.idleSec + 2));
  c.progress(`holding the WebSocket with a ping every ${every} s, up to ${hold} s`);
  await holdWebSocket(c, report, hold, every);
}

async function sseLifetime(c: Ctx, report: LifetimeReport): Promise<void> {
  const h = await open(c);
  try {
    h.stream.write(requestText(c, 'text/event-stream'));
    await readResponse(h, c, true);
    const start = now();
    let events = 0;
    let bytes = 0;
    c.progress(`holding the event stream up to ${report.idleMaxSec} s`);
    const count = (): undefined => {
      if (h.buf.length) {
        bytes += h.buf.length;
        events += (h.buf.toString('utf8').match(/\n\n/g) ?? []).length;
        h.buf = Buffer.alloc(0);
      }
      return undefined;
    };
    let lastData = start;
    for (;;) {
      const left = start + report.idleMaxSec * 1000 - now();
      if (left <= 0) break;
      const before = bytes;
      const state = await (async (): Promise<string> => {
        try {
          await h.until(() => (count(), bytes > before ? true : undefined), left, c.s.signal, 'idle');
          return 'data';
        } catch (e) {
          const code = (e as ProbeError).code;
          return code === 'ETIMEDOUT' ? 'open' : code === 'ABORT_ERR' ? 'cancelled' : 'closed';
        }
      })();
      if (state === 'data') lastData = h.lastActivity;
      if (state === 'cancelled') return void (report.cancelled = true);
      if (state === 'closed') {
        const cl = closedWhileIdle(h, lastData);
        const held = secs((h.closed?.at ?? now()) - start);
        report.closed = { ...cl, detail: `the event stream was cut after ${held} s (${cl.afterSec} s after its last data), ${cl.how}; ${events} event(s), ${bytes} bytes received` };
        report.steps.push({ idleSec: cl.afterSec, outcome: 'closed', detail: report.closed.detail });
        return;
      }
      if (state === 'open') break;
    }
    report.steps.push({ idleSec: report.idleMaxSec, outcome: 'held', detail: `still open after ${report.idleMaxSec} s; ${events} event(s), ${bytes} bytes received (server pings: ${events > 0 ? 'yes' : 'none'})` });
  } finally {
    h.destroy();
  }
}

/** Runs the lifetime probe for a URL whose one-shot probe got an answer; never throws. */
export async function probeLifetime(t: Target, r: Result, s: Settings): Promise<LifetimeReport> {
  const kind = lifetimeKind(t, r);
  const idleMaxSec = s.idleMaxSec ?? DEFAULT_IDLE_MAX_SEC;
  const planned = plannedSec(kind, idleMaxSec);
  const report: LifetimeReport = { kind, idleMaxSec, plannedSec: planned, elapsedSec: 0, steps: [], summary: '', advice: [] };
  const connect = r.phases.find((p) => p.phase === 'connect');
  const answered = r.phases.find((p) => p.phase === 'response')?.httpStatus !== undefined;
  const started = now();
  if (!answered || !connect?.remoteAddress || !connect.remotePort) {
    report.skipped = `the one-shot probe ended in ${r.id} before an answer: no connection to keep`;
  } else {
    const proxyUrl = proxyFor(t, s.proxy, s.env);
    const c: Ctx = {
      t, s, address: connect.remoteAddress, port: connect.remotePort,
      proxy: proxyUrl ? new URL(proxyUrl.includes('://') ? proxyUrl : `http://${proxyUrl}`) : undefined,
      started, planned,
      progress: (step) => s.onProgress?.({ url: t.redacted, elapsedSec: secs(now() - started), plannedSec: planned, step }),
    };
    try {
      if (kind === 'websocket') await websocketLifetime(c, report);
      else if (kind === 'sse') await sseLifetime(c, report);
      else await httpLifetime(c, report);
    } catch (e) {
      if ((e as ProbeError).code === 'ABORT_ERR' || s.signal?.aborted) report.cancelled = true;
      else report.skipped = `the lifetime connection failed: ${(e as Error).message}`;
    }
  }
  report.elapsedSec = secs(now() - started);
  report.summary ||= summarise(report);
  report.advice = lifetimeAdvice(report);
  return report;
}

function summarise(r: LifetimeReport): string {
  if (r.cancelled) return `cancelled after ${r.elapsedSec} s`;
  if (r.skipped) return r.skipped;
  const announced = r.announcedTimeoutSec !== undefined ? ` (the server announced Keep-Alive: timeout=${r.announcedTimeoutSec})` : r.kind === 'http' ? ' (not announced: no Keep-Alive: timeout=)' : '';
  if (r.closed) return `${r.closed.detail}${announced}`;
  const reused = r.steps.filter((x) => x.outcome === 'reused').length;
  if (r.kind === 'http') return `the connection was reused ${reused} time(s) after idle gaps up to ${r.idleMaxSec} s; no idle close within --idle-max${announced}`;
  return r.steps.map((x) => x.detail).join('; ');
}

/** Adds the lifetime report to a result: the `idle-close` finding when the other side closed, and its advice first. */
export async function withLifetime(url: string, r: Result, s: Settings): Promise<Result> {
  let t: Target;
  try {
    t = parseTarget(url);
  } catch {
    return r;
  }
  const report = await probeLifetime(t, r, s);
  const out: Result = { ...r, lifetime: report };
  if (report.closed) {
    const announced = report.kind !== 'http' ? '' : report.announcedTimeoutSec !== undefined ? `; announced by Keep-Alive: timeout=${report.announcedTimeoutSec}` : '; not announced (no Keep-Alive: timeout=)';
    out.findings = [...r.findings.filter((f) => f !== 'idle-close'), 'idle-close'];
    out.evidence = [...(r.evidence ?? []), { finding: 'idle-close', detail: `${report.kind}: ${report.closed.detail}${announced}` }];
  }
  const known = applyKnowledge(out);
  return { ...known, remediation: [...report.advice, ...known.remediation.filter((x) => !report.advice.includes(x))] };
}
