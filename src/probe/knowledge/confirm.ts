// "Confirm it" command templates, shared by the entries; placeholders are filled per result (see entry.ts).
import type { ConfirmTemplate } from './entry';

export const C = {
  finCapture: {
    label: 'Watch who closes an idle connection, and when: FIN or RST, from which side (run it while the client sits idle)',
    // tcp[] reads IPv4 only: ip6[53] (the TCP flags without extension headers) catches the IPv6 FIN and RST too.
    command: "sudo tcpdump -ni any -tttt 'host {address} and port {port} and (tcp[tcpflags] & (tcp-fin|tcp-rst) != 0 or (ip6 and ip6[53] & 0x05 != 0))'",
  },
  lifetime: {
    label: 'Measure the idle timeout: reuse one connection after growing idle gaps (WebSocket / SSE: hold the stream)',
    command: 'conndoc probe --lifetime --idle-max 120 {url}',
  },
  websocketHandshake: {
    label: 'The WebSocket handshake by hand (for wss:// use https://): a healthy path answers 101 with Upgrade, Connection and Sec-WebSocket-Accept',
    command: "curl -i -N --max-time 5 --http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' http://{host}:{port}/",
  },
  curlHttp11: {
    label: 'The same request over HTTP/1.1 and over HTTP/2: works in one, fails in the other',
    command: 'curl -sS -o /dev/null -w "%{http_version} %{http_code}\\n" --http1.1 {url}; curl -sS -o /dev/null -w "%{http_version} %{http_code}\\n" --http2 {url}',
  },
  rstCapture: {
    // pcap-filter's tcp[] reads IPv4 only: the ip6[53] test (TCP flags at offset 40 + 13 without extension headers)
    // makes the same filter catch an IPv6 RST.
    label: 'Capture the reset and read who sent it (IPv4 ttl / IPv6 hlim: initial 64 Linux/macOS, 128 Windows, 255 network gear; hops = initial − observed)',
    command: "sudo tcpdump -ni any -v 'host {address} and port {port} and (tcp[tcpflags] & tcp-rst != 0 or (ip6 and ip6[53] & 0x04 != 0))'",
  },
  closeCapture: {
    label: 'Capture the close and read who sent the FIN (IPv4 ttl / IPv6 hlim: hops = initial − observed)',
    command: "sudo tcpdump -ni any -v 'host {address} and port {port} and (tcp[tcpflags] & tcp-fin != 0 or (ip6 and ip6[53] & 0x01 != 0))'",
  },
  fullCapture: {
    label: 'Capture the whole exchange: compare the TTL (hlim for IPv6) of every packet the far side sent — SYN-ACK, data, FIN or RST (a different TTL = a different box)',
    command: "sudo tcpdump -ni any -v 'host {address} and port {port}'",
  },
  synCapture: {
    // A router's ICMP error comes from the router, not the target: `host {address}` alone would drop it.
    label: 'Watch the SYNs go out and whether anything comes back (SYN-ACK, RST, or ICMP errors from the target or any router)',
    command: "sudo tcpdump -ni any '(host {address} and port {port}) or icmp or icmp6'",
  },
  opensslSni: {
    label: 'TLS handshake with the SNI a browser sends',
    command: 'openssl s_client -connect {endpoint} -servername {sni} </dev/null',
  },
  opensslNoSni: {
    label: 'The same handshake without SNI: if this one completes, something keys on the server name',
    command: 'openssl s_client -connect {endpoint} -noservername </dev/null',
  },
  opensslDecoySni: {
    label: 'The same handshake with a decoy SNI',
    command: 'openssl s_client -connect {endpoint} -servername decoy.invalid </dev/null',
  },
  opensslAlpn: {
    label: 'Handshake offering only http/1.1, then only h2',
    command: 'openssl s_client -connect {endpoint} -servername {sni} -alpn http/1.1 </dev/null; openssl s_client -connect {endpoint} -servername {sni} -alpn h2 </dev/null',
  },
  opensslTls12: {
    label: 'Handshake pinned to TLS 1.2, then TLS 1.3',
    command: 'openssl s_client -connect {endpoint} -servername {sni} -tls1_2 </dev/null; openssl s_client -connect {endpoint} -servername {sni} -tls1_3 </dev/null',
  },
  opensslCerts: {
    label: 'The chain the server sends (s: subject, i: issuer of each certificate) and OpenSSL\'s verdict (Verify return code: 18 self-signed leaf, 19 self-signed CA in the chain, 20/21 issuer or intermediate missing, 10 expired)',
    command: "openssl s_client -connect {endpoint} -servername {sni} -showcerts </dev/null 2>/dev/null | grep -E '^ *[0-9]+ s:|^ *i:|Verify return code'",
  },
  opensslLeaf: {
    label: 'The leaf certificate\'s dates and names',
    command: 'openssl s_client -connect {endpoint} -servername {sni} </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
  },
  opensslClientCa: {
    label: 'Does the server ask for a client certificate? TLS 1.2 shows the CertificateRequest: the CA names it accepts',
    command: "openssl s_client -connect {endpoint} -servername {sni} -tls1_2 </dev/null 2>&1 | grep -A4 -E 'Acceptable client certificate CA names|alert'",
  },
  curlClientCert: {
    label: 'The same request with a client certificate (your certificate and key files)',
    command: 'curl -v --cert client.pem --key client.key {url}',
  },
  curlResolve: {
    label: 'The same request pinned to this address, verbose',
    command: 'curl -v --resolve {host}:{port}:{resolveAddress} {url}',
  },
  curlTiming: {
    label: 'Per-phase timing from curl (cumulative seconds)',
    command: "curl -sS -o /dev/null -w 'dns %{time_namelookup} connect %{time_connect} tls %{time_appconnect} ttfb %{time_starttransfer} total %{time_total} status %{http_code}\\n' {url}",
  },
  curlHeaders: {
    label: 'Show the response status and headers (who answered: server, via, cf-ray, x-amz-cf-id, …)',
    command: 'curl -sS -D - -o /dev/null {url}',
  },
  curlBrowserUa: {
    label: 'The same request with curl\'s own User-Agent, then a browser\'s (different statuses = the server judges the client)',
    command: "curl -sS -o /dev/null -w '%{http_code}\\n' {url}; curl -sS -o /dev/null -w '%{http_code}\\n' -A 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' {url}",
  },
  curlProxy: {
    label: 'The same request through the proxy, verbose (shows the CONNECT exchange)',
    command: 'curl -v -x {proxy} {url}',
  },
  curlFamilies: {
    label: 'Compare IPv4 and IPv6',
    command: 'curl -4 -sS -o /dev/null -w "%{remote_ip} %{http_code}\\n" {url}; curl -6 -sS -o /dev/null -w "%{remote_ip} %{http_code}\\n" {url}',
  },
  nc: {
    label: 'Plain TCP connect test',
    command: 'nc -vz -w 5 {address} {port}',
  },
  dig: {
    label: 'What the name resolves to (A and AAAA)',
    command: 'dig +noall +answer {host} A {host} AAAA',
  },
  digPublic: {
    label: 'Compare with a public resolver (split-horizon DNS, VPN, stale cache)',
    command: 'dig +noall +answer +comments @1.1.1.1 {host}',
  },
  mtr: {
    label: 'Path to the address over TCP to the same port (where packets stop). It sends bursts of SYNs, which can trip SYN-flood protection itself: run it once, not in a loop',
    command: 'sudo mtr -T -P {port} -rwc 10 {address}',
  },
  tracepath: {
    label: 'Path and path MTU without SYN bursts (UDP)',
    command: 'tracepath -n {address}',
  },
  tcpTrace: {
    label: 'TCP traceroute to the port, one spaced probe per hop (bursts of SYNs can trip SYN-flood protection): the hop at the reset\'s distance is its sender',
    command: 'sudo traceroute -T -p {port} -n -q 1 -N 1 -z 250 {address}',
  },
  rawBytes: {
    label: 'Send a minimal request and see what the port really speaks (HTTP answers with a status line)',
    command: "printf 'HEAD / HTTP/1.0\\r\\nHost: {host}\\r\\n\\r\\n' | nc -w 5 {address} {port} | head -c 300 | od -c | head",
  },
  rawBytesTls: {
    label: 'Send a minimal request inside TLS and see what comes back',
    command: "printf 'HEAD / HTTP/1.0\\r\\nHost: {host}\\r\\n\\r\\n' | openssl s_client -quiet -connect {endpoint} -servername {sni} 2>&1 | head -c 300 | od -c | head",
  },
} satisfies Record<string, ConfirmTemplate>;
