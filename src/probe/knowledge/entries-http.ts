// Knowledge for the request, response and body ids.
import type { Entry } from './entry';
import { C } from './confirm';
import { LISTEN_QUEUE_STEP, PMTU_STEP } from './common-steps';

export const HTTP_ENTRIES = [
  {
    id: 'http.reset',
    title: 'Connection reset before any response',
    explanation:
      'The connection was fully up (TCP, and TLS for https), we sent the request, and a TCP RST came back ' +
      'before any byte of response. Something judged the request itself — its path, headers or body, now ' +
      'visible after decryption — or the process handling it died.\n\n' +
      'curl prints "Recv failure: Connection reset by peer" (exit 56); Chrome ERR_CONNECTION_RESET; Node ' +
      '"read ECONNRESET" (fetch: "fetch failed"). Node\'s "socket hang up" is a FIN, not a RST (http.closed).\n\n' +
      'Over HTTP/2 the same symptom can be a RST_STREAM or GOAWAY frame rather than a TCP RST: Chrome\'s ' +
      'ERR_HTTP2_PROTOCOL_ERROR, typically a proxy or WAF rejecting a header, or an origin crashing mid-stream — ' +
      'retry with HTTP/1.1 to tell. An upload the server refused early (413, 401, 403) and closed with our body ' +
      'unread also turns into a RST: the client sees ECONNRESET/EPIPE instead of the status.\n\n' +
      'The reset\'s timing narrows it: within a round trip or two of our last bytes, a device in line rejected ' +
      'on sight (WAF/IPS on request content); hundreds of milliseconds later, something waited — on an ' +
      'upstream, a timer — and gave up (a proxy whose back end failed, a server that crashed mid-request).\n\n' +
      'A capture shows the RST\'s TTL: initial 64/128/255 minus observed ≈ hops to its sender.',
    culprits: [
      { kind: 'waf', title: 'WAF / IPS resetting on request content', why: 'a reset after the request and before any response is typical of content inspection', score: 30 },
      { kind: 'proxy', title: 'Reverse proxy resetting when its upstream fails', why: 'some proxies reset the client instead of sending 502', score: 25 },
      { kind: 'server', title: 'Server process crashed or closed abortively', why: 'an application crash mid-request resets its sockets', score: 25 },
      { kind: 'load-balancer', title: 'Load balancer idle-timeout / keep-alive race', why: 'a reused connection closed by the other side gets a RST', score: 10 },
    ],
    remediation: {
      waf: [
        'Ask the WAF/IPS owners for events from your source IP at the probe\'s time; try the same request with a simpler path, fewer headers or no body to find what triggers it.',
      ],
      proxy: ['Check the reverse proxy\'s error log for upstream failures at that time (connection refused/reset to the back end).'],
      server: ['Check the application logs and process restarts (OOM kills, crashes) at the probe\'s time.'],
      'load-balancer': ['Make the back end\'s keep-alive timeout longer than the LB idle timeout.'],
    },
    confirm: [C.rstCapture, C.fullCapture, C.curlResolve],
  },
  {
    id: 'http.closed',
    title: 'Connection closed before the response',
    explanation:
      'The connection was up and the request sent, then the peer closed it (FIN) before the response headers ' +
      'were complete — often before a single byte.\n\n' +
      'curl prints "Empty reply from server" (exit 52); Chrome ERR_EMPTY_RESPONSE; undici "other side closed" ' +
      '(UND_ERR_SOCKET) → "fetch failed".\n\n' +
      'Node\'s "socket hang up" is this FIN.\n\nMany senders fit: a TLS-only port that received plain HTTP, a TCP ' +
      'forwarder with nothing behind it (docker-proxy, kubectl port-forward, ssh -L; a container app bound to ' +
      '127.0.0.1 inside its container gives exactly "Empty reply").\n\nAlso: a server process that exits, a reverse proxy that gives up on a failed ' +
      'upstream, a keep-alive race (the server closed an idle connection as we reused it), nginx\'s 444 "close ' +
      'without response", or a WAF that drops instead of answering.',
    culprits: [
      { kind: 'server', title: 'Service closing on a request it cannot handle (wrong protocol or crash)', why: 'a FIN before any byte is how non-HTTP daemons and crashing servers end', score: 30 },
      { kind: 'proxy', title: 'Reverse proxy closing when its upstream fails', why: 'proxies without an error page close the client side', score: 25 },
      { kind: 'waf', title: 'WAF dropping the request silently', why: 'some WAFs (and nginx 444) close without a response', score: 20 },
      { kind: 'load-balancer', title: 'Keep-alive / idle-timeout race at a load balancer', why: 'a connection closed by one side as the other reuses it', score: 15 },
    ],
    remediation: {
      server: ['Check the service on this port really speaks HTTP (the raw-bytes test), and its logs for crashes at that time.'],
      proxy: ['Check the reverse proxy\'s error log for upstream connect/read failures.'],
      waf: ['Ask the WAF owners for drop events from your source IP.'],
      'load-balancer': ['Make the back end\'s keep-alive timeout longer than the LB idle timeout.'],
    },
    confirm: [C.rawBytes, C.fullCapture, C.curlResolve],
  },
  {
    id: 'http.timeout',
    title: 'Response headers never arrived',
    explanation:
      'The connection was up and the request sent, but the status line and headers did not arrive within the ' +
      'timeout. The server (or something in front of it) is holding the request: a slow or stuck handler, a ' +
      'database lock, a proxy waiting on an upstream that never answers.\n\n' +
      'curl prints "Operation timed out … 0 bytes received" (exit 28); undici UND_ERR_HEADERS_TIMEOUT. With a ' +
      'load balancer in front you would usually get a 504 instead, so a pure timeout often means no LB, or ' +
      'one with a longer timeout than ours.',
    culprits: [
      { kind: 'server', title: 'Slow or stuck request handler', why: 'the request reached something that never answered', score: 45 },
      { kind: 'proxy', title: 'Proxy waiting on an unresponsive upstream', why: 'proxies with long upstream timeouts hold the client', score: 25 },
      { kind: 'waf', title: 'WAF tarpitting the request', why: 'some WAFs hold suspicious requests open', score: 10 },
      { kind: 'network', title: 'Path MTU black hole: full-size packets lost (small answers work, large ones stall)', why: 'a VPN or tunnel that drops ICMP "fragmentation needed" loses every full-size packet', score: 10 },
      { kind: 'server', title: 'Listen queue full: the kernel completed the TCP handshake, the server never accepted it', why: 'an overflowing accept queue leaves the request unread', score: 10 },
    ],
    remediation: {
      server: ['Find the request in the server logs and time the handler; check for locks, slow queries, exhausted worker pools.', LISTEN_QUEUE_STEP],
      network: [PMTU_STEP],
      proxy: ['Check the proxy\'s upstream timeout and the upstream\'s health.'],
      client: ['If the endpoint is legitimately slow, raise the timeout (--timeout) or use an asynchronous API.'],
    },
    confirm: [C.curlTiming, C.curlResolve],
  },
  {
    id: 'http.not-http',
    title: 'Response is not HTTP',
    explanation:
      'The server answered, but the bytes are not an HTTP response: an SSH banner, a database greeting, a TLS ' +
      'record on a plain-http URL, or binary data. The URL points at a port that serves another protocol.\n\n' +
      'curl prints "Received HTTP/0.9 when not allowed" (exit 1) or "Unsupported HTTP version"; undici a ' +
      'parser error (HPE_INVALID_CONSTANT).\n\n' +
      'One case looks alike and is not: a valid status line, then a header block larger than the client accepts ' +
      '(undici UND_ERR_HEADERS_OVERFLOW, Node\'s default limit 16 KiB; curl "Too large response headers"). The port is ' +
      'right and the headers are the problem: cookie bloat, an app or proxy adding headers; nginx in front says ' +
      '"upstream sent too big header" and answers 502, Cloudflare 520.',
    culprits: [
      { kind: 'client', title: 'Wrong port or scheme in the URL', why: 'another protocol answered', score: 50 },
      { kind: 'server', title: 'A different service bound to this port', why: 'the expected HTTP service is not the one listening', score: 35 },
    ],
    remediation: {
      client: ['Check the port (and use https:// if the bytes start with a TLS record, 0x16 0x03).'],
      server: [
        'If the status line parsed and only the headers overflowed: trim the response headers and cookies (curl -sS -D - -o /dev/null shows their size); a client may raise its limit (node --max-http-header-size).',
        'Check which process listens on the port (ss -ltnp) and move one of the services.',
      ],
    },
    confirm: [C.rawBytes],
  },
  {
    id: 'http.body-truncated',
    title: 'Response body cut short',
    explanation:
      'The headers arrived, then the connection ended before the body was complete (fewer bytes than ' +
      'Content-Length, or a chunked body without its final chunk).\n\n' +
      'curl prints "transfer closed with N bytes remaining to read" (exit 18) or "Recv failure" (56); Chrome ' +
      'ERR_CONTENT_LENGTH_MISMATCH / ERR_INCOMPLETE_CHUNKED_ENCODING; undici ' +
      'UND_ERR_RES_CONTENT_LENGTH_MISMATCH.\n\n' +
      'Usually a proxy or LB idle or response timeout, a buffering proxy running out of space, or the server ' +
      'crashing mid-stream.',
    culprits: [
      { kind: 'load-balancer', title: 'LB / proxy timeout cutting a long response', why: 'idle or maximum-duration timeouts end long transfers', score: 35 },
      { kind: 'server', title: 'Server crashed or aborted mid-response', why: 'the body stopped early', score: 35 },
      { kind: 'proxy', title: 'Buffering proxy out of temp space / size limit', why: 'proxies truncate when their buffers overflow', score: 20 },
    ],
    remediation: {
      'load-balancer': ['Compare the time to truncation with the LB / proxy idle timeout; raise it or make the server send data more often.'],
      server: ['Check the server logs for errors during the response and for a wrong Content-Length.'],
      proxy: ['The site\'s owner: read the proxy\'s error log for the truncation — nginx: open() "…/proxy_temp/…" failed (13: Permission denied) or "No space left on device", "upstream prematurely closed connection while reading upstream", or proxy_read_timeout expiring between two reads of a slow body.'],
    },
    confirm: [C.curlTiming, C.curlResolve],
  },
  {
    id: 'http.body-timeout',
    title: 'Response body stalled',
    explanation:
      'Headers arrived and the body started, then no more bytes came within the timeout while the connection ' +
      'stayed open.\n\n' +
      'curl prints "Operation too slow" or "timed out" (exit 28); undici UND_ERR_BODY_TIMEOUT. A slow ' +
      'generator on the server, a stuck upstream behind a streaming proxy, or flow control starved by a proxy.',
    culprits: [
      { kind: 'server', title: 'Server producing the body slowly or stuck', why: 'the stream paused at the source', score: 45 },
      { kind: 'proxy', title: 'Streaming proxy waiting on its upstream', why: 'the proxy forwards what it gets, and gets nothing', score: 30 },
      { kind: 'network', title: 'Path MTU black hole: full-size packets lost (small answers work, large ones stall)', why: 'a VPN or tunnel that drops ICMP "fragmentation needed" loses every full-size packet', score: 15 },
    ],
    remediation: {
      server: ['Profile the endpoint; stream in smaller pieces or paginate large responses.'],
      network: [PMTU_STEP],
      proxy: ['Check the proxy\'s upstream read timeout and buffering settings.'],
      client: ['For legitimately slow streams, raise --timeout.'],
    },
    confirm: [C.curlTiming],
  },
  {
    id: 'http.redirect-loop',
    title: 'Redirect loop',
    explanation:
      'Following Location headers revisited a URL already seen, or exceeded the redirect limit.\n\n' +
      'curl -L prints "Maximum (50) redirects followed" (exit 47); Chrome ERR_TOO_MANY_REDIRECTS.\n\n' +
      'Classic causes: an http→https redirect at the origin while a CDN or LB in front talks to the origin in ' +
      'plain HTTP (the origin keeps redirecting the proxy), www↔apex rules pointing at each other, or a login ' +
      'redirect whose cookie is never set.\n\n' +
      'The loop\'s shape tells them apart. An https URL that redirects to itself, or https → http → https: a ' +
      'TLS-terminating proxy and an app that does not know the client used https (X-Forwarded-Proto).\n\n' +
      'A URL that redirects to itself while setting a cookie: a cookie check (this probe keeps no cookies, like curl ' +
      'without -b). www ↔ apex or /path ↔ /path/: two rules that disagree. A login path in the loop: a session ' +
      'that is not kept.',
    culprits: [
      { kind: 'proxy', title: 'CDN / LB terminating TLS while the origin forces https', why: 'the origin sees plain HTTP from the proxy and redirects forever', score: 40 },
      { kind: 'server', title: 'Conflicting redirect rules (www/apex, trailing slash)', why: 'two rules send the client back and forth', score: 35 },
      { kind: 'client', title: 'Session cookie not kept between hops', why: 'login flows loop when the cookie is dropped', score: 15 },
    ],
    remediation: {
      proxy: [
        'Make the origin trust X-Forwarded-Proto from the proxy, or have the proxy talk HTTPS to the origin (Cloudflare: SSL mode Full, not Flexible).',
        'The site\'s owner: have the proxy send X-Forwarded-Proto (nginx `proxy_set_header X-Forwarded-Proto $scheme`) and the app trust it (Express `trust proxy`, Django `SECURE_PROXY_SSL_HEADER`, Spring `server.forward-headers-strategy`, ASP.NET `UseForwardedHeaders`), so it stops writing http:// into Location.',
      ],
      server: [
        'List the hops (this result\'s redirects) and remove one of the rules that point at each other.',
        'The site\'s owner: for www ↔ apex or a trailing slash, choose one canonical form and redirect to it in one place only (the CDN / load balancer or the app, not both).',
      ],
      client: [
        'Follow the hops with a cookie jar (curl -c and -b, below): if the loop ends, the site needs its cookie back — a browser works unless it refuses the cookie (a Secure cookie over http, a Domain or SameSite that does not match).',
      ],
    },
    confirm: [
      { label: 'Follow the hops and print each one', command: 'curl -sS -o /dev/null -L --max-redirs 10 -w "%{url_effective} %{http_code}\\n" -D - {url}' },
      { label: 'The same with a cookie jar: a loop that ends here is a cookie check', command: 'curl -sS -o /dev/null -L --max-redirs 10 -c /tmp/conndoc-jar -b /tmp/conndoc-jar -w "%{url_effective} %{http_code}\\n" {url}' },
    ],
  },
  {
    id: 'http.redirect-blocked',
    title: 'Redirect blocked by the destination policy',
    explanation:
      'The server answered with a redirect to a place a probe must not go, so it was not followed; the result ' +
      'carries the Location (redacted).\n\n' +
      'Blocked: link-local and cloud metadata addresses in any spelling ' +
      '(169.254.0.0/16 such as 169.254.169.254, fe80::/10, fd00:ec2::254, metadata.google.internal, and the same ' +
      'addresses written in decimal, hex, octal or as ::ffff:-mapped IPv6), a hop from a public address into ' +
      'private or loopback ranges when the URL probed was public, and schemes other than http and https.\n\n' +
      'The check is made on the address a name resolves to, so a name that rebinds to a metadata address is stopped ' +
      'too. The same policy stops a URL whose own name resolves to a link-local or metadata address.\n\n' +
      'Following such a redirect would copy whatever the metadata service answers (instance credentials) into ' +
      'reports and logs: server-side request forgery through the prober.',
    culprits: [
      { kind: 'server', title: 'A hostile or compromised server probing for metadata credentials', why: 'the Location points at a metadata or internal address', score: 50 },
      { kind: 'server', title: 'A misconfigured redirect (an internal host name or a non-web scheme)', why: 'the Location names a place only an internal client should reach', score: 35 },
    ],
    remediation: {
      server: [
        'Read the Location in this result: if it points at 169.254.169.254 or an internal address, treat the URL as hostile and remove it from the repository or configuration.',
        'If the redirect is a mistake, make the server redirect to its public URL.',
      ],
    },
    confirm: [{ label: 'The redirect, without following it', command: 'curl -sS -o /dev/null -D - {url}' }],
  },
  {
    id: 'http.auth-required',
    title: 'Authentication required',
    explanation:
      'The server (401) or a proxy (407) wants credentials: the connection works, the request reached an ' +
      'application, and it refused to serve it anonymously. The WWW-Authenticate (or Proxy-Authenticate) ' +
      'header names the scheme: Basic, Bearer (a token), Negotiate/NTLM.',
    culprits: [
      { kind: 'client', title: 'Missing or invalid credentials / token', why: 'status 401/407', score: 55 },
      { kind: 'proxy', title: 'An authenticating gateway in front of the service', why: 'SSO or API gateways answer 401 before the app', score: 20 },
    ],
    remediation: {
      client: ['Send the credentials the WWW-Authenticate header asks for (an Authorization header or token); check the token has not expired.'],
      proxy: ['For 407, set the proxy credentials in the proxy URL.'],
    },
    confirm: [C.curlHeaders],
  },
  {
    id: 'http.rate-limited',
    title: 'Rate limited',
    explanation:
      'The server or a gateway in front of it said "too many requests": status 429, or 503 with Retry-After, ' +
      'or rate-limit headers at zero (GitHub answers 403 with X-RateLimit-Remaining: 0).\n\n' +
      'The Retry-After header (seconds or a date) says when to come back; RateLimit / RateLimit-Policy (IETF) ' +
      'and X-RateLimit-* headers give the quota, what is left and when it resets. A Cloudflare 429 with ' +
      'cf-mitigated: challenge is a bot challenge, not a rate limit.\n\n' +
      'A 503 whose only signal is Retry-After says the service is unavailable for that long (RFC 9110): usually ' +
      'maintenance or shedding load, not a quota. Rate limits also hide under other ids: nginx limit_req answers 503 ' +
      'without Retry-After (http.upstream-failure), AWS WAF rate-based rules, Akamai and Imperva answer 403 block pages.',
    culprits: [
      { kind: 'rate-limiter', title: 'Rate limiter at the API, gateway or CDN', why: 'status 429 / rate-limit headers', score: 60 },
      { kind: 'client', title: 'This client sending too fast or sharing a quota', why: 'shared IPs (CI, NAT) and unauthenticated calls share small quotas', score: 25 },
    ],
    remediation: {
      server: ['Check for maintenance mode or overload at the probe\'s time (deploys, autoscaling, a status page) when the answer was a 503.'],
      'rate-limiter': [
        'Honour Retry-After before the next request; back off exponentially (double the wait, cap it) when there is none.',
        'Lower concurrency per host (--per-host 1) and space repeats; cache results instead of re-fetching.',
      ],
      client: [
        'Authenticate: anonymous quotas are far smaller (GitHub: 60 requests/hour anonymous, 5,000 with a token, 1,000/hour for GITHUB_TOKEN in Actions); for GitHub secondary limits wait for retry-after.',
        'Check whether other jobs share this source IP or token.',
        'Do not treat a 429 as "the link works": it can hide a 404 behind it — re-check after the limit resets.',
      ],
    },
    confirm: [C.curlHeaders],
  },
  {
    id: 'http.waf-blocked',
    title: 'Blocked by a WAF / CDN security layer',
    explanation:
      'A web application firewall or a CDN security layer answered instead of the application: a 403 (or 406, ' +
      '429, 503 challenge) with a vendor fingerprint or a block/challenge page — "Attention Required! | ' +
      'Cloudflare", "Access Denied … Reference #18.…" (Akamai), "Incapsula incident ID", "The requested URL ' +
      'was rejected" (F5), and so on. The request never reached the application.\n\n' +
      'The block page usually carries an ID (Ray ID, reference, incident or support ID) that the site owner ' +
      'can look up.',
    culprits: [
      { kind: 'waf', title: 'WAF / bot protection rule matched this request', why: 'the response is a security layer\'s block or challenge page', score: 60 },
      { kind: 'client', title: 'Client looks like a bot (no browser headers, datacenter IP, TLS fingerprint)', why: 'bot protection scores non-browser clients', score: 20 },
    ],
    remediation: {
      waf: [
        'Give the site owner the block ID from the page (Ray ID, reference #, incident ID, support ID) and your source IP: it names the rule in their security log.',
        'If you own the site, find the event in the WAF\'s log and add an exception for this path or client instead of disabling the rule.',
      ],
      client: [
        'Try with browser-like headers (Accept: text/html, a real User-Agent): some sites block default curl/Node agents — do not try to evade a block you are not allowed to bypass.',
      ],
    },
    confirm: [C.curlHeaders, C.curlResolve],
  },
  {
    id: 'http.upstream-failure',
    title: 'Gateway could not reach the back end',
    explanation:
      'A proxy, load balancer, CDN or gateway answered on behalf of a back end that failed: 502 (the back end ' +
      'sent nothing valid: refused, reset, closed, malformed), 503 (no healthy back end, or overloaded), 504 ' +
      '(the back end did not answer in time), or a vendor code (Cloudflare 520–526/530, AWS ALB 463/561; ALB 460 is only ever written to its access log). ' +
      'The front end is healthy; the hop behind it is not.\n\n' +
      'Vendor pages name the hop: Envoy "no healthy upstream" (flag UH) or "upstream connect error … ' +
      'connection failure" (UF), HAProxy "No server is available", nginx "502 Bad Gateway".',
    culprits: [
      { kind: 'load-balancer', title: 'Load balancer with no healthy / reachable target', why: 'a gateway status means the front end answered for the back end', score: 40 },
      { kind: 'server', title: 'Back-end application down, crashing or too slow', why: 'the hop behind the gateway failed', score: 40 },
      { kind: 'proxy', title: 'Reverse proxy misrouted or timing out', why: 'wrong upstream address/port or a timeout shorter than the app', score: 20 },
      { kind: 'firewall', title: 'Firewall between gateway and back end', why: 'a blocked port from the LB to its targets gives 502/504', score: 10 },
    ],
    remediation: {
      'load-balancer': ['Check the target group / pool health checks and which targets are healthy right now.'],
      server: [
        'Check the back end\'s logs and process state at the probe\'s time (crashes, restarts, OOM, saturation).',
        'Make the back end\'s keep-alive timeout longer than the gateway\'s idle timeout (a classic cause of sporadic 502s).',
      ],
      proxy: ['Check the proxy\'s upstream address/port and its error log (e.g. nginx "connect() failed (111: Connection refused) while connecting to upstream").'],
      firewall: ['Check security groups / NACLs allow the gateway to reach the back-end port (and the return path on ephemeral ports).'],
    },
    confirm: [C.curlHeaders, C.curlTiming],
  },
  {
    id: 'http.upgrade-failed',
    title: 'WebSocket upgrade refused',
    explanation:
      'We sent a WebSocket opening handshake (GET with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key, ' +
      'version 13) and got anything but 101 Switching Protocols with the matching Sec-WebSocket-Accept: a plain 200, ' +
      '400, 404 or 426.\n\nBrowsers print "Error during WebSocket handshake: Unexpected response code: 400", Node ws ' +
      '"Unexpected server response: 426", Go gorilla "websocket: bad handshake".\n\n' +
      'Upgrade and Connection are hop-by-hop headers: every proxy on the way must pass them on deliberately. nginx ' +
      'talks HTTP/1.0 to its upstream and drops both unless the location says proxy_http_version 1.1 and sets them; ' +
      'the back end then sees a plain GET and answers 200, 404 or 426.\n\nWhether Upgrade/Connection came back in the ' +
      'answer, and who answered (the vendor finding), tell which hop dropped them.',
    culprits: [
      { kind: 'proxy', title: 'Reverse proxy / ingress not passing Upgrade and Connection', why: 'a proxy that drops hop-by-hop headers turns the handshake into a plain GET', score: 60 },
      { kind: 'load-balancer', title: 'Load balancer or CDN without WebSocket support on this route', why: 'some listeners, plans or routes do not upgrade', score: 30 },
      { kind: 'server', title: 'No WebSocket endpoint at this path on the back end', why: 'a 404 or 200 can be the application itself', score: 25 },
    ],
    remediation: {
      proxy: [
        'nginx: in the location, `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` (with `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }`), and `proxy_read_timeout` above the idle time of the socket.',
        'ingress-nginx passes Upgrade by itself: check the request reaches the right Service and path, and raise `nginx.ingress.kubernetes.io/proxy-read-timeout` / `proxy-send-timeout` for long-lived sockets.',
        'HAProxy: WebSocket works in `mode http` out of the box; set `timeout tunnel` (e.g. 1h) or idle sockets are cut by `timeout client` / `timeout server`.',
        'Apache httpd: `ProxyPass /ws/ ws://backend/ws/ upgrade=websocket` (2.4.47+) or mod_proxy_wstunnel.',
      ],
      'load-balancer': [
        'AWS ALB supports WebSocket on HTTP/HTTPS listeners (a Classic LB in HTTP mode does not: use TCP/SSL listeners there); raise the idle timeout (default 60 s) for quiet sockets.',
        'Cloudflare: WebSockets must be enabled for the zone (Network → WebSockets); idle sockets are closed after about 100 s without traffic.',
      ],
      server: ['Check the back end serves WebSocket at this exact path (and Origin / subprotocol checks): probe the back end directly with the same URL.'],
    },
    confirm: [C.websocketHandshake, C.curlHeaders],
  },
  {
    id: 'http.client-error',
    title: 'Client error status',
    explanation:
      'The server answered with a 4xx status other than 401/407/429 and no block signature: 400 ' +
      '(malformed request or headers too large), 403 (forbidden by the application or server config), 404 (no ' +
      'such resource — or, from a proxy, no route for this host), 405, 410 … A CDN in front relays the ' +
      'origin\'s own 4xx as it is. The network path is fine; the request is what the server rejects.\n\n' +
      '421 Misdirected Request: the server is not the one for this host name — typically an HTTP/2 connection ' +
      'reused (coalesced) for another name, or an SNI that differs from the Host header. 431, or nginx\'s 400 ' +
      '"Request Header Or Cookie Too Large": the request\'s headers, usually its cookies, exceed the server\'s limit.',
    culprits: [
      { kind: 'client', title: 'Request not accepted: wrong path, method, headers or permissions', why: 'a 4xx is the server judging the request', score: 50 },
      { kind: 'proxy', title: 'Proxy / ingress with no route for this host or path', why: 'a gateway without a matching route answers 404', score: 20 },
      { kind: 'server', title: 'Server access rules (IP allow-list, directory permissions)', why: 'a 403 without a WAF page comes from server config', score: 15 },
    ],
    remediation: {
      client: [
        'Read the response body: APIs usually explain a 4xx. Check the URL path, method and required headers.',
        'For 431 or "Request Header Or Cookie Too Large", clear this site\'s cookies or send fewer or smaller headers; for 421, retry on a new connection for this host name (no connection reuse across names).',
      ],
      proxy: ['For a 404 from a proxy or ingress, check a route exists for this host name and path.'],
      server: ['For a 403, check the server\'s access rules (allow-lists, file permissions).'],
    },
    confirm: [C.curlHeaders],
  },
  {
    id: 'http.server-error',
    title: 'Server error status',
    explanation:
      'The server answered with a 5xx status that is not a gateway failure (500, 501, 505, …): the ' +
      'application or web server itself failed to handle the request. The connection path is fine.',
    culprits: [
      { kind: 'server', title: 'Application error', why: 'a 5xx from the application itself', score: 60 },
    ],
    remediation: {
      server: ['Look up the request in the application\'s error log (by time, or a request ID header) and fix the exception.'],
    },
    confirm: [C.curlHeaders],
  },
] satisfies Entry[];
