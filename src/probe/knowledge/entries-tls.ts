// Knowledge for the TLS handshake and certificate ids.
import type { Entry } from './entry';
import { C } from './confirm';
import { CAPTIVE_PORTAL_STEP, COMPARE_RESOLVERS_STEP, LISTEN_QUEUE_STEP, PMTU_STEP } from './common-steps';

const TTL_NOTE =
  'A packet capture shows who sent the RST: its IP TTL started at 64 (Linux, macOS, many appliances), 128 ' +
  '(Windows) or 255 (routers, many firewalls and load balancers), so hops ≈ initial − observed (TTL 58 → about 6 ' +
  'hops from a 64-start sender).\n\nA RST whose TTL differs from the SYN-ACK\'s came from another box than the one ' +
  'that accepted TCP. Matching TTLs only mean the box that accepted TCP also reset it — behind a load balancer, ' +
  'WAF, CDN or inspecting proxy, not the server (ECMP can also change a TTL).\n\nA SYN-ACK or ' +
  'RST only 1–2 hops away comes from your own network\'s edge (proxy or firewall), however far the server is: ' +
  'compare both TTLs with the hop count from tracepath or mtr.';

const CERT_CONFIRM = [C.opensslCerts, C.opensslLeaf, C.curlResolve];

export const TLS_ENTRIES = [
  {
    id: 'tls.reset',
    title: 'TLS handshake reset',
    explanation:
      'The TCP handshake completed, we sent the TLS ClientHello, and a TCP RST came back instead of a ' +
      'ServerHello — not "connection refused" (a RST to the SYN), not a reset after TLS was up. Either a device ' +
      'judged the ClientHello (SNI and ALPN are in clear text), or the endpoint holding the TCP connection gave up ' +
      '(nothing behind it, not TLS, overloaded) and closed with our bytes unread, which the kernel turns into a RST.\n\n' +
      'curl prints "OpenSSL SSL_connect: SSL_ERROR_SYSCALL" (exit 35) or, with newer builds, "Recv failure: ' +
      'Connection reset by peer"; Chrome ERR_CONNECTION_RESET; Node ECONNRESET "Client network socket ' +
      'disconnected before secure TLS connection was established".\n\n' +
      'Old curl with OpenSSL 1.1 prints a bare SSL_ERROR_SYSCALL for both a RST and a FIN. Current curl prints ' +
      '"Recv failure: Connection reset by peer" for a RST and keeps the bare SSL_ERROR_SYSCALL for a FIN (OpenSSL 3 ' +
      's_client itself says "unexpected eof while reading"); Windows curl "Recv failure: Connection was reset". ' +
      'This probe tells a RST (this id) from a FIN (tls.closed) on the wire.\n\n' +
      'Typical senders: a WAF, IPS or next-generation firewall that dislikes the SNI or the ALPN offer; a ' +
      'load balancer that completed the TCP handshake itself (SYN proxying) and has no healthy back end that ' +
      'speaks TLS; SYN-flood or rate-based protection tripped by this client; a TLS-version-intolerant ' +
      'middlebox. The more networks see the same reset, the closer to the server the sender is.\n\n' +
      TTL_NOTE,
    culprits: [
      { kind: 'waf', title: 'WAF / IPS inspecting the ClientHello', why: 'the SNI, the ALPN offer and the client\'s TLS fingerprint are readable in the ClientHello', score: 35 },
      { kind: 'load-balancer', title: 'Load balancer with no healthy TLS back end (TCP handshake proxied)', why: 'LBs that accept the TCP handshake themselves reset when no back end takes the TLS session', score: 30 },
      { kind: 'firewall', title: 'Firewall with TLS inspection or SNI filtering', why: 'next-generation firewalls reset flows whose SNI matches a block category', score: 25 },
      { kind: 'rate-limiter', title: 'SYN-flood / rate-based protection', why: 'rate-based protection resets new connections from a busy client — including bursts from diagnostic tools (this probe spaces its variant handshakes; mtr -T sends SYN bursts)', score: 10 },
      { kind: 'server', title: 'Server TLS stack crashing or misconfigured', why: 'a TLS server with no certificate for this name may reset instead of sending an alert', score: 10 },
    ],
    remediation: {
      waf: [
        'Ask whoever runs the WAF/IPS to search its logs for your source IP and the time of the probe; look for a rule matching the SNI or the TLS fingerprint (JA3/JA4) of this client.',
        'If the block is on the client\'s TLS fingerprint (common for bot protection), try from a browser: if that works, the WAF profiles non-browser clients.',
      ],
      'load-balancer': [
        'Check the load balancer\'s target / pool health for this listener: with no healthy back end, LBs that proxy the TCP handshake reset the TLS connection.',
        'Check the listener has a certificate (or an SNI mapping) for this host name and that the back ends accept TLS on the target port.',
      ],
      firewall: [
        'Take a capture on both ends if you can: a RST the server never sent was injected in between. Compare the RST\'s TTL with the SYN-ACK\'s.',
        'Ask the network team for TLS-inspection / URL-category logs for this host name; probe from another network (phone hotspot) to see whether the reset follows the network.',
      ],
      'rate-limiter': ['Wait and retry with lower concurrency: rate-based protections release after a cool-down; ask for your source address to be allow-listed.'],
      server: ['Check the server\'s TLS error log at the probe\'s time and that it has a certificate for this name.'],
    },
    confirm: [C.rstCapture, C.fullCapture, C.opensslSni, C.opensslNoSni, C.curlResolve],
  },
  {
    id: 'tls.closed',
    title: 'Peer closed during TLS handshake',
    explanation:
      'The TCP connection was up, we sent the ClientHello, and the peer closed the connection (FIN) without a ' +
      'TLS alert. A polite "no": the far end decided not to talk TLS with us.\n\n' +
      'curl with OpenSSL 3 prints a bare "SSL_ERROR_SYSCALL" or "unexpected eof while reading" (exit 35); ' +
      'Chrome ERR_CONNECTION_CLOSED or ERR_EMPTY_RESPONSE; Node ECONNRESET / "socket disconnected before ' +
      'secure TLS connection was established".\n\n' +
      'Typical causes: a TLS-terminating proxy or LB with no certificate or SNI mapping for this name, a ' +
      'server that speaks something else on the port and gives up on unexpected bytes, a TLS-version or ' +
      'cipher intolerance handled by closing, or a WAF that drops connections with a FIN instead of a RST.\n\n' +
      'The textbook case in Kubernetes: an Envoy or Istio ingress gateway whose listener has no filter chain for ' +
      'this SNI closes without an alert (its stats count filter_chain_not_found); curl shows SSL_ERROR_SYSCALL.',
    culprits: [
      { kind: 'load-balancer', title: 'Proxy / LB without a certificate or route for this SNI (Envoy/Istio: no filter chain matches it)', why: 'TLS front ends close when no virtual host matches the SNI', score: 35 },
      { kind: 'server', title: 'Server not speaking TLS on this port, or TLS misconfigured', why: 'a FIN with no alert is what a non-TLS service or broken TLS config sends', score: 30 },
      { kind: 'waf', title: 'WAF / filter closing on the ClientHello', why: 'some filters close instead of resetting', score: 20 },
      { kind: 'firewall', title: 'TLS-version-intolerant middlebox', why: 'old boxes close on ClientHellos they cannot parse', score: 10 },
    ],
    remediation: {
      'load-balancer': ['Check the listener has a certificate for this host name (SNI mapping) and a healthy back end.'],
      server: [
        'Check what the port serves: if it is plain HTTP, use http:// (or the TLS port). Check the server TLS config has a certificate and key loaded.',
      ],
      waf: ['Compare with no SNI and with a decoy SNI: if those complete, the close keys on the name.'],
      firewall: ['Compare with TLS 1.2 only and TLS 1.3 only: if one completes, a middlebox is version-intolerant.'],
    },
    confirm: [C.opensslSni, C.opensslNoSni, C.opensslTls12, C.fullCapture],
  },
  {
    id: 'tls.timeout',
    title: 'TLS handshake timed out',
    explanation:
      'TCP connected and we sent the ClientHello, but no ServerHello came back within the timeout. The ' +
      'connection stayed open and silent.\n\n' +
      'curl eventually prints "SSL connection timeout" or "Operation timed out" (exit 28); Chrome ' +
      'ERR_TIMED_OUT; Node a TLS or connect timeout.\n\n' +
      'Causes: a device that silently drops packets it dislikes after the TCP handshake (an IPS "drop" ' +
      'action, SNI filtering by blackholing), a server that is not TLS and waits for the client to speak ' +
      'first (an HTTP server waits for a request line, and the ClientHello confuses it), or an overloaded server.\n\n' +
      'Or a path MTU black hole ' +
      '(VPN, PPPoE, tunnels, ICMP "fragmentation needed" filtered) that swallows the server\'s full-size ' +
      'certificate flight — the ClientHello is small and gets through, the answer does not; a post-quantum ' +
      'ClientHello split over two segments that a middlebox cannot reassemble; a listen queue whose connections ' +
      'the kernel completes but the application never accepts.',
    culprits: [
      { kind: 'firewall', title: 'Firewall / IPS silently dropping the ClientHello', why: 'TCP worked, then the TLS bytes vanished', score: 35 },
      { kind: 'network', title: 'Path MTU black hole swallowing the server\'s certificate flight', why: 'the server\'s ServerHello + Certificate are the first full-size packets; the ClientHello is small', score: 25 },
      { kind: 'server', title: 'Server overloaded, or not speaking TLS and waiting', why: 'a non-TLS server waits for more bytes after the ClientHello', score: 25 },
      { kind: 'waf', title: 'WAF holding the connection (tarpit)', why: 'some WAFs tarpit suspicious clients', score: 10 },
      { kind: 'server', title: 'Listen queue full: the kernel completed the TCP handshake, the server never accepted it', why: 'an overflowing accept queue leaves the ClientHello unread (the server retransmits its SYN-ACK)', score: 10 },
    ],
    remediation: {
      firewall: ['Ask the network team for IPS/TLS-inspection logs for this host; probe from another network to see whether the silence follows the network.'],
      network: [PMTU_STEP],
      server: ['Check the server\'s load and whether the port is really TLS (the raw-bytes test below).', LISTEN_QUEUE_STEP],
    },
    confirm: [C.fullCapture, C.opensslTls12, C.rawBytes, C.tracepath],
  },
  {
    id: 'tls.not-tls',
    title: 'Port does not speak TLS',
    explanation:
      'We sent a TLS ClientHello and got back bytes that are not TLS: an HTTP response (a plain-HTTP server ' +
      'answering "400 Bad Request"), an SSH banner ("SSH-2.0-…"), an SMTP greeting, and so on. The URL says ' +
      'https but the port serves something else.\n\n' +
      'curl prints "wrong version number" (exit 35); Chrome ERR_SSL_PROTOCOL_ERROR; Node EPROTO "wrong ' +
      'version number" or "packet length too long".',
    culprits: [
      { kind: 'client', title: 'Wrong scheme or port in the URL (https to an http port)', why: 'the bytes received are another protocol', score: 50 },
      { kind: 'server', title: 'Service on this port is not the one expected', why: 'e.g. an SSH or database daemon on the port', score: 30 },
      { kind: 'proxy', title: 'Captive portal or intercepting proxy answering in plain HTTP', why: 'hotel and guest networks answer every connection with HTTP', score: 15 },
    ],
    remediation: {
      client: ['Use http:// for this port, or the TLS port (usually 443); check the port number in the URL.'],
      server: ['If TLS is expected here, enable it in the server (or its TLS-terminating proxy) on this port.'],
      proxy: [CAPTIVE_PORTAL_STEP],
    },
    confirm: [C.rawBytes, C.opensslSni],
  },
  {
    id: 'tls.protocol-mismatch',
    title: 'No TLS version in common',
    explanation:
      'Client and server share no TLS protocol version: the server sent a protocol_version alert, or offered ' +
      'a version this client refuses (TLS 1.0/1.1 are disabled in modern Node, OpenSSL and browsers).\n\n' +
      'curl prints "tlsv1 alert protocol version" or "unsupported protocol" (exit 35); Chrome ' +
      'ERR_SSL_VERSION_OR_CIPHER_MISMATCH; Node EPROTO with the same OpenSSL text.',
    culprits: [
      { kind: 'server', title: 'Server limited to old TLS versions (1.0/1.1)', why: 'modern clients refuse them', score: 45 },
      { kind: 'server', title: 'Server requires a newer version than the client offers', why: 'a TLS 1.3-only server rejects TLS 1.2 clients', score: 20 },
      { kind: 'proxy', title: 'Intercepting proxy with an outdated TLS stack', why: 'an interceptor answers with its own (old) TLS', score: 15 },
    ],
    remediation: {
      server: ['Enable TLS 1.2 and 1.3 on the server (and its load balancer\'s security policy); disable 1.0/1.1.'],
      client: ['Only as a diagnostic: compare with openssl -tls1_2 / -tls1_3 to see which version the server takes.'],
      proxy: ['If a TLS-inspecting proxy is in the path, ask for it to be updated or for this host to be exempt.'],
    },
    confirm: [C.opensslTls12],
  },
  {
    id: 'tls.handshake-failure',
    title: 'TLS handshake failure alert',
    explanation:
      'The server answered the ClientHello with a fatal TLS alert (handshake_failure, insufficient_security, ' +
      'illegal_parameter, …): it parsed our offer and found nothing acceptable — no shared cipher suite, no ' +
      'shared signature algorithm or group, or a required client certificate missing.\n\n' +
      'curl prints "sslv3 alert handshake failure" (exit 35; OpenSSL up to 3.1) or "ssl/tls alert handshake ' +
      'failure" (error:0A000410, newer OpenSSL); Chrome ERR_SSL_VERSION_OR_CIPHER_MISMATCH or ' +
      'ERR_BAD_SSL_CLIENT_AUTH_CERT; Node EPROTO with the alert name.\n\n' +
      'Multi-tenant front ends (Cloudflare, CloudFront) answer a ClientHello without SNI, or with a name they do ' +
      'not serve, with handshake_failure rather than unrecognized_name: IP-literal URLs, SNI-less clients and ' +
      'health checkers meet it. An intercepting proxy cannot forward a client certificate, so mTLS APIs fail ' +
      'behind TLS inspection until the host is exempted.',
    culprits: [
      { kind: 'server', title: 'No cipher suite / group in common', why: 'handshake_failure is the generic "nothing acceptable" alert', score: 45 },
      { kind: 'client', title: 'Server requires a client certificate (mTLS)', why: 'mutual-TLS servers fail the handshake without one', score: 25 },
      { kind: 'load-balancer', title: 'LB security policy too strict for this client', why: 'LB TLS policies pin cipher lists', score: 20 },
      { kind: 'load-balancer', title: 'Multi-tenant front end that needs the server name (SNI absent or unknown)', why: 'Cloudflare and CloudFront answer a missing or unknown SNI with handshake_failure', score: 15 },
      { kind: 'proxy', title: 'TLS inspection in the path breaking mutual TLS', why: 'an intercepting proxy cannot present your client certificate', score: 10 },
    ],
    remediation: {
      server: ['List what the server accepts (nmap --script ssl-enum-ciphers -p <port> <host>, or testssl.sh) and enable modern ECDHE + AES-GCM/ChaCha20 suites.'],
      client: ['If the server wants mutual TLS, pass a client certificate (curl --cert/--key) — check for a certificate_required alert.'],
      'load-balancer': ['Check the LB listener\'s TLS security policy against what clients offer.'],
    },
    confirm: [C.opensslSni, C.opensslTls12],
  },
  {
    id: 'tls.sni-rejected',
    title: 'Server does not know this host name (SNI)',
    explanation:
      'The server sent the TLS alert unrecognized_name: it read the server name in our ClientHello and has no ' +
      'certificate or virtual host for it.\n\n' +
      'curl prints "tlsv1 unrecognized name" (exit 35); Chrome ERR_SSL_UNRECOGNIZED_NAME_ALERT; Node EPROTO ' +
      'with the alert.\n\n' +
      'Typical for a load balancer or CDN front end that hosts many names, when DNS points this name at it ' +
      'but it is not configured for the name. Apache httpd sends unrecognized_name as a warning when the SNI ' +
      'matches no ServerName: OpenSSL clients go on, Java fails with "handshake alert: unrecognized_name".',
    culprits: [
      { kind: 'load-balancer', title: 'Front end not configured for this host name', why: 'unrecognized_name is sent by multi-tenant TLS front ends', score: 45 },
      { kind: 'dns', title: 'DNS points the name at the wrong front end', why: 'a stale or wrong record sends the name to a server that does not host it', score: 30 },
      { kind: 'server', title: 'Server virtual host missing for this name', why: 'strict SNI servers reject unknown names', score: 20 },
    ],
    remediation: {
      'load-balancer': ['Add the host name (and its certificate) to the LB / CDN / ingress configuration.'],
      dns: ['Check the name resolves to the front end that is configured for it (dig +short).'],
      server: ['Add a server block / virtual host with a certificate for this name.'],
    },
    confirm: [C.opensslSni, C.opensslNoSni, C.dig],
  },
  {
    id: 'tls.alpn-rejected',
    title: 'Server rejected the ALPN offer',
    explanation:
      'The server sent the TLS alert no_application_protocol: it supports none of the application protocols ' +
      'we offered via ALPN (h2, http/1.1). That happens with services that demand a specific non-HTTP ALPN — ' +
      'PostgreSQL 17 direct TLS (postgresql), acme-tls/1, DNS over TLS (dot), MQTT (x-amzn-mqtt-ca), strict ' +
      'imap/smtp — and with proxies whose ALPN list was set to something else.\n\n(A gRPC server accepts h2, which ' +
      'this probe offers.)\n\n' +
      'curl prints "no application protocol" (exit 35).',
    culprits: [
      { kind: 'server', title: 'Service speaks a protocol other than HTTP over TLS', why: 'no_application_protocol means no offered protocol is served', score: 45 },
      { kind: 'proxy', title: 'Proxy / LB ALPN configuration wrong', why: 'a front end configured with an ALPN list that excludes HTTP', score: 30 },
    ],
    remediation: {
      server: ['Check which protocol the service expects (gRPC needs h2; some services need a custom ALPN id).'],
      proxy: ['Check the front end\'s ALPN list includes h2 and/or http/1.1.'],
    },
    confirm: [C.opensslAlpn],
  },
  {
    id: 'tls.cert-expired',
    title: 'Certificate expired',
    explanation:
      'The server\'s certificate (or one in its chain) is past its notAfter date, so no client will trust it.\n\n' +
      'curl prints "SSL certificate problem: certificate has expired" (exit 60); Chrome ' +
      'ERR_CERT_DATE_INVALID; Node CERT_HAS_EXPIRED. If the dates look fine on the server, check this ' +
      'machine\'s clock, and whether an intermediate (not the leaf) expired.',
    culprits: [
      { kind: 'certificate', title: 'Certificate not renewed', why: 'notAfter is in the past', score: 55 },
      { kind: 'server', title: 'Renewed certificate not deployed / server not reloaded', why: 'renewal often succeeds while the old certificate stays loaded', score: 30 },
      { kind: 'client', title: 'Client clock wrong', why: 'a clock in the future makes valid certificates look expired', score: 10 },
      { kind: 'client', title: 'Outdated client trust store or an expired cross-sign on the path', why: 'old CA bundles (Docker base images, old Java / Android, OpenSSL 1.0.2 via DST Root CA X3) report a valid server as expired', score: 10 },
    ],
    remediation: {
      certificate: ['Renew the certificate (and check the renewal automation: certbot/ACME timer, cert-manager).'],
      server: ['Deploy the renewed certificate to every server/LB serving this name and reload them; check the intermediate bundle too.'],
      client: [
        'Check this machine\'s date and time (timedatectl).',
        'If the leaf is still valid, update the client\'s CA bundle (ca-certificates in the image, Java cacerts) or have the server stop sending an expired intermediate.',
      ],
    },
    confirm: CERT_CONFIRM,
  },
  {
    id: 'tls.cert-not-yet-valid',
    title: 'Certificate not yet valid',
    explanation:
      'A certificate\'s notBefore date is in the future. Either it was deployed right after issuance and this ' +
      'machine\'s clock is behind, or the clock is simply wrong.\n\n' +
      'curl prints "certificate is not yet valid" (exit 60); Chrome ERR_CERT_DATE_INVALID; Node ' +
      'CERT_NOT_YET_VALID.',
    culprits: [
      { kind: 'client', title: 'Client clock behind', why: 'notBefore is usually minutes before issuance; a slow clock trips it', score: 45 },
      { kind: 'certificate', title: 'Certificate issued with a future start date', why: 'some CAs and internal PKIs backdate or postdate', score: 35 },
    ],
    remediation: {
      client: ['Sync the clock (timedatectl set-ntp true) and retry.'],
      certificate: ['Reissue the certificate with a notBefore in the past, or wait until it becomes valid.'],
    },
    confirm: CERT_CONFIRM,
  },
  {
    id: 'tls.cert-hostname',
    title: 'Certificate does not match the host name',
    explanation:
      'The certificate is valid but made out to other names: the host name is not among its subjectAltName ' +
      'entries.\n\n' +
      'curl prints "no alternative certificate subject name matches target host name" (exit 60); Chrome ' +
      'ERR_CERT_COMMON_NAME_INVALID; Node ERR_TLS_CERT_ALTNAME_INVALID.\n\n' +
      'Usually the wrong virtual host answered (a default certificate because the SNI matched nothing), DNS ' +
      'points at a different service, or the certificate lacks this name (www vs apex, a missing wildcard ' +
      'level).',
    culprits: [
      { kind: 'certificate', title: 'Certificate lacks this name', why: 'the SAN list does not cover the host', score: 40 },
      { kind: 'load-balancer', title: 'Default certificate of a shared front end (name not configured)', why: 'multi-tenant front ends serve a default cert for unknown SNI', score: 30 },
      { kind: 'dns', title: 'Name points at the wrong server', why: 'a different service answers with its own certificate', score: 20 },
      { kind: 'proxy', title: 'TLS-intercepting proxy', why: 'an interceptor presents its own certificate', score: 10 },
      { kind: 'proxy', title: 'Captive portal (hotel, guest or airline Wi-Fi) answering for every host', why: 'until you log in, the portal presents its own certificate for any name', score: 10 },
    ],
    remediation: {
      certificate: ['Issue a certificate whose SAN includes this exact host name (wildcards cover one label only).'],
      'load-balancer': ['Configure the host name on the LB / CDN / ingress so it serves the right certificate for this SNI.'],
      dns: ['Check the name resolves to the intended service.', COMPARE_RESOLVERS_STEP],
    },
    confirm: CERT_CONFIRM,
  },
  {
    id: 'tls.cert-untrusted',
    title: 'Certificate not trusted',
    explanation:
      'The chain does not lead to a CA this client trusts: a self-signed certificate, a private/internal CA ' +
      'not installed here, a server that sends only the leaf without its intermediate, or a TLS-intercepting ' +
      'proxy (corporate inspection, antivirus) re-signing traffic with its own CA.\n\n' +
      'curl prints "unable to get local issuer certificate" or "self-signed certificate in certificate chain" ' +
      '(exit 60); Chrome ERR_CERT_AUTHORITY_INVALID; Node UNABLE_TO_VERIFY_LEAF_SIGNATURE / ' +
      'SELF_SIGNED_CERT_IN_CHAIN.\n\n' +
      'Browsers sometimes hide a missing intermediate by fetching it (AIA); curl and Node do not.',
    culprits: [
      { kind: 'server', title: 'Incomplete chain (intermediate not sent)', why: 'works in browsers, fails in curl/Node', score: 35 },
      { kind: 'certificate', title: 'Self-signed or private-CA certificate', why: 'the issuer is not a public CA', score: 30 },
      { kind: 'proxy', title: 'TLS-intercepting proxy re-signing the traffic', why: 'the issuer is a corporate or antivirus CA', score: 25 },
      { kind: 'proxy', title: 'Captive portal (hotel, guest or airline Wi-Fi) answering for every host', why: 'until you log in, the portal presents its own certificate for any name', score: 10 },
    ],
    remediation: {
      server: ['Serve the full chain (leaf + intermediates; fullchain.pem for ACME certificates).'],
      certificate: ['For a private CA, pass its certificate with --ca <file> (Node: NODE_EXTRA_CA_CERTS), or use a publicly trusted certificate.'],
      proxy: ['If the issuer is your company\'s inspection CA, add that CA (--ca / NODE_EXTRA_CA_CERTS) or ask for the host to be exempt from inspection.'],
    },
    confirm: CERT_CONFIRM,
  },
  {
    id: 'tls.client-cert-required',
    title: 'Server requires a client certificate (mutual TLS)',
    explanation:
      'The server asked for a client certificate (a CertificateRequest in its handshake) and we had none to ' +
      'send, so it ended the connection with a fatal alert.\n\nUnder TLS 1.3 the client finishes its side of the ' +
      'handshake before the server checks the certificate: the alert certificate_required (116) arrives after ' +
      'the client\'s Finished and is read at the first read, which is why many tools misreport it as "closed ' +
      'before the response".\n\nUnder TLS 1.2 the alert (usually handshake_failure, 40) comes right after the ' +
      'CertificateRequest.\n\n' +
      'curl prints "tlsv13 alert certificate required" (exit 56) or "sslv3 alert handshake failure" (exit 35); ' +
      'Chrome ERR_BAD_SSL_CLIENT_AUTH_CERT; Node ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED. The network is fine: ' +
      'TLS worked up to the client-certificate check.',
    culprits: [
      { kind: 'client', title: 'No client certificate configured for this mutual-TLS endpoint', why: 'the server asked for a certificate and closed when none came', score: 60 },
      { kind: 'proxy', title: 'TLS-inspecting proxy in the path stripping the client certificate', why: 'an intercepting proxy cannot present your certificate to the real server', score: 25 },
      { kind: 'server', title: 'Server set to require client certificates on a path meant to be public', why: '`SSLVerifyClient require` / `ssl_verify_client on` applies to every request on that listener', score: 15 },
    ],
    remediation: {
      client: [
        'You: get a client certificate issued by one of the CAs the server accepts (the CertificateRequest lists them) and pass it (curl --cert/--key, Node `cert`/`key`, a PKCS#12 for browsers).',
      ],
      proxy: ['Your network team: exempt this host from TLS inspection — an intercepting proxy cannot forward a client certificate.'],
      server: ['The site\'s owner: if this endpoint should not need mTLS, use `SSLVerifyClient optional` / `ssl_verify_client optional` or move mTLS to its own host or path.'],
    },
    confirm: [C.opensslClientCa, C.curlClientCert],
  },
] satisfies Entry[];
