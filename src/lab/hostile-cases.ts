// Hostile servers (issue 5): things a troubleshooting tool is pointed at that try to hang it, bloat it, or get
// their bytes run as code. Each ends in an id the contract makes certain; the description says why.
import type * as net from 'node:net';
import * as zlib from 'node:zlib';
import { makeCase, SHORT_TIMEOUT_MS, type CaseContext, type LabCase } from './case';
import { httpServe, okHandler, pageHandler, rawServe, type Handler } from './servers';
import { GARBAGE } from './http-cases';
import { afterRequest, onRequestHead } from './wire';
import type { Tracker } from './tracker';

const MiB = 1024 * 1024;
/** Hard stop for "endless" streams, so a client that never stops reading still sees an end. */
const ENDLESS_LIMIT = 1024 * MiB;

/** Simultaneous connections seen by the counting server (for the per-host limit test). */
export class ConnectionCounter {
  current = 0;
  max = 0;
  total = 0;
  reset(): void {
    this.max = this.current;
    this.total = 0;
  }
}

/** Compresses `bytes` zeros in 1 MiB steps (never holding them all). */
async function compressZeros(stream: zlib.Gzip | zlib.BrotliCompress, bytes: number): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => stream.on('end', r));
  const zero = Buffer.alloc(MiB);
  for (let sent = 0; sent < bytes; sent += MiB) {
    if (!stream.write(zero)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
  return Buffer.concat(out);
}

/** gzip: 64 concatenated members of 16 MiB zeros (RFC 1952 allows members back to back) → 1 GiB from ~1 MiB. */
async function gzipBomb(): Promise<{ body: Buffer; inflated: number }> {
  const member = await compressZeros(zlib.createGzip({ level: 9 }), 16 * MiB);
  return { body: Buffer.concat(Array.from({ length: 64 }, () => member)), inflated: 1024 * MiB };
}

/** br: 64 MiB of zeros at quality 5 → about a hundred bytes. */
async function brBomb(): Promise<{ body: Buffer; inflated: number }> {
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: 64 * MiB };
  return { body: await compressZeros(zlib.createBrotliCompress({ params }), 64 * MiB), inflated: 64 * MiB };
}

/**
 * Writes `next()` chunks while the peer keeps reading, up to `limit` bytes. One chunk per turn of the event loop:
 * loopback socket buffers take megabytes at once, and a synchronous loop would starve every other lab server.
 */
function pump(t: Tracker, s: net.Socket, next: () => Buffer, limit = ENDLESS_LIMIT): void {
  let sent = 0;
  const go = (): void => {
    if (s.destroyed || t.closed) return;
    if (sent >= limit) return void s.end();
    const chunk = next();
    sent += chunk.length;
    if (s.write(chunk)) setImmediate(go);
    else s.once('drain', go);
  };
  go();
}

function scriptPage(): Handler {
  const xss = '<script>alert(document.domain)</script><img src=x onerror="alert(1)">';
  return pageHandler({
    status: 403, reason: 'Forbidden',
    headers: [
      ['Server', 'cloudflare'], ['CF-RAY', `8f00000000000000-LAB${'"><script>alert(2)</script>'}`], ['Content-Type', 'text/html'],
      ['X-Payload', '<img src=x onerror=alert(3)>'], ['Set-Cookie', `evil="><script>alert(4)</script>; Path=/`],
      ['Location', 'javascript:alert(5)'],
    ],
    body: `<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare ${xss}</title></head><body>` +
      `<h1>Sorry, you have been blocked ${xss}</h1><a href="javascript:alert(6)">details</a><svg onload=alert(7)></svg>` +
      `<iframe srcdoc="<script>alert(8)</script>"></iframe><p>Cloudflare Ray ID: <strong>8f00000000000000</strong></p></body></html>`,
  });
}

export async function hostileCases(ctx: CaseContext, counter: ConnectionCounter): Promise<LabCase[]> {
  const t = ctx.tracker;
  const cases: LabCase[] = [];
  const add = (c: Parameters<typeof makeCase>[1]): number => cases.push(makeCase(ctx, c));
  const [gz, br] = await Promise.all([gzipBomb(), brBomb()]);

  let filler = 0;
  /** 64 KiB of header lines, never the blank line that would end the block. */
  const headerLines = (): Buffer => {
    const lines: string[] = [];
    for (let n = 0; n < 300; n++) lines.push(`X-Filler-${filler++}: ${'a'.repeat(200)}\r\n`);
    return Buffer.from(lines.join(''));
  };
  add({
    name: 'hostile-endless-headers', scheme: 'http', id: 'http.not-http',
    description: 'status line, then header lines forever (never a blank line): no HTTP response within any header cap',
    port: await rawServe(ctx, afterRequest((s) => { s.write('HTTP/1.1 200 OK\r\n'); pump(t, s, headerLines); })),
  });
  add({
    name: 'hostile-huge-header-line', scheme: 'http', id: 'http.not-http',
    description: 'one 4 MiB header line: the header block exceeds any sane cap, so it is not a usable HTTP response',
    port: await rawServe(ctx, afterRequest((s) => s.end(`HTTP/1.1 200 OK\r\nX-Huge: ${'a'.repeat(4 * MiB)}\r\nContent-Length: 2\r\n\r\nok`))),
  });
  add({
    name: 'hostile-endless-body', scheme: 'http', id: 'ok',
    description: '200, chunked body that never ends: ok, the body stops at our cap (truncated by us, not by the server)',
    port: await rawServe(ctx, afterRequest((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 0x7a), Buffer.from('\r\n')]);
      pump(t, s, () => chunk);
    })),
  });
  add({
    name: 'hostile-huge-body', scheme: 'http', id: 'ok',
    description: '200 with Content-Length 1 GiB, sent as fast as it is read: ok, the body stops at our cap',
    port: await rawServe(ctx, afterRequest((s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${ENDLESS_LIMIT}\r\n\r\n`);
      const chunk = Buffer.alloc(0x10000, 0x7a);
      pump(t, s, () => chunk, ENDLESS_LIMIT);
    })),
  });
  for (const [name, enc, bomb] of [['hostile-gzip-bomb', 'gzip', gz], ['hostile-br-bomb', 'br', br]] as const) {
    add({
      name, scheme: 'http', id: 'ok',
      description: `200, Content-Encoding: ${enc}, ${bomb.body.length} bytes inflating to ${bomb.inflated / MiB} MiB: ok, inflation stops at our cap`,
      port: await httpServe(ctx, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': enc, 'content-length': bomb.body.length });
        res.end(bomb.body);
      }),
    });
  }
  add({
    name: 'hostile-garbage-tcp', scheme: 'http', id: 'http.not-http',
    description: 'binary junk as soon as the TCP handshake is done (and the request is in), then FIN',
    port: await rawServe(ctx, (s) => {
      // Sent once the request is in (or 200 ms after connect): early enough to be "right away", late enough that
      // the bytes are unambiguously the answer to our request.
      const send = (): void => { if (!s.destroyed && s.writable) s.end(GARBAGE); };
      const timer = t.after(200, send);
      onRequestHead(s, () => { t.clear(timer); send(); });
    }),
  });
  add({
    name: 'hostile-garbage-tls', scheme: 'https', id: 'http.not-http',
    description: 'a valid TLS handshake (lab CA), then binary junk instead of an HTTP response',
    port: await rawServe(ctx, afterRequest((s) => s.end(GARBAGE)), { tls: ctx.pki.good }),
  });
  const drip = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok');
  add({
    name: 'hostile-slowloris', scheme: 'http', id: 'http.timeout', timeoutMs: SHORT_TIMEOUT_MS,
    description: 'drips the response one byte a second: the headers never complete within the phase timeout',
    port: await rawServe(ctx, afterRequest((s) => {
      let i = 0;
      const tick = (): void => {
        if (s.destroyed || i >= drip.length) return;
        s.write(drip.subarray(i, ++i));
        t.after(1000, tick);
      };
      tick();
    })),
  });
  add({
    name: 'hostile-never-reads', scheme: 'http', id: 'http.timeout', timeoutMs: SHORT_TIMEOUT_MS,
    description: 'accepts and never reads a byte (our request sits in the socket buffers): no response, timeout',
    port: await rawServe(ctx, () => undefined, { pauseOnConnect: true }),
  });

  // Redirects off the beaten path.
  const target = await httpServe(ctx, okHandler('arrived on another host over https'), { tls: ctx.pki.good });
  const targetHost = 'redirect-target.lab.test';
  const redirectTo = (location: string): Handler => (_req, res) => { res.writeHead(301, { location, 'content-length': 0 }); res.end(); };
  add({
    name: 'hostile-redirect-cross', scheme: 'http', id: 'ok',
    description: `http:// 301 → https://${targetHost} (another host and scheme), which answers 200`,
    port: await httpServe(ctx, redirectTo(`https://${targetHost}:${target}/`)), alsoResolve: { [`${targetHost}:${target}`]: [ctx.host] },
  });
  add({
    name: 'hostile-redirect-ftp', scheme: 'http', id: 'http.redirect-blocked',
    description: '301 → ftp://ftp.lab.test/file: not a web scheme, so the destination policy does not follow it',
    port: await httpServe(ctx, redirectTo('ftp://ftp.lab.test/pub/file.txt')),
  });
  const redisLike = await rawServe(ctx, () => undefined);
  add({
    name: 'hostile-redirect-redis', scheme: 'http', id: 'http.redirect-blocked',
    description: '301 → redis://redis-target.lab.test (a port that accepts): not a web scheme, never connected to',
    port: await httpServe(ctx, redirectTo(`redis://redis-target.lab.test:${redisLike}/0`)),
    alsoResolve: { [`redis-target.lab.test:${redisLike}`]: [ctx.host] },
  });

  add({
    name: 'hostile-redirect-metadata', scheme: 'http', id: 'http.redirect-blocked',
    description: '302 → http://169.254.169.254/latest/meta-data/iam/security-credentials/ (the cloud metadata service): never followed',
    port: await httpServe(ctx, redirectTo('http://169.254.169.254/latest/meta-data/iam/security-credentials/')),
  });
  add({
    name: 'hostile-redirect-metadata-decimal', scheme: 'http', id: 'http.redirect-blocked',
    description: '302 → //2852039166/latest/meta-data/ (169.254.169.254 as one decimal number, scheme-relative): never followed',
    port: await httpServe(ctx, redirectTo('//2852039166/latest/meta-data/')),
  });

  // Counts simultaneous connections; each response waits 50 ms so concurrency can build up.
  const counting = await httpServe(ctx, (req, res) => t.after(50, () => okHandler()(req, res)), {
    onServer: (srv) => srv.on('connection', (sock: net.Socket) => {
      counter.current++;
      counter.total++;
      counter.max = Math.max(counter.max, counter.current);
      sock.once('close', () => counter.current--);
    }),
  });
  add({ name: 'hostile-connection-count', scheme: 'http', id: 'ok', description: '200 after 50 ms; counts simultaneous connections (lab.counter)', port: counting });

  add({
    name: 'hostile-script-page', scheme: 'http', id: 'http.waf-blocked', findings: ['vendor:cloudflare'],
    description: 'Cloudflare-style 403 block page whose headers and body are full of <script>/<img onerror> payloads',
    port: await httpServe(ctx, scriptPage()),
  });
  return cases;
}
