// The request, response and body phases: HTTP through undici over the socket we already hold.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as zlib from 'node:zlib';
import type { Client as UndiciClient, Dispatcher } from 'undici';
import type { PhaseResult } from '../../vocabulary/types';
import { ProbeError, type Wire, abortError, now, timeoutError } from '../wire';

export interface HttpParams {
  origin: string;
  path: string;
  timeoutMs: number;
  maxHeaderBytes: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
  /** Extra request headers (Proxy-Authorization for absolute-form requests through a proxy). */
  headers?: Record<string, string>;
  /** After the headers: read the body? (Not for a redirect that will be followed.) */
  wantBody(status: number): boolean;
}

export interface HttpOutcome {
  status: number;
  statusText?: string;
  headers: Record<string, string | string[]>;
  /** The body as received, up to the cap, decoded when the server compressed it anyway. */
  body: Buffer;
  bytes: number;
  cappedByUs: boolean;
  httpVersion: string;
}

/** An HTTP failure, tagged with the phase it happened in. */
export class HttpFailure extends Error {
  constructor(
    readonly phase: 'request' | 'response' | 'body',
    override readonly cause: Error & { code?: string },
    /** Application bytes the peer sent (decrypted), for telling not-HTTP from a close. */
    readonly firstBytes: Buffer,
    /** When the body failed: the status, headers and body bytes that had arrived. */
    readonly partial?: HttpOutcome,
  ) {
    super(cause.message);
    // undici 7 looks llhttp's error name up by number in a name→number table, so an HTTPParserError never has
    // a code: give it one, so a malformed response (a control byte in a header, say) reads as not-HTTP, not a close.
    if (cause.name === 'HTTPParserError' && !cause.code) cause.code = 'HPE_INVALID_RESPONSE';
  }
}

// undici's index also loads fetch, its WebSocket, caches and cookies (and through them Node's own copy of
// undici): ~70 ms at the start of every probing command. A probe uses the Client alone.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Client: typeof UndiciClient = require('undici/lib/dispatcher/client.js');

const USER_AGENT = 'conndoc/0.1 (Connection Doctor)';
const HEADERS: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
const STOP = new ProbeError('CONNDOC_STOP', 'stopped reading by choice');
// Handed to client.destroy() so undici builds no error (and no stack trace) of its own for each probe.
const DONE = Object.assign(new ProbeError('UND_ERR_DESTROYED', 'probe finished'), { stack: 'probe finished' });

export function httpPhases(
  phases: { request: PhaseResult; response: PhaseResult; body: PhaseResult },
  socket: Socket | TLSSocket,
  wire: Wire,
  params: HttpParams,
): Promise<HttpOutcome> {
  const { request, response, body } = phases;
  const h2 = (socket as TLSSocket).alpnProtocol === 'h2';
  let appFirst = Buffer.alloc(0);
  if (!h2 && (socket as TLSSocket).encrypted) {
    // The first application bytes tell an HTTP answer from foreign bytes (an SSH banner, say); on a
    // plain socket the wire has them already.
    const onData = (c: Buffer): void => {
      appFirst = Buffer.concat([appFirst, c]).subarray(0, 64);
      if (appFirst.length >= 64) socket.off('data', onData);
    };
    socket.on('data', onData);
  }
  const client = new Client(params.origin, {
    // Handed over asynchronously: undici ignores a resume that re-enters its own connect().
    connect: (_o, cb) => process.nextTick(cb, null, socket),
    allowH2: h2,
    maxHeaderSize: params.maxHeaderBytes,
    // Our own timers bound each phase; undici's only back them up.
    headersTimeout: params.timeoutMs * 2,
    bodyTimeout: params.timeoutMs * 2,
    pipelining: 1,
  });

  return new Promise<HttpOutcome>((resolve, reject) => {
    let phase: 'request' | 'response' | 'body' = 'request';
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    const chunks: Buffer[] = [];
    const out: HttpOutcome = { status: 0, headers: {}, body: Buffer.alloc(0), bytes: 0, cappedByUs: false, httpVersion: h2 ? '2' : '1.1' };

    const endRequest = (): void => {
      if (phase !== 'request') return;
      request.end = now();
      request.status = 'ok';
      response.start = request.end;
      phase = 'response';
    };
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      params.signal?.removeEventListener('abort', onAbort);
      wire.writeListener = undefined;
      client.destroy(DONE).catch(() => undefined);
      socket.destroy();
      if (err) {
        reject(new HttpFailure(phase, err, appFirst, phase === 'body' ? out : undefined));
        return;
      }
      if (phase === 'body') {
        body.end = now();
        body.status = 'ok';
      }
      void decode(Buffer.concat(chunks), out.headers['content-encoding'], params.maxBodyBytes).then((decoded) => {
        out.body = decoded;
        resolve(out);
      });
    };
    let stopping = false;
    const stop = (err: Error): void => {
      if (settled) return;
      // Abort undici's request before finish() takes its socket away: a socket closing under a live
      // close-delimited response makes undici complete the aborted request and fail its own assert,
      // uncaught. The abort's own error callback (onResponseError) is ignored meanwhile.
      stopping = true;
      try {
        controller?.abort(STOP);
      } catch {
        /* already finished */
      }
      finish(err === STOP ? undefined : err);
    };
    // One timer for both waits: the headers, then (refreshed) the body.
    const timer = setTimeout(() => stop(timeoutError(phase === 'body' ? 'response body' : 'response headers', params.timeoutMs)), params.timeoutMs);
    const onAbort = (): void => stop(abortError());
    params.signal?.addEventListener('abort', onAbort, { once: true });

    wire.writeListener = (err) => {
      if (err && phase === 'request') stop(err);
      else endRequest();
    };
    request.start = now();
    request.method = 'GET';

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(STOP);
      },
      onResponseStart(_c, statusCode, headers, statusMessage) {
        if (settled) return;
        endRequest();
        // undici reports 1xx (103 Early Hints…) here too: they are not the response, and a server sending them
        // forever must not restart the timer each time. The header timer keeps running.
        if (statusCode < 200) return;
        response.end = now();
        response.status = 'ok';
        body.start = response.end;
        phase = 'body';
        body.status = 'ok';
        out.status = statusCode;
        out.statusText = statusMessage;
        out.headers = cleanHeaders(headers);
        const version = /^HTTP\/(\d(?:\.\d)?)/.exec((appFirst.length ? appFirst : wire.firstBytes).toString('latin1'));
        if (version) out.httpVersion = version[1];
        if (!params.wantBody(statusCode)) return stop(STOP);
        timer.refresh();
      },
      onResponseData(_c, chunk) {
        if (settled) return;
        const room = params.maxBodyBytes - out.bytes;
        chunks.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
        out.bytes += Math.min(chunk.length, room);
        if (out.bytes >= params.maxBodyBytes) {
          out.cappedByUs = true;
          stop(STOP);
        }
      },
      onResponseEnd() {
        finish();
      },
      onResponseError(_c, err) {
        if (!stopping) finish(err);
      },
    };
    try {
      client.dispatch(
        { path: params.path, method: 'GET', headers: params.headers && Object.keys(params.headers).length ? { ...HEADERS, ...params.headers } : HEADERS },
        handler,
      );
    } catch (e) {
      finish(e as Error);
    }
  });
}

function cleanHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Decodes a compressed body sample, keeping at most `cap` inflated bytes (a zip bomb stays small,
 * a truncated stream still yields what it had). Undecodable bytes stay as they came.
 */
function decode(buf: Buffer, encoding: string | string[] | undefined, cap: number): Promise<Buffer> {
  const enc = (Array.isArray(encoding) ? encoding[0] : encoding)?.trim().toLowerCase();
  const make =
    enc === 'gzip' || enc === 'x-gzip' ? zlib.createGunzip : enc === 'deflate' ? zlib.createInflate : enc === 'br' ? zlib.createBrotliDecompress : undefined;
  if (!make || buf.length === 0) return Promise.resolve(buf);
  return new Promise((resolve) => {
    const z = make();
    const out: Buffer[] = [];
    let n = 0;
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      z.destroy();
      resolve(n ? Buffer.concat(out).subarray(0, cap) : buf);
    };
    z.on('data', (c: Buffer) => {
      out.push(c);
      n += c.length;
      if (n >= cap) end();
    });
    z.on('end', end);
    z.on('error', end);
    z.end(buf);
  });
}
