// Knowledge for findings. A finding present in a result adds its culprits (with these scores) to the ranking.
import type { DiagnosisId, FindingName } from '../../vocabulary/ids';
import type { Result } from '../../vocabulary/types';
import type { CulpritKind, Entry } from './entry';
import { C } from './confirm';
import { ENVIRONMENT_ENTRIES, ENVIRONMENT_PENALTIES } from './entries-environment';

export const FINDING_ENTRIES = [
  {
    id: 'sni-dependent',
    title: 'Depends on the server name (SNI)',
    explanation:
      'The same address completed the TLS handshake when we sent no server name, or a decoy one, but failed ' +
      'with the real name.\n\n' +
      'The server name travels in clear text in the ClientHello, so something on the path reads it and acts ' +
      'on it. Most often that is on the client\'s side — a corporate firewall or secure web gateway blocking a URL ' +
      'category, a school, ISP or national filter — or a front end that routes by SNI (Kubernetes ingress ' +
      'passthrough, Envoy/HAProxy req.ssl_sni) with no working back end for this name.\n\nA server-side WAF rarely ' +
      'resets the name of the very host it protects. Probing from another network tells the two sides apart.',
    culprits: [
      { kind: 'firewall', title: 'Egress filter on your side keyed on the server name (firewall / secure web gateway URL category)', why: 'the handshake completes with another SNI on the same address', score: 60 },
      { kind: 'load-balancer', title: 'SNI-routing front end with no working back end for this name', why: 'front ends pick the back end by SNI', score: 45 },
      { kind: 'waf', title: 'WAF / IPS with a rule for this server name', why: 'SNI rules exist, but rarely for the host the WAF protects', score: 30 },
    ],
    remediation: {
      firewall: [
        'You: probe from another network (a phone hotspot, a cloud VM): if it works there, the filter is on your side.',
        'Your network team: ask whether this host name\'s URL category is blocked; the decoy-SNI success is the evidence to show them.',
      ],
      waf: ['The site\'s owner: look for WAF/IPS rules or threat signatures matching this host name.'],
      'load-balancer': ['Check the SNI route for this host name on the front end and the health of its back end.'],
    },
    confirm: [C.opensslSni, C.opensslNoSni, C.opensslDecoySni],
  },
  {
    id: 'alpn-dependent',
    title: 'Depends on the ALPN offer',
    explanation:
      'The handshake completed when we offered a different ALPN list (only http/1.1, or none) but failed with ' +
      'the default offer (h2 and http/1.1): something judged the ALPN list in the ClientHello — a middlebox that ' +
      'mishandles the h2 offer, or a server or load balancer whose h2 configuration breaks its handshake.\n\n(A ' +
      'server that selects h2 and then fails to serve it fails after the handshake, which this finding does not ' +
      'cover.)',
    culprits: [
      { kind: 'waf', title: 'WAF / IPS reacting to the ALPN offer in the ClientHello', why: 'the handshake succeeds with another ALPN list', score: 40 },
      { kind: 'server', title: 'HTTP/2 misconfigured on the server or LB', why: 'the handshake breaks only when h2 is offered', score: 35 },
      { kind: 'proxy', title: 'Proxy or middlebox intolerant of the h2 offer', why: 'old proxies mishandle ALPN lists they do not know', score: 20 },
    ],
    remediation: {
      waf: ['Ask the WAF/IPS owners for events matching this client\'s ClientHello (JA3/JA4 fingerprint, ALPN list); the success with http/1.1 only is the evidence to show them.'],
      server: ['The site\'s owner: check HTTP/2 on the server / LB (protocol settings, the TLS library); disable h2 there if it cannot be fixed.'],
      proxy: ['Ask for the middlebox to be updated, or bypassed for this host.'],
    },
    confirm: [C.opensslAlpn],
  },
  {
    id: 'tls-version-dependent',
    title: 'Depends on the TLS version',
    explanation:
      'The handshake completed when we limited the TLS version range (e.g. TLS ≤ 1.2) but failed with the ' +
      'default offer. A version-intolerant middlebox or server mishandles the newer ClientHello (TLS 1.3 ' +
      'ClientHellos are larger and carry extensions old boxes do not parse).',
    culprits: [
      { kind: 'firewall', title: 'TLS-version-intolerant middlebox', why: 'the handshake succeeds with an older version range', score: 45 },
      { kind: 'server', title: 'Server TLS 1.3 implementation or configuration broken', why: 'the server fails only the newer version', score: 35 },
    ],
    remediation: {
      firewall: ['Ask for the firewall / inspection box firmware to be updated, or this host exempted from inspection.'],
      server: ['Test TLS 1.3 on the server directly (openssl -tls1_3) and update the TLS library or LB policy.'],
    },
    confirm: [C.opensslTls12],
  },
  {
    id: 'address-dependent',
    title: 'Depends on the address',
    explanation:
      'The name resolves to several addresses and they do not all behave the same: some work and others fail. ' +
      'One back end behind a DNS round robin is dead, one region or AZ is broken, or one address family (IPv6 ' +
      'or IPv4) has no working path.\n\n' +
      'Clients that try addresses in order fail only sometimes, or only on some networks (Happy Eyeballs ' +
      'hides a broken IPv6 path in browsers but not always in tools).',
    culprits: [
      { kind: 'server', title: 'One bad back end behind the name', why: 'some resolved addresses work and others fail', score: 50 },
      { kind: 'network', title: 'One address family broken (IPv6 vs IPv4)', why: 'failures follow the address family', score: 35 },
      { kind: 'dns', title: 'Stale address left in DNS', why: 'a decommissioned address still published', score: 20 },
    ],
    remediation: {
      server: ['Take the failing address out of DNS / the pool, or fix that back end (the variants list which addresses fail).'],
      network: ['If only IPv6 (or IPv4) addresses fail, fix that path or remove the AAAA (A) record until it works.'],
      dns: ['Remove addresses that no longer belong to the service.'],
    },
    confirm: [C.dig, C.curlResolve, C.curlFamilies],
  },
  {
    id: 'intermittent',
    title: 'Intermittent',
    explanation:
      'Repeated probes of the same URL gave different outcomes. Something in the path varies between ' +
      'attempts: a pool with one unhealthy member, a rate or connection limit, a flapping route or packet ' +
      'loss, or a keep-alive race.',
    culprits: [
      { kind: 'load-balancer', title: 'One unhealthy member in a load-balanced pool', why: 'outcomes differ between attempts', score: 30 },
      { kind: 'rate-limiter', title: 'Rate or connection limit near its threshold', why: 'limits trip on some attempts only', score: 20 },
      { kind: 'network', title: 'Packet loss or a flapping path', why: 'loss makes some attempts time out', score: 15 },
    ],
    remediation: {
      'load-balancer': ['Check each pool member\'s health; compare the attempts\' remote addresses and response headers (which member answered).'],
      network: ['Run mtr for a few minutes and look for loss at one hop.'],
    },
    confirm: [C.curlTiming, { ...C.mtr, for: 'network' }],
  },
  {
    id: 'rate-limit-suspected',
    title: 'Rate limit suspected',
    explanation:
      'Early attempts succeeded and later ones failed, or the response headers said a quota was exhausted. A ' +
      'rate limiter (at the API, a gateway, a CDN, or a firewall\'s connection-rate protection) is counting ' +
      'this client.',
    culprits: [
      { kind: 'rate-limiter', title: 'Rate limiter counting this client', why: 'failures began after several successes, or quota headers at zero', score: 60 },
    ],
    remediation: {
      'rate-limiter': [
        'Space the requests out and honour Retry-After; lower per-host concurrency.',
        'Ask the service owner for the limits that apply to your client (per IP, per token) or a higher quota.',
      ],
    },
    confirm: [C.curlHeaders],
  },
  {
    id: 'delayed-reset',
    title: 'Delayed reset (something waited)',
    explanation:
      'The RST came hundreds of milliseconds or more after our last bytes — far longer than the connect round ' +
      'trip. A device rejecting on sight answers within a round trip or two; a delay means something accepted ' +
      'the bytes and waited — for an upstream connection, a back-end handshake, a timer — then gave up and ' +
      'reset. That points at a load balancer or proxy with a failing back end, more than at a firewall.',
    culprits: [
      { kind: 'load-balancer', title: 'Load balancer / proxy that waited on a failing back end, then reset', why: 'the reset came long after our bytes', score: 30 },
      { kind: 'proxy', title: 'Proxy timing out on its upstream', why: 'a delay before the reset is an upstream timeout', score: 20 },
      { kind: 'server', title: 'Server that stalled, then aborted', why: 'an application timeout ends in a reset', score: 15 },
    ],
    remediation: {
      'load-balancer': ['Check the back-end connect/handshake timeouts on the LB and the health of its targets at that time.'],
      proxy: ['Check the proxy\'s upstream timeouts and error log.'],
    },
    confirm: [C.fullCapture],
  },
  {
    id: 'immediate-reset',
    title: 'Immediate reset (rejected on sight)',
    explanation:
      'The RST came within a few round trips of our last bytes: it was decided by the first box that holds the ' +
      'TCP connection — a firewall, IPS or WAF in line, a server stack that rejects outright — or by a back end ' +
      'that refused at once.\n\nA load balancer doing TCP handshake proxying (F5 Standard virtual servers, ' +
      'docker-proxy, kubectl port-forward, ssh -L) whose back end has nothing listening gets that refusal within ' +
      'a LAN round trip and resets us almost at once too. Only a back end that drops SYNs makes it wait (a ' +
      'delayed reset).',
    culprits: [
      { kind: 'firewall', title: 'Device in line rejecting on sight (firewall / IPS)', why: 'the reset came within a few round trips', score: 30 },
      { kind: 'waf', title: 'WAF rejecting on the first bytes', why: 'no time spent on an upstream', score: 25 },
    ],
    remediation: {
      firewall: ['Capture and compare the RST\'s TTL with the SYN-ACK\'s: a TTL that says 1–2 hops is your own network\'s edge (proxy or firewall), even when the server is far away.'],
    },
    confirm: [C.rstCapture, C.fullCapture],
  },
  {
    id: 'client-dependent',
    title: 'Depends on who asks (client filtering)',
    explanation:
      'We asked again the way a browser does — a current browser\'s User-Agent and Accept headers, and the other ' +
      'HTTP version — and the answer changed. The server, or a bot-protection layer in front of it, judges the ' +
      'client rather than the request: a User-Agent rule, bot management scoring non-browser clients, or a rule ' +
      'on the HTTP version.\n\n' +
      'This is detected, never used: the fix is to be allowed as the client you are (an API key, an allow-list ' +
      'entry, a documented User-Agent), not to pretend to be a browser.',
    culprits: [
      { kind: 'waf', title: 'Bot protection or a client rule judging non-browser clients', why: 'a browser-like request got a different answer', score: 70 },
      { kind: 'server', title: 'Server rule on the User-Agent or HTTP version', why: 'application or web-server rules can match the User-Agent', score: 40 },
    ],
    remediation: {
      waf: ['The site\'s owner: find the bot-management or WAF rule that matched this client (its event log) and allow your client by API key, IP or a documented User-Agent.'],
      server: ['The site\'s owner: look for User-Agent rules in the server configuration (nginx `if ($http_user_agent …)`, Apache `BrowserMatch` / `SetEnvIf`).'],
    },
    confirm: [C.curlHeaders, C.curlBrowserUa],
  },
  {
    id: 'reset-injected',
    title: 'Reset sent by a box on the path (packet evidence)',
    explanation:
      'The packet capture of this connection shows the RST (or ICMP error) arriving with an IP TTL that puts its ' +
      'sender at a different distance than the server\'s SYN-ACK. Each router lowers the TTL by one, and senders ' +
      'start from 64 (Linux, macOS), 128 (Windows) or 255 (network gear), so hops ≈ nearest usual start − observed.\n\n' +
      'Two packets from different distances came from two different boxes: the one that accepted the connection ' +
      'and the one that ended it.\n\n' +
      'Where the sender sits: 1–2 hops away is your own network — its firewall, IPS or web proxy — even when the ' +
      'server is many hops further; another network (a phone hotspot) will likely work.\n\n' +
      'Near the server\'s distance but short of it is a box in front of the server: its WAF, ' +
      'load balancer or the provider\'s DDoS protection. A run with --trace names the router at that distance.\n\n' +
      'What a TTL cannot show: paths can be asymmetric (the reset may come back another way), some boxes rewrite ' +
      'or normalise TTLs, and ECMP can change the path per flow.\n\n' +
      'A full proxy (load balancer, TLS-inspecting ' +
      'proxy) that sends both the SYN-ACK and the RST shows the same distance — so matching TTLs never prove the ' +
      'server sent the reset. On loopback every packet shows the sender\'s initial TTL.',
    culprits: [
      { kind: 'firewall', title: 'Firewall / IPS on the path forging the reset', why: 'the reset came from a different distance than the SYN-ACK', score: 50 },
      { kind: 'proxy', title: 'Web proxy or TLS-inspection box on the path', why: 'an in-line proxy can reset on policy', score: 25 },
    ],
    remediation: {
      firewall: ['Show the network team the two TTLs (the reset\'s and the SYN-ACK\'s) and the hop at the reset\'s distance (--trace); ask for the policy or threat log for this host and port.'],
      proxy: ['Ask whether a web proxy or TLS-inspection policy covers this host; retry from another network to confirm.'],
      waf: ['If the reset comes from near the server\'s distance, ask the site owner for WAF / DDoS-protection events for your address and time.'],
    },
    confirm: [C.fullCapture, C.tcpTrace],
  },
  {
    id: 'vantage-dependent',
    title: 'Depends on where the probe runs',
    explanation:
      'The same URL, probed the same way, gave different outcomes from different places: this machine, a remote ' +
      'host over ssh, a container, a WSL distribution, or the editor\'s local and remote sides. The server and ' +
      'the URL are the same, so the difference is in the path or in who is asking.\n\n' +
      'Fails only from here: this network\'s proxy, firewall or VPN, its DNS answer (split-horizon, a stale ' +
      'hosts entry), or the server refusing this source address. Fails only from elsewhere: the same questions ' +
      'about that network. Fails everywhere the same way: the cause is near the server, not in any one client\'s network.',
    culprits: [
      { kind: 'firewall', title: 'A firewall or egress rule on one network\'s path', why: 'the outcome depends on the source network', score: 45 },
      { kind: 'proxy', title: 'A proxy or VPN on one side only', why: 'proxies and VPNs are per machine or per network', score: 35 },
      { kind: 'dns', title: 'Different DNS answers (split-horizon, hosts file, VPN resolver)', why: 'each vantage resolves with its own resolver', score: 30 },
      { kind: 'waf', title: 'The server or its WAF allowing or blocking by source address', why: 'allow-lists, geo and bot rules judge the source', score: 25 },
    ],
    remediation: {
      firewall: ['Compare the failing and the working vantage: their source addresses, the egress rules on the failing side, and the server\'s allow-list for that source.'],
      proxy: ['Check which proxy (HTTPS_PROXY, PAC, VPN) each vantage uses for this URL; probe again with --proxy \'\' to see the direct path.'],
      dns: ['Compare the dns phase of each vantage: the same name resolving to different addresses explains different outcomes.'],
      waf: ['Ask the server\'s owners whether the failing source address is blocked or not on the allow-list (firewall, WAF, geo or bot rules).'],
    },
    confirm: [C.curlTiming, C.dig],
  },
  {
    id: 'h2-dependent',
    title: 'Fails over HTTP/2, works over HTTP/1.1',
    explanation:
      'The request failed after the TLS handshake had chosen HTTP/2 (a stream reset, GOAWAY or protocol error: ' +
      'Chrome and Electron print net::ERR_HTTP2_PROTOCOL_ERROR), and the same request to the same address over ' +
      'HTTP/1.1 got an answer. Something on the path or the server mishandles HTTP/2 for this request.\n\n' +
      'Usual senders: a TLS-inspecting proxy or firewall that re-encrypts traffic and negotiates h2 with the client ' +
      'but breaks it (Zscaler, Netskope and others have shipped such bugs).\n\nA WAF or header rule that resets streams ' +
      'whose headers it dislikes (h2 lower-cases header names and carries pseudo-headers); a server or load balancer ' +
      'that refuses streams past its max concurrent streams, or whose HTTP/2 implementation is broken.',
    culprits: [
      { kind: 'proxy', title: 'TLS-inspecting proxy / firewall breaking HTTP/2', why: 'interception boxes negotiate h2 with the client and fail to relay it', score: 45 },
      { kind: 'server', title: 'Server / load balancer HTTP/2 misconfiguration (max concurrent streams, header limits)', why: 'the same request over HTTP/1.1 to the same address works', score: 40 },
      { kind: 'waf', title: 'WAF or header rule resetting HTTP/2 streams', why: 'rules that reset streams act per request', score: 25 },
    ],
    remediation: {
      proxy: ['Ask for this host to be exempted from TLS inspection, or for the inspection product to be updated; meanwhile force HTTP/1.1 in the client (VS Code: `"http.experimental.http2": false` style settings, curl `--http1.1`, Node/undici `allowH2: false`).'],
      server: ['Check the server / LB HTTP/2 limits and errors (nginx `http2_max_concurrent_streams`, header size limits, RST_STREAM / GOAWAY counters); disable h2 on that listener if it cannot be fixed.'],
      waf: ['Ask the WAF owners for events matching this request over HTTP/2; compare the request headers with the HTTP/1.1 one that passes.'],
    },
    confirm: [C.curlHttp11],
  },
  {
    id: 'idle-close',
    title: 'Idle connections are closed by the other side',
    explanation:
      'A connection that sat idle was closed by the server or by a box on the path, after the number of seconds the ' +
      'lifetime probe measured (FIN or RST while idle, or a reset / silence when the connection was reused).\n\nA client ' +
      'that keeps idle sockets in a pool longer than that reuses one the other side is closing: Node prints "socket ' +
      'hang up" or ECONNRESET, undici "other side closed" (UND_ERR_SOCKET), a load balancer in front answers 502.\n\n' +
      'Idle limits by default: Node http.Server 5 s, Apache 5 s, undici pool 4 s, AWS ALB 60 s, nginx keepalive_timeout ' +
      '75 s and proxy_read_timeout 60 s, Cloudflare about 100 s, NAT gateways and L4 balancers 350 s (AWS) or 4 min ' +
      '(Azure, silently).\n\nThe rule: the client pool idle timeout is shorter than the server keep-alive, and the server ' +
      'keep-alive is longer than any load balancer idle timeout in front of it.',
    culprits: [
      { kind: 'server', title: 'Server keep-alive timeout shorter than the client pool idle timeout', why: 'a server closing idle keep-alive connections races with clients reusing them', score: 45 },
      { kind: 'load-balancer', title: 'Load balancer / proxy idle timeout (or its keep-alive shorter than the back end\'s)', why: 'load balancers close idle connections and streams at a fixed time', score: 40 },
      { kind: 'network', title: 'NAT or stateful firewall forgetting idle flows', why: 'silent drops show only when the connection is reused', score: 25 },
      { kind: 'client', title: 'Client pool keeping idle sockets too long', why: 'the client decides when to reuse a socket', score: 30 },
    ],
    remediation: {
      client: ['Set the client pool idle timeout below the measured close time (undici `keepAliveTimeout`, Node `http.Agent` `timeout`, Go `IdleConnTimeout`, Java pool eviction), and retry idempotent requests once on a reset of a reused socket.'],
      server: ['Set the server keep-alive above the idle timeout of any load balancer in front (Node `server.keepAliveTimeout = 65000` behind an ALB), and announce it (`Keep-Alive: timeout=`).'],
      'load-balancer': ['For WebSocket / SSE: send pings or comment lines more often than the measured cut, or raise the proxy idle timeout (nginx `proxy_read_timeout`, HAProxy `timeout tunnel`, ALB idle timeout).'],
      network: ['For silent drops: enable TCP keep-alive shorter than the NAT / L4 idle timeout (`socket.setKeepAlive(true, 60_000)`).'],
    },
    confirm: [C.lifetime, C.finCapture],
  },
  ...ENVIRONMENT_ENTRIES,
] satisfies Entry[];

/** Scores a finding takes away from kinds it argues against (a quick reset argues against "waited on an upstream"). */
export const FINDING_PENALTIES: Partial<Record<FindingName, Partial<Record<CulpritKind, number>>>> = {
  'delayed-reset': { firewall: -15, waf: -10 },
  'sni-dependent': { server: -10 },
  ...ENVIRONMENT_PENALTIES,
  // The server's own stack answered at another distance: it did not send the reset.
  'reset-injected': { server: -30 },
};

/** Failures that loss or a flapping path can cause: the attempt goes unanswered; loss makes no status and no reset. */
const UNANSWERED_IDS: readonly string[] = ['tcp.timeout', 'tcp.unreachable', 'tls.timeout', 'http.timeout', 'http.body-timeout', 'proxy.unreachable'] satisfies DiagnosisId[];
/** Statuses a limiter answers with: 429, 503 (nginx limit_req's default), 403 (AWS WAF rate rules, Akamai, Imperva). */
const LIMITER_STATUSES = [403, 429, 503];
const statusOf = (r: Result): number | undefined => r.phases.find((p) => p.phase === 'response')?.httpStatus;

/**
 * Passes, then only failures (ok, ok, 429, 429): something tripped over time, which is what a limit does; one bad
 * member of a rotation fails on and off. From the attempts, or from rate-limit-suspected's evidence without them.
 */
function passThenFail(r: Result): boolean {
  const outcomes = r.attempts?.map((a) => a.ok);
  if (outcomes !== undefined && outcomes.length > 1) {
    const firstFail = outcomes.indexOf(false);
    return firstFail > 0 && outcomes.slice(firstFail).every((ok) => !ok);
  }
  return r.evidence?.some((e) => e.finding === 'rate-limit-suspected' && /^the first \d+ attempt/.test(e.detail)) ?? false;
}

const notSniRejected = (r: Result): boolean => r.id !== 'tls.sni-rejected';

/**
 * Where a finding's culprit fits the failing id and the evidence (review D5). A culprit that does not fit is left
 * out with its steps and the confirm commands written for it (`for`), wherever the finding's text would add them.
 */
export const FINDING_CULPRIT_FITS: Partial<Record<FindingName, Partial<Record<CulpritKind, (r: Result) => boolean>>>> = {
  intermittent: {
    'load-balancer': (r) => !passThenFail(r),
    // A limit refuses, resets or drops connections, or answers one of its statuses: never a 500 or a 404.
    'rate-limiter': (r) => !r.id.startsWith('http.') || ['http.reset', 'http.closed', 'http.timeout'].includes(r.id) || LIMITER_STATUSES.includes(statusOf(r) ?? 0),
    network: (r) => UNANSWERED_IDS.includes(r.id),
  },
  // Which store trusts the server's chain matters where the chain was judged (a certificate id, or an ok that other
  // tools would refuse) — not for a failure after it was accepted (a client-certificate demand, an HTTP status).
  'trust-store-dependent': { client: (r) => r.ok || r.id.startsWith('tls.cert-') },
  // unrecognized_name is an alert from the TLS server about the name: no filter on the path sent it.
  'sni-dependent': { firewall: notSniRejected, waf: notSniRejected, 'load-balancer': notSniRejected },
};

/** Whether the culprit of this kind that `finding` names fits this result (FINDING_CULPRIT_FITS; fits unless ruled out). */
export function findingCulpritFits(finding: string, kind: CulpritKind, r: Result): boolean {
  return FINDING_CULPRIT_FITS[finding as FindingName]?.[kind]?.(r) ?? true;
}

const HANDSHAKE_IDS: readonly string[] = ['tls.reset', 'tls.closed', 'tls.timeout', 'tls.handshake-failure', 'tls.protocol-mismatch', 'tls.sni-rejected', 'tls.alpn-rejected'] satisfies DiagnosisId[];
const NOT_DNS = (id: string): boolean => id !== 'ok' && !id.startsWith('dns.');

/** Which diagnosis ids a finding can accompany (what `conndoc explain <id>` lists as "what moves the ranking"). */
export const FINDING_SCOPE: Record<FindingName, (id: string) => boolean> = {
  // unrecognized_name is about the name by definition: the finding would add nothing there.
  'sni-dependent': (id) => HANDSHAKE_IDS.includes(id) && id !== 'tls.sni-rejected',
  'alpn-dependent': (id) => HANDSHAKE_IDS.includes(id),
  'tls-version-dependent': (id) => HANDSHAKE_IDS.includes(id),
  'delayed-reset': (id) => id === 'tls.reset' || id === 'http.reset',
  'immediate-reset': (id) => id === 'tls.reset' || id === 'http.reset',
  'reset-injected': (id) => id === 'tls.reset' || id === 'http.reset' || id === 'tls.timeout' || id === 'http.timeout' || id.startsWith('tcp.'),
  'address-dependent': NOT_DNS,
  intermittent: NOT_DNS,
  'rate-limit-suspected': (id) => NOT_DNS(id) && !id.startsWith('tls.cert') && !id.startsWith('proxy.'),
  'client-dependent': (id) => ['http.waf-blocked', 'http.client-error', 'http.auth-required', 'http.rate-limited'].includes(id),
  'tls-interception': (id) => id.startsWith('tls.') || id === 'ok',
  'trust-store-dependent': (id) => id.startsWith('tls.cert') || id === 'ok',
  'proxy-dependent': NOT_DNS,
  'vantage-dependent': () => true,
  'h2-dependent': (id) => id.startsWith('http.'),
  'idle-close': (id) => id === 'ok' || id.startsWith('http.'),
};
