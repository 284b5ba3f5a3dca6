// A URL as the engine sees it: which host and port to reach, whether TLS applies, what to request.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { redactUrl } from '../vocabulary/redact';
import { defaultPort, isHttpScheme, isSupportedScheme, isTlsScheme, type SchemeKind } from '../vocabulary/schemes';

export type TargetKind = SchemeKind;

export interface Target {
  redacted: string;
  scheme: string;
  kind: TargetKind;
  tls: boolean;
  /** DNS name or IP literal without brackets. */
  host: string;
  port: number;
  /** http: origin-form path + query. */
  path: string;
  /** http: `scheme://host:port` for the Host header / :authority. */
  origin: string;
  /** mongodb+srv: the port and host come from an SRV lookup. */
  srv: boolean;
  note?: string;
  /** Only for the proxy's `Proxy-Authorization`, never shown. */
  userinfo?: string;
}

/** Parses a URL of the supported schemes; throws a TypeError with a readable message otherwise. */
export function parseTarget(url: string): Target {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(url.trim());
  if (!m) throw new TypeError(`not a URL: ${redactUrl(url)}`);
  const scheme = m[1].toLowerCase();
  if (!isSupportedScheme(scheme)) throw new TypeError(`unsupported scheme ${scheme}://`);
  const authority = m[2];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostList = authority.slice(at + 1).split(',');
  const { host, port } = splitHostPort(hostList[0], defaultPort(scheme)!);
  const kind: TargetKind = isHttpScheme(scheme) ? 'http' : 'tcp';
  const notes: string[] = [];
  if (hostList.length > 1) notes.push(`${hostList.length} hosts in the URL; probed the first (${hostList[0]})`);
  let path = '/';
  if (kind === 'http') {
    // WHATWG parsing normalises the path and query the way every HTTP client sends them.
    const parsed = new URL(`${scheme === 'wss' ? 'https' : scheme === 'ws' ? 'http' : scheme}://x${m[3]}`);
    path = parsed.pathname + parsed.search;
  }
  const bracketed = host.includes(':') ? `[${host}]` : host;
  const httpScheme = isTlsScheme(scheme) ? 'https' : 'http';
  return {
    redacted: redactUrl(url),
    scheme,
    kind,
    tls: isTlsScheme(scheme),
    host,
    port,
    path,
    origin: `${httpScheme}://${bracketed}:${port}`,
    srv: scheme === 'mongodb+srv',
    note: notes.length ? notes.join('; ') : undefined,
    userinfo: userinfo ? decodeURIComponent(userinfo) : undefined,
  };
}

function splitHostPort(hp: string, defaultPort: number): { host: string; port: number } {
  let host: string;
  let portText = '';
  if (hp.startsWith('[')) {
    const end = hp.indexOf(']');
    if (end < 0) throw new TypeError(`bad IPv6 literal: ${hp}`);
    host = hp.slice(1, end);
    if (hp[end + 1] === ':') portText = hp.slice(end + 2);
    if (isIP(host) !== 6) throw new TypeError(`bad IPv6 literal: ${hp}`);
  } else {
    const colon = hp.lastIndexOf(':');
    host = colon >= 0 ? hp.slice(0, colon) : hp;
    if (colon >= 0) portText = hp.slice(colon + 1);
    if (!isIP(host)) {
      const ascii = domainToASCII(host.toLowerCase());
      if (!ascii) throw new TypeError(`bad host name: ${host}`);
      host = ascii;
    }
  }
  if (!host) throw new TypeError('empty host');
  if (portText !== '' && !/^\d+$/.test(portText)) throw new TypeError(`bad port: ${portText}`);
  const port = portText === '' ? defaultPort : Number(portText);
  if (port < 1 || port > 65535) throw new TypeError(`bad port: ${portText}`);
  return { host, port };
}

/** The proxy's URL for this target from opts.proxy or the environment, or undefined for none. */
export function proxyFor(
  t: Target,
  proxy: string | null | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (t.kind !== 'http') return undefined;
  if (proxy !== undefined) return proxy || undefined;
  const pick = (n: string): string | undefined => env[n] ?? env[n.toLowerCase()];
  const chosen = t.tls ? pick('HTTPS_PROXY') : pick('HTTP_PROXY');
  if (!chosen) return undefined;
  return bypassesProxy(t, pick('NO_PROXY') ?? '') ? undefined : chosen;
}

function bypassesProxy(t: Target, noProxy: string): boolean {
  const host = t.host.toLowerCase();
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const pm = /^(.*):(\d+)$/.exec(entry);
    if (pm && !entry.endsWith(']')) {
      if (Number(pm[2]) !== t.port) continue;
      entry = pm[1];
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
    if (host === entry || host === entry.replace(/^\./, '') || (entry.startsWith('.') && host.endsWith(entry))) return true;
  }
  return false;
}
