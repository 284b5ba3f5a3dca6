// Which targets a module may reach. An open /probe endpoint makes this host connect wherever it is told:
// every target and every redirect hop is checked here before a socket opens.
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { redactUrl } from '../vocabulary/redact';
import { parseTarget, type Target } from '../probe/target';
import { whyUnprobeable } from '../probe/validate';
import type { Allow } from './modules';

export interface Admitted {
  target: Target;
  /** Addresses checked against the module's CIDRs, pinned so the probe connects to exactly these. */
  pinned?: { key: string; addresses: string[]; lookupMs: number };
}

export type Verdict = { ok: true; admitted: Admitted } | { ok: false; reason: string };

/** Scheme and host rules, then (when the module names CIDRs) every resolved address. */
export async function admit(url: string, allow: Allow, timeoutMs: number, signal?: AbortSignal): Promise<Verdict> {
  const why = whyUnprobeable(url);
  if (why) return { ok: false, reason: why };
  let target: Target;
  try {
    target = parseTarget(url);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const shown = redactUrl(url);
  if (allow.schemes && !allow.schemes.includes(target.scheme)) {
    return { ok: false, reason: `${target.scheme}:// is not allowed by this module (allowed: ${allow.schemes.join(', ')}) — ${shown}` };
  }
  const host = isIP(target.host) ? target.host : (domainToASCII(target.host) || target.host).toLowerCase().replace(/\.$/, '');
  if (allow.hosts && !allow.hosts.some((pattern) => hostMatches(host, pattern))) {
    return { ok: false, reason: `host ${host} is not allowed by this module — ${shown}` };
  }
  if (!allow.cidrs) return { ok: true, admitted: { target } };
  const started = performance.now();
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await lookupAll(host, timeoutMs, signal);
  } catch (e) {
    // The probe itself would fail in dns too; the policy cannot admit what it cannot check.
    return { ok: false, reason: `cannot check ${host} against the allowed CIDRs: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const outside = addresses.filter((a) => !allow.cidrs!.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'));
  if (outside.length) {
    return { ok: false, reason: `${host} resolves to ${outside.join(', ')}, outside the allowed CIDRs (${allow.cidrText?.join(', ')})` };
  }
  return { ok: true, admitted: { target, pinned: { key: `${host}:${target.port}`, addresses, lookupMs: performance.now() - started } } };
}

/** `example.com` matches itself; `*.example.com` any name below it (not the apex), as in certificates and NO_PROXY lists. */
export function hostMatches(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

async function lookupAll(host: string, timeoutMs: number, signal?: AbortSignal): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), timeoutMs);
    signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })), { once: true });
  });
  try {
    const found = await Promise.race([dns.lookup(host, { all: true, verbatim: true }), limit]);
    if (found.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
    return found.map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}
