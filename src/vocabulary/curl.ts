// "Copy as curl": the command a user runs to see the same failure with their own eyes (pure: unit-tested).
// Built from the redacted URL: a password never reaches the clipboard, a placeholder stands in for it.
import { defaultPort, isHttpScheme } from './schemes';

export interface CurlOptions {
  /** "host:port" → addresses (connectionDoctor.resolve). */
  resolve?: Record<string, string[]>;
  caFile?: string;
  insecure?: boolean;
  /** http.proxy (may carry credentials: they become placeholders too). */
  proxy?: string;
}

/** Schemes curl can speak itself; the rest get a TCP check. */

export function buildCurl(url: string, opts: CurlOptions = {}): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url.trim());
  if (!m) return `curl -v ${quote(url)}`;
  const scheme = m[1].toLowerCase();
  const { user, hostPort } = splitAuthority(m[2]);
  const args = ['curl', '-v'];
  if (user !== undefined) args.push('-u', quote(`${user}:PASSWORD`));
  let target: string;
  const { host, port } = splitHostPort(hostPort);
  if (isHttpScheme(scheme)) {
    // ws/wss start as an HTTP request: curl shows the same path up to the upgrade.
    const httpScheme = scheme === 'wss' ? 'https' : scheme === 'ws' ? 'http' : scheme;
    target = `${httpScheme}://${hostPort}${m[3]}`;
  } else {
    // Databases and brokers: curl's telnet:// checks DNS, TCP and (for an IP) the route, which is what fails first.
    target = `telnet://${hostPort}`;
  }
  const effectivePort = port ?? defaultPort(scheme);
  const addrs = effectivePort !== undefined ? opts.resolve?.[`${host}:${effectivePort}`] : undefined;
  if (addrs?.length) args.push('--resolve', quote(`${host}:${effectivePort}:${addrs.map(bracket).join(',')}`));
  if (opts.caFile) args.push('--cacert', quote(opts.caFile));
  if (opts.insecure) args.push('-k');
  if (opts.proxy) {
    const p = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i.exec(opts.proxy)!;
    const pa = splitAuthority(p[2]);
    args.push('--proxy', quote(`${p[1] ?? ''}${pa.hostPort}${p[3]}`));
    if (pa.user !== undefined) args.push('--proxy-user', quote(`${pa.user}:PASSWORD`));
  }
  args.push(quote(target));
  return args.join(' ');
}

/** userinfo with a password (`user:***`, or any `user:pw`) → the user name alone; a bare token stays in the URL. */
function splitAuthority(auth: string): { user?: string; hostPort: string } {
  const at = auth.lastIndexOf('@');
  if (at < 0) return { hostPort: auth };
  const userinfo = auth.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { hostPort: auth };
  return { user: decodeURIComponentSafe(userinfo.slice(0, colon)), hostPort: auth.slice(at + 1) };
}

function splitHostPort(hp: string): { host: string; port?: number } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hp);
  if (!m) return { host: hp };
  return { host: m[1], port: m[2] ? Number(m[2]) : undefined };
}

function bracket(addr: string): string {
  return addr.includes(':') && !addr.startsWith('[') ? `[${addr}]` : addr;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** POSIX shell single-quoting, only where needed. */
export function quote(s: string): string {
  return /^[A-Za-z0-9_\-.,:/@=+%]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
