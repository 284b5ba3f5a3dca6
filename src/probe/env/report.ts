// The environment report (`conndoc env`, "Copy Environment Report"): what decides a connection before the
// server does — runtime and its network defaults, trust stores, proxy sources and their answer for a
// sample URL, resolvers, IPv6. Everything in it is redacted and safe to paste into a ticket.
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { interceptorIn } from '../knowledge/interceptors';
import { disagreement, everyProxySource, type ProxyDecision } from '../proxy/resolve';
import { systemProxy, type SystemProxy } from '../proxy/system';
import { redactLoose, redactText, redactUrl } from '../../vocabulary/redact';
import { bundledStore, storesFor } from '../trust';

export interface EnvReportOptions {
  sampleUrl: string;
  env: Record<string, string | undefined>;
  proxy?: string | null;
  proxySource?: 'option' | 'vscode';
  pac?: string;
  ca?: string[];
  /** Set by the extension: VS Code's version and network settings. */
  vscode?: { version: string; settings: Record<string, unknown> };
}

export interface EnvReport {
  runtime: { node: string; openssl: string; platform: string; arch: string; vscode?: string };
  networkDefaults: Record<string, string | number | boolean>;
  trustStores: { name: string; from: string; certificates: number }[];
  /** Certificates this machine trusts beyond Node's bundled roots (system-only, NODE_EXTRA_CA_CERTS, --ca), first 20. */
  extraCas: { store: string; subject: string; notAfter: string }[];
  extraCaCount: number;
  interceptionRoots: { store: string; subject: string; product: string }[];
  proxy: {
    environment: Record<string, string>;
    vscode?: Record<string, unknown>;
    system?: SystemProxy;
    sampleUrl: string;
    answers: ProxyDecision[];
    decision: string;
    disagreement?: string;
  };
  resolvers: { servers: string[]; search: string[] };
  ipv6: { loopback: boolean; globalAddress: boolean };
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'NODE_USE_ENV_PROXY', 'NODE_EXTRA_CA_CERTS', 'NODE_USE_SYSTEM_CA', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_OPTIONS'];

export async function environmentReport(o: EnvReportOptions): Promise<EnvReport> {
  const stores = storesFor(o.ca, o.env);
  const bundled = new Set(bundledStore().certs.map((c) => c.fingerprint256));
  const extra: EnvReport['extraCas'] = [];
  const interception: EnvReport['interceptionRoots'] = [];
  // Each certificate once, with every store that has it (NODE_EXTRA_CA_CERTS often points at the OS bundle).
  const beyond = new Map<string, { stores: string[]; subject: string; notAfter: string }>();
  for (const s of stores) {
    for (const c of s.certs) {
      const subject = c.subject.replace(/\n/g, ', ');
      const product = interceptorIn(subject);
      if (product) interception.push({ store: s.name, subject, product: product.label });
      if (s.name === 'bundled' || bundled.has(c.fingerprint256)) continue;
      const seen = beyond.get(c.fingerprint256);
      if (seen) seen.stores.push(s.name);
      else beyond.set(c.fingerprint256, { stores: [s.name], subject, notAfter: new Date(c.validTo).toISOString().slice(0, 10) });
    }
  }
  const extraCount = beyond.size;
  for (const x of [...beyond.values()].slice(0, 20)) extra.push({ store: x.stores.join('+'), subject: x.subject, notAfter: x.notAfter });
  const inputs = { proxy: o.proxy, proxySource: o.proxySource, env: o.env, pac: o.pac };
  const answers = await everyProxySource(o.sampleUrl, inputs);
  const first = answers.find((a) => !/could not be used/.test(a.why));
  const sys = await systemProxy(o.env);
  const environment: Record<string, string> = {};
  for (const k of PROXY_VARS) if (o.env[k] !== undefined) environment[k] = /PROXY$/i.test(k) && !/^NO_/i.test(k) ? redactUrl(o.env[k]!) : redactText(o.env[k]!);
  const redactDecision = (d: ProxyDecision): ProxyDecision => ({ ...d, proxy: d.proxy === undefined ? undefined : redactUrl(d.proxy) });
  const netAny = net as unknown as { getDefaultAutoSelectFamily?: () => boolean; getDefaultAutoSelectFamilyAttemptTimeout?: () => number };
  return {
    runtime: { node: process.version, openssl: process.versions.openssl, platform: `${os.platform()} ${os.release()}`, arch: os.arch(), ...(o.vscode ? { vscode: o.vscode.version } : {}) },
    networkDefaults: {
      autoSelectFamily: netAny.getDefaultAutoSelectFamily?.() ?? false,
      autoSelectFamilyAttemptTimeoutMs: netAny.getDefaultAutoSelectFamilyAttemptTimeout?.() ?? 250,
      dnsResultOrder: (dns as unknown as { getDefaultResultOrder?: () => string }).getDefaultResultOrder?.() ?? 'verbatim',
      fetchUsesEnvProxy: o.env.NODE_USE_ENV_PROXY === '1',
      useSystemCa: o.env.NODE_USE_SYSTEM_CA === '1' || /--use-system-ca/.test(o.env.NODE_OPTIONS ?? ''),
      rejectUnauthorized: o.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0',
    },
    trustStores: stores.map((s) => ({ name: s.name, from: s.from, certificates: s.certs.length })),
    extraCas: extra,
    extraCaCount: extraCount,
    interceptionRoots: interception.slice(0, 20),
    proxy: {
      environment,
      ...(o.vscode ? { vscode: redactSettings(o.vscode.settings) } : {}),
      ...(sys ? { system: { ...sys, pac: sys.pac && redactUrl(sys.pac), http: sys.http && redactUrl(sys.http), https: sys.https && redactUrl(sys.https), socks: sys.socks && redactUrl(sys.socks) } } : {}),
      sampleUrl: redactLoose(o.sampleUrl),
      answers: answers.map(redactDecision),
      decision: first ? `${first.proxy ? redactUrl(first.proxy) : 'direct'} (${first.source}: ${first.why})` : 'direct (no proxy configured)',
      ...(disagreement(answers) ? { disagreement: disagreement(answers) } : {}),
    },
    resolvers: { servers: dns.getServers(), search: searchDomains() },
    ipv6: ipv6State(),
  };
}

function redactSettings(s: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = typeof v === 'string' ? (/authorization/i.test(k) && v ? '***' : redactUrl(v)) : v;
  return out;
}

function searchDomains(): string[] {
  try {
    const text = readFileSync('/etc/resolv.conf', 'utf8');
    return [...text.matchAll(/^\s*(?:search|domain)\s+(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/)).slice(0, 10);
  } catch {
    return [];
  }
}

function ipv6State(): EnvReport['ipv6'] {
  const all = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []);
  return {
    loopback: all.some((a) => a.family === 'IPv6' && a.internal && a.address === '::1'),
    globalAddress: all.some((a) => a.family === 'IPv6' && !a.internal && !/^fe80:|^fd|^fc/i.test(a.address)),
  };
}

/** The report as text for a terminal or a ticket. */
export function formatEnvReport(r: EnvReport): string {
  const lines: string[] = ['Connection Doctor environment report (redacted)', ''];
  lines.push(`Runtime: Node ${r.runtime.node}, OpenSSL ${r.runtime.openssl}, ${r.runtime.platform} ${r.runtime.arch}${r.runtime.vscode ? `, VS Code ${r.runtime.vscode}` : ''}`);
  lines.push(`Network defaults: ${Object.entries(r.networkDefaults).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push('', 'Trust stores:');
  for (const s of r.trustStores) lines.push(`  ${s.name}: ${s.certificates} certificates (${s.from})`);
  lines.push(`  beyond Node's bundled roots: ${r.extraCaCount}${r.extraCas.length ? '' : ' (none)'}`);
  for (const c of r.extraCas) lines.push(`    [${c.store}] ${c.subject} (until ${c.notAfter})`);
  lines.push(`  interception roots found: ${r.interceptionRoots.length ? '' : 'none'}`);
  for (const c of r.interceptionRoots) lines.push(`    [${c.store}] ${c.product}: ${c.subject}`);
  lines.push('', 'Proxy:');
  const envVars = Object.entries(r.proxy.environment);
  lines.push(`  environment: ${envVars.length ? envVars.map(([k, v]) => `${k}=${v}`).join(' ') : '(none set)'}`);
  if (r.proxy.vscode) lines.push(`  VS Code: ${Object.entries(r.proxy.vscode).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  if (r.proxy.system) lines.push(`  system (${r.proxy.system.from}): ${[r.proxy.system.pac && `PAC ${r.proxy.system.pac}`, r.proxy.system.https && `https ${r.proxy.system.https}`, r.proxy.system.http && `http ${r.proxy.system.http}`, r.proxy.system.socks && `socks ${r.proxy.system.socks}`].filter(Boolean).join(', ')}${r.proxy.system.bypass.length ? `; bypass ${r.proxy.system.bypass.join(',')}` : ''}`);
  lines.push(`  for ${r.proxy.sampleUrl}:`);
  for (const a of r.proxy.answers) lines.push(`    ${a.source}: ${a.proxy ?? 'direct'} — ${a.why}`);
  lines.push(`    → ${r.proxy.decision}`);
  if (r.proxy.disagreement) lines.push(`  Disagreement: ${r.proxy.disagreement}`);
  lines.push('', `Resolvers: ${r.resolvers.servers.join(', ') || '(none)'}${r.resolvers.search.length ? `; search ${r.resolvers.search.join(' ')}` : ''}`);
  lines.push(`IPv6: loopback ::1 ${r.ipv6.loopback ? 'yes' : 'no'}; global address ${r.ipv6.globalAddress ? 'yes' : 'no'}`);
  return lines.join('\n') + '\n';
}
