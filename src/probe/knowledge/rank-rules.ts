// The evidence rules of the culprit ranking, as data: when a rule's condition holds for a result, its
// contributions join the entry's base scores (rank.ts sums them per culprit). One rule = one reviewed inference
// (knowledge-review.md 2.1, 3.7, 3.13, D1–D5); test/unit/rank-rules.test.ts has one row per rule.
import type { Result } from '../../vocabulary/types';
import type { CulpritHint } from './entry';
import { vendorsOf } from './vendors-of';
import { loopShape, type LoopReading, type LoopShape } from './redirect-shape';
import { CAPTIVE_PORTAL_STEP } from './common-steps';
import { clip } from '../../vocabulary/text';

/**
 * A scored reason for a culprit. `attach`: it adds to the strongest culprit of its kind (renaming it when
 * `retitle`) instead of standing as a culprit of its own; `evidence`: it comes from this result, not the entry;
 * `drop`: the entry's culprit of that kind and title does not fit this result and is left out before anything attaches.
 */
export type Contribution = CulpritHint & { evidence?: boolean; attach?: boolean; retitle?: boolean; drop?: boolean };

export interface RankRule {
  name: string;
  when(r: Result): boolean;
  add(r: Result): Contribution[];
  /** What to do about the culprit the rule names, in that culprit's group of steps. */
  steps?: { kind: CulpritHint['kind']; steps: string[] };
  /** Steps of a culprit the rule drops: they go with it. */
  dropSteps?: RegExp;
}

/**
 * Differential findings: the one variable that changed decides. Every culprit such a finding names gets the bonus,
 * so timing hints only order the culprits it leaves standing (review D1).
 */
export const DECISIVE_FINDINGS = ['sni-dependent', 'alpn-dependent', 'tls-version-dependent', 'address-dependent', 'client-dependent', 'h2-dependent'];
export const DECISIVE_BONUS = 60;

const tlsPhase = (r: Result) => r.phases.find((p) => p.phase === 'tls');
const httpStatus = (r: Result): number | undefined => r.phases.find((p) => p.phase === 'response')?.httpStatus;
const headersOverflowed = (r: Result): boolean => r.phases.find((p) => p.phase === 'response')?.errorCode === 'UND_ERR_HEADERS_OVERFLOW';
const viaProxy = (r: Result): boolean => r.phases.some((p) => p.phase === 'proxy' && p.status === 'ok' && p.proxy !== undefined);

/** Certificate verify codes → the culprit they select (review 3.13 table). */
const VERIFY_CODE_CULPRITS: Record<string, Contribution> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { kind: 'server', title: 'Incomplete chain (intermediate not sent)', why: 'verify code UNABLE_TO_VERIFY_LEAF_SIGNATURE: the issuer of the leaf was not sent', score: 60, attach: true, retitle: true },
  DEPTH_ZERO_SELF_SIGNED_CERT: { kind: 'certificate', title: 'Self-signed certificate', why: 'verify code DEPTH_ZERO_SELF_SIGNED_CERT: the leaf signs itself', score: 60, attach: true, retitle: true },
  SELF_SIGNED_CERT_IN_CHAIN: { kind: 'proxy', title: 'TLS-intercepting proxy, private CA or outdated trust store', why: 'verify code SELF_SIGNED_CERT_IN_CHAIN: a root this client does not trust signed the chain; read the issuer', score: 45, attach: true, retitle: true },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { kind: 'proxy', title: 'TLS-intercepting proxy, private CA or outdated trust store', why: 'verify code UNABLE_TO_GET_ISSUER_CERT_LOCALLY: the issuing CA is not in this client\'s store; read the issuer', score: 45, attach: true, retitle: true },
};

/** Issuer names of TLS-inspecting products (review section 5, row 1). */
const INTERCEPTION_ISSUERS = /zscaler|netskope|palo ?alto|fortinet|fortigate|blue ?coat|symantec web|cisco umbrella|sophos|kaspersky|avast|eset|pfsense|mitmproxy|squid|forcepoint|checkpoint|check point/i;

/** For a gateway status, what happened behind the gateway (review D4: the gateway is the messenger). */
function behindPhrase(status: number | undefined): string {
  switch (status) {
    case 502:
      return 'refused, reset or sent an invalid response (502)';
    case 503:
      return 'not available: none registered, all down or overloaded (503)';
    case 504:
      return 'too slow to answer (504 gateway timeout)';
    default:
      return status === undefined ? 'failed' : `failed (${status})`;
  }
}

/** Hosts a developer's own forwarders answer on: docker-proxy, kubectl port-forward, ssh -L. */
const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;
const urlHost = (r: Result): string => {
  try {
    return new URL(r.url).hostname;
  } catch {
    return '';
  }
};
/** Resets and closes right after the connection is up: where a forwarder with nothing behind it fits. */
const DROPPED_AFTER_CONNECT = ['tls.reset', 'tls.closed', 'http.reset', 'http.closed'];
/** The entries' keep-alive race culprits (http.reset, http.closed). */
const KEEPALIVE_RACES = [
  { kind: 'load-balancer' as const, title: 'Load balancer idle-timeout / keep-alive race' },
  { kind: 'load-balancer' as const, title: 'Keep-alive / idle-timeout race at a load balancer' },
];

/** Addresses that failed and that worked, from the per-address variants (address-dependent). */
function addressOutcomes(r: Result): { bad: string[]; good: string[] } {
  const tried = (r.variants ?? []).filter((v) => v.variant.startsWith('address='));
  const used = r.phases.find((p) => p.phase === 'connect')?.remoteAddress;
  const bad = [...new Set([...(used !== undefined && !r.ok ? [used] : []), ...tried.filter((v) => v.id !== 'ok').map((v) => v.address)])];
  return { bad, good: tried.filter((v) => v.id === 'ok').map((v) => v.address) };
}
const v6 = (a: string): boolean => a.includes(':');

/** A name a captive portal gives its own certificate (section 5 #12). */
const PORTAL_NAME = /captive|hotspot|wi-?fi|securelogin|guest[-. ]?(portal|wifi|access|net)/i;
/** At most what one small packet carries: a body stalled there is what a path MTU black hole looks like. */
const ONE_PACKET_BYTES = 1400;
const declaredLength = (r: Result): number => {
  const raw = r.phases.find((p) => p.phase === 'response')?.headers?.['content-length'];
  return Number(Array.isArray(raw) ? raw[0] : raw) || 0;
};

/** The leaf's subject, names and issuer, where a captive portal's certificate says what it is. */
function portalNames(r: Result): string {
  const leaf = tlsPhase(r)?.certificates?.[0];
  return leaf === undefined ? '' : [leaf.subject, ...(leaf.san ?? []), leaf.issuer].join(' ');
}

/** The address the SYN went to. */
const connectedTo = (r: Result): string | undefined => r.phases.find((p) => p.phase === 'connect')?.remoteAddress;
/** The ICMP error that ended the connection in a capture (--capture), e.g. "ICMP 3/10", "ICMPv6 1/1". */
const icmpEnder = (r: Result): { flags: string; src: string } | undefined => (r.capture?.ender?.flags.startsWith('ICMP') ? r.capture.ender : undefined);
/** Host / network / communication administratively prohibited (RFC 792, RFC 1812; ICMPv6 1/1). */
const ADMIN_PROHIBITED = /^ICMP 3\/(9|10|13)$|^ICMPv6 1\/1$/;
/** Port unreachable (ICMPv6 1/4). */
const PORT_UNREACHABLE = /^ICMP 3\/3$|^ICMPv6 1\/4$/;

/** A redirect loop's shape → the culprit it selects (review 3.18); the loop's hops are the evidence. */
const LOOP_CULPRITS: Record<LoopShape, (l: LoopReading) => Contribution[]> = {
  'scheme-flip': (l) => [
    { kind: 'proxy', title: 'TLS terminated at the proxy / load balancer while the app behind it writes http:// redirects (X-Forwarded-Proto not sent or not trusted)', why: `${l.cycle}: one layer sends http to https, the one behind it sends https back to http`, score: 90, evidence: true, attach: true, retitle: true },
  ],
  'same-url-https': (l) => [
    { kind: 'proxy', title: '', why: `${l.cycle}: an https URL redirected to itself — the origin saw plain HTTP from the TLS-terminating proxy and sent it to https again`, score: 60, evidence: true, attach: true },
  ],
  'same-url': (l) => [
    { kind: 'server', title: 'A redirect rule whose target matches the rule again', why: `${l.cycle}: the URL redirects to itself and sets no cookie`, score: 60, evidence: true },
  ],
  'cookie-check': (l) => [
    { kind: 'client', title: 'Cookie check: the server redirects to the same URL until its cookie comes back', why: `${l.cycle} sets ${l.cookies.slice(0, 3).join(', ')}: this probe, like curl without a cookie jar, sends no cookie back (a browser loops only if it refuses the cookie)`, score: 90, evidence: true, attach: true, retitle: true },
    { kind: 'proxy', title: '', why: '', score: -40 },
  ],
  'host-flip': (l) => [
    { kind: 'server', title: 'Two canonical-host rules disagree (www ↔ apex): one layer sends www to the apex, another sends it back', why: `${l.cycle}: only the www. prefix flips`, score: 90, evidence: true, attach: true, retitle: true },
    { kind: 'proxy', title: '', why: '', score: -40 },
  ],
  'slash-flip': (l) => [
    { kind: 'server', title: 'Two rules disagree on the trailing slash (one adds it, another removes it)', why: `${l.cycle}: only the trailing slash flips`, score: 90, evidence: true, attach: true, retitle: true },
    { kind: 'proxy', title: '', why: '', score: -40 },
  ],
  login: (l) => [
    { kind: 'client', title: 'Login loop: the session cookie is not kept or not accepted between hops', why: `${l.cycle}: a login or auth path is in the loop${l.cookies.length ? ` and it sets ${l.cookies.slice(0, 3).join(', ')}` : ''}`, score: 70, evidence: true, attach: true, retitle: true },
  ],
};

/** An S3 REST error body (relayed by CloudFront or served by S3 itself). */
const S3_ACCESS_DENIED = /<code>accessdenied<\/code>/i;
const bodyOf = (r: Result): string => r.phases.find((p) => p.phase === 'body')?.bodySample ?? r.phases.find((p) => p.phase === 'response')?.bodySample ?? '';

/** The HTTP/2 error code a failed exchange ended with (RST_STREAM or GOAWAY), as Node's error names it. */
const h2ErrorOf = (r: Result): string | undefined => /NGHTTP2_([A-Z_]+)/.exec(r.phases.find((p) => p.status === 'failed')?.error ?? '')?.[1];

export const RANK_RULES: RankRule[] = [
  {
    name: 'an HTTP/2 REFUSED_STREAM that HTTP/1.1 gets past: the server or its load balancer refused the stream',
    // RFC 9113 §8.7: REFUSED_STREAM means no application processing happened, typically past the peer's
    // SETTINGS_MAX_CONCURRENT_STREAMS or while it is shutting down; an inspecting proxy breaking h2 sends other codes.
    when: (r) => r.findings.includes('h2-dependent') && h2ErrorOf(r) === 'REFUSED_STREAM',
    add: () => [{ kind: 'server', title: '', why: 'the stream was refused (REFUSED_STREAM) before any processing: a concurrent-stream limit or a draining server', score: 40, evidence: true, attach: true }],
  },
  {
    name: 'a 4xx other than 404 relayed by a CDN or proxy: the origin refused it (or the CDN\'s access rule), not a missing route',
    when: (r) => r.id === 'http.client-error' && httpStatus(r) !== 404 && vendorsOf(r).length > 0,
    add: (r) => {
      const v = vendorsOf(r)[0];
      return [{ kind: 'proxy', title: `${httpStatus(r) ?? '4xx'} relayed through ${v.label}: the origin refused the request (or one of ${v.label}'s access rules did)`, why: `${v.label} answered with no block signature; its request id tells whether it passed the request on`, score: 30, evidence: true, attach: true, retitle: true }];
    },
    dropSteps: /^For a 404 from a proxy or ingress/,
  },
  {
    name: 'an S3 AccessDenied body: the bucket policy or origin access control denies the object (or it does not exist)',
    when: (r) => r.id === 'http.client-error' && httpStatus(r) === 403 && S3_ACCESS_DENIED.test(bodyOf(r)),
    add: () => [{ kind: 'server', title: 'S3 denies this object: the bucket policy or origin access control (OAC/OAI), or the object does not exist', why: 'the body is S3\'s AccessDenied error; S3 answers 403, not 404, for a missing key when the caller may not list the bucket', score: 90, evidence: true, attach: true, retitle: true }],
    steps: { kind: 'server', steps: ['The site\'s owner: check that the bucket policy lets the CDN\'s origin access control (or OAI) s3:GetObject this key, that the object exists, and for "/" that a default root object is set.'] },
  },
  {
    name: 'a 503 or 504 behind a gateway is not a keep-alive race (that gives sporadic 502s)',
    when: (r) => r.id === 'http.upstream-failure' && (httpStatus(r) === 503 || httpStatus(r) === 504),
    add: () => [],
    dropSteps: /keep-alive timeout longer than the gateway/,
  },
  {
    name: 'the gateway that reports a failure is the messenger: the back end behind it is the culprit',
    when: (r) => r.id === 'http.upstream-failure' && vendorsOf(r).length > 0,
    add: (r) => {
      const v = vendorsOf(r)[0];
      return [{ kind: 'server', title: `Back end behind ${v.label} ${behindPhrase(httpStatus(r))}`, why: `${v.label} answered for it (its own failure page)`, score: 40, evidence: true, attach: true, retitle: true }];
    },
  },
  {
    name: 'certificate culprits follow the verify code',
    when: (r) => r.id === 'tls.cert-untrusted' && VERIFY_CODE_CULPRITS[tlsPhase(r)?.certError ?? tlsPhase(r)?.errorCode ?? ''] !== undefined,
    add: (r) => [{ ...VERIFY_CODE_CULPRITS[tlsPhase(r)?.certError ?? tlsPhase(r)?.errorCode ?? ''], evidence: true }],
  },
  {
    name: 'an issuer naming a TLS-inspecting product puts interception first',
    when: (r) => r.id.startsWith('tls.cert-') && (tlsPhase(r)?.certificates ?? []).some((c) => INTERCEPTION_ISSUERS.test(c.issuer)),
    add: (r) => {
      const issuer = (tlsPhase(r)?.certificates ?? []).find((c) => INTERCEPTION_ISSUERS.test(c.issuer))?.issuer ?? '';
      return [{ kind: 'proxy', title: 'TLS-intercepting proxy re-signing the traffic', why: `the issuer names an inspection product (${clip(issuer, 80)})`, score: 90, evidence: true, attach: true, retitle: true }];
    },
  },
  {
    name: 'through a forward proxy, a reset or close after CONNECT 200 is most likely the proxy\'s own policy',
    when: (r) => ['tls.reset', 'tls.closed', 'tls.timeout'].includes(r.id) && viaProxy(r),
    add: () => [{ kind: 'proxy', title: 'Forward proxy / its SSL-inspection or URL-filter policy', why: 'the proxy accepted the tunnel (CONNECT 200) and the TLS session died inside it', score: 70, evidence: true }],
  },
  {
    name: 'a TLS 1.3 client-certificate alert came after the handshake: mutual TLS, not a crash',
    when: (r) => r.id === 'tls.client-cert-required' && tlsPhase(r)?.alert === 'certificate_required',
    add: () => [{ kind: 'client', title: '', why: 'alert certificate_required (116) after our Finished', score: 20, evidence: true, attach: true }],
  },
  {
    name: 'a status line that parsed, then too many header bytes: the headers are too large, the port is right',
    when: (r) => r.id === 'http.not-http' && headersOverflowed(r),
    add: () => [
      { kind: 'server', title: 'Response headers larger than the client accepts (cookie bloat, headers added by the app or a proxy)', why: 'the status line parsed; the header block passed the client\'s limit (UND_ERR_HEADERS_OVERFLOW)', score: 90, evidence: true },
      { kind: 'client', title: '', why: '', score: -100 },
    ],
  },
  {
    name: 'a 503 whose only signal is Retry-After is a service unavailable for a while, not a quota',
    // Unless repeats saw passes turn into 503s: then a limiter answering 503 is the better reading.
    when: (r) => r.id === 'http.rate-limited' && httpStatus(r) === 503 && r.rateLimit?.limit === undefined && r.rateLimit?.remaining === undefined && !r.findings.includes('intermittent'),
    add: (r) => [
      { kind: 'server', title: 'Service in maintenance or shedding load', why: `503 with Retry-After${r.rateLimit?.retryAfterSec === undefined ? '' : `: ${r.rateLimit.retryAfterSec}`} and no rate-limit headers (RFC 9110: unavailable for that long)`, score: 150, evidence: true },
      // The Retry-After that made it a rate-limit case is this culprit's evidence, not the limiter's.
      { kind: 'rate-limiter', title: '', why: '', score: -100 },
    ],
  },
  {
    name: 'a handshake_failure to a ClientHello without a server name: a multi-tenant front end needs SNI',
    when: (r) => r.id === 'tls.handshake-failure' && (tlsPhase(r)?.sni === null || tlsPhase(r)?.sni === ''),
    add: () => [{ kind: 'load-balancer', title: 'Multi-tenant front end that needs the server name (SNI absent or unknown)', why: 'our ClientHello carried no SNI (an IP-literal URL)', score: 60, evidence: true }],
  },
  {
    name: 'an expired chain whose leaf is still valid: a certificate above it expired, or the client\'s store is old',
    when: (r) => r.id === 'tls.cert-expired' && Date.parse(tlsPhase(r)?.certificates?.[0]?.validTo ?? '') > Date.now(),
    add: (r) => [{ kind: 'client', title: 'Outdated client trust store or an expired cross-sign on the path', why: `the leaf is valid until ${tlsPhase(r)?.certificates?.[0]?.validTo}: a certificate above it expired`, score: 90, evidence: true }],
  },
  {
    name: 'a redirect loop\'s shape says which rules or layers disagree',
    when: (r) => r.id === 'http.redirect-loop',
    add: (r) => {
      const l = loopShape(r);
      return l === undefined ? [] : LOOP_CULPRITS[l.shape](l);
    },
  },
  {
    name: 'an ICMP "prohibited" from the target itself is its host firewall (firewalld), not a missing route',
    when: (r) => r.id === 'tcp.unreachable' && ADMIN_PROHIBITED.test(icmpEnder(r)?.flags ?? '') && icmpEnder(r)?.src === connectedTo(r),
    add: (r) => [
      { kind: 'firewall', title: 'Host firewall on the server rejecting with icmp-host-prohibited (firewalld / RHEL default REJECT)', why: `${icmpEnder(r)?.flags} came from ${icmpEnder(r)?.src}, the server itself: its route works, its firewall refuses this port`, score: 100, evidence: true, attach: true, retitle: true },
      // The server answered: the route works and the host is up.
      { kind: 'network', title: '', why: '', score: -50 },
      { kind: 'server', title: '', why: '', score: -15 },
    ],
  },
  {
    name: 'an ICMP "prohibited" from a box before the target is an ACL on the path',
    when: (r) => r.id === 'tcp.unreachable' && ADMIN_PROHIBITED.test(icmpEnder(r)?.flags ?? '') && icmpEnder(r)?.src !== connectedTo(r),
    add: (r) => [
      { kind: 'firewall', title: 'Router ACL answering with ICMP unreachable / prohibited', why: `${icmpEnder(r)?.flags} (administratively prohibited) came from ${icmpEnder(r)?.src}, not from the server`, score: 60, evidence: true },
    ],
  },
  {
    name: 'an ICMP port-unreachable to a TCP SYN is a REJECT rule: a closed port answers with a RST',
    when: (r) => r.id === 'tcp.refused' && PORT_UNREACHABLE.test(icmpEnder(r)?.flags ?? ''),
    add: (r) => [
      { kind: 'firewall', title: 'Firewall REJECT rule answering with ICMP port-unreachable (iptables\' default REJECT), not a closed port', why: `${icmpEnder(r)?.flags} from ${icmpEnder(r)?.src} answered the SYN: a TCP stack with nothing listening sends a RST, only a REJECT rule sends this`, score: 100, evidence: true, attach: true, retitle: true },
      { kind: 'server', title: '', why: '', score: -30 },
    ],
  },
  {
    name: 'a reset or close on localhost: a local forwarder (docker-proxy, port-forward, ssh -L) with nothing behind it',
    when: (r) => DROPPED_AFTER_CONNECT.includes(r.id) && LOCAL_HOST.test(urlHost(r)),
    add: (r) => [
      { kind: 'server', title: 'A local forwarder with nothing behind it (docker-proxy, kubectl port-forward, ssh -L), or the app in its container listening on 127.0.0.1 only', why: `the URL is ${urlHost(r)}: a published container port, a port-forward or a tunnel accepts the connection itself, then drops it when nothing answers behind it`, score: 70, evidence: true },
    ],
    steps: {
      kind: 'server',
      steps: [
        'You: if this port is published by Docker, kubectl port-forward or ssh -L, check what is behind it: docker ps and docker logs <container> (inside the container the app must listen on 0.0.0.0, not 127.0.0.1), kubectl get pods (ready?) and the port-forward\'s own output, or curl the ssh -L target from the remote host.',
      ],
    },
  },
  {
    name: 'a fresh connection cannot meet a keep-alive race: this probe reuses none',
    // --lifetime measures reuse (idle-close); a plain probe opens a new connection per attempt.
    when: (r) => (r.id === 'http.reset' || r.id === 'http.closed') && !r.findings.includes('idle-close'),
    add: () => KEEPALIVE_RACES.map((c) => ({ ...c, why: '', score: 0, drop: true })),
    dropSteps: /^Make the back end's keep-alive timeout longer than the LB idle timeout/,
    steps: {
      kind: 'client',
      steps: [
        'If your own client fails only on the first request after an idle pause (a reused connection: "socket hang up", ECONNRESET), measure the idle timeouts with conndoc probe --lifetime: this probe opens a fresh connection per attempt, so it cannot meet that race.',
      ],
    },
  },
  {
    name: 'every failing address is IPv6 and every working one IPv4 (or the reverse): one address family is broken',
    when: (r) => {
      const { bad, good } = addressOutcomes(r);
      return r.findings.includes('address-dependent') && bad.length > 0 && good.length > 0 && (bad.every(v6) ? !good.some(v6) : !bad.some(v6) && good.every(v6));
    },
    add: (r) => {
      const { bad, good } = addressOutcomes(r);
      const [failing, working] = bad.every(v6) ? ['IPv6', 'IPv4'] : ['IPv4', 'IPv6'];
      return [{ kind: 'network', title: `One address family broken: ${failing} fails, ${working} works`, why: `${bad.join(', ')} (${failing}) failed; ${good.join(', ')} (${working}) worked`, score: 60, evidence: true, attach: true, retitle: true }];
    },
    steps: {
      kind: 'network',
      steps: [
        'You: until the path is fixed, prefer the working family (curl -4 / -6; Node: --dns-result-order=ipv4first, or autoSelectFamily, the default from Node 20, which races the families 250 ms apart; Node < 20 and many tools try only the first address, which is why one tool fails where a browser works).',
      ],
    },
  },
  {
    name: 'the server retransmitted its SYN-ACK: it never saw our ACK taken — a full listen (accept) queue',
    when: (r) => (r.id === 'tls.timeout' || r.id === 'http.timeout') && (r.capture?.packets ?? []).filter((p) => p.dir === 'in' && p.flags === 'SYN-ACK').length >= 2,
    add: (r) => [
      { kind: 'server', title: 'Listen queue full: the kernel completed the TCP handshake, the server never accepted it', why: `the capture shows ${(r.capture?.packets ?? []).filter((p) => p.dir === 'in' && p.flags === 'SYN-ACK').length} SYN-ACKs: the server kept answering our SYN, its queue had no room for the connection`, score: 100, evidence: true },
    ],
  },
  {
    name: 'a body that stalls after one small packet of a longer declared length: a path MTU black hole',
    when: (r) => r.id === 'http.body-timeout' && declaredLength(r) > ONE_PACKET_BYTES && (r.phases.find((p) => p.phase === 'body')?.bytes ?? 0) <= ONE_PACKET_BYTES,
    add: (r) => [
      { kind: 'network', title: 'Path MTU black hole: full-size packets lost (small answers work, large ones stall)', why: `${r.phases.find((p) => p.phase === 'body')?.bytes ?? 0} of ${declaredLength(r)} bytes arrived, then nothing: no more than one small packet got through`, score: 40, evidence: true },
    ],
  },
  {
    name: 'connect timeouts on some attempts only: a full NAT / conntrack table drops some new connections, a DROP rule drops all',
    when: (r) => r.id === 'tcp.timeout' && r.findings.includes('intermittent'),
    add: () => [
      { kind: 'network', title: 'NAT / conntrack table or SNAT ports exhausted on the path', why: 'intermittent: only some attempts time out (a DROP rule would drop them all)', score: 45, evidence: true },
    ],
  },
  {
    name: 'a certificate named for a portal, hotspot or guest network: a captive portal answering for every host',
    when: (r) => (r.id === 'tls.cert-hostname' || r.id === 'tls.cert-untrusted') && PORTAL_NAME.test(portalNames(r)),
    add: (r) => [
      { kind: 'proxy', title: 'Captive portal (hotel, guest or airline Wi-Fi) answering for every host', why: `the certificate names ${portalNames(r).match(PORTAL_NAME)?.[0] ?? 'a portal'} (${clip(portalNames(r), 80)})`, score: 90, evidence: true },
    ],
    steps: { kind: 'proxy', steps: [CAPTIVE_PORTAL_STEP] },
  },
];
