// Small loopback servers and process gauges for the hardening tests: servers that count their connections
// server-side, servers that stall, and the process's RSS, file descriptors and active handles.
import { readdirSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Tracker } from '../../src/lab/tracker';

/** Counts a server's connections as the server sees them. */
export class ConnCount {
  active = 0;
  max = 0;
  total = 0;
  open = 0;

  accept(): void {
    this.total++;
    this.open++;
    this.active++;
    this.max = Math.max(this.max, this.active);
  }
}

export interface TinyHttpOptions {
  /** Every counter sees every connection (one per server, one shared across servers, …). */
  counts?: ConnCount[];
  /** Sees each request head as received (decrypted for TLS). */
  onHead?: (head: string) => void;
  /** The answer to a request head (default: a tiny 200). */
  respond?: (head: string) => string | Buffer;
  /** Serve TLS with this key and certificate. */
  tls?: { key: string; cert: string };
  /** Hold each answer this long, so that connections overlap when the client lets them. */
  delayMs?: number;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/**
 * Answers each request with a tiny 200 and closes. A connection counts as simultaneous from its accept until
 * the server has written its answer: the client cannot start its next probe before it has read that answer,
 * so an overlap seen here is a real one, never an artefact of the order close events arrive in.
 */
export async function tinyHttp(tracker: Tracker, host: string, opts: TinyHttpOptions = {}): Promise<number> {
  const counts = opts.counts ?? [];
  const onSocket = (socket: net.Socket): void => {
    for (const c of counts) c.accept();
    let answered = false;
    let headDone = false;
    let head = '';
    const release = (): void => {
      if (answered) return;
      answered = true;
      for (const c of counts) c.active--;
    };
    const answer = (): void => {
      release();
      if (!socket.destroyed) socket.end(opts.respond ? opts.respond(head) : OK);
    };
    socket.on('data', (chunk: Buffer) => {
      if (headDone) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n') && head.length < 65536) return;
      headDone = true;
      opts.onHead?.(head);
      if (!opts.delayMs) return answer();
      const t = setTimeout(answer, opts.delayMs);
      socket.once('close', () => clearTimeout(t));
    });
    socket.once('close', () => {
      release();
      for (const c of counts) c.open--;
    });
  };
  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert, ALPNProtocols: ['http/1.1'] }, (s) => onSocket(tracker.socket(s)))
    : net.createServer(onSocket);
  return tracker.listen(server, host);
}

/** Accepts, reads (or not) and never answers: every probe of it waits on its own timeouts. */
export async function stallServer(tracker: Tracker, host: string, count: ConnCount, read = true): Promise<number> {
  const server = net.createServer((socket) => {
    count.accept();
    if (!read) socket.pause();
    else socket.resume();
    socket.once('close', () => {
      count.active--;
      count.open--;
    });
  });
  return tracker.listen(server, host);
}

/** Polls until `cond` holds or `ms` passed; returns whether it held. */
export async function waitFor(cond: () => boolean, ms: number, step = 10): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, step));
  }
  return true;
}

let gcFn: (() => void) | undefined;
/** A full GC even without --expose-gc (so RSS readings are not last run's garbage). */
export function collectGarbage(): void {
  if (!gcFn) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gcFn = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

/** Samples RSS while something runs: the peak growth over the baseline, in bytes. */
export function rssPeak(): { stop(): number } {
  collectGarbage();
  const base = process.memoryUsage.rss();
  let peak = base;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  return {
    stop() {
      clearInterval(t);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak - base;
    },
  };
}

export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Active handles of the kinds a probe creates (sockets, timers), counted by kind. */
export function activeResources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

export const MiB = 1024 * 1024;

export { Tracker };
