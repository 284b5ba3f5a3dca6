// The culprit ranking, one row per reviewed rule (knowledge-review.md 2.1 D1–D5, 3.7, 3.13): each row is a result
// whose ranking that rule changes, and what must come first (or must not appear) because of it.
import * as assert from 'node:assert/strict';
import type { DiagnosisId, Finding } from '../../src/vocabulary/ids';
import { applyKnowledge, explainDetails } from '../../src/probe/knowledge';
import type { FindingEvidence, PhaseResult, RedirectHop, Result } from '../../src/vocabulary/types';

interface Row {
  rule: string;
  id: DiagnosisId;
  findings?: Finding[];
  evidence?: FindingEvidence[];
  phases?: PhaseResult[];
  /** The first culprit's title must match. */
  first: RegExp;
  /** No culprit may match. */
  absent?: RegExp;
  /** Every culprit title that must be listed. */
  listed?: RegExp[];
  rateLimit?: Result['rateLimit'];
  /** Outcomes of repeated attempts (--repeat), in order. */
  attempts?: DiagnosisId[];
  /** No culprit's reason, no step and no confirm command may match these. */
  whyAbsent?: RegExp;
  stepsAbsent?: RegExp;
  confirmAbsent?: RegExp;
  /** A culprit's reason and a confirm command that must be there. */
  whyListed?: RegExp;
  confirmListed?: RegExp;
  redirects?: RedirectHop[];
  capture?: Result['capture'];
  url?: string;
  variants?: Result['variants'];
  /** A step that must be there. */
  stepsListed?: RegExp;
  /** The verdict must match. */
  verdict?: RegExp;
}

const tls = (extra: Partial<PhaseResult>): PhaseResult[] => [
  { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
  { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
  { phase: 'tls', status: 'failed', ms: 1, sni: 'api.example.com', ...extra },
];
const http = (status: number): PhaseResult[] => [
  { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
  { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
  { phase: 'response', status: 'failed', ms: 1, httpStatus: status },
];

/** A redirect loop through these URLs (the last one revisits the first), its last response setting `cookies`. */
const loop = (urls: string[], cookies: string[] = []): Pick<Row, 'redirects' | 'phases'> => ({
  redirects: urls.slice(0, -1).map((url, i) => ({ url, status: 302, location: urls[i + 1] })),
  phases: [
    { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
    { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
    { phase: 'response', status: 'failed', ms: 1, httpStatus: 302, headers: cookies.length ? { 'set-cookie': cookies } : {} },
  ],
});

const connectFailed: PhaseResult[] = [
  { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
  { phase: 'connect', status: 'failed', ms: 1, remoteAddress: '192.0.2.10', remotePort: 8080 },
];
/** A capture whose connection ended with this ICMP error from `src`. */
const icmpFrom = (flags: string, src: string): Result['capture'] => ({ status: 'captured', packets: [], ender: { flags, ttl: 61, hops: 3, src } });

/** A 200 declaring 250,000 body bytes whose body stalled after `bytes`. */
const bodyStalledAfter = (bytes: number): PhaseResult[] => [
  ...http(200).slice(0, 2),
  { phase: 'response', status: 'ok', ms: 1, httpStatus: 200, headers: { 'content-length': '250000' } },
  { phase: 'body', status: 'failed', ms: 10000, bytes },
];

/** A name with two addresses whose connect to the first timed out. */
const connectTimedOutAt = (failing: string, other: string): PhaseResult[] => [
  { phase: 'dns', status: 'ok', ms: 1, addresses: [failing, other].map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) },
  { phase: 'connect', status: 'failed', ms: 10000, remoteAddress: failing, remotePort: 443 },
];

/** A request that failed over HTTP/2 with this Node error, and worked over HTTP/1.1 to the same address. */
const h2Failure = (id: DiagnosisId, error: string): Pick<Row, 'id' | 'findings' | 'evidence' | 'variants' | 'phases'> => ({
  id,
  findings: ['h2-dependent'],
  evidence: [{ finding: 'h2-dependent', detail: `over HTTP/2 (ALPN h2) the request failed with ${id} (${error}); over HTTP/1.1 to the same address 192.0.2.10 it got HTTP 200` }],
  variants: [{ variant: 'http/1.1', address: '192.0.2.10', id: 'ok', ms: 5, detail: 'HTTP 200' }],
  phases: [
    { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
    { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
    { phase: 'tls', status: 'ok', ms: 1, sni: 'api.example.com', alpn: 'h2' },
    { phase: 'response', status: 'failed', ms: 1, errorCode: 'ERR_HTTP2_STREAM_ERROR', error },
  ],
});

const ROWS: Row[] = [
  {
    rule: '3.14.2: an HTTP/2 REFUSED_STREAM that HTTP/1.1 gets past names the server\'s HTTP/2 limits, not a proxy resetting on upstream failure; no TCP RST capture first',
    ...h2Failure('http.reset', 'ERR_HTTP2_STREAM_ERROR: Stream closed with error code NGHTTP2_REFUSED_STREAM'),
    first: /HTTP\/2 misconfiguration \(max concurrent streams/,
    whyListed: /REFUSED_STREAM\) before any processing/,
    verdict: /^over HTTP\/1\.1 the same request got HTTP 200 → Server \/ load balancer HTTP\/2/,
    stepsAbsent: /^You: probe from another network/,
    confirmListed: /--http1\.1/,
  },
  {
    rule: '3.14.2: an HTTP/2 stream error of another kind that HTTP/1.1 gets past names HTTP/2 breakage (an inspecting proxy first), not "a TCP RST came back"',
    ...h2Failure('http.reset', 'ERR_HTTP2_STREAM_ERROR: Stream closed with error code NGHTTP2_PROTOCOL_ERROR'),
    first: /TLS-inspecting proxy \/ firewall breaking HTTP\/2/,
    listed: [/HTTP\/2 misconfiguration/, /WAF or header rule resetting HTTP\/2 streams/],
  },
  {
    rule: 'D1: one bad address outranks the timing of the reset',
    id: 'tls.reset',
    findings: ['immediate-reset', 'address-dependent'],
    evidence: [
      { finding: 'immediate-reset', detail: 'RST 9.1 ms after our last bytes; TCP connect took 23.6 ms' },
      { finding: 'address-dependent', detail: 'through the TLS handshake: 127.0.0.1 worked; 127.0.0.2 (tls.reset) failed' },
    ],
    first: /One bad back end/,
  },
  {
    rule: 'D2: an immediate reset does not argue against a load balancer proxying the handshake',
    id: 'tls.reset',
    findings: ['immediate-reset', 'vendor:aws-elb'],
    first: /proxying the TCP handshake/,
  },
  {
    rule: 'D3: two culprits of one kind are two culprits (no sum across titles)',
    id: 'dns.not-found',
    phases: [{ phase: 'dns', status: 'failed', ms: 1 }],
    first: /Wrong or mistyped host name/,
    listed: [/Split-horizon/, /Record missing at the authoritative servers/],
  },
  {
    rule: 'D4: the gateway that reports a 502 is the messenger; the back end behind it is the culprit',
    id: 'http.upstream-failure',
    findings: ['vendor:nginx'],
    phases: http(502),
    first: /^Back end behind nginx refused, reset or sent an invalid response/,
  },
  {
    rule: 'D4: an ALB 504 is a slow target, not "no healthy target"',
    id: 'http.upstream-failure',
    findings: ['vendor:aws-elb'],
    phases: http(504),
    first: /too slow to answer \(504/,
  },
  {
    rule: 'D5: intermittent 200/500 is not packet loss nor a rate limit: no loss or limit culprit, no mtr',
    id: 'http.server-error',
    findings: ['intermittent'],
    attempts: ['ok', 'http.server-error', 'ok', 'http.server-error'],
    phases: http(500),
    first: /Application error/,
    absent: /Packet loss|Rate or connection limit/,
    listed: [/One unhealthy member/],
    stepsAbsent: /mtr/,
    confirmAbsent: /mtr/,
  },
  {
    rule: 'D5: pass-then-fail (ok, ok, 429, 429) is a rate limit, not "one unhealthy member" (culprit, step and mtr)',
    id: 'http.rate-limited',
    findings: ['intermittent', 'rate-limit-suspected'],
    attempts: ['ok', 'ok', 'http.rate-limited', 'http.rate-limited'],
    phases: http(429),
    first: /Rate limit/i,
    absent: /unhealthy member/,
    stepsAbsent: /pool member|mtr/,
    confirmAbsent: /mtr/,
  },
  {
    rule: 'D5: pass-then-fail read from rate-limit-suspected\'s evidence when the attempts are not carried',
    id: 'http.rate-limited',
    findings: ['intermittent', 'rate-limit-suspected'],
    evidence: [{ finding: 'rate-limit-suspected', detail: 'the first 2 attempt(s) passed, the next 2 failed (http.rate-limited)' }],
    phases: http(429),
    first: /Rate limit/i,
    absent: /unhealthy member/,
  },
  {
    rule: 'D5: an alternating 429 (ok, 429, ok, 429) can be one member\'s own limit: the pool member stays',
    id: 'http.rate-limited',
    findings: ['intermittent'],
    attempts: ['ok', 'http.rate-limited', 'ok', 'http.rate-limited'],
    phases: http(429),
    first: /Rate limit/i,
    listed: [/One unhealthy member/],
  },
  {
    rule: 'D5: intermittent connect timeouts keep packet loss and mtr',
    id: 'tcp.timeout',
    findings: ['intermittent'],
    attempts: ['ok', 'tcp.timeout', 'ok', 'tcp.timeout'],
    phases: [
      { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
      { phase: 'connect', status: 'failed', ms: 10000 },
    ],
    first: /./,
    listed: [/Rate or connection limit/],
    whyListed: /intermittent: loss makes some attempts time out/,
    confirmListed: /mtr/,
  },
  {
    rule: 'D5: intermittent resets: loss makes no RST, a connection limit can',
    id: 'http.reset',
    findings: ['intermittent', 'immediate-reset'],
    attempts: ['ok', 'http.reset', 'ok', 'http.reset'],
    phases: http(0).slice(0, 2),
    first: /./,
    absent: /Packet loss/,
    listed: [/Rate or connection limit/],
  },
  {
    rule: 'D5: a delayed reset does not get "resets right after the ClientHello" as a reason',
    id: 'tls.reset',
    findings: ['delayed-reset'],
    evidence: [{ finding: 'delayed-reset', detail: 'RST 809.2 ms after our last bytes; TCP connect took 4.2 ms' }],
    first: /Load balancer/,
    whyAbsent: /right after|signature of ClientHello/,
  },
  {
    rule: 'D5: unrecognized_name is about the name by definition: sni-dependent adds no filter or WAF culprit',
    id: 'tls.sni-rejected',
    findings: ['sni-dependent'],
    evidence: [{ finding: 'sni-dependent', detail: 'handshake completed with sni=none; the URL\'s own handshake gave tls.sni-rejected' }],
    phases: tls({ alert: 'unrecognized_name' }),
    first: /Front end not configured for this host name/,
    absent: /Egress filter|WAF|SNI-routing/,
    stepsAbsent: /URL category|WAF/,
  },
  {
    rule: '3.13: DEPTH_ZERO_SELF_SIGNED_CERT puts the self-signed leaf first',
    id: 'tls.cert-untrusted',
    phases: tls({ certError: 'DEPTH_ZERO_SELF_SIGNED_CERT', errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    first: /^Self-signed certificate/,
  },
  {
    rule: '3.13: UNABLE_TO_VERIFY_LEAF_SIGNATURE puts the missing intermediate first',
    id: 'tls.cert-untrusted',
    phases: tls({ certError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
    first: /Incomplete chain/,
  },
  {
    rule: '3.13: SELF_SIGNED_CERT_IN_CHAIN puts interception / private CA first',
    id: 'tls.cert-untrusted',
    phases: tls({ certError: 'SELF_SIGNED_CERT_IN_CHAIN' }),
    first: /intercepting proxy/,
  },
  {
    rule: 'section 5 #1: an issuer naming Zscaler puts TLS interception first',
    id: 'tls.cert-hostname',
    phases: tls({ certError: 'ERR_TLS_CERT_ALTNAME_INVALID', certificates: [{ subject: 'CN=api.example.com', issuer: 'CN=Zscaler Intermediate Root CA (zscaler.net)', san: [], validFrom: '', validTo: '', fingerprint256: 'x' }] }),
    first: /TLS-intercepting proxy/,
  },
  {
    rule: '3.7: a reset after CONNECT 200 blames the forward proxy first',
    id: 'tls.reset',
    phases: [
      { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
      { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 3128 },
      { phase: 'proxy', status: 'ok', ms: 1, proxy: 'http://proxy.corp:3128', proxyStatus: 200 },
      { phase: 'tls', status: 'failed', ms: 1, sni: 'api.example.com' },
    ],
    first: /Forward proxy/,
  },
  {
    rule: '3.16: a parsed status line with an oversized header block blames the headers, not the port',
    id: 'http.not-http',
    phases: [
      { phase: 'dns', status: 'ok', ms: 1, addresses: [{ address: '192.0.2.10', family: 4 }] },
      { phase: 'connect', status: 'ok', ms: 1, remoteAddress: '192.0.2.10', remotePort: 443 },
      { phase: 'response', status: 'failed', ms: 1, errorCode: 'UND_ERR_HEADERS_OVERFLOW', unexpectedBytes: 'HTTP/1.1 200 OK\\x0d\\x0aSet-Cookie: a' },
    ],
    first: /Response headers larger than the client accepts/,
    absent: /Wrong port/,
  },
  {
    rule: '3.19: a 503 whose only signal is Retry-After is maintenance or overload, not a quota (nginx\'s own page included)',
    id: 'http.rate-limited',
    findings: ['vendor:nginx', 'rate-limit-suspected'],
    phases: http(503),
    rateLimit: { status: 503, retryAfterSec: 120, sources: ['status 503', 'retry-after'] },
    first: /Service in maintenance or shedding load/,
  },
  {
    rule: '3.19: 503s with Retry-After after passes (--repeat) stay a rate limit',
    id: 'http.rate-limited',
    findings: ['intermittent', 'rate-limit-suspected'],
    phases: http(503),
    rateLimit: { status: 503, retryAfterSec: 120, sources: ['status 503', 'retry-after'] },
    first: /Rate limiter/,
  },
  {
    rule: '3.19: a 429 stays a rate limit',
    id: 'http.rate-limited',
    phases: http(429),
    rateLimit: { status: 429, retryAfterSec: 120, sources: ['status 429', 'retry-after'] },
    first: /Rate limiter/,
    absent: /maintenance/,
  },
  {
    rule: '3.10: handshake_failure to a ClientHello without SNI (IP-literal URL) blames a multi-tenant front end',
    id: 'tls.handshake-failure',
    phases: tls({ sni: null, alert: 'handshake_failure' }),
    first: /Multi-tenant front end that needs the server name/,
  },
  {
    rule: '3.10: with SNI sent, handshake_failure stays "nothing in common"',
    id: 'tls.handshake-failure',
    phases: tls({ alert: 'handshake_failure' }),
    first: /No cipher suite/,
  },
  {
    rule: '3.13.3: "expired" with a leaf still valid blames an expired cross-sign or an old client trust store',
    id: 'tls.cert-expired',
    phases: tls({ certError: 'CERT_HAS_EXPIRED', certificates: [{ subject: 'CN=api.example.com', issuer: 'CN=R3', san: [], validFrom: 'Jan  1 00:00:00 2025 GMT', validTo: 'Jan  1 00:00:00 2099 GMT', fingerprint256: 'x' }] }),
    first: /Outdated client trust store or an expired cross-sign/,
  },
  {
    rule: '3.13.3: an expired leaf is the certificate not renewed',
    id: 'tls.cert-expired',
    phases: tls({ certError: 'CERT_HAS_EXPIRED', certificates: [{ subject: 'CN=api.example.com', issuer: 'CN=R3', san: [], validFrom: 'Jan  1 00:00:00 2020 GMT', validTo: 'Jan  1 00:00:00 2021 GMT', fingerprint256: 'x' }] }),
    first: /Certificate not renewed/,
  },
  {
    rule: 'mTLS: certificate_required after the handshake blames the missing client certificate',
    id: 'tls.client-cert-required',
    phases: tls({ alert: 'certificate_required' }),
    first: /No client certificate/,
  },
  {
    rule: '3.18: https → http → https is a TLS-terminating proxy and an app writing http:// (X-Forwarded-Proto)',
    id: 'http.redirect-loop',
    ...loop(['https://shop.example.com/cart', 'http://shop.example.com/cart', 'https://shop.example.com/cart']),
    first: /^TLS terminated at the proxy \/ load balancer while the app behind it writes http:\/\//,
    verdict: /^the redirects loop https:\/\/shop\.example\.com\/cart → http:\/\/shop\.example\.com\/cart → https/,
  },
  {
    rule: '3.18: an https URL that redirects to itself (no cookie) is the origin seeing http behind the proxy',
    id: 'http.redirect-loop',
    ...loop(['https://shop.example.com/', 'https://shop.example.com/']),
    first: /^CDN \/ LB terminating TLS while the origin forces https/,
    whyListed: /redirected to itself — the origin saw plain HTTP/,
  },
  {
    rule: '3.18: an http URL that redirects to itself with no cookie is a rule matching its own target',
    id: 'http.redirect-loop',
    ...loop(['http://shop.example.com/loop', 'http://shop.example.com/loop']),
    first: /^A redirect rule whose target matches the rule again/,
  },
  {
    rule: '3.18: a URL that redirects to itself and sets a cookie is a cookie check (this probe keeps no cookies)',
    id: 'http.redirect-loop',
    ...loop(['https://shop.example.com/', 'https://shop.example.com/'], ['seen=1; Path=/']),
    first: /^Cookie check/,
    whyListed: /sets seen: this probe, like curl without a cookie jar/,
    confirmListed: /-c \/tmp\/conndoc-jar -b \/tmp\/conndoc-jar/,
  },
  {
    rule: '3.18: www ↔ apex is two canonical-host rules that disagree',
    id: 'http.redirect-loop',
    ...loop(['https://example.com/', 'https://www.example.com/', 'https://example.com/']),
    first: /^Two canonical-host rules disagree \(www ↔ apex\)/,
    absent: /CDN \/ LB terminating TLS/,
  },
  {
    rule: '3.18: /path ↔ /path/ is two trailing-slash rules that disagree',
    id: 'http.redirect-loop',
    ...loop(['https://example.com/docs', 'https://example.com/docs/', 'https://example.com/docs']),
    first: /^Two rules disagree on the trailing slash/,
  },
  {
    rule: '3.18: a login path in the loop is a session not kept between hops',
    id: 'http.redirect-loop',
    ...loop(['https://example.com/login', 'https://example.com/dashboard', 'https://example.com/login'], ['sid=abc; Secure']),
    first: /^Login loop: the session cookie is not kept/,
  },
  {
    rule: '3.18: a loop whose shape says nothing (/ → /a → /b → /a) keeps the entry\'s order',
    id: 'http.redirect-loop',
    ...loop(['http://example.com/', 'http://example.com/a', 'http://example.com/b', 'http://example.com/a']),
    first: /^CDN \/ LB terminating TLS while the origin forces https/,
  },
  {
    rule: 'section 5 #7: ICMP host-prohibited from the server itself is its host firewall (firewalld), not a missing route',
    id: 'tcp.unreachable',
    phases: connectFailed,
    capture: icmpFrom('ICMP 3/10', '192.0.2.10'),
    first: /^Host firewall on the server rejecting with icmp-host-prohibited/,
    absent: /No route to the address/,
  },
  {
    rule: 'section 5 #7: ICMP prohibited from another address is an ACL on the path',
    id: 'tcp.unreachable',
    phases: connectFailed,
    capture: icmpFrom('ICMP 3/13', '198.51.100.1'),
    first: /^Router ACL answering with ICMP/,
  },
  {
    rule: 'section 5 #7: ICMPv6 port-unreachable answering a SYN is a REJECT rule, not a closed port',
    id: 'tcp.refused',
    phases: connectFailed,
    capture: icmpFrom('ICMPv6 1/4', '2001:db8::10'),
    first: /^Firewall REJECT rule answering with ICMP port-unreachable/,
  },
  {
    rule: 'section 5 #7: a RST answering the SYN stays "nothing listening"',
    id: 'tcp.refused',
    phases: connectFailed,
    capture: { status: 'captured', packets: [], ender: { flags: 'RST-ACK', ttl: 61, hops: 3, src: '192.0.2.10' } },
    first: /^Nothing listening on this port/,
  },
  {
    rule: 'section 5 #11: a close on localhost blames a local forwarder with nothing behind it (docker-proxy, port-forward, ssh -L)',
    id: 'http.closed',
    url: 'http://localhost:8080/health',
    phases: http(0).slice(0, 2),
    first: /^A local forwarder with nothing behind it/,
    stepsListed: /^You: if this port is published by Docker.*docker ps/,
  },
  {
    rule: 'section 5 #11: the same close on a remote name names no local forwarder',
    id: 'http.closed',
    phases: http(0).slice(0, 2),
    first: /./,
    absent: /local forwarder/,
  },
  {
    rule: 'section 5 #2: a fresh connection (no --lifetime) cannot meet a keep-alive race; the step says how to measure it',
    id: 'http.reset',
    findings: ['intermittent'],
    attempts: ['ok', 'http.reset', 'ok', 'http.reset'],
    phases: http(0).slice(0, 2),
    first: /./,
    absent: /keep-alive race/,
    listed: [/One unhealthy member/],
    stepsListed: /^You: if your own client fails only on the first request after an idle pause.*conndoc probe --lifetime/,
    stepsAbsent: /keep-alive timeout longer than the LB idle timeout/,
  },
  {
    rule: 'section 5 #2: with idle-close evidence (--lifetime) the keep-alive race stays',
    id: 'http.closed',
    findings: ['idle-close'],
    evidence: [{ finding: 'idle-close', detail: 'FIN after 5 s idle (Keep-Alive: timeout=5)' }],
    phases: http(0).slice(0, 2),
    first: /./,
    listed: [/keep-alive race|Keep-alive \/ idle-timeout race/i],
  },
  {
    rule: 'section 5 #5: the IPv6 addresses fail and the IPv4 one works: the broken family first, with the client-strategy step',
    id: 'tcp.timeout',
    findings: ['address-dependent'],
    phases: connectTimedOutAt('2001:db8::10', '192.0.2.10'),
    variants: [
      { variant: 'address=2001:db8::11', address: '2001:db8::11', id: 'tcp.timeout', ms: 3000 },
      { variant: 'address=192.0.2.10', address: '192.0.2.10', id: 'ok', ms: 20 },
    ],
    first: /^One address family broken: IPv6 fails, IPv4 works/,
    stepsListed: /autoSelectFamily/,
  },
  {
    rule: 'section 5 #5: one of two IPv4 addresses failing stays one bad back end',
    id: 'tcp.timeout',
    findings: ['address-dependent'],
    phases: connectTimedOutAt('192.0.2.11', '192.0.2.10'),
    variants: [{ variant: 'address=192.0.2.10', address: '192.0.2.10', id: 'ok', ms: 20 }],
    first: /^One bad back end/,
  },
  {
    rule: 'section 5 #8: SYN-ACKs retransmitted before a TLS timeout: the listen queue was full, the server never accepted',
    id: 'tls.timeout',
    phases: tls({}),
    capture: {
      status: 'captured',
      packets: [
        { ms: 0, dir: 'out', flags: 'SYN', ttl: 64, src: '10.0.0.5' },
        { ms: 20, dir: 'in', flags: 'SYN-ACK', ttl: 52, hops: 12, src: '192.0.2.10' },
        { ms: 1030, dir: 'in', flags: 'SYN-ACK', ttl: 52, hops: 12, src: '192.0.2.10' },
      ],
    },
    first: /^Listen queue full/,
    stepsListed: /TcpExtListenOverflows/,
  },
  {
    rule: 'section 5 #8: one SYN-ACK before a TLS timeout stays a firewall dropping the ClientHello',
    id: 'tls.timeout',
    phases: tls({}),
    capture: { status: 'captured', packets: [{ ms: 20, dir: 'in', flags: 'SYN-ACK', ttl: 52, hops: 12, src: '192.0.2.10' }] },
    first: /^Firewall \/ IPS silently dropping the ClientHello/,
  },
  {
    rule: 'section 5 #9: 1,200 of 250,000 declared body bytes, then a stall: a path MTU black hole',
    id: 'http.body-timeout',
    phases: bodyStalledAfter(1200),
    first: /^Path MTU black hole/,
    stepsListed: /tracepath/,
  },
  {
    rule: 'section 5 #9: a body that stalls after 200 KB is the server or its proxy, not the MTU',
    id: 'http.body-timeout',
    phases: bodyStalledAfter(200000),
    first: /^Server producing the body slowly/,
  },
  {
    rule: 'section 5 #10: connect timeouts on some attempts only: NAT / conntrack exhaustion first, with its step',
    id: 'tcp.timeout',
    findings: ['intermittent'],
    attempts: ['ok', 'tcp.timeout', 'ok', 'tcp.timeout'],
    phases: connectFailed,
    first: /^NAT \/ conntrack table or SNAT ports exhausted/,
    stepsListed: /nf_conntrack: table full/,
  },
  {
    rule: 'section 5 #12: a certificate named for a hotspot: a captive portal first, with the step to pass it',
    id: 'tls.cert-hostname',
    phases: tls({ certError: 'ERR_TLS_CERT_ALTNAME_INVALID', certificates: [{ subject: 'CN=securelogin.hotel-wifi.example', issuer: 'CN=R3', san: ['DNS:securelogin.hotel-wifi.example'], validFrom: '', validTo: '', fingerprint256: 'x' }] }),
    first: /^Captive portal/,
    stepsListed: /captive portal, then retry/,
  },
  {
    rule: 'section 5 #3: proxy-dependent: the browser\'s effective proxy is the step (PAC, scutil, netsh)',
    id: 'tcp.timeout',
    findings: ['proxy-dependent'],
    phases: connectFailed,
    first: /^A required proxy is not configured/,
    stepsListed: /chrome:\/\/net-internals\/#proxy/,
  },
  {
    rule: '3.20: a CDN-relayed 403 with no block signature: the origin (or the CDN\'s access rule) refused it, not a missing route',
    id: 'http.client-error',
    findings: ['vendor:cloudflare'],
    phases: http(403),
    first: /^403 relayed through Cloudflare: the origin refused the request/,
    absent: /no route for this host/,
    stepsAbsent: /for a 404 from a proxy/i,
  },
  {
    rule: '3.20: a 404 through a CDN keeps the missing route',
    id: 'http.client-error',
    findings: ['vendor:cloudflare'],
    phases: http(404),
    first: /./,
    listed: [/no route for this host or path/],
  },
  {
    rule: '3.20: an S3 AccessDenied body relayed by CloudFront: the bucket policy / origin access control (or a missing key) first',
    id: 'http.client-error',
    findings: ['vendor:aws-cloudfront'],
    phases: [...http(403).slice(0, 2), { phase: 'response', status: 'failed', ms: 1, httpStatus: 403 }, { phase: 'body', status: 'ok', ms: 1, bodySample: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' }],
    first: /^S3 denies this object: the bucket policy or origin access control/,
    stepsListed: /s3:GetObject/,
  },
  {
    rule: 'D4: a 503 behind a gateway is not a keep-alive race: no keep-alive step (a 502 keeps it)',
    id: 'http.upstream-failure',
    findings: ['vendor:varnish'],
    phases: http(503),
    first: /^Back end behind Varnish Cache not available/,
    stepsAbsent: /keep-alive timeout longer than the gateway/,
  },
  {
    rule: 'D4: a 502 behind a gateway keeps the keep-alive step',
    id: 'http.upstream-failure',
    findings: ['vendor:nginx'],
    phases: http(502),
    first: /^Back end behind nginx/,
    stepsListed: /keep-alive timeout longer than the gateway/,
  },
  {
    rule: 'D5: trust-store-dependent on an mTLS failure: the chain was accepted, so no trust-store culprit or step',
    id: 'tls.client-cert-required',
    findings: ['trust-store-dependent'],
    phases: tls({ alert: 'certificate_required' }),
    first: /^No client certificate configured/,
    absent: /trust store without this CA/,
    stepsAbsent: /NODE_EXTRA_CA_CERTS/,
    whyAbsent: /trust-store-dependent/,
  },
  {
    rule: 'D5: trust-store-dependent on an untrusted certificate keeps its trust-store culprit',
    id: 'tls.cert-untrusted',
    findings: ['trust-store-dependent'],
    phases: tls({ certError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }),
    first: /./,
    listed: [/trust store without this CA|trust store/i],
    stepsListed: /NODE_EXTRA_CA_CERTS/,
  },
];

function result(row: Row): Result {
  return {
    url: row.url ?? 'https://api.example.com/v1/items',
    id: row.id,
    ok: false,
    findings: row.findings ?? [],
    evidence: row.evidence,
    phases: row.phases ?? tls({}),
    rateLimit: row.rateLimit,
    redirects: row.redirects,
    capture: row.capture,
    variants: row.variants,
    attempts: row.attempts?.map((id) => ({ url: 'https://api.example.com/v1/items', id, ok: id === 'ok', findings: [], phases: [], title: '', explanation: '', remediation: [] })),
    title: '',
    explanation: '',
    remediation: [],
  };
}

describe('culprit ranking rules', () => {
  for (const row of ROWS) {
    it(row.rule, () => {
      const culprits = applyKnowledge(result(row)).culprits ?? [];
      const titles = culprits.map((c) => `${c.title} (${c.score})`).join('\n');
      assert.match(culprits[0]?.title ?? '', row.first, titles);
      if (row.absent) assert.ok(!culprits.some((c) => row.absent?.test(c.title)), titles);
      for (const l of row.listed ?? []) assert.ok(culprits.some((c) => l.test(c.title)), `${l} missing:\n${titles}`);
      const r = applyKnowledge(result(row));
      if (row.whyAbsent) assert.ok(!culprits.some((c) => row.whyAbsent?.test(c.why)), culprits.map((c) => c.why).join('\n'));
      if (row.verdict) assert.match(r.verdict ?? '', row.verdict);
      if (row.whyListed) assert.ok(culprits.some((c) => row.whyListed?.test(c.why)), culprits.map((c) => c.why).join('\n'));
      if (row.confirmListed) assert.ok((r.confirm ?? []).some((c) => row.confirmListed?.test(c.command)), (r.confirm ?? []).map((c) => c.command).join('\n'));
      if (row.stepsListed) assert.ok(r.remediation.some((s) => row.stepsListed?.test(s)), r.remediation.join('\n'));
      if (row.stepsAbsent) assert.ok(!r.remediation.some((s) => row.stepsAbsent?.test(s)), r.remediation.join('\n'));
      if (row.confirmAbsent) assert.ok(!(r.confirm ?? []).some((c) => row.confirmAbsent?.test(c.command)), (r.confirm ?? []).map((c) => c.command).join('\n'));
    });
  }

  it('D5: explain tls.sni-rejected lists no "sni-dependent → … moves up" (unrecognized_name is about the name already)', () => {
    const { evidence } = explainDetails('tls.sni-rejected');
    assert.ok(!evidence.some((e) => e.finding === 'sni-dependent'), JSON.stringify(evidence));
    assert.ok(explainDetails('tls.reset').evidence.some((e) => e.finding === 'sni-dependent'), 'tls.reset keeps it');
  });

  it('3.16: the verdict and the first step of a header overflow speak of the headers', () => {
    const row = ROWS.find((x) => x.rule.startsWith('3.16'))!;
    const r = applyKnowledge(result(row));
    assert.match(r.verdict ?? '', /^the status line parsed \("HTTP\/1\.1 200 OK"\), then the header block passed the client's limit → Response headers/);
    assert.match(r.remediation[0], /only the headers overflowed/);
  });


});
