// The three kinds of lab server: a real HTTP server (http, https, h2), a raw socket handler (over TCP or over a
// completed TLS handshake), and a ClientHello inspector that decides what to do before any TLS is spoken.
import * as http from 'node:http';
import * as https from 'node:https';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { readClientHello, handOver, type ClientHello } from './client-hello';
import type { KeyCert, LabPki } from './pki';
import type { Tracker } from './tracker';
import type { VendorPage } from './vendor-pages';

export interface Ctx {
  tracker: Tracker;
  pki: LabPki;
  host: string;
}

export interface Where {
  host?: string;
  port?: number;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** node:http(s) server; `tls` = the certificate to serve; `h2` offers ALPN h2 (and http/1.1). */
/** `clientCa`: require a client certificate issued by this CA (mutual TLS), as `SSLVerifyClient require` does. */
export async function httpServe(ctx: Ctx, handler: Handler, opts: Where & { tls?: KeyCert; h2?: boolean; clientCa?: string; maxVersion?: tls.SecureVersion; onServer?: (s: net.Server) => void } = {}): Promise<number> {
  let server: net.Server;
  if (opts.tls && opts.h2) {
    server = http2.createSecureServer({ ...opts.tls, allowHTTP1: true }, handler as unknown as (q: http2.Http2ServerRequest, s: http2.Http2ServerResponse) => void);
  } else if (opts.tls) {
    const mtls = opts.clientCa === undefined ? {} : { requestCert: true, rejectUnauthorized: true, ca: [opts.clientCa] };
    server = https.createServer({ ...opts.tls, ...mtls, maxVersion: opts.maxVersion, ALPNProtocols: ['http/1.1'] }, handler);
  } else {
    server = http.createServer(handler);
  }
  (server as http.Server).keepAliveTimeout = 1000;
  opts.onServer?.(server);
  return ctx.tracker.listen(server, opts.host ?? ctx.host, opts.port ?? 0);
}

/** Raw socket handler, after the TLS handshake when `tls` is given (ALPN http/1.1 only: the handler speaks HTTP/1.1). */
export async function rawServe(ctx: Ctx, onSocket: (s: net.Socket) => void, opts: Where & { tls?: KeyCert; pauseOnConnect?: boolean } = {}): Promise<number> {
  const server = opts.tls
    ? tls.createServer({ ...opts.tls, ALPNProtocols: ['http/1.1'] }, (s) => onSocket(ctx.tracker.socket(s)))
    : net.createServer({ pauseOnConnect: opts.pauseOnConnect }, onSocket);
  return ctx.tracker.listen(server, opts.host ?? ctx.host, opts.port ?? 0);
}

export type HelloAction =
  | { kind: 'reset'; afterMs?: number }
  | { kind: 'close' }
  | { kind: 'silent' }
  | { kind: 'alert'; description: number }
  | { kind: 'handshake' };

/** TLS alert descriptions (RFC 8446 §6). */
export const ALERT = { handshake_failure: 40, protocol_version: 70, unrecognized_name: 112, no_application_protocol: 120 } as const;

/** Reads the ClientHello, then resets, closes, stays silent, sends a fatal alert, or lets a real TLS server finish. */
export async function helloServe(ctx: Ctx, decide: (hello: ClientHello) => HelloAction, opts: Where & { tls?: KeyCert } = {}): Promise<number> {
  const t = ctx.tracker;
  const inner = t.server(https.createServer({ ...(opts.tls ?? ctx.pki.good), ALPNProtocols: ['http/1.1'] }, okHandler('handshake completed')));
  const server = net.createServer(async (socket) => {
    const hello = await readClientHello(socket);
    if (!hello) return void socket.destroy();
    const action = decide(hello);
    switch (action.kind) {
      case 'reset':
        if (action.afterMs) t.after(action.afterMs, () => socket.resetAndDestroy());
        else socket.resetAndDestroy();
        return;
      case 'close':
        return void socket.end();
      case 'silent':
        return; // keeps reading; never answers
      case 'alert':
        // A fatal alert record as the first and only server flight: level 2 (fatal), then the description.
        return void socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, action.description]));
      case 'handshake':
        return handOver(inner, socket, hello);
    }
  });
  return t.listen(server, opts.host ?? ctx.host, opts.port ?? 0);
}

export function okHandler(text = 'ok'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}

/** Sends a fixed page with exactly its headers (order, repeats and case kept). */
export function sendPage(res: http.ServerResponse, page: Pick<VendorPage, 'status' | 'reason' | 'headers' | 'body'>): void {
  const flat: string[] = [];
  for (const [k, v] of page.headers) if (k.toLowerCase() !== 'content-length') flat.push(k, v);
  flat.push('Content-Length', String(Buffer.byteLength(page.body)));
  res.writeHead(page.status, page.reason, flat);
  res.end(page.body);
}

export const pageHandler = (page: Pick<VendorPage, 'status' | 'reason' | 'headers' | 'body'>): Handler => (_req, res) => sendPage(res, page);

/**
 * Listens a server factory on 127.0.0.1 and 127.0.0.2 with the same port (address-dependent cases need one
 * name:port with two addresses). Retries when the second address finds the port taken.
 */
export async function samePortPair(first: (w: Where) => Promise<number>, second: (w: Where) => Promise<number>, hosts: [string, string]): Promise<number> {
  let lastError: unknown;
  for (let i = 0; i < 20; i++) {
    const port = await first({ host: hosts[0], port: 0 });
    try {
      await second({ host: hosts[1], port });
      return port;
    } catch (e) {
      lastError = e; // the first server stays up unused; close() takes it down with the rest
    }
  }
  throw lastError;
}
