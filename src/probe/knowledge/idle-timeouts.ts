// Idle timeouts of common servers, load balancers, NATs and client pools — sourced defaults, data only — and
// the advice a measured lifetime gives (which default it matches, which timeout must be shorter than which).
import type { LifetimeReport } from '../../vocabulary/types';

export interface IdleTimeout {
  /** Who closes: the product and the setting. */
  what: string;
  seconds: number;
  /** server: closes idle keep-alive connections; path: a box in between (LB, NAT); client: a pool's idle limit. */
  role: 'server' | 'path' | 'client';
  /** Closes with FIN/RST, or forgets the connection silently (the next packet meets a RST or nothing). */
  silent?: boolean;
  source: string;
}

export const IDLE_TIMEOUTS: IdleTimeout[] = [
  { what: 'Node.js http.Server keepAliveTimeout', seconds: 5, role: 'server', source: 'https://nodejs.org/api/http.html#serverkeepalivetimeout' },
  { what: 'Apache httpd KeepAliveTimeout', seconds: 5, role: 'server', source: 'https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout' },
  { what: 'nginx keepalive_timeout', seconds: 75, role: 'server', source: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout' },
  { what: 'nginx proxy_read_timeout (WebSocket / SSE through nginx)', seconds: 60, role: 'path', source: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout' },
  { what: 'AWS Application Load Balancer idle timeout', seconds: 60, role: 'path', source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout' },
  { what: 'AWS Network Load Balancer TCP idle timeout', seconds: 350, role: 'path', silent: true, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#connection-idle-timeout' },
  { what: 'AWS NAT gateway idle timeout', seconds: 350, role: 'path', silent: true, source: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html' },
  { what: 'Azure Load Balancer idle timeout (silent unless "TCP reset on idle" is on)', seconds: 240, role: 'path', silent: true, source: 'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout' },
  { what: 'Azure NAT Gateway TCP idle timeout', seconds: 240, role: 'path', silent: true, source: 'https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource' },
  { what: 'Google Cloud external Application Load Balancer HTTP keep-alive timeout', seconds: 610, role: 'path', source: 'https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries' },
  { what: 'Google Cloud NAT established TCP idle timeout', seconds: 1200, role: 'path', silent: true, source: 'https://cloud.google.com/nat/docs/overview' },
  { what: 'Cloudflare proxy idle timeout (keep-alive between Cloudflare and the origin)', seconds: 900, role: 'path', source: 'https://developers.cloudflare.com/fundamentals/reference/connection-limits/' },
  { what: 'Cloudflare proxy read timeout (HTTP 524)', seconds: 100, role: 'path', source: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-524/' },
  { what: 'undici (Node fetch) keepAliveTimeout', seconds: 4, role: 'client', source: 'https://undici.nodejs.org/#/docs/api/Client' },
  { what: 'Go net/http DefaultTransport IdleConnTimeout', seconds: 90, role: 'client', source: 'https://pkg.go.dev/net/http#DefaultTransport' },
];

/**
 * Defaults a measured close time matches: a close comes at its timeout or a little after (timers fire late, and
 * Node 20 closes a second after its keepAliveTimeout), hardly ever before.
 */
export function matchingDefaults(seconds: number, roles: IdleTimeout['role'][] = ['server', 'path']): IdleTimeout[] {
  return IDLE_TIMEOUTS.filter((x) => {
    const late = seconds - x.seconds;
    return roles.includes(x.role) && late >= -Math.max(0.5, x.seconds * 0.05) && late <= Math.max(1.5, x.seconds * 0.1);
  });
}

function poolAdvice(limit: number): string {
  const s = Math.max(1, Math.floor(limit - 1));
  const ms = s * 1000;
  return (
    `Keep the client pool's idle timeout below ${limit} s (e.g. ${s} s) so the client drops an idle socket before the other side does: ` +
    `undici / Node fetch \`setGlobalDispatcher(new Agent({ keepAliveTimeout: ${ms} }))\` (default 4 s, and it honours \`Keep-Alive: timeout=\`); ` +
    `Node http.Agent / axios \`new http.Agent({ keepAlive: true, timeout: ${ms} })\` (a free socket idle that long is destroyed); ` +
    `Go \`Transport.IdleConnTimeout = ${s} * time.Second\` (DefaultTransport: 90 s); ` +
    `Java: Apache HttpClient 5 \`evictIdleConnections(TimeValue.ofSeconds(${s}))\`, OkHttp \`ConnectionPool(5, ${s}, TimeUnit.SECONDS)\`, JDK HttpClient \`-Djdk.httpclient.keepalive.timeout=${s}\`.`
  );
}

const RETRY =
  'Retry idempotent requests (GET, HEAD, PUT, DELETE) once when a reused connection fails before any response byte ' +
  '(ECONNRESET, "socket hang up", UND_ERR_SOCKET "other side closed"): the request never reached the application.';

/** Advice that follows from a lifetime report's numbers; empty when nothing closed. */
export function lifetimeAdvice(r: LifetimeReport): string[] {
  const c = r.closed;
  if (!c) return [];
  const advice: string[] = [];
  const matches = matchingDefaults(c.afterSec);
  const match = matches.length ? ` It matches the default of ${matches.map((m) => `${m.what} (${m.seconds} s)`).join(', ')}.` : '';
  if (r.kind === 'http') {
    if (c.how === 'no-answer-on-reuse' || c.how === 'reset-on-reuse') {
      const before = r.steps.filter((x) => x.outcome === 'reused').map((x) => x.idleSec).pop() ?? 0;
      advice.push(
        `Something forgot the idle connection between ${before} and ${c.afterSec} s without closing it (no FIN while idle).${match} ` +
          'Silent idle timeouts are typical of NATs and L4 load balancers (Azure LB 4 min, AWS NAT gateway / NLB 350 s): ' +
          'keep the pool idle timeout below the first gap that failed, or send TCP keep-alives more often (`socket.setKeepAlive(true, ms)`).',
      );
      advice.push(poolAdvice(Math.max(1, before || c.afterSec)));
    } else {
      advice.push(`The other side closes idle keep-alive connections after about ${c.afterSec} s (${c.how}).${match}`);
      // A client that trusts the announced hint plans with it: the shorter of the two is the limit to stay under.
      advice.push(poolAdvice(Math.min(c.afterSec, r.announcedTimeoutSec ?? Infinity)));
      if (r.announcedTimeoutSec !== undefined && r.announcedTimeoutSec > c.afterSec + 1) {
        advice.push(
          `The answer announced Keep-Alive: timeout=${r.announcedTimeoutSec}, yet the connection was closed after ${c.afterSec} s: a proxy or load balancer in front passes the back end's header on and closes sooner itself. ` +
            'Clients that trust the hint (undici) will reuse sockets that are already gone: make the proxy\'s client-side keep-alive at least as long as what it announces, or strip the header.',
        );
      }
      if (r.announcedTimeoutSec === undefined) {
        advice.push('The server does not announce the limit (no `Keep-Alive: timeout=` header): clients that honour the hint cannot adapt; have the server send it (nginx `keepalive_timeout 75s 75s;`).');
      }
      if (c.afterSec < 60) {
        advice.push(
          `If this server sits behind a load balancer or reverse proxy, its keep-alive (${c.afterSec} s) must be longer than that proxy's idle timeout ` +
            '(AWS ALB 60 s, Google Cloud LB 610 s, nginx upstream `keepalive_timeout`), or the proxy reuses a socket the server is closing and answers 502: ' +
            'Node `server.keepAliveTimeout = 65_000` (and `server.headersTimeout = 66_000`), Apache `KeepAliveTimeout 65`.',
        );
      }
    }
    advice.push(RETRY);
    return advice;
  }
  const pinged = r.steps.find((x) => x.pingEverySec !== undefined);
  if (r.kind === 'websocket') {
    advice.push(`The path cuts a WebSocket idle for ${c.afterSec} s (${c.how}).${match}`);
    if (pinged?.outcome === 'held') advice.push(`Pings every ${pinged.pingEverySec} s kept it open: send a ping (or an application heartbeat) more often than every ${c.afterSec} s — \`ws\`: \`setInterval(() => socket.ping(), ${Math.max(1, Math.floor(c.afterSec / 2))}_000)\`; socket.io \`pingInterval\`.`);
    else if (pinged) advice.push('It was cut even with pings: that is a maximum connection lifetime, not an idle timeout — the client needs reconnect logic.');
    advice.push(
      'Or raise the idle timeout on the hop that cuts it: nginx `proxy_read_timeout` / `proxy_send_timeout` (default 60 s) in the WebSocket location; ' +
        'HAProxy `timeout tunnel`; AWS ALB idle timeout (60 s); ingress-nginx `nginx.ingress.kubernetes.io/proxy-read-timeout`; Cloudflare 100 s.',
    );
    return advice;
  }
  advice.push(`The path cuts an event stream ${c.afterSec} s after its last data (${c.how}).${match}`);
  advice.push(
    `Have the server send a comment line (\`: ping\\n\\n\`) more often than every ${c.afterSec} s, and raise the proxy's read timeout ` +
      '(nginx `proxy_read_timeout` with `proxy_buffering off` or `X-Accel-Buffering: no`; HAProxy `timeout server` / `timeout client`; ALB idle timeout).',
  );
  return advice;
}
