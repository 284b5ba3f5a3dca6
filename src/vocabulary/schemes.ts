// The one table of schemes Connection Doctor probes: default port, whether TLS applies, HTTP or plain TCP.
// It imports nothing, so discovery can use it and still need no sockets.

export type SchemeKind = 'http' | 'tcp';

interface SchemeInfo {
  port: number;
  tls: boolean;
  kind: SchemeKind;
}

const SCHEME_TABLE: Readonly<Record<string, SchemeInfo>> = {
  http: { port: 80, tls: false, kind: 'http' },
  https: { port: 443, tls: true, kind: 'http' },
  ws: { port: 80, tls: false, kind: 'http' },
  wss: { port: 443, tls: true, kind: 'http' },
  postgres: { port: 5432, tls: false, kind: 'tcp' },
  postgresql: { port: 5432, tls: false, kind: 'tcp' },
  mysql: { port: 3306, tls: false, kind: 'tcp' },
  redis: { port: 6379, tls: false, kind: 'tcp' },
  rediss: { port: 6379, tls: true, kind: 'tcp' },
  amqp: { port: 5672, tls: false, kind: 'tcp' },
  amqps: { port: 5671, tls: true, kind: 'tcp' },
  mongodb: { port: 27017, tls: false, kind: 'tcp' },
  'mongodb+srv': { port: 27017, tls: false, kind: 'tcp' },
  nats: { port: 4222, tls: false, kind: 'tcp' },
};

/** Every supported scheme, lower-case, in table order. */
export const SUPPORTED_SCHEMES: readonly string[] = Object.keys(SCHEME_TABLE);

/** Length of the longest supported scheme ("mongodb+srv"). */
export const MAX_SCHEME_LENGTH = Math.max(...SUPPORTED_SCHEMES.map((s) => s.length));

export function isSupportedScheme(scheme: string): boolean {
  return Object.hasOwn(SCHEME_TABLE, scheme); // not `in`: "constructor://" must not match the prototype
}

/** The scheme's default port, or undefined for a scheme not in the table. */
export function defaultPort(scheme: string): number | undefined {
  return isSupportedScheme(scheme) ? SCHEME_TABLE[scheme].port : undefined;
}

export function isTlsScheme(scheme: string): boolean {
  return isSupportedScheme(scheme) && SCHEME_TABLE[scheme].tls;
}

/** http, https, ws, wss: spoken to with an HTTP request (ws/wss start as one). */
export function isHttpScheme(scheme: string): boolean {
  return isSupportedScheme(scheme) && SCHEME_TABLE[scheme].kind === 'http';
}

/** `host:port` as a probe contacts it (the port defaulted by scheme). */
export function hostPort(u: { scheme: string; host: string; port?: number }): string {
  const port = u.port ?? defaultPort(u.scheme);
  return port === undefined ? u.host : `${u.host}:${port}`;
}
