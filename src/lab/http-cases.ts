// Cases for the HTTP exchange: resets, closes, silence, non-HTTP answers, broken bodies, redirects, status
// classes, rate limits, repeat-dependent outcomes, gateway errors and WAF block pages per vendor.
import type * as net from 'node:net';
import { makeCase, SHORT_TIMEOUT_MS, type CaseContext, type LabCase } from './case';
import { httpServe, okHandler, pageHandler, rawServe, sendPage, type Handler } from './servers';
import { sshDaemon } from './tls-cases';
import { RELAYED_PAGES, UPSTREAM_PAGES, WAF_PAGES } from './vendor-pages';
import { afterRequest, rawResponse, resetSocket } from './wire';

export const TIMING_DELAY_MS = 300;
const REPEAT = 4;
/** Binary junk that no HTTP parser mistakes for a status line. */
export const GARBAGE = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 167 + 13) & 0xff).map((b) => (b === 0x48 ? 0x00 : b)));

/** Index of this request within the current burst; a burst ends after `quietMs` without requests. */
export function burstCounter(quietMs = 5000): () => number {
  let n = 0;
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last > quietMs) n = 0;
    last = now;
    return n++;
  };
}

const redirectLoop: Handler = (req, res) => {
  res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a', 'content-length': 0 });
  res.end();
};

const status = (code: number, reason: string, headers: Array<[string, string]>, body: string): Handler =>
  pageHandler({ status: code, reason, headers, body });

export async function httpCases(ctx: CaseContext): Promise<LabCase[]> {
  const t = ctx.tracker;
  const tlsOpt = { tls: ctx.pki.good };
  const cases: LabCase[] = [];
  const add = (c: Parameters<typeof makeCase>[1]): number => cases.push(makeCase(ctx, c));

  // Resets and closes after the request, over TCP and over TLS.
  const rst = afterRequest(resetSocket);
  const fin = afterRequest((s) => s.end());
  add({ name: 'http-reset', description: 'TCP up, RST right after the request', scheme: 'http', port: await rawServe(ctx, rst), id: 'http.reset' });
  add({ name: 'http-reset-tls', description: 'TLS up, RST right after the request', scheme: 'https', port: await rawServe(ctx, rst, tlsOpt), id: 'http.reset' });
  add({ name: 'http-closed', description: 'TCP up, FIN after the request, no response byte', scheme: 'http', port: await rawServe(ctx, fin), id: 'http.closed' });
  add({ name: 'http-closed-tls', description: 'TLS up, close_notify + FIN after the request, no response byte', scheme: 'https', port: await rawServe(ctx, fin, tlsOpt), id: 'http.closed' });

  // Not HTTP.
  add({ name: 'http-not-http-ssh', description: 'an SSH daemon (banner first) on a port probed with http://', scheme: 'http', port: await rawServe(ctx, sshDaemon), id: 'http.not-http' });
  add({ name: 'http-garbage', description: '512 bytes of binary junk after the request, then FIN', scheme: 'http', port: await rawServe(ctx, afterRequest((s) => s.end(GARBAGE))), id: 'http.not-http' });

  // Silence and broken bodies.
  add({ name: 'http-timeout', description: 'reads the request, never answers', scheme: 'http', port: await rawServe(ctx, () => undefined), id: 'http.timeout', timeoutMs: SHORT_TIMEOUT_MS });
  const partial = (s: net.Socket): void => void s.write(rawResponse(200, 'OK', [['Content-Type', 'text/plain'], ['Content-Length', '10000']], 'x'.repeat(1000)));
  add({
    name: 'http-body-truncated', description: 'Content-Length 10000, sends 1000 bytes, then FIN', scheme: 'http',
    port: await rawServe(ctx, afterRequest((s) => { partial(s); s.end(); })), id: 'http.body-truncated',
  });
  add({
    name: 'http-body-timeout', description: 'Content-Length 10000, sends headers and 1000 bytes, then stalls', scheme: 'http',
    port: await rawServe(ctx, afterRequest(partial)), id: 'http.body-timeout', timeoutMs: SHORT_TIMEOUT_MS,
  });

  // Redirects and status classes.
  add({ name: 'http-redirect-loop', description: '/ → /a → /b → /a … (302 loop)', scheme: 'http', port: await httpServe(ctx, redirectLoop), id: 'http.redirect-loop' });
  add({
    name: 'http-auth-required', description: '401 with WWW-Authenticate: Basic realm="lab"', scheme: 'http', id: 'http.auth-required',
    port: await httpServe(ctx, status(401, 'Unauthorized', [['WWW-Authenticate', 'Basic realm="lab", charset="UTF-8"']], 'Unauthorized')),
  });
  add({ name: 'http-client-error', description: '404 Not Found from the application', scheme: 'http', id: 'http.client-error', port: await httpServe(ctx, status(404, 'Not Found', [['Content-Type', 'text/plain']], 'no such page')) });
  add({ name: 'http-server-error', description: '500 from the application (no gateway markers)', scheme: 'http', id: 'http.server-error', port: await httpServe(ctx, status(500, 'Internal Server Error', [['Content-Type', 'text/plain']], 'exception in handler')) });

  // Rate limits.
  const resetAt = String(Math.floor(Date.now() / 1000) + 60);
  add({
    name: 'rate-limited-429', description: '429 with Retry-After: 30 and IETF RateLimit-Policy / RateLimit at zero', scheme: 'http', id: 'http.rate-limited',
    port: await httpServe(ctx, status(429, 'Too Many Requests', [
      ['Content-Type', 'text/plain'], ['Retry-After', '30'], ['RateLimit-Policy', '"default";q=100;w=60'], ['RateLimit', '"default";r=0;t=30'],
    ], 'Too Many Requests')),
  });
  add({
    name: 'rate-limited-503', description: '503 with Retry-After: 120 (overload, come back later)', scheme: 'http', id: 'http.rate-limited',
    port: await httpServe(ctx, status(503, 'Service Unavailable', [['Content-Type', 'text/plain'], ['Retry-After', '120']], 'Service temporarily overloaded')),
  });
  add({
    name: 'rate-limited-headers', description: 'GitHub-style 403 with X-RateLimit-Remaining: 0', scheme: 'http', id: 'http.rate-limited',
    port: await httpServe(ctx, status(403, 'Forbidden', [
      ['Content-Type', 'application/json'], ['X-RateLimit-Limit', '60'], ['X-RateLimit-Remaining', '0'], ['X-RateLimit-Used', '60'],
      ['X-RateLimit-Reset', resetAt], ['X-RateLimit-Resource', 'core'],
    ], '{"message":"API rate limit exceeded for 127.0.0.1."}')),
  });

  // Outcomes that change across repeats (the burst counters restart after 5 s without requests).
  const limiter = burstCounter();
  add({
    name: 'rate-limit-suspected', description: `200 for the first 2 requests of a burst, then 429 (no Retry-After); --repeat ${REPEAT}`,
    scheme: 'http', repeat: REPEAT, id: 'http.rate-limited', findings: ['rate-limit-suspected'],
    port: await httpServe(ctx, (req, res) => (limiter() < 2 ? okHandler()(req, res) : sendPage(res, { status: 429, reason: 'Too Many Requests', headers: [], body: 'slow down' }))),
  });
  const flip = burstCounter();
  add({
    name: 'intermittent-500', description: `alternates 200 / 500 (first 200); --repeat ${REPEAT}: the failing outcome is the diagnosis`,
    scheme: 'http', repeat: REPEAT, id: 'http.server-error', findings: ['intermittent'],
    port: await httpServe(ctx, (req, res) => (flip() % 2 === 0 ? okHandler()(req, res) : sendPage(res, { status: 500, reason: 'Internal Server Error', headers: [], body: 'flaky' }))),
  });
  const flap = burstCounter();
  add({
    name: 'intermittent-reset', description: `alternates 200 / RST after the request (first 200); --repeat ${REPEAT}`,
    scheme: 'http', repeat: REPEAT, id: 'http.reset', findings: ['intermittent'],
    port: await rawServe(ctx, afterRequest((s) => (flap() % 2 === 0 ? s.end(rawResponse(200, 'OK', [['Connection', 'close']], 'ok')) : resetSocket(s)))),
  });

  // Gateways answering for a dead back end, and WAF block pages.
  for (const page of UPSTREAM_PAGES) {
    add({
      name: `upstream-${page.vendor}-${page.status}`, description: `${page.vendor} ${page.status}: "${page.body.replace(/<[^>]*>|\s+/g, ' ').trim().slice(0, 60)}"`,
      scheme: 'http', port: await httpServe(ctx, pageHandler(page)), id: 'http.upstream-failure', findings: [`vendor:${page.vendor}`],
    });
  }
  for (const page of [...WAF_PAGES, ...RELAYED_PAGES]) {
    add({
      name: page.name ?? (page.expectId ? `forbidden-${page.vendor}` : `waf-${page.vendor}`),
      description: page.expectId
        ? `${page.vendor}'s fingerprint on a ${page.status} with no block page or block header`
        : `${page.vendor} block page (${page.status}) with its headers, cookies and body markers`,
      scheme: 'http', port: await httpServe(ctx, pageHandler(page)), id: page.expectId ?? 'http.waf-blocked', findings: [`vendor:${page.vendor}`],
    });
  }

  // Phase timing: 300 ms before the headers, 300 ms in the middle of the body.
  const half = 'y'.repeat(4096);
  add({
    name: 'timing-delays', description: `waits ${TIMING_DELAY_MS} ms before the headers and ${TIMING_DELAY_MS} ms mid-body`, scheme: 'http', id: 'ok',
    delays: { response: TIMING_DELAY_MS, body: TIMING_DELAY_MS },
    port: await httpServe(ctx, (_req, res) => {
      t.after(TIMING_DELAY_MS, () => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': half.length * 2 });
        res.write(half);
        t.after(TIMING_DELAY_MS, () => res.end(half));
      });
    }),
  });
  return cases;
}
