// "Confirm it" command templates, shared by the entries; placeholders are filled per result (see entry.ts).
import type { ConfirmTemplate } from './entry';

export const C = {
  rstCapture: {
    label: 'Capture the reset and read its TTL (ttl in the IP header: initial 64 Linux/macOS, 128 Windows, 255 network gear; hops = initial − observed)',
    command: "sudo tcpdump -ni any -v 'host {address} and port {port} and tcp[tcpflags] & (tcp-rst) != 0'",
  },
  fullCapture: {
    label: 'Capture the whole exchange: compare the SYN-ACK\'s TTL with the RST\'s (different TTL = a different box sent the RST)',
    command: "sudo tcpdump -ni any -v 'host {address} and port {port}'",
  },
  synCapture: {
    label: 'Watch the SYNs go out and whether anything (SYN-ACK, RST, ICMP) comes back',
    command: "sudo tcpdump -ni any 'host {address} and (port {port} or icmp or icmp6)'",
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
    label: 'Show the chain the server sends and the leaf\'s dates and names',
    command: 'openssl s_client -connect {endpoint} -servername {sni} -showcerts </dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
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
    label: 'Path to the address over TCP to the same port (where packets stop)',
    command: 'sudo mtr -T -P {port} -rwc 10 {address}',
  },
  tcpTrace: {
    label: 'TCP traceroute to the port, one spaced probe per hop (bursts of SYNs can trip SYN-flood protection): the hop at the reset\'s distance is its sender',
    command: 'sudo traceroute -T -p {port} -n -q 1 -N 1 -z 250 {address}',
  },
  rawBytes: {
    label: 'See what the port really speaks',
    command: 'nc -v -w 5 {address} {port} </dev/null | head -c 200 | od -c | head',
  },
} satisfies Record<string, ConfirmTemplate>;
