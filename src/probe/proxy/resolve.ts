// Which proxy a URL goes through, and why: explicit option > VS Code http.proxy > environment
// (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, either case, curl's NO_PROXY) > PAC file (--pac, or the one the
// system names) > the system's proxy settings. Each source's own answer is kept for the report.
import { redactUrl } from '../../vocabulary/redact';
import { noProxyMatch } from './no-proxy';
import { pacFindProxy } from './pac';
import { systemProxy, type SystemProxy } from './system';

export type ProxySource = 'option' | 'vscode' | 'env' | 'pac' | 'system';

export interface ProxyDecision {
  /** Proxy URL (credentials kept: the probe sends them), or undefined for direct. */
  proxy?: string;
  /** The source that decided; undefined when no source names a proxy. */
  source?: ProxySource;
  /** One line: why, e.g. "HTTPS_PROXY" or "PAC returned 'PROXY p:3128; DIRECT'"; redacted. */
  why: string;
}

export interface ProxyInputs {
  /** An explicit proxy: a URL, or '' / null for none; undefined = not given. */
  proxy?: string | null;
  /** Who gave `proxy`: the command line (option, default) or VS Code's http.proxy. */
  proxySource?: 'option' | 'vscode';
  env: Record<string, string | undefined>;
  /** --pac <url|file>. */
  pac?: string;
  /** Read the operating system's settings (default true). */
  systemProxy?: boolean;
  signal?: AbortSignal;
}

interface Where {
  scheme: string;
  host: string;
  port: number;
}

function where(url: string): Where {
  const u = new URL(url);
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  const port = Number(u.port || (scheme === 'https' || scheme === 'wss' ? 443 : 80));
  return { scheme, host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

const isTls = (scheme: string): boolean => scheme === 'https' || scheme === 'wss';

/** The environment's answer: HTTPS_PROXY for TLS URLs, HTTP_PROXY for plain, ALL_PROXY for both; lower case first as curl reads them. */
export function envProxy(url: string, env: Record<string, string | undefined>): ProxyDecision | undefined {
  const w = where(url);
  const pick = (name: string): [string, string] | undefined => {
    for (const n of [name.toLowerCase(), name]) {
      const v = env[n];
      if (v) return [n, v];
    }
    return undefined;
  };
  const chosen = (isTls(w.scheme) ? pick('HTTPS_PROXY') : pick('HTTP_PROXY')) ?? pick('ALL_PROXY');
  if (!chosen) return undefined;
  const noProxy = pick('NO_PROXY');
  const entry = noProxy ? noProxyMatch(w.host, w.port, noProxy[1]) : undefined;
  if (entry !== undefined) return { source: 'env', why: `${chosen[0]} is set, but ${noProxy![0]} entry '${entry}' covers ${w.host}` };
  return { proxy: chosen[1], source: 'env', why: `${chosen[0]}=${redactUrl(chosen[1])}` };
}

export async function pacProxy(url: string, pac: string, signal?: AbortSignal): Promise<ProxyDecision> {
  const answer = await pacFindProxy(pac, url, signal);
  return { proxy: answer.proxy, source: 'pac', why: `PAC ${redactUrl(pac)} returned '${answer.value}'` };
}

function systemAnswer(url: string, sys: SystemProxy): ProxyDecision {
  const w = where(url);
  const entry = noProxyMatch(w.host, w.port, sys.bypass.join(','));
  if (entry !== undefined) return { source: 'system', why: `${sys.from} proxy settings bypass '${entry}'` };
  const proxy = (isTls(w.scheme) ? sys.https : sys.http) ?? sys.socks;
  return proxy ? { proxy, source: 'system', why: `${sys.from} proxy settings name ${redactUrl(proxy)}` } : { source: 'system', why: `${sys.from} proxy settings name none for ${w.scheme}` };
}

/** Every source's answer for this URL, in precedence order (sources that say nothing are left out). */
export async function everyProxySource(url: string, inp: ProxyInputs): Promise<ProxyDecision[]> {
  const out: ProxyDecision[] = [];
  if (inp.proxy !== undefined) {
    const source = inp.proxySource ?? 'option';
    const label = source === 'vscode' ? 'VS Code http.proxy' : '--proxy';
    out.push(inp.proxy ? { proxy: inp.proxy, source, why: `${label} ${redactUrl(inp.proxy)}` } : { source, why: `${label} '' (no proxy)` });
  }
  const env = envProxy(url, inp.env);
  if (env) out.push(env);
  const sys = inp.systemProxy === false ? undefined : await systemProxy(inp.env);
  const pac = inp.pac ?? sys?.pac;
  if (pac) {
    try {
      const answer = await pacProxy(url, pac, inp.signal);
      out.push(inp.pac ? answer : { ...answer, why: `${sys!.from} names a PAC: ${answer.why}` });
    } catch (e) {
      out.push({ source: 'pac', why: `PAC ${redactUrl(pac)} could not be used: ${(e as Error).message}` });
    }
  }
  if (sys && (sys.http || sys.https || sys.socks)) out.push(systemAnswer(url, sys));
  return out;
}

/** The proxy this URL goes through: the first source with an answer decides. */
export async function resolveProxy(url: string, inp: ProxyInputs): Promise<{ decision: ProxyDecision; all: ProxyDecision[] }> {
  // An explicit proxy (or explicit none) decides alone: nothing below it is read, no PAC runs, no command is spawned.
  const all = inp.proxy !== undefined ? (await everyProxySource(url, { ...inp, env: {}, pac: undefined, systemProxy: false })) : await everyProxySource(url, inp);
  const decision = all.find((d) => !/could not be used/.test(d.why)) ?? { why: 'no proxy configured: direct' };
  return { decision, all };
}

/** When the environment and the PAC/system disagree about this URL, one sentence saying so. */
export function disagreement(all: ProxyDecision[]): string | undefined {
  const env = all.find((d) => d.source === 'env');
  const other = all.find((d) => d.source === 'pac' || d.source === 'system');
  if (!env || !other || /could not be used/.test(other.why)) return undefined;
  const norm = (p?: string): string => (p ? redactUrl(p).replace(/\/$/, '').toLowerCase() : 'direct');
  if (norm(env.proxy) === norm(other.proxy)) return undefined;
  return `the environment says ${norm(env.proxy)} (${env.why}), the ${other.source === 'pac' ? 'PAC file' : 'system settings'} say ${norm(other.proxy)} (${other.why}): curl and Node follow the environment, browsers and VS Code the ${other.source === 'pac' ? 'PAC' : 'system'}`;
}
