// Fills "confirm it" command templates with one result's host, address, port, URL and SNI — never credentials.
import type { ConfirmStep, Result } from '../../vocabulary/types';
import type { ConfirmTemplate } from './entry';
import { isIP } from 'node:net';
import { defaultPort, isHttpScheme } from '../../vocabulary/schemes';

export interface Target {
  host: string;
  address: string;
  port: string;
  url: string;
  sni: string;
  proxy: string;
  /** curl commands only make sense for http(s) URLs (not postgres://, redis://, …). */
  http: boolean;
}

/** Placeholders as `conndoc explain` shows them. */
export const PLACEHOLDER_TARGET: Target = {
  host: '<host>',
  address: '<address>',
  port: '<port>',
  url: '<url>',
  sni: '<sni>',
  proxy: '<proxy>',
  http: true,
};

function withoutCredentials(raw: string, parsed?: URL): string {
  // Already parsed and nothing to drop: the same text, without parsing it again.
  if (parsed && parsed.username === '' && parsed.password === '') return parsed.href;
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    // Not a URL we can parse: drop anything that looks like userinfo.
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
}

/** What the commands for this result should point at. For proxy ids the address and port are the proxy's. */
export function targetOf(r: Result): Target {
  const phase = (name: string) => r.phases.find((p) => p.phase === name);
  let parsed: URL | undefined;
  try {
    parsed = new URL(r.url);
  } catch {
    parsed = undefined;
  }
  const scheme = r.scheme ?? parsed?.protocol.replace(/:$/, '') ?? 'https';
  const host = r.host ?? parsed?.hostname.replace(/^\[|\]$/g, '') ?? '';
  const connect = phase('connect');
  const dns = phase('dns');
  const proxyPhase = phase('proxy');
  const proxy = proxyPhase?.proxy ?? '';
  const viaProxy = proxyPhase !== undefined && proxyPhase.status !== 'skipped' && proxy !== '';
  const urlPort = parsed?.port ? Number(parsed.port) : isHttpScheme(scheme) ? defaultPort(scheme) : undefined;
  const targetPort = r.port ?? urlPort ?? (viaProxy ? undefined : connect?.remotePort);

  let address: string | undefined;
  let port = targetPort;
  if (r.id.startsWith('proxy.')) {
    let proxyUrl: URL | undefined;
    try {
      proxyUrl = new URL(proxy);
    } catch {
      proxyUrl = undefined;
    }
    address = connect?.remoteAddress ?? proxyUrl?.hostname.replace(/^\[|\]$/g, '');
    port = connect?.remotePort ?? (proxyUrl?.port ? Number(proxyUrl.port) : 8080);
  } else if (viaProxy) {
    // The connect phase went to the proxy; the target's own address is whatever DNS gave, if we resolved it.
    address = dns?.addresses?.[0]?.address;
  } else {
    address = connect?.remoteAddress ?? dns?.addresses?.[0]?.address;
  }
  const sni = phase('tls')?.sni ?? host;
  return {
    host,
    address: address ?? host,
    port: String(port ?? ''),
    url: withoutCredentials(r.url, parsed),
    sni: sni === '' ? host : sni,
    proxy: proxy === '' ? '' : withoutCredentials(proxy),
    http: /^(https?|wss?)$/.test(scheme),
  };
}

/** Single-quotes a value for a POSIX shell unless it is made only of characters that need none. */
function shellWord(v: string): string {
  return /^[\w.:/@%+=,~[\]-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * Host names come from files we scan, and WHATWG URLs allow `$ ; ' \` &` in them: a command is only offered when
 * every name, address and port in it is a plain token, so pasting it into a shell cannot run anything else.
 */
function plainToken(v: string): boolean {
  return isIP(v) !== 0 || /^[A-Za-z0-9._-]+$/.test(v);
}

/** A template cut at its placeholders: text, name, text, …, text. Templates are a fixed set, each cut once. */
interface Cut {
  parts: string[];
  names: Set<string>;
}
const cuts = new Map<string, Cut>();

function cutTemplate(template: string): Cut {
  let cut = cuts.get(template);
  if (cut === undefined) {
    const parts = template.split(/\{(\w+)\}/);
    cut = { parts, names: new Set(parts.filter((_, i) => i % 2 === 1)) };
    cuts.set(template, cut);
  }
  return cut;
}

/** The filled command, or undefined when a value in it is not safe to put on a shell command line. */
export function fillCommand(template: string, t: Target, quote: boolean): string | undefined {
  const bracket = (a: string): string => (isIP(a) === 6 ? `[${a}]` : a);
  const { parts, names } = cutTemplate(template);
  if (quote) {
    const addressUsed = names.has('address') || names.has('endpoint') || names.has('resolveAddress');
    if ((names.has('host') && !plainToken(t.host)) || (names.has('sni') && !plainToken(t.sni)) || (addressUsed && !plainToken(t.address))) return undefined;
    if (names.has('port') || names.has('endpoint')) if (!/^\d+$/.test(t.port)) return undefined;
  }
  const value = (name: string): string | undefined => {
    switch (name) {
      case 'host': return t.host;
      case 'address': return t.address;
      case 'port': return t.port;
      case 'url': return quote ? shellWord(t.url) : t.url;
      case 'sni': return t.sni;
      case 'proxy': return quote ? shellWord(t.proxy) : t.proxy;
      case 'endpoint': return `${bracket(t.address)}:${t.port}`;
      case 'resolveAddress': return bracket(t.address);
      default: return undefined;
    }
  };
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (value(parts[i]) ?? `{${parts[i]}}`) + parts[i + 1];
  return out;
}

export function fillConfirm(templates: ConfirmTemplate[], t: Target, quote = true): ConfirmStep[] {
  const out: ConfirmStep[] = [];
  for (const c of templates) {
    if (c.command.includes('{proxy}') && t.proxy === '') continue;
    if (!t.http && /\bcurl\b/.test(c.command)) continue;
    // An IP-literal URL needs no --resolve, and TLS sends no SNI for an IP: those variants say nothing new.
    if (isIP(t.host) !== 0 && c.command.includes('--resolve')) continue;
    const command = isIP(t.sni) !== 0 ? c.command.replace(/ -servername \{sni\}/g, '') : c.command;
    const filled = fillCommand(command, t, quote);
    if (filled === undefined || out.some((o) => o.command === filled)) continue;
    out.push({ label: c.label, command: filled });
  }
  return out;
}

/** Extra commands for the addresses that failed when others worked (address-dependent). */
export function failingAddressSteps(r: Result, t: Target): ConfirmStep[] {
  const failing = (r.variants ?? []).filter((v) => v.variant.startsWith('address=') && v.id !== 'ok').slice(0, 2);
  return failing.flatMap((v) =>
    fillConfirm([{ label: `The request pinned to the failing address ${v.address}`, command: 'curl -v --resolve {host}:{port}:{resolveAddress} {url}' }], { ...t, address: v.address }),
  );
}
