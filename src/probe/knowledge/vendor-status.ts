// What a gateway's error status or page says about which hop broke (field-notes C.2, C.3, C.4), and what to do.

interface StatusNote {
  meaning: string;
  steps: string[];
}

// Every Cloudflare 52x is about the origin behind Cloudflare: testing the origin directly comes first.
const CF_ORIGIN_DIRECT = 'Cloudflare 52x: test the origin directly, bypassing Cloudflare: curl -v --resolve <host>:443:<origin IP> <url>.';

const CLOUDFLARE: Record<number, StatusNote> = {
  520: {
    meaning: '520: the origin answered Cloudflare with an empty, unknown or malformed response (or headers over 128 KB)',
    steps: [
      'Cloudflare 520: check the origin for crashes or resets at the time of the request (its error log), and that it does not block Cloudflare IP ranges.',
      'Cloudflare 520: keep response headers under 128 KB; if the origin offers h2 via ALPN but does not speak it properly, disable "HTTP/2 to Origin".',
    ],
  },
  521: {
    meaning: '521: the origin refused the connection from Cloudflare (nothing listening, or Cloudflare IPs rejected)',
    steps: [
      'Cloudflare 521: make sure the origin web server is running and listens on 443 (Full / Full strict) or 80 (Flexible).',
      'Cloudflare 521: allow ALL Cloudflare IP ranges in the origin firewall, fail2ban and hosting security groups.',
    ],
  },
  522: {
    meaning: '522: Cloudflare got no SYN+ACK from the origin within 19 s, or no ACK for its request within 90 s',
    steps: [
      'Cloudflare 522: the most common cause is Cloudflare IPs being rate-limited or dropped at the origin: allow all Cloudflare ranges.',
      'Cloudflare 522: check the DNS record points at the current origin IP, that the origin is not overloaded and has keepalives on; collect an MTR from the origin to a Cloudflare IP.',
    ],
  },
  523: {
    meaning: '523: Cloudflare has no route to the origin address',
    steps: ['Cloudflare 523: check the origin address in the DNS record and that no route (e.g. a VPC route capturing 172.64.0.0/13) swallows Cloudflare\'s traffic.'],
  },
  524: {
    meaning: '524: the origin accepted the connection but sent no HTTP response within the 120 s Proxy Read Timeout',
    steps: [
      'Cloudflare 524: move long-running work to a background job with status polling, or serve it from a DNS-only (grey-cloud) hostname.',
      'Cloudflare 524: on Enterprise plans the Proxy Read Timeout can be raised (up to 6,000 s).',
    ],
  },
  525: {
    meaning: '525: the TLS handshake between Cloudflare and the origin failed (Full / Full strict mode)',
    steps: [
      'Cloudflare 525: install a valid certificate on the origin, keep 443 open, support SNI and a cipher suite Cloudflare offers.',
      'Cloudflare 525: look in the origin logs for resets during the handshake from Cloudflare addresses.',
    ],
  },
  526: {
    meaning: '526: the origin certificate is invalid under Full (strict) (expired, revoked, untrusted CA, or host not in its SAN)',
    steps: ['Cloudflare 526: fix the origin certificate (valid dates, CA-signed, host name in the SAN), or use a Cloudflare Origin CA certificate / Custom Origin Trust Store.'],
  },
  530: {
    meaning: '530: Cloudflare could not resolve or route to the origin (shown with a 1xxx error on the page)',
    steps: ['Cloudflare 530: read the 1xxx error number on the page (e.g. 1016 = origin DNS error) and fix the origin DNS record or tunnel.'],
  },
};

const ALB: Record<number, StatusNote> = {
  460: { meaning: '460: the client closed the connection before the ALB idle timeout', steps: ['ALB 460: raise the client\'s timeout above the load balancer idle timeout.'] },
  463: { meaning: '463: the X-Forwarded-For header held more than 30 addresses', steps: ['ALB 463: look for a proxy loop adding X-Forwarded-For entries.'] },
  502: {
    meaning: '502 from the ALB: the target reset or closed the connection, sent a malformed response, or failed the TLS handshake',
    steps: [
      'ALB 502: make the target\'s keep-alive timeout longer than the load balancer idle timeout (a target closing an idle connection the ALB is about to reuse gives exactly this).',
      'ALB 502: check the target group\'s health checks and the target\'s own logs for crashes, resets and TLS errors at that time.',
    ],
  },
  503: { meaning: '503 from the ALB: the target group has no registered targets (with targets registered but all unhealthy, ALB fails open and routes to all of them)', steps: ['ALB 503: register targets in the listener rule\'s target group and check they pass health checks.'] },
  504: {
    meaning: '504 from the ALB: no connection to the target within 10 s, or no response before the idle timeout',
    steps: [
      'ALB 504: the target must accept connections within 10 s and answer before the idle timeout; raise the idle timeout or speed up the handler.',
      'ALB 504: the target subnet NACL must allow ephemeral ports 1024–65535 back to the load balancer.',
    ],
  },
  561: { meaning: '561: the identity provider returned an error during ALB authentication', steps: ['ALB 561: check the listener\'s OIDC / Cognito configuration and the IdP\'s status.'] },
};

/** Envoy response-flag equivalents read from its generated bodies (C.4). */
const ENVOY_BODIES: [string, StatusNote][] = [
  ['no healthy upstream', { meaning: 'Envoy UH: no healthy upstream host in the cluster', steps: ['Envoy UH: the cluster has no healthy endpoints: check that the service\'s pods/instances are running and pass health checks.'] }],
  ['reset reason: overflow', { meaning: 'Envoy UO: circuit breaker overflow (too many pending requests or connections)', steps: ['Envoy UO: the circuit breaker tripped: raise the cluster\'s max connections / pending requests, or reduce load.'] }],
  ['reset reason: connection failure', { meaning: 'Envoy UF: Envoy could not connect to the upstream', steps: ['Envoy UF: the upstream refused or dropped Envoy\'s connection: check the service and port definitions and that the app listens on that port.'] }],
  ['reset reason: connection termination', { meaning: 'Envoy UC: the upstream closed the connection before answering', steps: ['Envoy UC: the upstream closed mid-request: make its keep-alive idle timeout longer than Envoy\'s, and check it for crashes.'] }],
  ['upstream request timeout', { meaning: 'Envoy UT: the upstream did not answer within the route timeout', steps: ['Envoy UT: the upstream is slower than the route timeout: speed it up or raise the route\'s timeout.'] }],
  ['upstream connect error', { meaning: 'Envoy: upstream connect error or reset before headers', steps: ['Envoy: read the access log\'s response flags (UF, UH, UO, URX, UC) for this request; they name the failing hop.'] }],
];

const HAPROXY_BODIES: [string, StatusNote][] = [
  ['no server is available', { meaning: 'HAProxy 503: no server in the backend is up', steps: ['HAProxy 503: every server in the backend is down or in maintenance: check `show servers state` and the health checks.'] }],
  ['invalid or incomplete response', { meaning: 'HAProxy 502: the server sent an invalid or incomplete response', steps: ['HAProxy 502: the back end closed or sent a malformed response: check its logs and header sizes.'] }],
  ["didn't respond in time", { meaning: 'HAProxy 504: the server did not respond within `timeout server`', steps: ['HAProxy 504: the back end is slower than `timeout server`: speed it up or raise that timeout.'] }],
];

/** nginx's own pages for its own refusals: the step names the error-log line, not upstream failures (review 3.22). */
const NGINX_BODIES: [string, StatusNote][] = [
  ['the plain http request was sent to https port', { meaning: 'nginx 400: plain HTTP reached its TLS port', steps: ['You: use https:// for this port — nginx answered 400 because a plain HTTP request reached its TLS listener.'] }],
  ['403 forbidden', { meaning: 'nginx 403: refused by its own configuration', steps: ['nginx 403: error.log says why — "access forbidden by rule" (allow/deny), "directory index of … is forbidden" (no index file) or a file-permission error.'] }],
];

const GENERIC: Record<number, string> = {
  502: '502 Bad Gateway: the proxy or gateway got no valid response from the server behind it',
  503: '503 Service Unavailable: the server or the gateway in front of it has no capacity or no back end',
  504: '504 Gateway Timeout: the gateway gave up waiting for the server behind it',
};

const statusesOf = (table: Record<number, unknown>): number[] => Object.keys(table).map(Number);

/** Cloudflare's own statuses for a failed origin (52x, 530). */
export const CLOUDFLARE_STATUSES: readonly number[] = statusesOf(CLOUDFLARE);
/** Statuses only an AWS ALB sends (460, 463, 561): its table less the generic gateway ones. */
export const ALB_ONLY_STATUSES: readonly number[] = statusesOf(ALB).filter((s) => !(s in GENERIC));
/** The one set of gateway statuses: the generic 502/503/504 and every vendor code in the tables above. */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([...statusesOf(GENERIC), ...CLOUDFLARE_STATUSES, ...ALB_ONLY_STATUSES]);

function noteFor(vendor: string | undefined, status: number, body: string): StatusNote | undefined {
  if (vendor === 'cloudflare') {
    const note = CLOUDFLARE[status];
    return note === undefined ? undefined : { meaning: note.meaning, steps: [...note.steps, CF_ORIGIN_DIRECT] };
  }
  if (vendor === 'aws-elb') return ALB[status];
  const table = vendor === 'envoy' ? ENVOY_BODIES : vendor === 'haproxy' ? HAPROXY_BODIES : vendor === 'nginx' ? NGINX_BODIES : undefined;
  return table?.find(([text]) => body.includes(text))?.[1];
}

/** One line: what the gateway's status or page says broke. `body` is lowercased. */
export function upstreamMeaning(vendor: string | undefined, status: number, body: string): string | undefined {
  return noteFor(vendor, status, body)?.meaning ?? (vendor === undefined ? GENERIC[status] : undefined);
}

/** Vendor-specific remediation for this status / page, if the vendor has any (C.7). `body` is lowercased. */
export function upstreamSteps(vendor: string, status: number, body: string): string[] {
  return noteFor(vendor, status, body)?.steps ?? [];
}
