// "Confirm it" command templates, shared by the entries; placeholders are filled per result (see entry.ts).
import type { ConfirmTemplate } from './entry';

export const C = {
  finCapture: {
    label: 'Watch who closes an idle connection, and when: FIN or RST, from which side (run it while the client sits idle)',
    command: "sudo tcpdump -ni any -tttt 'host {address} and port {port} and tcp[tcpflags] & (tcp-fin|tcp-rst) != 0'",
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
  rawBytes: {
    label: 'See what the port really speaks',
    command: 'nc -v -w 5 {address} {port} </dev/null | head -c 200 | od -c | head',
  },
} satisfies Record<string, ConfirmTemplate>;
