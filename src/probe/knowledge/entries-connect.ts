// Knowledge for success, DNS, TCP connect and proxy-tunnel ids.
import type { Entry } from './entry';
import { C } from './confirm';
import { BROWSER_PROXY_STEP, LISTEN_QUEUE_STEP } from './common-steps';

export const CONNECT_ENTRIES = [
  {
    id: 'ok',
    title: 'Connection healthy',
    explanation:
      'Every phase completed: the name resolved, the TCP handshake finished, TLS (if any) negotiated with a ' +
      'valid certificate, and the server sent a complete 2xx/3xx response. The phase timings show where the ' +
      'time went; a slow phase is worth a look even when nothing failed.',
    culprits: [],
    remediation: {
      server: ['Nothing to fix. If it felt slow, compare the phase durations over a few runs (--repeat 5).'],
    },
    confirm: [C.curlTiming],
  },
  {
    id: 'dns.not-found',
    title: 'Name does not exist (NXDOMAIN)',
    explanation:
      'The DNS answered that this name does not exist (NXDOMAIN — relayed by a recursive resolver, not an ' +
      'authoritative answer to us). No packet was ever sent to the server.\n\n' +
      'Node reports NXDOMAIN and NODATA (the name exists, no A/AAAA) alike as ENOTFOUND; when that happens this ' +
      'probe asks the configured DNS servers itself, so this id means they said NXDOMAIN, or did not answer (the ' +
      'DNS phase names each server\'s answer; dig shows "status: NXDOMAIN", NODATA is "NOERROR" with an empty ' +
      'answer).\n\n' +
      'curl prints "Could not resolve host" (exit 6), Chrome ERR_NAME_NOT_RESOLVED, Node ENOTFOUND from ' +
      'getaddrinfo.\n\n' +
      'Usual reasons: a typo; a name that exists only inside a corporate network or VPN (split-horizon DNS) ' +
      'while this machine asks a public resolver, or the reverse; a record deleted or not yet created; a ' +
      'search-domain suffix that was expected to be appended.',
    culprits: [
      { kind: 'client', title: 'Wrong or mistyped host name', why: 'NXDOMAIN means the name itself is unknown', score: 40 },
      { kind: 'dns', title: 'Split-horizon DNS / VPN not connected', why: 'internal names resolve only through the internal resolver', score: 35 },
      { kind: 'dns', title: 'Record missing at the authoritative servers', why: 'a deleted or never-created record gives NXDOMAIN everywhere', score: 25 },
    ],
    remediation: {
      client: ['Check the host name for typos against the service\'s documentation or DNS zone.'],
      dns: [
        'Compare the system resolver with a public one (dig @1.1.1.1 …): if only one of them knows the name, it is split-horizon DNS — connect the VPN or use the internal resolver.',
        'If no resolver knows it, the record is missing: ask whoever owns the zone to create it (and check for a typo in the zone).',
      ],
    },
    confirm: [C.dig, C.digPublic],
  },
  {
    id: 'dns.no-address',
    title: 'Name has no address record',
    explanation:
      'The name exists, but has no A (IPv4) or AAAA (IPv6) record — the answer was empty (NODATA; Node ' +
      'reports ENODATA). Often the name holds only other records (MX, TXT), or a CNAME points at a name ' +
      'without addresses, or only an AAAA exists and this machine has no IPv6 (or the reverse).\n\n' +
      'curl reports "Could not resolve host" (exit 6), Chrome ERR_NAME_NOT_RESOLVED.',
    culprits: [
      { kind: 'dns', title: 'Missing A/AAAA record (or a CNAME to a dead name)', why: 'the name exists but the answer has no addresses', score: 45 },
      { kind: 'client', title: 'Wrong host name (e.g. a mail or apex name instead of www)', why: 'names with only MX/TXT records are common', score: 25 },
    ],
    remediation: {
      dns: [
        'Follow the CNAME chain with dig and find the name with no A/AAAA record; add the record or fix the target.',
        'If only AAAA exists and this network has no IPv6 (or only A and you are on IPv6-only), add the missing family.',
      ],
      client: ['Check you are using the service host name, not the bare domain or a mail host.'],
    },
    confirm: [C.dig, C.digPublic],
  },
  {
    id: 'dns.failure',
    title: 'DNS resolution failed',
    explanation:
      'The resolver could not give an answer: SERVFAIL, a timeout, or no resolver reachable (Node EAI_AGAIN, ' +
      'curl "Could not resolve host" exit 6, Chrome ERR_NAME_NOT_RESOLVED, or ERR_NAME_RESOLUTION_FAILED when no ' +
      'resolver answers at all). Unlike NXDOMAIN this says nothing about whether the name exists.\n\n' +
      'Typical causes: the configured resolver is down or unreachable (VPN dropped, captive network), the ' +
      'zone\'s authoritative servers fail, or DNSSEC validation fails.',
    culprits: [
      { kind: 'dns', title: 'Resolver unreachable or failing', why: 'SERVFAIL / timeout comes from the resolver, not the zone', score: 45 },
      { kind: 'network', title: 'Network path to the resolver broken (VPN, captive portal, firewall on port 53)', why: 'a timeout means no answer came back at all', score: 30 },
      { kind: 'dns', title: 'Authoritative servers or DNSSEC broken for this zone', why: 'public resolvers return SERVFAIL too when the zone is broken', score: 25 },
    ],
    remediation: {
      dns: [
        'Ask another resolver (dig @1.1.1.1 / @8.8.8.8): if it answers, fix or replace the local resolver; if it SERVFAILs too, the zone is broken (check with dig +trace). DNSSEC: SERVFAIL from `dig @resolver NAME` but an answer from `dig @resolver NAME +cd` means validation failed (expired RRSIG, DS mismatch) — then delv NAME or DNSViz. Corporate networks often block port 53 to public resolvers, so "ask another resolver" can time out by itself; a large answer lost to fragmentation shows with dig +tcp / +bufsize=1232.',
      ],
      network: ['Check that UDP and TCP port 53 reach the resolver (VPN up, no firewall dropping DNS).'],
    },
    confirm: [C.dig, C.digPublic, { label: 'Follow the delegation from the root', command: 'dig +trace {host}' }],
  },
  {
    id: 'tcp.refused',
    title: 'Connection refused',
    explanation:
      'Our SYN was rejected at once: something at that address — the host, or a firewall in front of it that ' +
      'answers in its name — sent a RST or an ICMP port-unreachable (iptables\' default REJECT; Linux reports both ' +
      'as "connection refused"). Usually nothing accepts connections on that port. That is why it is fast — ' +
      'one round trip.\n\n' +
      'On localhost the classic cause is an address-family mismatch: the server listens on ::1 while the ' +
      'client tried 127.0.0.1 (or the reverse). Behind a load balancer: a listener missing for this port.\n\n' +
      'curl prints "Failed to connect to host port N … Connection refused" (exit 7), Chrome ' +
      'ERR_CONNECTION_REFUSED, Node ECONNREFUSED.',
    culprits: [
      { kind: 'server', title: 'Nothing listening on this port (service down, wrong port)', why: 'a RST answering the SYN is what a host sends for a closed port', score: 50 },
      { kind: 'firewall', title: 'Firewall rejecting in the host\'s name (REJECT: tcp-reset or ICMP port-unreachable)', why: 'a REJECT rule on the host or a forged RST from a network firewall looks the same as a closed port', score: 25 },
      { kind: 'load-balancer', title: 'Load balancer without a listener for this port, or a Kubernetes Service with no ready endpoints', why: 'the front address answers, but nothing is behind it (kube-proxy installs a REJECT rule for a Service without endpoints)', score: 15 },
      { kind: 'client', title: 'Wrong address family on localhost (::1 vs 127.0.0.1)', why: 'dev servers often bind only one family', score: 10 },
    ],
    remediation: {
      server: [
        'Check the service is running and listening on the expected address and port (ss -ltnp on the server).',
        'Check it listens on the right interface: 127.0.0.1 only is unreachable from other hosts; 0.0.0.0 or :: for all.',
      ],
      firewall: ['Look for REJECT rules for this port on the host (nft list ruleset / iptables -S) and in security groups.'],
      'load-balancer': ['Add a listener for this port on the load balancer, or use the port it listens on. Kubernetes: kubectl get endpoints <service> — an empty list means no ready pod matches the selector.'],
      client: ['On localhost try both 127.0.0.1 and [::1], or bind the server to both families.'],
    },
    confirm: [C.nc, C.synCapture, C.curlResolve],
  },
  {
    id: 'tcp.timeout',
    title: 'Connect timed out (SYN unanswered)',
    explanation:
      'Our SYN got no answer at all — no SYN-ACK, no RST, no ICMP error — until the timeout. Something ' +
      'silently dropped it: a firewall or security group with a DROP rule, a host that is down or gone, a ' +
      'wrong address (a stale DNS record), or a route that blackholes (common with IPv6).\n\n' +
      'It is slow because the kernel keeps retransmitting the SYN with exponential backoff (after ~1 s, then ' +
      '2, 4, 8 … seconds: cumulative ~1, 3, 7, 15 s) and, with OS defaults, gives up only after roughly ' +
      '75–130 s (Linux tcp_syn_retries 6: about 127 s; macOS about 75 s); Windows gives up after about 21 s ' +
      '(2 retransmissions, 3 + 6 + 12 s). This probe gives up at its own timeout.\n\n' +
      'Also silent: a server whose listen/accept queue is full (Linux drops the SYN; on the server `nstat -az ' +
      'TcpExtListenOverflows TcpExtListenDrops`, `ss -ltn` Recv-Q vs Send-Q), a NAT out of conntrack entries or ' +
      'SNAT ports ("nf_conntrack: table full", NAT Gateway ErrorPortAllocation), and asymmetric routing through ' +
      'a stateful firewall that never saw the SYN.\n\n' +
      'curl prints "Connection timed out after N ms" (exit 28), Chrome ERR_CONNECTION_TIMED_OUT, Node ' +
      'ETIMEDOUT / UND_ERR_CONNECT_TIMEOUT. A refusal would have come back in one round trip; silence means a ' +
      'drop.',
    culprits: [
      { kind: 'firewall', title: 'Firewall / security group dropping the SYN', why: 'a DROP rule gives exactly this silence', score: 45 },
      { kind: 'server', title: 'Host down or address no longer in use', why: 'nobody answers ARP/NDP or the SYN', score: 25 },
      { kind: 'network', title: 'Route blackholed (often IPv6) or a wrong, stale address', why: 'packets leave but never arrive', score: 20 },
      { kind: 'proxy', title: 'A required proxy is not configured', why: 'networks that only allow egress through a proxy drop direct SYNs', score: 15 },
      { kind: 'server', title: 'Listen queue full on the server (SYN / accept-queue overflow)', why: 'Linux drops SYNs while the listen queue is full: an overloaded or stuck server looks like a firewall', score: 15 },
      { kind: 'network', title: 'NAT / conntrack table or SNAT ports exhausted on the path', why: 'a full table or port pool drops new connections while established ones keep working', score: 10 },
    ],
    remediation: {
      firewall: [
        'Check inbound rules on the server side (security group, NACL, host firewall) allow this port from your source address.',
        'Check outbound rules on your side: corporate networks often drop direct connections to anything but 80/443 or require a proxy.',
      ],
      server: ['Check the host is up and the address in DNS is current (compare with the address the service owner expects).', LISTEN_QUEUE_STEP],
      network: [
        'If the address is IPv6, try IPv4 (curl -4): a broken IPv6 route is a common cause; trace the path with mtr -T.',
        'Your network team: check NAT / conntrack on the path — conntrack -S and dmesg "nf_conntrack: table full" on Linux gateways, NAT Gateway ErrorPortAllocation (AWS, about 55,000 connections per destination), SNAT port usage (Azure): exhaustion drops only some new connections.',
      ],
      proxy: ['If this network needs an HTTP proxy, set HTTPS_PROXY (or pass --proxy).', BROWSER_PROXY_STEP],
    },
    confirm: [C.synCapture, C.nc, C.mtr, C.curlFamilies],
  },
  {
    id: 'tcp.unreachable',
    title: 'Host or network unreachable',
    explanation:
      'A router or the local stack said there is no way to the address: an ICMP "host/network unreachable" ' +
      'came back, or this machine has no route (EHOSTUNREACH / ENETUNREACH).\n\n' +
      'curl prints "Failed to connect … No route to host" (exit 7), Chrome ERR_ADDRESS_UNREACHABLE. Typical: ' +
      'no IPv6 connectivity for an AAAA address, a VPN route missing, an ACL on a router answering with ICMP ' +
      'prohibited.\n\n' +
      'Local errors that are not a route: EPERM/EACCES is this machine refusing to send (an OUTPUT firewall rule, ' +
      'SELinux, a macOS network extension or endpoint agent); ENETDOWN is an interface that is down. Running out ' +
      'of descriptors or ports is tcp.local-limit, not this.\n\n' +
      'Or the server\'s own host firewall: firewalld (RHEL, Fedora) rejects with icmp-host-prohibited, which ' +
      'clients print as "No route to host" although the route is fine. With --capture the ICMP error\'s sender ' +
      'tells them apart: the server\'s own address is its host firewall, another address is a box on the way.',
    culprits: [
      { kind: 'network', title: 'No route to the address (routing table, VPN, IPv6 missing)', why: 'ENETUNREACH/EHOSTUNREACH come from a routing decision', score: 50 },
      { kind: 'firewall', title: 'Router ACL answering with ICMP unreachable / prohibited', why: 'some ACLs reject with ICMP instead of dropping', score: 25 },
      { kind: 'server', title: 'Host down on the local segment', why: 'the last-hop router gets no ARP/NDP reply and sends host-unreachable', score: 15 },
    ],
    remediation: {
      network: [
        'Check the route to the address (ip route get <address>); connect the VPN if the address is internal.',
        'For an IPv6 address on a network without IPv6, use IPv4 (curl -4) or fix the AAAA record / the network.',
      ],
      firewall: [
        'Ask the network team whether an ACL rejects this destination with ICMP.',
        'The site\'s owner: list the server\'s host firewall (firewall-cmd --list-all, nft list ruleset | grep -i reject) and open the port: firewalld answers icmp-host-prohibited for a closed service.',
      ],
    },
    confirm: [{ label: 'Which route the kernel picks', command: 'ip route get {address}' }, C.mtr, C.synCapture],
  },
  {
    id: 'tcp.local-limit',
    title: 'This machine ran out of sockets or ports',
    explanation:
      'The connection failed before a packet left this machine: the probing process ran out of file descriptors ' +
      '(EMFILE, or ENFILE for the whole system), of ephemeral ports (EADDRNOTAVAIL: every local port to that ' +
      'destination is in use or in TIME_WAIT), or of kernel buffers (ENOBUFS). The network and the server were ' +
      'never asked.\n\n' +
      'curl prints "Too many open files" or "Cannot assign requested address" (exit 7); Node reports the same ' +
      'codes. Load generators, busy CI runners and scans of thousands of URLs hit these limits. Connection Doctor ' +
      'lowers its own concurrency when it sees one.',
    culprits: [
      { kind: 'client', title: 'File descriptor limit too low (ulimit -n)', why: 'EMFILE: each open socket takes a descriptor', score: 50 },
      { kind: 'client', title: 'Ephemeral ports exhausted', why: 'EADDRNOTAVAIL: many short connections to one destination leave ports in TIME_WAIT', score: 35 },
      { kind: 'client', title: 'Too many probes in flight', why: 'every concurrent probe holds sockets', score: 15 },
    ],
    remediation: {
      client: [
        'Raise the open-file limit for the shell or service: ulimit -n 65536 (systemd: LimitNOFILE=).',
        'Widen the ephemeral port range: sysctl -w net.ipv4.ip_local_port_range="10000 65000"; reuse connections instead of opening one per request.',
        'Run fewer probes at once: --concurrency 4 --per-host 2.',
      ],
    },
    confirm: [
      { label: 'The open-file limit of this shell', command: 'ulimit -n' },
      { label: 'The ephemeral port range and sockets in TIME_WAIT', command: 'sysctl net.ipv4.ip_local_port_range; ss -tan state time-wait | wc -l' },
    ],
  },
  {
    id: 'proxy.unreachable',
    title: 'Proxy unreachable',
    explanation:
      'The configured HTTP proxy could not be reached: the TCP connect to the proxy itself was refused, timed ' +
      'out or was unreachable, so the target was never contacted. The proxy comes from --proxy or from ' +
      'HTTPS_PROXY / HTTP_PROXY in the environment.\n\n' +
      'curl prints "Failed to connect to proxy" or "Could not resolve proxy" (exit 5/7), Chrome ' +
      'ERR_PROXY_CONNECTION_FAILED.',
    culprits: [
      { kind: 'proxy', title: 'Proxy down or wrong proxy address/port', why: 'the failure is on the connection to the proxy', score: 50 },
      { kind: 'client', title: 'Stale proxy environment variable', why: 'HTTPS_PROXY often outlives the network it was set for', score: 35 },
      { kind: 'network', title: 'Proxy only reachable on the corporate network / VPN', why: 'outside, its address is unroutable or filtered', score: 20 },
    ],
    remediation: {
      proxy: ['Check the proxy host and port with your network team; test it with nc -vz.'],
      client: ['Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY (env | grep -i proxy); unset them or use --proxy \'\' if no proxy is needed here.'],
      network: ['Connect the VPN if the proxy is internal.'],
    },
    confirm: [C.nc, C.curlProxy],
  },
  {
    id: 'proxy.auth-required',
    title: 'Proxy requires authentication (407)',
    explanation:
      'The proxy answered our CONNECT with 407 Proxy Authentication Required: it reached the proxy fine, but ' +
      'the proxy wants credentials (Basic, or often NTLM/Kerberos in corporate networks) before it opens a ' +
      'tunnel.\n\n' +
      'curl shows "CONNECT tunnel failed, response 407", Chrome ERR_PROXY_AUTH_UNSUPPORTED or a login prompt.',
    culprits: [
      { kind: 'proxy', title: 'Proxy demands credentials', why: 'status 407 on CONNECT', score: 55 },
      { kind: 'client', title: 'Credentials missing or wrong in the proxy URL', why: 'the proxy URL carried no (or rejected) credentials', score: 35 },
    ],
    remediation: {
      proxy: ['Check the Proxy-Authenticate header for the scheme it wants (the proxy phase records it). curl can answer NTLM/Negotiate itself (--proxy-ntlm, or --proxy-negotiate -U :); Node and undici cannot, so for Node run a local helper (cntlm or px) and point HTTPS_PROXY at it.'],
      client: ['Put credentials in the proxy URL (http://user:password@proxy:port) via HTTPS_PROXY, percent-encoding special characters (@ → %40, : → %3A); they end up in shell history and process environments, so prefer a helper or a credentials file, or ask for the host to be allow-listed.'],
    },
    confirm: [C.curlProxy],
  },
  {
    id: 'proxy.denied',
    title: 'Proxy refused the tunnel',
    explanation:
      'The proxy answered CONNECT with a non-2xx status other than 407: 403 (policy: this host or port is not ' +
      'allowed, or categorised as blocked), 502/503/504 (the proxy itself could not reach the target).\n\n' +
      'curl prints "CONNECT tunnel failed, response N" (exit 56), Chrome ERR_TUNNEL_CONNECTION_FAILED.',
    culprits: [
      { kind: 'proxy', title: 'Proxy policy blocks this destination', why: 'the proxy answered CONNECT with an error status', score: 50 },
      { kind: 'network', title: 'Proxy cannot reach the target (its own DNS or egress)', why: 'a 502/504 on CONNECT is the proxy\'s upstream failing', score: 30 },
    ],
    remediation: {
      proxy: [
        'Read the proxy\'s error page (curl -v -x …): it usually names the policy or category that blocked the request; ask for the host:port to be allowed.',
        'Many proxies allow CONNECT only to port 443: other ports need an explicit rule.',
      ],
      network: ['For 502/504 from the proxy: the proxy could not resolve or reach the target — check the name from the proxy\'s side.'],
      client: ['If the target is internal, add it to NO_PROXY so it is reached directly.'],
    },
    confirm: [C.curlProxy],
  },
  {
    id: 'proxy.tunnel-failed',
    title: 'Proxy dropped the tunnel request',
    explanation:
      'The TCP connection to the proxy was up, then the proxy reset or closed it during the CONNECT exchange, ' +
      'without a status line.\n\n' +
      'Causes: the port is not an HTTP proxy (a SOCKS proxy, or a TLS port expecting https:// proxy URLs), a ' +
      'proxy crash, or a security device between us and the proxy cutting the request.',
    culprits: [
      { kind: 'proxy', title: 'Not an HTTP proxy on that port, or the proxy crashed', why: 'a real HTTP proxy answers CONNECT with a status line', score: 45 },
      { kind: 'client', title: 'Wrong proxy scheme (socks5:// or https:// expected)', why: 'a SOCKS or TLS proxy closes on a plain CONNECT', score: 30 },
      { kind: 'firewall', title: 'Security device in front of the proxy cutting CONNECT', why: 'the reset came without any proxy response', score: 15 },
    ],
    remediation: {
      proxy: ['Check the proxy logs for this connection; check the port really serves HTTP proxying.'],
      client: ['Check the proxy URL scheme and port (http://host:3128 for a plain HTTP proxy).'],
    },
    confirm: [C.curlProxy, C.fullCapture],
  },
] satisfies Entry[];
