// The host and port an error message names, in the many ways clients print them, and the URL that probes them.
import type { DiagnosisId } from '../vocabulary/ids';

export interface NamedTarget {
  host: string;
  port: number;
  /** What to probe: the URL in the message when it has one, else one built from host, port and the ids; none for SSH. */
  url?: string;
}

const HOST = String.raw`(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)`;
const PORT = String.raw`(\d{1,5})`;

/** host + port, in the order clients print them; the first that matches wins. */
const HOST_PORT: RegExp[] = [
  new RegExp(String.raw`in connection to ${HOST}:${PORT}`), // curl 35
  new RegExp(String.raw`[Ff]ailed to connect to ${HOST} port ${PORT}`), // curl 7/28
  new RegExp(String.raw`connect to host ${HOST} port ${PORT}`), // ssh
  /(?:connect|read|write) E[A-Z]+ ((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}):(\d{1,5})\b/i, // node, a bare IPv6 address
  new RegExp(String.raw`(?:connect|read|write) E[A-Z]+ ${HOST}:${PORT}`), // node
  new RegExp(String.raw`attempted address: ${HOST}:${PORT}`), // undici connect timeout
  new RegExp(String.raw`dial tcp ${HOST}:${PORT}`), // go
  new RegExp(String.raw`->${HOST}:${PORT}: `), // go read tcp a->b
  new RegExp(String.raw`host='${HOST}', port=${PORT}`), // urllib3
  new RegExp(String.raw`The connection to the server ${HOST}:${PORT}`), // kubectl
  new RegExp(String.raw`Connect to ${HOST}:${PORT} `), // Apache HttpClient
  new RegExp(String.raw`\(${HOST}:${PORT}\)`), // .NET "(localhost:5001)"
];

/** A name alone: the port comes from the scheme the ids imply. */
const HOST_ONLY: RegExp[] = [
  new RegExp(String.raw`[Cc]ould(?: not|n't) resolve (?:host|proxy): ${HOST}`), // curl 6/5
  new RegExp(String.raw`getaddrinfo E[A-Z_]+ ${HOST}`), // node
  new RegExp(String.raw`lookup ${HOST}(?: on |: )`), // go
  new RegExp(String.raw`UnknownHostException: ${HOST}`), // java
  new RegExp(String.raw`Host: ${HOST}\. is not in the cert`), // node altname
  new RegExp(String.raw`matches target host name '${HOST}'`), // curl 60
  new RegExp(String.raw`, not ${HOST}\b`), // go x509 valid for
  new RegExp(String.raw`matching ${HOST} found`), // java SAN
];

/** A URL in the message: the most exact statement of what was asked for. */
const URL_RE = /\b(?:https?|wss?):\/\/[^\s'"<>`)\]]+/i;

export function findTarget(text: string, ids: readonly DiagnosisId[]): NamedTarget | undefined {
  const tlsish = ids.some((id) => id.startsWith('tls.')) || /\b(?:SSL|TLS|x509|certificate|HTTPS)\b/i.test(text);
  const url = URL_RE.exec(text)?.[0].replace(/[.,;:]+$/, '');
  if (url) {
    try {
      const u = new URL(url);
      if (u.hostname) {
        const port = u.port ? Number(u.port) : u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80;
        return { host: u.hostname.replace(/^\[|\]$/g, ''), port, url: `${u.protocol}//${u.host}${u.pathname}` };
      }
    } catch {
      // Not a URL after all: fall through to host:port.
    }
  }
  for (const re of HOST_PORT) {
    const m = re.exec(text);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 65535) return built(m[1], Number(m[2]), tlsish);
  }
  for (const re of HOST_ONLY) {
    const m = re.exec(text);
    if (m && /[A-Za-z0-9]/.test(m[1])) return built(m[1], tlsish ? 443 : 80, tlsish);
  }
  return undefined;
}

/** Well-known service ports → the scheme the engine probes them with (TCP and, for the TLS ones, TLS). */
const SERVICE_SCHEMES: Record<number, string> = {
  5432: 'postgres', 3306: 'mysql', 6379: 'redis', 5672: 'amqp', 5671: 'amqps', 27017: 'mongodb', 4222: 'nats',
};

function built(written: string, port: number, tlsish: boolean): NamedTarget {
  const host = written.replace(/^\[|\]$/g, '');
  const shown = host.includes(':') ? `[${host}]` : host;
  // The engine has no SSH probe: the host and port are still named, for `nc -vz` and the like.
  if (port === 22) return { host, port };
  const service = SERVICE_SCHEMES[port];
  if (service) return { host, port, url: `${service}://${shown}:${port}` };
  // TLS words or TLS ports mean https; 80 and 8080 mean http whatever the words say.
  const https = port === 443 || port === 6443 || port === 8443 || (tlsish && port !== 80 && port !== 8080);
  const defaultPort = https ? 443 : 80;
  return { host, port, url: `${https ? 'https' : 'http'}://${shown}${port === defaultPort ? '' : `:${port}`}/` };
}
