// The proxy phase for every kind of proxy, on the TCP socket already connected to it: http:// (CONNECT,
// or absolute-form for plain http), https:// (TLS to the proxy first, then the same), socks5:// (we
// resolve the target), socks5h:// (the proxy resolves it) and socks4:// (IPv4 only, we resolve).
import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { SocksClient } from 'socks';
import type { PhaseResult } from '../../vocabulary/types';
import { ProbeError, bounded } from '../wire';
import { tunnelPhase } from '../phases/proxy';

export const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:', 'socks4:', 'socks4a:', 'socks:'] as const;

/** The port a proxy URL means when it names none. */
export function defaultProxyPort(proxy: URL): number {
  if (proxy.port) return Number(proxy.port);
  if (proxy.protocol === 'https:') return 443;
  if (proxy.protocol.startsWith('socks')) return 1080;
  return 80;
}

export interface ProxyTarget {
  host: string;
  port: number;
  tls: boolean;
}

export interface ProxyOutcome {
  /** The stream to speak to the target (or, for plain http through an http(s) proxy, to the proxy). */
  stream: Socket;
  /** Plain http through an http(s) proxy: the request goes in absolute form with Proxy-Authorization. */
  absoluteForm: boolean;
}

/** Error with the status a classifier needs (407 for a refused login). */
export class ProxyError extends ProbeError {
  constructor(code: string, message: string, readonly proxyStatus?: number) {
    super(code, message);
  }
}

export async function proxyPhase(
  p: PhaseResult,
  socket: Socket,
  proxy: URL,
  t: ProxyTarget,
  opts: { timeoutMs: number; ca?: string[]; signal?: AbortSignal },
): Promise<ProxyOutcome> {
  const scheme = proxy.protocol;
  if (scheme.startsWith('socks')) return { stream: await socksPhase(p, socket, proxy, t, opts), absoluteForm: false };
  let stream: Socket = socket;
  if (scheme === 'https:') stream = await tlsToProxy(p, socket, proxy, opts);
  if (!t.tls) {
    p.note = `plain http: the request goes to the ${scheme === 'https:' ? 'https' : 'http'} proxy in absolute form, no tunnel`;
    return { stream, absoluteForm: true };
  }
  const authority = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  await tunnelPhase(p, stream, proxy, authority, opts.timeoutMs, opts.signal);
  return { stream, absoluteForm: false };
}

async function tlsToProxy(p: PhaseResult, socket: Socket, proxy: URL, opts: { timeoutMs: number; ca?: string[]; signal?: AbortSignal }): Promise<Socket> {
  const host = proxy.hostname.replace(/^\[|\]$/g, '');
  const secure = tls.connect({
    socket,
    servername: isIP(host) ? undefined : host,
    ca: [...tls.rootCertificates, ...(opts.ca ?? [])],
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  });
  const done = new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', () => resolve());
    secure.once('error', reject);
    secure.once('close', () => reject(new ProbeError('EPROXYCLOSED', 'proxy closed the connection during the TLS handshake to it')));
  });
  await bounded(done, opts.timeoutMs, 'TLS handshake with the proxy', opts.signal, () => secure.destroy());
  const err = !secure.authorized ? String((secure.authorizationError as unknown as NodeJS.ErrnoException)?.code ?? secure.authorizationError) : (tls.checkServerIdentity(host, secure.getPeerCertificate()) as NodeJS.ErrnoException | undefined)?.code;
  p.proxyTls = { version: secure.getProtocol() ?? undefined, issuer: [secure.getPeerCertificate().issuer?.CN].flat().join('+') || undefined, certError: err || undefined };
  if (err) {
    secure.destroy();
    throw new ProxyError('EPROXYTLS', `the https proxy's certificate was rejected: ${err}`);
  }
  return secure;
}

async function socksPhase(p: PhaseResult, socket: Socket, proxy: URL, t: ProxyTarget, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Socket> {
  const kind = proxy.protocol.slice(0, -1);
  const v4 = kind.startsWith('socks4');
  const remoteDns = kind === 'socks5h' || kind === 'socks4a';
  let host = t.host;
  if (!remoteDns && !isIP(host)) {
    const found = await bounded(lookup(host, { family: v4 ? 4 : 0 }), opts.timeoutMs, 'local lookup for the SOCKS request', opts.signal, () => undefined);
    host = found.address;
    p.note = `${kind}: resolved ${t.host} here (${host}); the proxy connects to the address`;
  } else p.note = remoteDns ? `${kind}: the proxy resolves ${t.host}` : `${kind}: connecting to ${host}`;
  try {
    const { socket: out } = await bounded(
      SocksClient.createConnection({
        command: 'connect',
        proxy: {
          host: proxy.hostname.replace(/^\[|\]$/g, ''),
          port: defaultProxyPort(proxy),
          type: v4 ? 4 : 5,
          userId: proxy.username ? decodeURIComponent(proxy.username) : undefined,
          password: proxy.password ? decodeURIComponent(proxy.password) : undefined,
        },
        destination: { host, port: t.port },
        existing_socket: socket,
        timeout: opts.timeoutMs,
      }),
      opts.timeoutMs,
      'SOCKS handshake',
      opts.signal,
      () => socket.destroy(),
    );
    return out;
  } catch (e) {
    const msg = (e as Error).message;
    p.socksReply = msg;
    if (/authentication|auth/i.test(msg)) throw new ProxyError('EPROXYSTATUS', `SOCKS proxy refused the login: ${msg}`, 407);
    if (/rejected|failed|refused|not allowed|unreachable/i.test(msg) && !/closed/i.test(msg)) throw new ProxyError('EPROXYSTATUS', `SOCKS proxy refused the connection: ${msg}`, 403);
    throw new ProxyError('EPROXYCLOSED', `SOCKS handshake failed: ${msg}`);
  }
}
