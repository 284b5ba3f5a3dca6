// The WebSocket opening handshake (RFC 6455 §4) over the socket the engine already holds, then a clean
// close (§5.5.1). Written here rather than through the `ws` client: ws opens its own connection through
// http.request, so the connect/proxy/TLS phases would not be ours to measure, and its handshake errors
// hide the status, headers and bytes that are the evidence of a proxy that stripped `Upgrade`.
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { DiagnosisId } from '../../vocabulary/ids';
import type { PhaseResult } from '../../vocabulary/types';
import { abortError, now, timeoutError } from '../wire';
import { HttpFailure, type HttpOutcome } from './http';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const USER_AGENT = 'conndoc/0.1 (Connection Doctor)';

export interface UpgradeOutcome extends HttpOutcome {
  /** 101 with the right Sec-WebSocket-Accept: the connection now speaks WebSocket. */
  upgraded: boolean;
  /** What came back of the hop-by-hop headers a proxy must pass on. */
  upgradeHeader?: string;
  connectionHeader?: string;
  acceptValid: boolean;
  /** Bytes after the response headers (the first WebSocket frames), kept for a lifetime probe. */
  rest: Buffer;
}

export interface UpgradeParams {
  /** Host header value (host[:port]). */
  host: string;
  path: string;
  timeoutMs: number;
  maxHeaderBytes: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** Sends the opening handshake and reads the answer's head (and, if not 101, a bounded sample of its body). */
export function websocketUpgrade(
  phases: { request: PhaseResult; response: PhaseResult; body: PhaseResult },
  socket: Socket | TLSSocket,
  params: UpgradeParams,
): Promise<UpgradeOutcome> {
  const { request, response } = phases;
  const key = randomBytes(16).toString('base64');
  const lines = [
    `GET ${params.path} HTTP/1.1`,
    `Host: ${params.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    `User-Agent: ${USER_AGENT}`,
    ...Object.entries(params.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  return new Promise<UpgradeOutcome>((resolve, reject) => {
    let phase: 'request' | 'response' = 'request';
    let buf = Buffer.alloc(0);
    let settled = false;
    const done = (err?: Error, out?: UpgradeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      params.signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      if (err) reject(new HttpFailure(phase, err, buf.subarray(0, 64)));
      else resolve(out as UpgradeOutcome);
    };
    const timer = setTimeout(() => done(timeoutError('the upgrade response', params.timeoutMs)), params.timeoutMs);
    const onAbort = (): void => done(abortError());
    const onError = (e: Error): void => done(e);
    const onEnd = (): void => done(Object.assign(new Error('the other side closed the connection before the upgrade response'), { code: 'UND_ERR_SOCKET' }));
    const onData = (chunk: Buffer): void => {
      if (phase === 'request') endRequest();
      buf = Buffer.concat([buf, chunk]);
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) {
        if (buf.length > params.maxHeaderBytes) done(Object.assign(new Error('upgrade response headers too large'), { code: 'UND_ERR_HEADERS_OVERFLOW' }));
        return;
      }
      const parsed = parseHead(buf.subarray(0, head).toString('latin1'));
      if (!parsed) return done(Object.assign(new Error('not an HTTP response'), { code: 'HPE_INVALID_CONSTANT' }));
      response.end = now();
      response.status = 'ok';
      const upgradeHeader = one(parsed.headers.upgrade);
      const connectionHeader = one(parsed.headers.connection);
      const acceptValid = one(parsed.headers['sec-websocket-accept']) === acceptFor(key);
      const upgraded =
        parsed.status === 101 && acceptValid && /^websocket$/i.test(upgradeHeader ?? '') && /\bupgrade\b/i.test(connectionHeader ?? '');
      const rest = buf.subarray(head + 4);
      const out: UpgradeOutcome = {
        ...parsed, body: Buffer.alloc(0), bytes: 0, cappedByUs: false, httpVersion: parsed.httpVersion,
        upgraded, upgradeHeader, connectionHeader, acceptValid, rest,
      };
      if (upgraded || parsed.status === 101) return done(undefined, out);
      // Not upgraded: the body is what fingerprints the proxy; take what has come, bounded by its length.
      const length = Number(one(parsed.headers['content-length']) ?? NaN);
      out.body = rest.subarray(0, 4096);
      out.bytes = out.body.length;
      if (Number.isFinite(length) && rest.length < Math.min(length, 4096)) return; // the rest of a small body (the timer still runs)
      done(undefined, out);
    };
    const endRequest = (): void => {
      if (phase !== 'request') return;
      request.end = now();
      request.status = 'ok';
      response.start = request.end;
      phase = 'response';
    };
    params.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    request.start = now();
    request.method = 'GET';
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, (err) => (err ? done(err) : endRequest()));
  });
}

interface Head {
  status: number;
  statusText?: string;
  httpVersion: string;
  headers: Record<string, string | string[]>;
}

export function parseHead(text: string): Head | undefined {
  const [statusLine, ...rest] = text.split('\r\n');
  const m = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const line of rest) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const k = line.slice(0, colon).trim().toLowerCase();
    const v = line.slice(colon + 1).trim();
    const prev = headers[k];
    headers[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { status: Number(m[2]), statusText: m[3], httpVersion: m[1], headers };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A masked client frame (RFC 6455 §5.2): close, ping or text, payload < 126 bytes. */
export function clientFrame(opcode: 0x1 | 0x8 | 0x9 | 0xa, payload: Buffer = Buffer.alloc(0)): Buffer {
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, body]);
}

export function closeFrame(code = 1000): Buffer {
  const p = Buffer.alloc(2);
  p.writeUInt16BE(code);
  return clientFrame(0x8, p);
}

/** A frame from the server: opcode, payload; undefined until a whole frame is in `buf`. */
export function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  let len = buf[1] & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const masked = (buf[1] & 0x80) !== 0;
  if (masked) at += 4;
  if (buf.length < at + len) return undefined;
  return { opcode: buf[0] & 0x0f, payload: buf.subarray(at, at + len), size: at + len };
}

/**
 * The closing handshake: our close frame, then the peer's close frame (or its FIN), bounded by the timeout.
 * Returns the peer's close code, or a note of what happened instead; never throws.
 */
export function websocketClose(socket: Socket | TLSSocket, rest: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    let buf = rest;
    let settled = false;
    const finish = (note: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      resolve(note);
    };
    const timer = setTimeout(() => finish(`no close frame back within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => finish('cancelled');
    const onClose = (): void => finish('the peer closed the TCP connection without a close frame');
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]).subarray(-65536);
      for (let f = readFrame(buf); f; f = readFrame(buf)) {
        buf = buf.subarray(f.size);
        if (f.opcode === 0x8) return finish(`close frame ${f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 'without a code'} back`);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onClose);
    onData(Buffer.alloc(0));
    if (!settled) socket.write(closeFrame(1000));
  });
}

/** The id of a WebSocket handshake's answer: an id the status names more precisely, or upgrade-failed. */
export function upgradeId(out: UpgradeOutcome, byStatus: DiagnosisId): DiagnosisId {
  if (out.upgraded) return 'ok';
  // Who refused is clearer than that the upgrade did not happen: a login wall, a limiter, a WAF, a dead back end.
  if (byStatus === 'http.auth-required' || byStatus === 'http.rate-limited' || byStatus === 'http.waf-blocked' || byStatus === 'http.upstream-failure') return byStatus;
  return 'http.upgrade-failed';
}

/** What came back of the handshake, in one line: the evidence for http.upgrade-failed. */
export function upgradeEvidence(out: UpgradeOutcome): string {
  const accept = out.status === 101 ? `; Sec-WebSocket-Accept ${out.acceptValid ? 'valid' : 'missing or wrong'}` : '';
  return (
    `WebSocket handshake answered HTTP ${out.status}${out.statusText ? ` ${out.statusText}` : ''}` +
    `; Upgrade header back: ${out.upgradeHeader ?? 'none'}; Connection header back: ${out.connectionHeader ?? 'none'}${accept}`
  );
}
