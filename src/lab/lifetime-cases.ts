// Cases for connection lifetime and upgrades: a WebSocket endpoint and a plain page probed with ws://, an HTTP/2
// server that resets every h2 stream but serves HTTP/1.1, and a keep-alive server that closes idle connections
// after a second (reached with the lifetime probe). The handshake is written here by hand, from RFC 6455.
import { createHash } from 'node:crypto';
import * as http2 from 'node:http2';
import type * as net from 'node:net';
import { makeCase, type CaseContext, type LabCase } from './case';
import { httpServe, okHandler, type Handler } from './servers';

/** Lifetime cases hold connections: a short limit keeps them to a few seconds. */
export const LAB_IDLE_MAX_SEC = 3;

function websocketAccept(server: net.Server): void {
  server.on('upgrade', (req: { headers: Record<string, string | undefined> }, socket: net.Socket) => {
    const key = req.headers['sec-websocket-key'] ?? '';
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // Answers a close frame with a close frame (RFC 6455 §5.5.1), then ends.
    socket.on('data', (b: Buffer) => {
      if ((b[0] & 0x0f) === 0x8) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
    });
  });
}

/** h2 streams are reset (or the session sent GOAWAY); HTTP/1.1 requests get a page. */
const h2Breaker = (how: 'rst' | 'goaway'): Handler => (req, res) => {
  if (req.httpVersion !== '2.0') return okHandler('fine over HTTP/1.1')(req, res);
  const h2req = req as unknown as http2.Http2ServerRequest;
  if (how === 'rst') h2req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
  else h2req.stream.session?.goaway(http2.constants.NGHTTP2_PROTOCOL_ERROR);
};

export async function lifetimeCases(ctx: CaseContext): Promise<LabCase[]> {
  const cases: LabCase[] = [];
  const add = (c: Parameters<typeof makeCase>[1]): LabCase => {
    const made = makeCase(ctx, c);
    cases.push(made);
    return made;
  };
  add({ name: 'ws-upgrade-ok', description: 'a WebSocket endpoint: 101 with the right Sec-WebSocket-Accept, close answered', scheme: 'ws', port: await httpServe(ctx, okHandler('not a WebSocket request'), { onServer: websocketAccept }), id: 'ok' });
  add({ name: 'ws-upgrade-ignored', description: 'a plain web page on a ws:// URL: the Upgrade is ignored, 200 comes back', scheme: 'ws', port: await httpServe(ctx, okHandler('a page, not a socket')), id: 'http.upgrade-failed' });
  const secure = add({ name: 'wss-upgrade-ok', description: 'a WebSocket endpoint over TLS: 101, close answered', scheme: 'wss', port: await httpServe(ctx, okHandler('not a WebSocket request'), { tls: ctx.pki.good, onServer: websocketAccept }), id: 'ok' });
  secure.options.ca = [ctx.pki.caPem];
  secure.args.unshift('--ca', ctx.caFile);
  const tls = { tls: ctx.pki.good, h2: true };
  add({ name: 'h2-stream-reset', description: 'ALPN h2; every HTTP/2 stream reset (REFUSED_STREAM); HTTP/1.1 gets 200', scheme: 'https', port: await httpServe(ctx, h2Breaker('rst'), tls), id: 'http.reset', findings: ['h2-dependent'] });
  add({ name: 'h2-goaway', description: 'ALPN h2; GOAWAY (PROTOCOL_ERROR) on the first stream; HTTP/1.1 gets 200', scheme: 'https', port: await httpServe(ctx, h2Breaker('goaway'), tls), id: 'http.closed', findings: ['h2-dependent'] });
  const idle = add({
    name: 'keepalive-idle-close', description: 'a keep-alive server closing idle connections after 1.5 s (Node adds up to 1 s; lifetime probe)', scheme: 'http',
    port: await httpServe(ctx, okHandler('short keep-alive'), { onServer: (s) => ((s as unknown as { keepAliveTimeout: number }).keepAliveTimeout = 1500) }),
    id: 'ok', findings: ['idle-close'],
  });
  idle.options.lifetime = true;
  idle.options.idleMaxSec = LAB_IDLE_MAX_SEC;
  idle.args.push('--lifetime', '--idle-max', String(LAB_IDLE_MAX_SEC));
  return cases;
}
