// Knowledge for findings. A finding present in a result adds its culprits (with these scores) to the ranking.
import type { DiagnosisId, FindingName } from '../../vocabulary/ids';
import type { CulpritKind, Entry } from './entry';
import { C } from './confirm';

export const FINDING_ENTRIES = [
  {
    id: 'sni-dependent',
    title: 'Depends on the server name (SNI)',
    explanation:
      'The same address completed the TLS handshake when we sent no server name, or a decoy one, but failed ' +
      'with the real name.\n\n' +
      'The server name travels in clear text in the ClientHello, so something on the path reads it and acts ' +
      'on it: a WAF or IPS with a rule for this name, a firewall blocking a URL category, or a front end that ' +
      'routes by SNI and has no working back end for this name.',
    culprits: [
      { kind: 'waf', title: 'WAF / IPS inspecting the ClientHello\'s server name', why: 'the handshake completes with another SNI on the same address', score: 70 },
      { kind: 'firewall', title: 'Firewall with SNI / URL-category filtering', why: 'SNI filtering blocks by name, not by address', score: 45 },
      { kind: 'load-balancer', title: 'SNI-routing front end with no working back end for this name', why: 'front ends pick the back end by SNI', score: 20 },
    ],
    remediation: {
      waf: ['Ask the WAF/IPS owners to look for rules or threat signatures matching this host name; the decoy-SNI success is the evidence to show them.'],
      firewall: ['Ask the network team whether this host name\'s category is blocked; probe from another network to confirm.'],
      'load-balancer': ['Check the SNI route for this host name on the front end and the health of its back end.'],
    },
    confirm: [C.opensslSni, C.opensslNoSni, C.opensslDecoySni],
  },
  {
    id: 'alpn-dependent',
    title: 'Depends on the ALPN offer',
    explanation:
      'The handshake completed when we offered a different ALPN list (only http/1.1, or none) but failed with ' +
      'the default offer (h2 and http/1.1). A middlebox mishandles the h2 offer, or the server/LB selects h2 ' +
      'and then fails to serve it.',
    culprits: [
      { kind: 'waf', title: 'WAF / IPS reacting to the ALPN offer in the ClientHello', why: 'the handshake succeeds with another ALPN list', score: 40 },
      { kind: 'server', title: 'HTTP/2 misconfigured on the server or LB', why: 'selecting h2 then failing is a server-side h2 problem', score: 35 },
      { kind: 'proxy', title: 'Proxy or middlebox intolerant of the h2 offer', why: 'old proxies mishandle ALPN lists they do not know', score: 20 },
    ],
    remediation: {
      waf: ['Ask the WAF/IPS owners for events matching this client\'s ClientHello (JA3/JA4 fingerprint, ALPN list); the success with http/1.1 only is the evidence to show them.'],
      server: ['Check HTTP/2 on the server / LB (certificate, cipher requirements for h2, protocol settings); disable h2 there if it cannot be fixed.'],
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
    confirm: [C.curlTiming, C.mtr],
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
      'The RST came within a few round trips of our last bytes: whatever sent it decided at once, without ' +
      'waiting on anything behind it. That is the signature of a device in line — a firewall, IPS or WAF — or ' +
      'of a server stack that rejects outright.',
    culprits: [
      { kind: 'firewall', title: 'Device in line rejecting on sight (firewall / IPS)', why: 'the reset came within a few round trips', score: 30 },
      { kind: 'waf', title: 'WAF rejecting on the first bytes', why: 'no time spent on an upstream', score: 25 },
    ],
    remediation: {
      firewall: ['Capture and compare the RST\'s TTL with the SYN-ACK\'s to see whether the same box sent both.'],
    },
    confirm: [C.rstCapture, C.fullCapture],
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
] satisfies Entry[];

/** Scores a finding takes away from kinds it argues against (a quick reset argues against "waited on an upstream"). */
export const FINDING_PENALTIES: Partial<Record<FindingName, Partial<Record<CulpritKind, number>>>> = {
  'delayed-reset': { firewall: -15, waf: -10 },
  'immediate-reset': { 'load-balancer': -10, server: -10 },
  'sni-dependent': { server: -10 },
};

const HANDSHAKE_IDS: readonly string[] = ['tls.reset', 'tls.closed', 'tls.timeout', 'tls.handshake-failure', 'tls.protocol-mismatch', 'tls.sni-rejected', 'tls.alpn-rejected'] satisfies DiagnosisId[];
const NOT_DNS = (id: string): boolean => id !== 'ok' && !id.startsWith('dns.');

/** Which diagnosis ids a finding can accompany (what `conndoc explain <id>` lists as "what moves the ranking"). */
export const FINDING_SCOPE: Record<FindingName, (id: string) => boolean> = {
  'sni-dependent': (id) => HANDSHAKE_IDS.includes(id),
  'alpn-dependent': (id) => HANDSHAKE_IDS.includes(id),
  'tls-version-dependent': (id) => HANDSHAKE_IDS.includes(id),
  'delayed-reset': (id) => id === 'tls.reset' || id === 'http.reset',
  'immediate-reset': (id) => id === 'tls.reset' || id === 'http.reset',
  'address-dependent': NOT_DNS,
  intermittent: NOT_DNS,
  'rate-limit-suspected': (id) => NOT_DNS(id) && !id.startsWith('tls.cert') && !id.startsWith('proxy.'),
  'vantage-dependent': () => true,
};
