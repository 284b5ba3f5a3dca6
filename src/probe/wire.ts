// What the wire itself did, recorded below every protocol layer: it is how a RST is told from a FIN
// from silence, and how foreign bytes (an SSH banner on a TLS port) are recognised.
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/** Absolute epoch milliseconds with sub-millisecond precision. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

const KEEP_FIRST_BYTES = 64;

export class Wire {
  firstBytes = Buffer.alloc(0);
  bytesIn = 0;
  lastWriteAt?: number;
  writeError?: string;
  resetAt?: number;
  finAt?: number;
  errorCode?: string;

  onData(chunk: Buffer): void {
    if (this.firstBytes.length < KEEP_FIRST_BYTES) {
      this.firstBytes = Buffer.concat([this.firstBytes, chunk.subarray(0, KEEP_FIRST_BYTES - this.firstBytes.length)]);
    }
    this.bytesIn += chunk.length;
  }
  onWrite(): void {
    this.lastWriteAt = now();
  }
  /** Called after each write completes; the http phase uses it to end the request phase. */
  writeListener?: (err?: Error | null) => void;
  onWriteDone(err?: Error | null): void {
    if (err) {
      this.writeError = (err as NodeJS.ErrnoException).code ?? err.message;
      // A write that fails with ECONNRESET is how a RST shows when it beats the socket's 'error' event.
      this.onError(err as NodeJS.ErrnoException);
    }
    this.writeListener?.(err);
  }
  onEnd(): void {
    this.finAt ??= now();
  }
  onError(err: NodeJS.ErrnoException): void {
    this.errorCode ??= err.code;
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') this.resetAt ??= now();
  }
  /** Forget bytes that belonged to an earlier protocol on the same socket (the proxy's CONNECT answer). */
  forgetBytes(): void {
    this.firstBytes = Buffer.alloc(0);
    this.bytesIn = 0;
  }
  get reset(): boolean {
    return this.resetAt !== undefined;
  }
  get fin(): boolean {
    return this.finAt !== undefined && this.resetAt === undefined;
  }
}

/**
 * Records events of a plain TCP socket without taking it over: undici reads it through 'data'
 * too, so one more listener sees the same bytes.
 */
export function watchSocket(socket: Socket, wire: Wire): void {
  const write = socket.write;
  socket.on('data', (c: Buffer) => wire.onData(c));
  socket.on('end', () => {
    wire.onEnd();
    askForReset(socket, write, wire);
  });
  socket.on('error', (e: NodeJS.ErrnoException) => wire.onError(e));
  socket.write = function (this: Socket, ...args: unknown[]): boolean {
    wire.onWrite();
    const cbIndex = args.findIndex((a) => typeof a === 'function');
    const cb = cbIndex >= 0 ? (args[cbIndex] as (e?: Error | null) => void) : undefined;
    const done = (e?: Error | null): void => {
      wire.onWriteDone(e);
      cb?.(e);
    };
    if (cbIndex >= 0) args[cbIndex] = done;
    else args.push(done);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Socket['write'];
}

const NOTHING = Buffer.alloc(0);

/**
 * libuv reports EOF, not ECONNRESET, when a RST arrives right behind data (a TLS session ticket, say): its read
 * takes the data, sees POLLHUP and ends the stream without reading the error the kernel still holds. So an
 * 'end' is not yet a FIN. A zero-byte write asks the kernel, sending nothing either way: after a RST it fails
 * at once with ECONNRESET (recorded before anyone classifies the 'end'); after a FIN it succeeds.
 */
function askForReset(socket: Socket, write: Socket['write'], wire: Wire): void {
  if (wire.reset || socket.destroyed || socket.writableEnded) return;
  // The original write, not watchSocket's: this is no write of the probe's (lastWriteAt stays).
  (write as (...a: unknown[]) => boolean).call(socket, NOTHING, () => undefined);
  // A synchronous write error is on the stream already; its 'error' event would come a tick too late.
  const err = socket.errored as NodeJS.ErrnoException | null;
  if (err) wire.onError(err);
}

/**
 * A pass-through stream between a TCP socket and the TLS layer. TLS over a native socket reads in
 * C++ and the socket's own events go quiet; over this stream the raw socket keeps emitting them,
 * so the listeners of watchSocket still see every byte, FIN and RST.
 */
export class TapStream extends Duplex {
  constructor(private readonly raw: Socket) {
    super({ allowHalfOpen: false });
    raw.on('data', (c: Buffer) => {
      if (!this.push(c)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (e: Error) => this.destroy(e));
    raw.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }
  override _read(): void {
    this.raw.resume();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.raw.write(chunk, cb);
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.raw.end(cb);
  }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.raw.destroy();
    cb(err);
  }
}

/** Printable view of foreign bytes: ASCII kept, the rest as \xNN. */
export function hexEscape(buf: Buffer, max = 64): string {
  let s = '';
  for (const b of buf.subarray(0, max)) {
    s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

/** A TLS record starts with a content type 20–23 and major version 3. */
export function looksLikeTls(buf: Buffer): boolean {
  if (buf.length === 0) return true;
  if (buf[0] < 0x14 || buf[0] > 0x17) return false;
  return buf.length < 2 || buf[1] === 0x03;
}

export function looksLikeHttp(buf: Buffer): boolean {
  const head = buf.subarray(0, 5).toString('latin1');
  return 'HTTP/'.startsWith(head) || head.startsWith('HTTP/');
}

/** An error with a code, raised by our own timers and cancellation. */
export class ProbeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
export const timeoutError = (what: string, ms: number): ProbeError => new ProbeError('ETIMEDOUT', `${what} timed out after ${ms} ms`);
export const abortError = (): ProbeError => new ProbeError('ABORT_ERR', 'cancelled');

/**
 * Races `work` against a deadline and the signal; on either, `onStop` tears the work down so no
 * socket or timer outlives the phase.
 */
export function bounded<T>(work: Promise<T>, ms: number, what: string, signal: AbortSignal | undefined, onStop: () => void): Promise<T> {
  if (signal?.aborted) {
    onStop();
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const stop = (err: Error): void => {
      cleanup();
      onStop();
      reject(err);
    };
    const timer = setTimeout(() => stop(timeoutError(what, ms)), ms);
    const onAbort = (): void => stop(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    work.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e) => {
        cleanup();
        reject(e);
      },
    );
  });
}

/** Waits `ms`, or less when the signal aborts (never rejects, never leaves a timer behind). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
