// Steps that several entries give word for word (review section 5): one text, so they cannot drift apart.

/** Section 5 #8: a full listen queue drops SYNs (tcp.timeout) or leaves handshaken connections unaccepted (tls/http timeouts). */
export const LISTEN_QUEUE_STEP =
  'The site\'s owner: check the listen queue on the server — nstat -az TcpExtListenOverflows TcpExtListenDrops (growing = ' +
  'overflow), ss -ltn (Recv-Q at Send-Q = full), dmesg "possible SYN flooding … Sending cookies" — and raise the backlog ' +
  '(net.core.somaxconn, the server\'s own listen backlog) or the capacity behind it.';

/** Section 5 #3: tools disagree about the proxy; the browser's effective proxy is the reference. */
export const BROWSER_PROXY_STEP =
  'You: see which proxy the browser really uses — chrome://net-internals/#proxy, macOS scutil --proxy, Windows netsh ' +
  'winhttp show proxy, or conndoc env <url> for the PAC file\'s answer — and set HTTPS_PROXY / NO_PROXY to match (curl ' +
  'ignores an upper-case HTTP_PROXY; NO_PROXY suffix and CIDR rules differ between curl, Node and Go).';

/** Section 5 #9: a path MTU black hole loses only full-size packets. */
export const PMTU_STEP =
  'Check the path MTU with tracepath <address>; retry with a lower MSS (ip route add <address>/32 via <gateway> advmss ' +
  '1200) or net.ipv4.tcp_mtu_probing=1 — if that works, fix MSS clamping on the tunnel/VPN. (ping -M do -s 1472 tests ' +
  'only your direction, Linux syntax; macOS ping -D.)';

/** Section 5 #12: a captive portal answers for every host until you log in. */
export const CAPTIVE_PORTAL_STEP =
  'You: on a hotel, guest or airline network, open any http:// page in a browser to pass the captive portal, then retry.';

/** Section 5 #6: the address this machine gets may not be the one others get. */
export const COMPARE_RESOLVERS_STEP =
  'You: compare the address this machine uses (getent hosts <host>, which includes /etc/hosts) with the internal and a ' +
  'public resolver (dig @<resolver> <host>, dig @1.1.1.1 <host>): split-horizon DNS behind a VPN, a stale cache ' +
  '(resolvectl flush-caches, browser DNS-over-HTTPS) or an /etc/hosts line can send this name elsewhere.';
