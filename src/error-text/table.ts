// What the error lines users paste mean on the wire: per client, the message (or code) → the diagnosis ids it
// can stand for, and what it hides. Data, reviewed like code; each entry names where its text comes from and
// carries a real example that the tests read back.
import type { DiagnosisId } from '../vocabulary/ids';

export const CLIENTS = [
  'curl', 'openssl', 'node', 'chromium', 'go', 'python', 'java', 'dotnet', 'npm', 'git', 'docker', 'kubectl', 'ssh',
] as const;
export type Client = (typeof CLIENTS)[number];

export interface ErrorPattern {
  client: Client;
  /** Short name shown beside the meaning: the code or the message's key words. */
  name: string;
  match: RegExp;
  /** Most likely first. */
  ids: DiagnosisId[];
  /** What it says happened, in plain words. */
  meaning: string;
  /** What the message blurs together, when it stands for more than one wire event. */
  hides?: string;
  /** Wrapper messages (git's "unable to access", docker's "Error response from daemon") say which tool, not what failed. */
  wrapper?: boolean;
  /** Not this entry when the text also says this (Node prints `code: 'ECONNRESET'` under "socket hang up", a FIN). */
  unless?: RegExp;
  /** The ids this very message stands for, from what the pattern captured (an alert name, a status). */
  narrow?: (m: RegExpExecArray, text: string) => DiagnosisId[] | undefined;
  examples: string[];
  source: string;
}

const CURL = 'curl(1) EXIT CODES and libcurl-errors(3); lib/vtls/openssl.c, lib/connect.c (curl 7.88–8.x)';
const OPENSSL = 'OpenSSL 3 crypto/err/openssl.txt (SSL reason strings) and apps/s_client.c; x509_vfy.h verify codes';
const NODE = 'Node.js errors documentation (Common system errors, OpenSSL verify codes), lib/_http_client.js, lib/_tls_wrap.js';
const UNDICI = 'undici lib/core/errors.js (SocketError, ConnectTimeoutError, HeadersTimeoutError, BodyTimeoutError) and lib/web/fetch';
const CHROMIUM = 'Chromium net/base/net_error_list.h';
const GO = 'Go net/http (transport.go, client.go), crypto/x509/verify.go, crypto/tls/alert.go, net/dnsclient';
const PYTHON = 'urllib3 exceptions.py / connectionpool.py, requests exceptions, CPython ssl module (_ssl.c reason strings)';
const JAVA = 'OpenJDK sun.security.ssl (Alert, SSLSocketImpl), java.net exceptions, sun.security.validator';
const DOTNET = '.NET System.Net.Http SR strings (HttpRequestException, AuthenticationException), WinSock messages';
const NPM = 'npm/cli lib/utils/error-message.js and the Node/OpenSSL codes it prints as `npm ERR! code`';
const GIT = 'git http.c / remote-curl.c ("unable to access"), libcurl and GnuTLS messages it passes on';
const DOCKER = 'moby/moby registry and distribution errors (Error response from daemon, Client.Timeout), Docker Hub rate limit docs';
const KUBECTL = 'kubernetes staging/src/k8s.io/kubectl and client-go (Unable to connect to the server, connection refused hint)';
const SSH = 'OpenSSH ssh.c / sshconnect.c / kex.c messages';

// Ids that land with issues 18 and 19 (merged in the same release).
const CLIENT_CERT = 'tls.client-cert-required' as DiagnosisId;
const LOCAL_LIMIT = 'tcp.local-limit' as DiagnosisId;

/** Every network failure id: what a wrapper message alone can stand for. */
const ANY_NETWORK: DiagnosisId[] = [
  'dns.not-found', 'dns.failure', 'tcp.refused', 'tcp.timeout', 'tcp.unreachable', 'tls.reset', 'tls.closed',
  'tls.cert-untrusted', 'http.reset', 'http.closed', 'http.timeout',
];
const CERT_UNTRUSTED: DiagnosisId[] = ['tls.cert-untrusted'];
const HANDSHAKE_CUT: DiagnosisId[] = ['tls.reset', 'tls.closed'];
const SYSCALL_HIDES =
  'OpenSSL saw the connection end under the handshake without a TLS alert: a RST (tls.reset) and a FIN (tls.closed) print the same words; only the wire tells them apart.';

export const ERROR_PATTERNS: ErrorPattern[] = [
  // ---- curl: exit codes and the messages beside them (most specific first) ----
  {
    client: 'curl', name: 'curl (35) SSL_ERROR_SYSCALL', match: /SSL_ERROR_SYSCALL|\(35\).*SSL_connect.*(?:syscall|errno)/i,
    ids: HANDSHAKE_CUT, meaning: 'The TCP connection was up, then it ended during the TLS handshake with no TLS alert.',
    hides: SYSCALL_HIDES,
    examples: ['curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443'], source: CURL,
  },
  {
    client: 'openssl', name: 'OpenSSL: unexpected eof while reading', match: /unexpected eof while reading/i,
    ids: ['tls.closed'], meaning: 'The peer closed the connection (FIN) during the TLS handshake without an alert (OpenSSL 3 wording).',
    examples: ['curl: (35) error:0A000126:SSL routines::unexpected eof while reading'], source: OPENSSL,
  },
  {
    client: 'curl', name: 'curl (35) Recv failure: Connection reset', match: /\(35\)\s*Recv failure: Connection reset by peer/i,
    ids: ['tls.reset'], meaning: 'A RST arrived during the TLS handshake (newer curl/OpenSSL wording of SSL_ERROR_SYSCALL).',
    examples: ['curl: (35) Recv failure: Connection reset by peer'], source: CURL,
  },
  {
    client: 'openssl', name: 'OpenSSL: wrong version number', match: /wrong version number/i,
    ids: ['tls.not-tls'], meaning: 'The server answered the ClientHello with bytes that are not TLS (plain HTTP on the port, an SSH banner, a proxy speaking HTTP).',
    examples: ['curl: (35) error:0A00010B:SSL routines::wrong version number', 'curl: (35) OpenSSL/1.1.1w: error:1408F10B:SSL routines:ssl3_get_record:wrong version number'],
    source: OPENSSL,
  },
  {
    client: 'openssl', name: 'OpenSSL: alert protocol version (70)', match: /alert protocol version|unsupported protocol|no protocols available/i,
    ids: ['tls.protocol-mismatch'], meaning: 'Client and server share no TLS version (alert protocol_version, 70).',
    examples: ['curl: (35) error:0A00042E:SSL routines::tlsv1 alert protocol version', 'error:0A000102:SSL routines::unsupported protocol'],
    source: OPENSSL,
  },
  {
    client: 'openssl', name: 'OpenSSL: alert handshake failure (40)', match: /alert handshake failure|sslv3 alert handshake failure|no shared cipher/i,
    ids: ['tls.handshake-failure'], meaning: 'The server refused the handshake with a fatal alert (handshake_failure, 40): usually no cipher or signature algorithm in common.',
    examples: ['curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'OpenSSL: unrecognized name (112)', match: /unrecognized name/i,
    ids: ['tls.sni-rejected'], meaning: 'The server does not serve the requested name (alert unrecognized_name, 112).',
    examples: ['curl: (35) error:0A000458:SSL routines::tlsv1 unrecognized name'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'OpenSSL: no application protocol (120)', match: /no application protocol/i,
    ids: ['tls.alpn-rejected'], meaning: 'The server accepts none of the offered ALPN protocols (alert no_application_protocol, 120).',
    examples: ['curl: (35) error:0A000460:SSL routines::tlsv1 alert no application protocol'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'OpenSSL: certificate required (116)', match: /certificate required|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|alert bad certificate/i,
    ids: [CLIENT_CERT], meaning: 'The server demands a client certificate and none (or an unacceptable one) was sent (alert certificate_required, 116).',
    examples: ['curl: (56) OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0'], source: OPENSSL,
  },
  {
    client: 'curl', name: 'curl (60) unable to get local issuer', match: /unable to get local issuer certificate|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/i,
    ids: CERT_UNTRUSTED, meaning: 'The chain does not end at a root this client trusts: a private CA, TLS interception by a proxy or antivirus, or a server that omits its intermediate.',
    hides: 'A missing intermediate and an untrusted (e.g. corporate interception) root print the same words.',
    examples: ['curl: (60) SSL certificate problem: unable to get local issuer certificate'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (60) self-signed', match: /self[- ]signed certificate|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT/i,
    ids: CERT_UNTRUSTED, meaning: 'The server (or something in the path re-signing traffic) presented a self-signed certificate or chain.',
    examples: ['curl: (60) SSL certificate problem: self-signed certificate in certificate chain', 'curl: (60) SSL certificate problem: self signed certificate'],
    source: CURL,
  },
  {
    client: 'curl', name: 'curl (60) unable to verify the first certificate', match: /unable to verify the first certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE/i,
    ids: CERT_UNTRUSTED, meaning: 'The leaf certificate came without the intermediate that links it to a trusted root (incomplete chain).',
    examples: ['curl: (60) SSL certificate problem: unable to verify the first certificate'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (60) certificate has expired', match: /certificate (?:has )?expired|CERT_HAS_EXPIRED|certificate is expired/i,
    ids: ['tls.cert-expired'], meaning: 'A certificate in the chain is past its notAfter date (or this machine\'s clock is wrong).',
    examples: ['curl: (60) SSL certificate problem: certificate has expired'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (60) certificate is not yet valid', match: /certificate is not yet valid|CERT_NOT_YET_VALID/i,
    ids: ['tls.cert-not-yet-valid'], meaning: 'A certificate\'s notBefore is in the future: a freshly issued certificate and a clock behind, or a wrong clock.',
    examples: ['curl: (60) SSL certificate problem: certificate is not yet valid'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (60) hostname mismatch', match: /no alternative certificate subject name matches|subject name .* does not match target host|SSL: certificate subject name/i,
    ids: ['tls.cert-hostname'], meaning: 'The certificate does not cover the host name that was asked for.',
    examples: ["curl: (60) SSL: no alternative certificate subject name matches target host name 'api.example.com'"], source: CURL,
  },
  {
    client: 'curl', name: 'curl (6) could not resolve host', match: /Could not resolve host|Couldn't resolve host/i,
    ids: ['dns.not-found', 'dns.no-address', 'dns.failure'], meaning: 'The name did not resolve to an address.',
    hides: 'curl prints the same words for a name that does not exist, a name without A/AAAA records and a resolver that failed.',
    examples: ['curl: (6) Could not resolve host: api.example.invalid'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (5) could not resolve proxy', match: /Could not resolve proxy|Couldn't resolve proxy/i,
    ids: ['proxy.unreachable'], meaning: 'The proxy\'s own name did not resolve.',
    examples: ['curl: (5) Could not resolve proxy: proxy.corp.example'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (7) connection refused', match: /Failed to connect to .*(?:Connection refused|Couldn't connect to server)|\(7\).*refused/i,
    ids: ['tcp.refused', 'proxy.unreachable'], meaning: 'A RST answered the SYN: nothing listens on that port, or a firewall rejects with a reset.',
    examples: ['curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused', "curl: (7) Failed to connect to api.example.com port 443 after 2 ms: Couldn't connect to server"],
    source: CURL,
  },
  {
    client: 'curl', name: 'curl (7) no route to host', match: /No route to host|Network is unreachable|Host is unreachable/i,
    ids: ['tcp.unreachable'], meaning: 'An ICMP error (host or network unreachable) answered, or this machine has no route.',
    examples: ['curl: (7) Failed to connect to 10.1.2.3 port 443 after 3054 ms: No route to host', 'connect: Network is unreachable'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (28) failed to connect: timed out', match: /Failed to connect to .*(?:Timeout was reached|Connection timed out)/i,
    ids: ['tcp.timeout', 'proxy.unreachable'], meaning: 'No answer to the SYN: a firewall dropping it, a host down, a wrong route, or a missing proxy.',
    examples: ['curl: (28) Failed to connect to api.example.com port 443 after 75002 ms: Connection timed out'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (28) connection timed out', match: /Connection timed out after \d+ milli/i,
    ids: ['tcp.timeout', 'tls.timeout', 'proxy.unreachable'], meaning: 'curl\'s --connect-timeout ran out before the connection was ready.',
    hides: 'curl counts the TLS handshake as part of connecting: a SYN nobody answers and a ClientHello nobody answers print the same words.',
    examples: ['curl: (28) Connection timed out after 10001 milliseconds'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (28) operation timed out', match: /Operation timed out after \d+ milliseconds with \d+ (?:out of \d+ )?bytes received/i,
    ids: ['http.timeout', 'http.body-timeout', 'tls.timeout'], meaning: 'The whole transfer ran past curl\'s --max-time: it was connected, then waited for the handshake, the headers or the body.',
    hides: 'The bytes received say which: 0 bytes means no response yet (handshake or headers); more means the body stalled.',
    examples: ['curl: (28) Operation timed out after 10000 milliseconds with 0 bytes received'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (28) resolving timed out', match: /Resolving timed out/i,
    ids: ['dns.failure'], meaning: 'The resolver did not answer in time.',
    examples: ['curl: (28) Resolving timed out after 5000 milliseconds'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (52) empty reply', match: /Empty reply from server/i,
    ids: ['http.closed'], meaning: 'The connection was closed (FIN) after the request with no response byte.',
    examples: ['curl: (52) Empty reply from server'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (56) connection reset', match: /\(56\).*(?:Connection reset by peer|Recv failure)|Recv failure: Connection reset by peer/i,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST arrived while curl was reading: after the request, before (or during) the response.',
    examples: ['curl: (56) Recv failure: Connection reset by peer'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (56) CONNECT tunnel failed', match: /CONNECT tunnel failed, response (\d{3})/i,
    ids: ['proxy.denied', 'proxy.auth-required'], narrow: (m) => [m[1] === '407' ? 'proxy.auth-required' : 'proxy.denied'],
    meaning: 'The proxy refused the CONNECT: 407 wants credentials, 403 is a policy block, 502/503 a failed upstream.',
    examples: ['curl: (56) CONNECT tunnel failed, response 403'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (56) Proxy CONNECT aborted', match: /Proxy CONNECT aborted/i,
    ids: ['proxy.tunnel-failed'], meaning: 'The proxy closed or reset the connection during CONNECT.',
    examples: ['curl: (56) Proxy CONNECT aborted'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (18) transfer closed with bytes remaining', match: /transfer closed with \d+ bytes remaining|\(18\)/i,
    ids: ['http.body-truncated'], meaning: 'The connection ended before the body announced by Content-Length (or chunking) was complete.',
    examples: ['curl: (18) transfer closed with 1048576 bytes remaining to read'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (47) too many redirects', match: /Maximum \(\d+\) redirects followed|too many redirects/i,
    ids: ['http.redirect-loop'], meaning: 'Redirects went round in a loop or past the limit.',
    examples: ['curl: (47) Maximum (50) redirects followed'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (1) HTTP/0.9', match: /Received HTTP\/0\.9 when not allowed|Weird server reply|Unsupported HTTP version/i,
    ids: ['http.not-http'], meaning: 'The answer was not an HTTP response (an SSH banner, a database, TLS on a plain port).',
    examples: ['curl: (1) Received HTTP/0.9 when not allowed'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (22) HTTP error', match: /The requested URL returned error: (\d{3})/i,
    ids: ['http.client-error', 'http.waf-blocked', 'http.auth-required', 'http.rate-limited', 'http.upstream-failure', 'http.server-error'],
    meaning: 'The server answered with an HTTP error status (curl -f turns it into an exit code).', narrow: (m) => byStatus(Number(m[1])),
    hides: 'The status alone does not say who answered: the application, a WAF, a rate limiter or a gateway for a dead back end.',
    examples: ['curl: (22) The requested URL returned error: 403'], source: CURL,
  },
  {
    client: 'curl', name: 'curl (92) HTTP/2 stream not closed cleanly', match: /HTTP\/2 stream \d+ was not closed cleanly|\(16\).*HTTP2|HTTP2 framing layer/i,
    ids: ['http.reset'], meaning: 'The HTTP/2 stream was reset (RST_STREAM / GOAWAY) by the server or a middlebox; HTTP/1.1 may work (h2-dependent).',
    examples: ['curl: (92) HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)'], source: CURL,
  },

  // ---- OpenSSL s_client ----
  {
    client: 'openssl', name: 'verify error 20/21 (issuer)', match: /Verify return code: (?:2|20|21) \(|verify error:num=(?:2|20|21):/i,
    ids: CERT_UNTRUSTED, meaning: 'OpenSSL could not build the chain to a trusted root (missing intermediate or untrusted issuer).',
    examples: ['Verify return code: 21 (unable to verify the first certificate)', 'verify error:num=20:unable to get local issuer certificate'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'verify error 18/19 (self-signed)', match: /Verify return code: (?:18|19) \(|verify error:num=(?:18|19):/i,
    ids: CERT_UNTRUSTED, meaning: 'A self-signed certificate is at the top of the chain and is not trusted here.',
    examples: ['Verify return code: 19 (self-signed certificate in certificate chain)', 'verify error:num=18:self-signed certificate'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'verify error 10 (expired)', match: /Verify return code: 10 \(|verify error:num=10:/i,
    ids: ['tls.cert-expired'], meaning: 'A certificate in the chain has expired.',
    examples: ['Verify return code: 10 (certificate has expired)'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'verify error 9 (not yet valid)', match: /Verify return code: 9 \(|verify error:num=9:/i,
    ids: ['tls.cert-not-yet-valid'], meaning: 'A certificate in the chain is not valid yet.',
    examples: ['verify error:num=9:certificate is not yet valid'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'verify error 62 (hostname mismatch)', match: /Verify return code: 62 \(|verify error:num=62:|hostname mismatch/i,
    ids: ['tls.cert-hostname'], meaning: 'The certificate does not cover the name given with -verify_hostname.',
    examples: ['Verify return code: 62 (hostname mismatch)'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 's_client: read 0 bytes, no peer certificate', match: /no peer certificate available[\s\S]*?SSL handshake has read 0 bytes|SSL handshake has read 0 bytes/i,
    ids: HANDSHAKE_CUT, meaning: 'The server sent nothing back to the ClientHello: the connection was reset or closed under the handshake.',
    hides: 'errno=104 after `write:` means a RST; `unexpected eof` or errno=0 means a FIN.',
    examples: ['no peer certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake has read 0 bytes and written 293 bytes'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'connect: errno=111', match: /connect:errno=111|connect: ?Connection refused/i,
    ids: ['tcp.refused'], meaning: 'The TCP connection was refused (RST to the SYN).',
    examples: ['connect:errno=111', '40F7A1B1F17F0000:error:8000006F:system library:BIO_connect:Connection refused'], source: OPENSSL,
  },
  {
    client: 'openssl', name: 'write:errno=104', match: /(?:write|read):errno=104/i,
    ids: ['tls.reset'], meaning: 'A RST (ECONNRESET, errno 104) ended the connection during the handshake.',
    examples: ['write:errno=104'], source: OPENSSL,
  },

  // ---- Node.js and undici ----
  {
    client: 'node', name: 'ECONNREFUSED', match: /\bECONNREFUSED\b/,
    ids: ['tcp.refused', 'proxy.unreachable'], meaning: 'A RST answered the SYN: nothing listens there, or a firewall rejects with a reset.',
    examples: ['Error: connect ECONNREFUSED 127.0.0.1:5432'], source: NODE,
  },
  {
    client: 'node', name: 'socket hang up', match: /socket hang up/i,
    ids: ['http.closed', 'tls.closed', 'http.reset'], meaning: 'The connection ended (most often a FIN) before a response arrived — classically on a reused keep-alive socket the server had already closed.',
    hides: 'Node prints the same words for a FIN and (with code ECONNRESET) a RST before the response; on a fresh connection it is a server or proxy closing, on a reused one the idle-timeout race.',
    examples: ['Error: socket hang up\n    at connResetException (node:internal/errors:720:14) { code: \'ECONNRESET\' }'], source: NODE,
  },
  {
    client: 'node', name: 'TLS disconnected before secure connection', match: /Client network socket disconnected before secure TLS connection was established/i,
    ids: HANDSHAKE_CUT, meaning: 'The connection ended during the TLS handshake without an alert.', hides: SYSCALL_HIDES,
    examples: ['Error: Client network socket disconnected before secure TLS connection was established'], source: NODE,
  },
  {
    client: 'node', name: 'ECONNRESET', match: /\bECONNRESET\b/, unless: /socket hang up|disconnected before secure TLS|^Error: aborted/im,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST ended the connection (during the handshake or before the response).',
    examples: ['Error: read ECONNRESET'], source: NODE,
  },
  {
    client: 'node', name: 'aborted (response cut)', match: /^(?:Error: )?aborted$/m,
    ids: ['http.body-truncated'], meaning: 'The connection ended while the response body was still arriving (Node\'s http client says "aborted", code ECONNRESET, even for a FIN).',
    examples: ["Error: aborted\n    at connResetException (node:internal/errors:720:14) {\n  code: 'ECONNRESET'\n}"], source: NODE,
  },
  {
    client: 'node', name: 'HPE Parse Error', match: /Parse Error: |\bHPE_[A-Z_]+\b/,
    ids: ['http.not-http'], meaning: 'Node\'s HTTP parser (llhttp) could not read the answer as HTTP: an SSH banner, a database, TLS on a plain port.',
    examples: ['Error: Parse Error: Expected HTTP/, RTSP/ or ICE/', "code: 'HPE_INVALID_CONSTANT'"], source: NODE,
  },
  {
    client: 'node', name: 'ETIMEDOUT', match: /\bETIMEDOUT\b/,
    ids: ['tcp.timeout'], meaning: 'The connection attempt (SYN) got no answer before the OS gave up.',
    examples: ['Error: connect ETIMEDOUT 203.0.113.7:443'], source: NODE,
  },
  {
    client: 'node', name: 'ENOTFOUND', match: /getaddrinfo ENOTFOUND|\bENOTFOUND\b/,
    ids: ['dns.not-found', 'dns.no-address'], meaning: 'The system resolver found no address for the name.',
    hides: 'getaddrinfo reports a name that does not exist and a name without A/AAAA records alike.',
    examples: ['Error: getaddrinfo ENOTFOUND api.example.invalid'], source: NODE,
  },
  {
    client: 'node', name: 'EAI_AGAIN', match: /\bEAI_AGAIN\b/,
    ids: ['dns.failure'], meaning: 'The resolver failed or timed out (temporary failure in name resolution).',
    examples: ['Error: getaddrinfo EAI_AGAIN registry.npmjs.org'], source: NODE,
  },
  {
    client: 'node', name: 'EHOSTUNREACH / ENETUNREACH', match: /\bE(?:HOST|NET)UNREACH\b/,
    ids: ['tcp.unreachable'], meaning: 'An ICMP error said the host or network is unreachable, or there is no route.',
    examples: ['Error: connect EHOSTUNREACH 10.9.8.7:443'], source: NODE,
  },
  {
    client: 'node', name: 'EPROTO', match: /\bEPROTO\b/, wrapper: true,
    ids: ['tls.not-tls', 'tls.protocol-mismatch', 'tls.handshake-failure', 'tls.sni-rejected', 'tls.alpn-rejected', CLIENT_CERT],
    meaning: 'The TLS layer failed; the OpenSSL words after EPROTO say how (non-TLS bytes, or the alert the server sent).',
    examples: ['Error: write EPROTO 40B8F2B1E27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'], source: NODE,
  },
  {
    client: 'node', name: 'ERR_TLS_CERT_ALTNAME_INVALID', match: /ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames/i,
    ids: ['tls.cert-hostname'], meaning: 'The certificate does not cover the requested host name.',
    examples: ["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: api.example.com. is not in the cert's altnames: DNS:*.example.net"],
    source: NODE,
  },
  {
    client: 'node', name: 'UND_ERR_SOCKET other side closed', match: /other side closed|UND_ERR_SOCKET/,
    ids: ['http.closed', 'http.reset'], meaning: 'undici (Node\'s fetch) saw the server close the connection before the response was complete.',
    hides: 'On a reused keep-alive connection this is the idle-timeout race (the server closed it while idle); on a fresh one, a server or proxy closing.',
    examples: ['TypeError: fetch failed\n  [cause]: SocketError: other side closed { code: \'UND_ERR_SOCKET\' }'], source: UNDICI,
  },
  {
    client: 'node', name: 'UND_ERR_CONNECT_TIMEOUT', match: /UND_ERR_CONNECT_TIMEOUT|Connect Timeout Error/i,
    ids: ['tcp.timeout', 'tls.timeout'], meaning: 'undici gave up connecting (its connect timeout covers TCP and the TLS handshake, 10 s by default).',
    examples: ["TypeError: fetch failed\n  [cause]: ConnectTimeoutError: Connect Timeout Error (attempted address: api.example.com:443, timeout: 10000ms) { code: 'UND_ERR_CONNECT_TIMEOUT' }"],
    source: UNDICI,
  },
  {
    client: 'node', name: 'UND_ERR_HEADERS_TIMEOUT', match: /UND_ERR_HEADERS_TIMEOUT|Headers Timeout Error/i,
    ids: ['http.timeout'], meaning: 'Connected and sent, but the response headers did not come within the headers timeout (300 s by default).',
    examples: ["[cause]: HeadersTimeoutError: Headers Timeout Error { code: 'UND_ERR_HEADERS_TIMEOUT' }"], source: UNDICI,
  },
  {
    client: 'node', name: 'UND_ERR_BODY_TIMEOUT', match: /UND_ERR_BODY_TIMEOUT|Body Timeout Error/i,
    ids: ['http.body-timeout'], meaning: 'The body stalled longer than the body timeout.',
    examples: ["[cause]: BodyTimeoutError: Body Timeout Error { code: 'UND_ERR_BODY_TIMEOUT' }"], source: UNDICI,
  },
  {
    client: 'node', name: 'fetch failed', match: /TypeError: fetch failed/,
    ids: ANY_NETWORK, wrapper: true, meaning: 'Node\'s fetch failed below HTTP; the real reason is in the `cause` printed after it.',
    examples: ['TypeError: fetch failed'], source: UNDICI,
  },
  {
    client: 'node', name: 'EMFILE / EADDRNOTAVAIL', match: /\bEMFILE\b|\bENFILE\b|\bEADDRNOTAVAIL\b|\bENOBUFS\b|too many open files/i,
    ids: [LOCAL_LIMIT], meaning: 'This machine ran out of file descriptors or ephemeral ports before a packet left: the client\'s own limit, not the network.',
    examples: ['Error: connect EMFILE 127.0.0.1:8080 - Local (undefined:undefined)', 'Error: connect EADDRNOTAVAIL 10.0.0.5:80 - Local (0.0.0.0:0)'], source: NODE,
  },

  // ---- Chromium net::ERR_* ----
  ...chromium([
    ['ERR_CONNECTION_REFUSED', ['tcp.refused'], 'A RST answered the SYN: nothing listens there, or a firewall rejects.'],
    ['ERR_CONNECTION_RESET', ['http.reset', 'tls.reset'], 'A RST ended the connection (during the TLS handshake or before the response).'],
    ['ERR_CONNECTION_CLOSED', ['tls.closed', 'http.closed'], 'The connection was closed (FIN) before a response.'],
    ['ERR_EMPTY_RESPONSE', ['http.closed'], 'The server closed the connection without sending any response.'],
    ['ERR_CONNECTION_TIMED_OUT', ['tcp.timeout'], 'No answer to the connection attempt.'],
    ['ERR_TIMED_OUT', ['http.timeout', 'tcp.timeout'], 'The operation timed out (connect or waiting for the response).'],
    ['ERR_NAME_NOT_RESOLVED', ['dns.not-found', 'dns.no-address', 'dns.failure'], 'The host name did not resolve.'],
    ['ERR_ADDRESS_UNREACHABLE', ['tcp.unreachable'], 'The address is unreachable (ICMP unreachable, or no route).'],
    ['ERR_SSL_PROTOCOL_ERROR', ['tls.not-tls', 'tls.closed', 'tls.reset', 'tls.handshake-failure'], 'The TLS handshake failed: bad or non-TLS bytes, or the connection cut under it.'],
    ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', ['tls.protocol-mismatch', 'tls.handshake-failure'], 'No TLS version or cipher in common.'],
    ['ERR_CERT_AUTHORITY_INVALID', ['tls.cert-untrusted'], 'The certificate chain ends at a root the browser does not trust (private CA, interception, missing intermediate).'],
    ['ERR_CERT_DATE_INVALID', ['tls.cert-expired', 'tls.cert-not-yet-valid'], 'A certificate is expired or not valid yet (or the clock is wrong).'],
    ['ERR_CERT_COMMON_NAME_INVALID', ['tls.cert-hostname'], 'The certificate does not cover this host name.'],
    ['ERR_TUNNEL_CONNECTION_FAILED', ['proxy.denied', 'proxy.tunnel-failed', 'proxy.auth-required'], 'The proxy did not open the CONNECT tunnel.'],
    ['ERR_PROXY_CONNECTION_FAILED', ['proxy.unreachable'], 'The configured proxy could not be reached.'],
    ['ERR_TOO_MANY_REDIRECTS', ['http.redirect-loop'], 'Redirects loop or exceed the limit.'],
    ['ERR_SSL_CLIENT_AUTH_CERT_NEEDED', [CLIENT_CERT], 'The server asks for a client certificate.'],
    ['ERR_BAD_SSL_CLIENT_AUTH_CERT', [CLIENT_CERT], 'The server rejected the client certificate.'],
    ['ERR_SSL_UNRECOGNIZED_NAME_ALERT', ['tls.sni-rejected'], 'The server does not serve this name (unrecognized_name alert).'],
    ['ERR_HTTP2_PROTOCOL_ERROR', ['http.reset'], 'The HTTP/2 session or stream was reset (often by a proxy or TLS inspection breaking h2); HTTP/1.1 may work.'],
    ['ERR_INVALID_HTTP_RESPONSE', ['http.not-http'], 'The answer was not a valid HTTP response.'],
    ['ERR_CONTENT_LENGTH_MISMATCH', ['http.body-truncated'], 'The connection ended before the announced body length.'],
    ['ERR_INCOMPLETE_CHUNKED_ENCODING', ['http.body-truncated'], 'The connection ended before the last chunk of the body.'],
  ]),

  // ---- Go (net/http, crypto/x509, crypto/tls) ----
  {
    client: 'go', name: 'x509: unknown authority', match: /x509: certificate signed by unknown authority/i,
    ids: CERT_UNTRUSTED, meaning: 'The chain does not end at a root in the system pool: a private CA, interception, or a missing intermediate.',
    examples: ['Get "https://api.example.com/": x509: certificate signed by unknown authority', 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    source: GO,
  },
  {
    client: 'go', name: 'x509: expired or not yet valid', match: /x509: certificate has expired or is not yet valid/i,
    ids: ['tls.cert-expired', 'tls.cert-not-yet-valid'], meaning: 'A certificate is outside its validity period (or the clock is wrong).',
    examples: ['x509: certificate has expired or is not yet valid: current time 2026-12-04T18:00:00Z is after 2026-01-01T00:00:00Z'], source: GO,
  },
  {
    client: 'go', name: 'x509: certificate is valid for …, not …', match: /x509: certificate is valid for .*, not |x509: certificate is not valid for any names/i,
    ids: ['tls.cert-hostname'], meaning: 'The certificate does not cover the host name asked for.',
    examples: ['x509: certificate is valid for *.example.net, not api.example.com'], source: GO,
  },
  {
    client: 'go', name: 'remote error: tls: alert', match: /remote error: tls: (handshake failure|protocol version not supported|unrecognized name|no application protocol|certificate required|bad certificate)/i,
    ids: ['tls.handshake-failure', 'tls.protocol-mismatch', 'tls.sni-rejected', 'tls.alpn-rejected', CLIENT_CERT],
    meaning: 'The server ended the handshake with the named TLS alert.', narrow: byAlert,
    examples: ['remote error: tls: handshake failure', 'remote error: tls: certificate required'], source: GO,
  },
  {
    client: 'go', name: 'tls: first record does not look like a TLS handshake', match: /first record does not look like a TLS handshake|server gave HTTP response to HTTPS client/i,
    ids: ['tls.not-tls'], meaning: 'The server answered the TLS handshake with plain bytes (typically HTTP on a port expected to speak TLS).',
    examples: ['http: server gave HTTP response to HTTPS client', 'tls: first record does not look like a TLS handshake'], source: GO,
  },
  {
    client: 'go', name: 'net/http: TLS handshake timeout', match: /TLS handshake timeout/i,
    ids: ['tls.timeout'], meaning: 'Connected, ClientHello sent, no ServerHello in time (often a middlebox swallowing it, or an overloaded TLS terminator).',
    examples: ['net/http: TLS handshake timeout'], source: GO,
  },
  {
    client: 'go', name: 'awaiting headers', match: /timeout awaiting response headers|Client\.Timeout exceeded while awaiting headers/i,
    ids: ['http.timeout', 'tcp.timeout', 'tls.timeout'], meaning: 'The client\'s overall timeout ran out before the response headers came (it may not even have connected).',
    examples: ['net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)', 'net/http: timeout awaiting response headers'],
    source: GO,
  },
  {
    client: 'go', name: 'dial tcp: connection refused', match: /dial tcp .*connect: connection refused/i,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN.',
    examples: ['dial tcp 127.0.0.1:6443: connect: connection refused'], source: GO,
  },
  {
    client: 'go', name: 'dial tcp: i/o timeout', match: /dial tcp .*i\/o timeout/i,
    ids: ['tcp.timeout'], meaning: 'No answer to the SYN before the dial timeout.',
    examples: ['dial tcp 10.96.0.1:443: i/o timeout'], source: GO,
  },
  {
    client: 'go', name: 'no such host', match: /lookup .* no such host|dial tcp: lookup/i,
    ids: ['dns.not-found', 'dns.no-address', 'dns.failure'], meaning: 'The name did not resolve.',
    examples: ['dial tcp: lookup registry.example.invalid on 127.0.0.53:53: no such host'], source: GO,
  },
  {
    client: 'go', name: 'connection reset by peer', match: /read: connection reset by peer|write: connection reset by peer/i,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST ended the connection.',
    examples: ['read tcp 10.0.0.2:51234->203.0.113.7:443: read: connection reset by peer'], source: GO,
  },
  {
    client: 'go', name: 'EOF', match: /(?:Get|Post|Put|Head) "[^"]+": (?:unexpected )?EOF\s*$|: EOF$/m,
    ids: ['http.closed', 'tls.closed'], meaning: 'The connection was closed (FIN) before a complete response — or before the handshake finished.',
    examples: ['Get "https://api.example.com/v1": EOF'], source: GO,
  },

  // ---- Python requests / urllib3 / ssl ----
  {
    client: 'python', name: 'CERTIFICATE_VERIFY_FAILED', match: /CERTIFICATE_VERIFY_FAILED/,
    ids: ['tls.cert-untrusted', 'tls.cert-expired', 'tls.cert-hostname'], meaning: 'Python\'s ssl module could not verify the certificate; the words after it say why.',
    hides: 'requests uses certifi\'s bundled roots, not the OS store: a corporate root the browser trusts is unknown here.',
    examples: ['requests.exceptions.SSLError: HTTPSConnectionPool(host=\'pypi.example.com\', port=443): Max retries exceeded with url: /simple/ (Caused by SSLError(SSLCertVerificationError(1, \'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)\')))'],
    source: PYTHON,
  },
  {
    client: 'python', name: 'UNEXPECTED_EOF_WHILE_READING', match: /UNEXPECTED_EOF_WHILE_READING|EOF occurred in violation of protocol/i,
    ids: ['tls.closed', 'tls.reset'], meaning: 'The connection ended during the TLS handshake without an alert.', hides: SYSCALL_HIDES,
    examples: ["ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)"], source: PYTHON,
  },
  {
    client: 'python', name: 'WRONG_VERSION_NUMBER', match: /\[SSL: WRONG_VERSION_NUMBER\]/,
    ids: ['tls.not-tls'], meaning: 'The server answered TLS with non-TLS bytes.',
    examples: ['ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)'], source: PYTHON,
  },
  {
    client: 'python', name: '[Errno 111] Connection refused', match: /\[Errno 111\] Connection refused|ConnectionRefusedError/,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN.',
    examples: ["urllib3.exceptions.NewConnectionError: <urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused"],
    source: PYTHON,
  },
  {
    client: 'python', name: '[Errno 104] Connection reset by peer', match: /\[Errno 104\] Connection reset by peer|ConnectionResetError/,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST ended the connection.',
    examples: ["requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"], source: PYTHON,
  },
  {
    client: 'python', name: 'RemoteDisconnected', match: /Remote end closed connection without response|RemoteDisconnected/,
    ids: ['http.closed'], meaning: 'The server closed the connection (FIN) without a response — often a reused keep-alive connection the server had closed.',
    examples: ["requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))"], source: PYTHON,
  },
  {
    client: 'python', name: 'Name or service not known', match: /\[Errno -[235]\]|Name or service not known|nodename nor servname provided|Temporary failure in name resolution/,
    ids: ['dns.not-found', 'dns.no-address', 'dns.failure'], meaning: 'The name did not resolve (-2: not found, -3: temporary failure, -5: no address).',
    examples: ["Failed to establish a new connection: [Errno -2] Name or service not known", '[Errno -3] Temporary failure in name resolution'], source: PYTHON,
  },
  {
    client: 'python', name: 'ConnectTimeoutError', match: /ConnectTimeoutError|Connection to .* timed out\. \(connect timeout=/,
    ids: ['tcp.timeout'], meaning: 'No answer to the SYN within the connect timeout.',
    examples: ["(Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to pypi.org timed out. (connect timeout=15)'))"], source: PYTHON,
  },
  {
    client: 'python', name: 'ReadTimeoutError', match: /ReadTimeoutError|Read timed out\. \(read timeout=/,
    ids: ['http.timeout', 'http.body-timeout'], meaning: 'Connected, but the response (or the rest of the body) did not come within the read timeout.',
    examples: ["urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='files.example.com', port=443): Read timed out. (read timeout=15)"], source: PYTHON,
  },
  {
    client: 'python', name: 'ProxyError', match: /ProxyError|Cannot connect to proxy|Unable to connect to proxy|Tunnel connection failed/,
    ids: ['proxy.unreachable', 'proxy.denied', 'proxy.auth-required'],
    narrow: (_, text) => {
      const status = /Tunnel connection failed: (\d{3})/.exec(text)?.[1];
      return status === undefined ? ['proxy.unreachable'] : [status === '407' ? 'proxy.auth-required' : 'proxy.denied'];
    },
    meaning: 'The proxy could not be reached, or refused the tunnel (the status after "Tunnel connection failed" says how).',
    examples: ["requests.exceptions.ProxyError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: / (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))"],
    source: PYTHON,
  },

  // ---- Java ----
  {
    client: 'java', name: 'PKIX path building failed', match: /PKIX path building failed|unable to find valid certification path to requested target/i,
    ids: CERT_UNTRUSTED, meaning: 'The chain does not end at a root in the JVM\'s truststore (cacerts): a private CA or interception root that was never imported.',
    examples: ['javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target'],
    source: JAVA,
  },
  {
    client: 'java', name: 'CertificateExpiredException', match: /CertificateExpiredException/,
    ids: ['tls.cert-expired'], meaning: 'A certificate in the chain has expired.',
    examples: ['java.security.cert.CertificateExpiredException: NotAfter: Thu Jan 01 00:00:00 UTC 2026'], source: JAVA,
  },
  {
    client: 'java', name: 'No subject alternative names matching', match: /No subject alternative (?:DNS )?names? matching|No name matching .* found/i,
    ids: ['tls.cert-hostname'], meaning: 'The certificate does not cover the host name.',
    examples: ['java.security.cert.CertificateException: No subject alternative DNS name matching api.example.com found.'], source: JAVA,
  },
  {
    client: 'java', name: 'Received fatal alert', match: /Received fatal alert: (handshake_failure|protocol_version|unrecognized_name|no_application_protocol|certificate_required|bad_certificate)/i,
    ids: ['tls.handshake-failure', 'tls.protocol-mismatch', 'tls.sni-rejected', 'tls.alpn-rejected', CLIENT_CERT],
    meaning: 'The server ended the handshake with the named TLS alert.', narrow: byAlert,
    examples: ['javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure'], source: JAVA,
  },
  {
    client: 'java', name: 'Remote host terminated the handshake', match: /Remote host terminated the handshake|Remote host closed connection during handshake/i,
    ids: HANDSHAKE_CUT, meaning: 'The connection ended during the TLS handshake without an alert.', hides: SYSCALL_HIDES,
    examples: ['javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake'], source: JAVA,
  },
  {
    client: 'java', name: 'Unsupported or unrecognized SSL message', match: /Unsupported or unrecognized SSL message|Unrecognized SSL message, plaintext connection/i,
    ids: ['tls.not-tls'], meaning: 'The server answered TLS with plain bytes.',
    examples: ['javax.net.ssl.SSLException: Unsupported or unrecognized SSL message'], source: JAVA,
  },
  {
    client: 'java', name: 'Connection refused', match: /java\.net\.ConnectException: Connection refused/,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN.',
    examples: ['java.net.ConnectException: Connection refused (Connection refused)'], source: JAVA,
  },
  {
    client: 'java', name: 'Connection reset', match: /java\.net\.SocketException: Connection reset/,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST ended the connection.',
    examples: ['java.net.SocketException: Connection reset'], source: JAVA,
  },
  {
    client: 'java', name: 'connect timed out', match: /SocketTimeoutException: [Cc]onnect timed out|ConnectTimeoutException/,
    ids: ['tcp.timeout'], meaning: 'No answer to the SYN within the connect timeout.',
    examples: ['java.net.SocketTimeoutException: connect timed out'], source: JAVA,
  },
  {
    client: 'java', name: 'Read timed out', match: /SocketTimeoutException: Read timed out/,
    ids: ['http.timeout', 'http.body-timeout'], meaning: 'Connected, but the answer did not come within the read timeout.',
    examples: ['java.net.SocketTimeoutException: Read timed out'], source: JAVA,
  },
  {
    client: 'java', name: 'UnknownHostException', match: /UnknownHostException/,
    ids: ['dns.not-found', 'dns.no-address', 'dns.failure'], meaning: 'The name did not resolve.',
    examples: ['java.net.UnknownHostException: api.example.invalid: Name or service not known'], source: JAVA,
  },
  {
    client: 'java', name: 'NoRouteToHostException', match: /NoRouteToHostException/,
    ids: ['tcp.unreachable'], meaning: 'ICMP unreachable, or no route.',
    examples: ['java.net.NoRouteToHostException: No route to host'], source: JAVA,
  },

  // ---- .NET ----
  {
    client: 'dotnet', name: 'actively refused it', match: /target machine actively refused it/i,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN.',
    examples: ['System.Net.Http.HttpRequestException: No connection could be made because the target machine actively refused it. (localhost:5001)'], source: DOTNET,
  },
  {
    client: 'dotnet', name: 'forcibly closed by the remote host', match: /forcibly closed by the remote host/i,
    ids: ['http.reset', 'tls.reset'], meaning: 'A RST ended the connection (WSAECONNRESET).',
    examples: ['System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.'], source: DOTNET,
  },
  {
    client: 'dotnet', name: 'remote certificate is invalid', match: /remote certificate is invalid/i,
    ids: ['tls.cert-untrusted', 'tls.cert-hostname', 'tls.cert-expired'], meaning: 'The certificate failed validation; the flags after it say why (RemoteCertificateChainErrors: untrusted or expired; RemoteCertificateNameMismatch: wrong name).',
    examples: ['System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch, RemoteCertificateChainErrors'],
    source: DOTNET,
  },
  {
    client: 'dotnet', name: 'unexpected EOF or 0 bytes', match: /unexpected EOF or 0 bytes from the transport stream|remote party has closed the transport stream/i,
    ids: HANDSHAKE_CUT, meaning: 'The connection ended during the TLS handshake.', hides: SYSCALL_HIDES,
    examples: ['System.IO.IOException: Received an unexpected EOF or 0 bytes from the transport stream.'], source: DOTNET,
  },
  {
    client: 'dotnet', name: 'No such host is known', match: /No such host is known|Name or service not known \(/i,
    ids: ['dns.not-found', 'dns.no-address', 'dns.failure'], meaning: 'The name did not resolve.',
    examples: ['System.Net.Http.HttpRequestException: No such host is known. (api.example.invalid:443)'], source: DOTNET,
  },
  {
    client: 'dotnet', name: 'HttpClient.Timeout', match: /HttpClient\.Timeout of [\d.]+ seconds elapsing/i,
    ids: ['http.timeout', 'tcp.timeout'], meaning: 'The whole request ran past HttpClient.Timeout (100 s by default).',
    examples: ['System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.'], source: DOTNET,
  },

  // ---- npm (codes it prints; the messages come from Node and OpenSSL) ----
  {
    client: 'npm', name: 'npm ERR! code (certificate)', match: /(?:npm (?:ERR!|error) code|code:?) (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT)/,
    ids: CERT_UNTRUSTED, meaning: 'npm (Node\'s bundled Mozilla roots) does not trust the registry\'s chain — classically a corporate proxy or antivirus re-signing TLS.',
    hides: 'The browser may trust the same chain through the OS store; set npm\'s `cafile` (or NODE_EXTRA_CA_CERTS) to the root.',
    examples: ['npm ERR! code SELF_SIGNED_CERT_IN_CHAIN', 'npm error code UNABLE_TO_GET_ISSUER_CERT_LOCALLY'], source: NPM,
  },
  {
    client: 'npm', name: 'npm ERR! code CERT_HAS_EXPIRED', match: /(?:npm (?:ERR!|error) code) CERT_HAS_EXPIRED/,
    ids: ['tls.cert-expired'], meaning: 'A certificate in the registry\'s chain has expired (or the clock is wrong).',
    examples: ['npm ERR! code CERT_HAS_EXPIRED'], source: NPM,
  },
  {
    client: 'npm', name: 'npm ERR! code E407', match: /(?:npm (?:ERR!|error) code) E407|407 Proxy Authentication Required/,
    ids: ['proxy.auth-required'], meaning: 'The proxy wants credentials (407).',
    examples: ['npm ERR! code E407'], source: NPM,
  },
  {
    client: 'npm', name: 'npm ERR! code ERR_SOCKET_TIMEOUT', match: /ERR_SOCKET_TIMEOUT|network timeout at:/,
    ids: ['http.timeout', 'tcp.timeout'], meaning: 'npm\'s socket went idle past its timeout (connect or response).',
    examples: ['npm ERR! code ERR_SOCKET_TIMEOUT', 'npm ERR! network timeout at: https://registry.npmjs.org/express'], source: NPM,
  },
  {
    client: 'npm', name: 'npm ERR! network', match: /npm (?:ERR!|error) network/,
    ids: ANY_NETWORK, wrapper: true, meaning: 'npm could not reach the registry; the code line says what failed.',
    examples: ['npm ERR! network request to https://registry.npmjs.org/express failed, reason: connect ECONNREFUSED 127.0.0.1:8080'], source: NPM,
  },

  // ---- git (wraps libcurl and GnuTLS) ----
  {
    client: 'git', name: 'git: unable to access', match: /fatal: unable to access '[^']+'/,
    ids: ANY_NETWORK, wrapper: true, meaning: 'git\'s HTTP transport (libcurl) failed; the words after the URL are curl\'s.',
    examples: ["fatal: unable to access 'https://git.example.com/team/repo.git/': Could not resolve host: git.example.com"], source: GIT,
  },
  {
    client: 'git', name: 'server certificate verification failed', match: /server certificate verification failed\. CAfile/i,
    ids: CERT_UNTRUSTED, meaning: 'git (built with GnuTLS) does not trust the server\'s chain: set http.sslCAInfo to the root, or fix the server\'s chain.',
    examples: ["fatal: unable to access 'https://git.example.com/repo.git/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none"],
    source: GIT,
  },
  {
    client: 'git', name: 'GnuTLS non-properly terminated', match: /TLS connection was non-properly terminated|gnutls_handshake\(\) failed/i,
    ids: HANDSHAKE_CUT, meaning: 'The connection ended under TLS without a close_notify (GnuTLS\'s SSL_ERROR_SYSCALL).', hides: SYSCALL_HIDES,
    examples: ["fatal: unable to access 'https://git.example.com/repo.git/': gnutls_handshake() failed: The TLS connection was non-properly terminated.", 'error: RPC failed; curl 56 GnuTLS recv error (-110): The TLS connection was non-properly terminated.'],
    source: GIT,
  },
  {
    client: 'git', name: 'RPC failed; curl 56 reset', match: /RPC failed; curl (?:56|92)/i,
    ids: ['http.reset', 'http.body-truncated'], meaning: 'The connection was cut during a large transfer (a proxy or LB body/idle limit, or a reset).',
    examples: ['error: RPC failed; curl 56 Recv failure: Connection reset by peer'], source: GIT,
  },

  // ---- Docker ----
  {
    client: 'docker', name: 'Error response from daemon', match: /Error response from daemon:/,
    ids: ANY_NETWORK, wrapper: true, meaning: 'The Docker daemon (not the CLI, and with the daemon\'s own proxy and CA settings) failed to reach the registry.',
    examples: ['Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)'],
    source: DOCKER,
  },
  {
    client: 'docker', name: 'toomanyrequests', match: /toomanyrequests|pull rate limit/i,
    ids: ['http.rate-limited'], meaning: 'Docker Hub\'s pull rate limit (429).',
    examples: ['toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading'], source: DOCKER,
  },

  // ---- kubectl ----
  {
    client: 'kubectl', name: 'Unable to connect to the server', match: /Unable to connect to the server:/,
    ids: ANY_NETWORK, wrapper: true, meaning: 'kubectl could not reach the cluster API server named in the kubeconfig.',
    examples: ['Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout'], source: KUBECTL,
  },
  {
    client: 'kubectl', name: 'The connection to the server was refused', match: /The connection to the server \S+ was refused/,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN to the API server: wrong host or port, or the API server is down.',
    examples: ['The connection to the server localhost:8080 was refused - did you specify the right host or port?'], source: KUBECTL,
  },

  // ---- ssh ----
  {
    client: 'ssh', name: 'ssh: connect to host … Connection refused', match: /ssh: connect to host \S+ port \d+: Connection refused/,
    ids: ['tcp.refused'], meaning: 'A RST answered the SYN to the SSH port.',
    examples: ['ssh: connect to host git.example.com port 22: Connection refused'], source: SSH,
  },
  {
    client: 'ssh', name: 'ssh: connect to host … timed out', match: /ssh: connect to host \S+ port \d+: (?:Connection|Operation) timed out/,
    ids: ['tcp.timeout'], meaning: 'No answer to the SYN (port 22 is often blocked on corporate networks; try ssh over 443).',
    examples: ['ssh: connect to host github.com port 22: Connection timed out'], source: SSH,
  },
  {
    client: 'ssh', name: 'kex_exchange_identification', match: /kex_exchange_identification: (?:read: Connection reset by peer|Connection closed by remote host)/,
    ids: ['tls.reset', 'tls.closed'], meaning: 'The TCP connection was up, then cut before the SSH banner exchange — the SSH analogue of a reset handshake (a firewall, MaxStartups, or a proxy).',
    examples: ['kex_exchange_identification: read: Connection reset by peer', 'kex_exchange_identification: Connection closed by remote host'], source: SSH,
  },
];

/** A TLS alert's name (Go and Java spell it with spaces or underscores) → the id that alert is classified as. */
function byAlert(m: RegExpExecArray): DiagnosisId[] | undefined {
  const alert = m[1].toLowerCase().replace(/ /g, '_');
  const ids: Record<string, DiagnosisId> = {
    handshake_failure: 'tls.handshake-failure', protocol_version: 'tls.protocol-mismatch', protocol_version_not_supported: 'tls.protocol-mismatch',
    unrecognized_name: 'tls.sni-rejected', no_application_protocol: 'tls.alpn-rejected', certificate_required: CLIENT_CERT, bad_certificate: CLIENT_CERT,
  };
  return ids[alert] === undefined ? undefined : [ids[alert]];
}

/** An HTTP status a client reported → the ids it can be (who answered is for the probe to find out). */
function byStatus(status: number): DiagnosisId[] | undefined {
  if (status === 401 || status === 407) return ['http.auth-required'];
  if (status === 429) return ['http.rate-limited'];
  if (status === 403) return ['http.waf-blocked', 'http.client-error'];
  if (status >= 502 && status <= 504) return ['http.upstream-failure', 'http.rate-limited'];
  if (status >= 500) return ['http.server-error'];
  return status >= 400 ? ['http.client-error'] : undefined;
}

type ChromiumRow = [code: string, ids: DiagnosisId[], meaning: string];

/** net::ERR_* codes share one shape: the code is the whole message. */
function chromium(rows: ChromiumRow[]): ErrorPattern[] {
  return rows.map(([code, ids, meaning]) => ({
    client: 'chromium',
    name: `net::${code}`,
    match: new RegExp(`\\b(?:net::)?${code}\\b`),
    ids,
    meaning,
    examples: [`GET https://api.example.com/v1 net::${code}`],
    source: CHROMIUM,
  }));
}
