// The dns phase: name → every A/AAAA address (and the CNAME chain where it can be read).
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { PhaseResult, ProbeOptions, ResolvedAddress } from '../../vocabulary/types';
import { ProbeError, bounded, sleep } from '../wire';

export interface DnsAnswer {
  addresses: ResolvedAddress[];
  /** mongodb+srv: the host and port the SRV record named. */
  srv?: { host: string; port: number };
}

/** Fills `p` (host, addresses, cname, resolver); throws an error whose `code` classify() reads. */
export async function resolvePhase(
  p: PhaseResult,
  host: string,
  port: number,
  opts: ProbeOptions & { timeoutMs: number },
  /** mongodb+srv: look up _mongodb._tcp.host first. */
  srvLookup = false,
): Promise<DnsAnswer> {
  p.host = host;
  const family = isIP(host);
  if (family) {
    p.resolver = 'literal';
    p.addresses = [{ address: host, family: family as 4 | 6 }];
    return { addresses: p.addresses };
  }
  const forced = opts.resolve?.[`${host}:${port}`] ?? opts.resolve?.[`${host}:*`];
  if (forced?.length) {
    p.resolver = '--resolve';
    p.addresses = forced.map((a) => ({ address: a.replace(/^\[|\]$/g, ''), family: isIP(a.replace(/^\[|\]$/g, '')) === 6 ? 6 : 4 }));
    return { addresses: p.addresses };
  }
  const resolver = opts.dnsServer ? new dns.Resolver({ timeout: opts.timeoutMs, tries: 1 }) : undefined;
  if (resolver && opts.dnsServer) {
    resolver.setServers([opts.dnsServer]);
    p.resolver = opts.dnsServer;
  } else p.resolver = 'system';

  const work = async (): Promise<DnsAnswer> => {
    let name = host;
    let srv: DnsAnswer['srv'];
    if (srvLookup) {
      const records = await (resolver ?? dns).resolveSrv(`_mongodb._tcp.${host}`);
      if (!records.length) throw new ProbeError('ENODATA', `no SRV record _mongodb._tcp.${host}`);
      srv = { host: records[0].name, port: records[0].port };
      name = srv.host;
    }
    if (resolver) {
      const [addresses, cname] = await Promise.all([resolveWith(resolver, name), cnameOf(resolver, name)]);
      if (cname?.length) p.cname = cname;
      return { addresses, srv };
    }
    // getaddrinfo hides the CNAME chain: ask the configured DNS beside it, and wait only briefly.
    const side = NO_PUBLIC_DNS.test(name) ? undefined : new dns.Resolver({ timeout: Math.min(opts.timeoutMs, 2000), tries: 1 });
    const pending = side ? cnameOf(side, name) : undefined;
    try {
      const addresses = await lookupSystem(name).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOTFOUND' ? askServersDirectly(p, name, opts.timeoutMs, e) : Promise.reject(e)));
      const cname = pending && (await Promise.race([pending, sleep(CNAME_GRACE_MS)]));
      if (cname?.length) p.cname = cname;
      return { addresses, srv };
    } finally {
      side?.cancel();
    }
  };
  const answer = await bounded(work(), opts.timeoutMs, 'DNS resolution', opts.signal, () => resolver?.cancel());
  p.addresses = answer.addresses;
  return answer;
}

/** Names no public DNS answers for: no CNAME query beside the system lookup. */
const NO_PUBLIC_DNS = /^[^.]+$|\.(localhost|local|test|invalid|example|internal|lan|home\.arpa)\.?$/i;
const CNAME_GRACE_MS = 50;

function cnameOf(resolver: dns.Resolver, name: string): Promise<string[] | undefined> {
  return resolver.resolveCname(name).catch(() => undefined);
}

async function lookupSystem(name: string): Promise<ResolvedAddress[]> {
  const found = await dns.lookup(name, { all: true, order: 'verbatim' } as { all: true });
  if (!found.length) throw new ProbeError('ENODATA', `${name} has no address`);
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** What a DNS answer was, as dig shows it (c-ares codes → rcode or outcome). */
const ANSWER_WORDS: Record<string, string> = { ENOTFOUND: 'NXDOMAIN', ENODATA: 'NODATA', ESERVFAIL: 'SERVFAIL', EREFUSED: 'REFUSED', ETIMEOUT: 'no answer', ECONNREFUSED: 'no answer (port closed)' };

function said(r: PromiseSettledResult<string[]>): string {
  if (r.status === 'fulfilled') return r.value.join(' ');
  const code = (r.reason as NodeJS.ErrnoException).code ?? 'error';
  return ANSWER_WORDS[code] ?? code;
}

/**
 * Node reports getaddrinfo's NXDOMAIN and NODATA alike as ENOTFOUND (lib/internal/errors.js dnsException). Ask the
 * configured DNS servers themselves which it was, A and AAAA once each: NODATA for both (the name exists, no address)
 * becomes ENODATA; NXDOMAIN keeps ENOTFOUND; anything else keeps it too, and the note says the two were not told
 * apart. The note names the servers and each answer. Bounded by the phase timeout and 2 s.
 */
async function askServersDirectly(p: PhaseResult, name: string, timeoutMs: number, original: NodeJS.ErrnoException): Promise<never> {
  const direct = new dns.Resolver({ timeout: Math.min(timeoutMs, 2000), tries: 1 });
  try {
    const [a, aaaa] = await Promise.allSettled([direct.resolve4(name), direct.resolve6(name)]);
    const answered = `getaddrinfo said ENOTFOUND; the configured DNS (${direct.getServers().join(', ')}) answered A: ${said(a)}, AAAA: ${said(aaaa)}`;
    const words = [said(a), said(aaaa)];
    if (words.every((w) => w === 'NODATA')) {
      p.note = `${answered} — the name exists with no address (NODATA)`;
      throw new ProbeError('ENODATA', `${name} exists but has no A/AAAA record (NODATA)`);
    }
    if (words.includes('NXDOMAIN')) p.note = `${answered} — the name does not exist (NXDOMAIN)`;
    // Addresses getaddrinfo did not return: nsswitch, /etc/hosts or search domains decided; keep its verdict.
    else if (a.status === 'fulfilled' || aaaa.status === 'fulfilled') p.note = `${answered} — getaddrinfo (nsswitch, search domains) found none`;
    else p.note = `${answered} — NXDOMAIN and NODATA not told apart`;
    throw original;
  } finally {
    direct.cancel();
  }
}

async function resolveWith(resolver: dns.Resolver, name: string): Promise<ResolvedAddress[]> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses: ResolvedAddress[] = [];
  if (v4.status === 'fulfilled') addresses.push(...v4.value.map((address) => ({ address, family: 4 as const })));
  if (v6.status === 'fulfilled') addresses.push(...v6.value.map((address) => ({ address, family: 6 as const })));
  if (addresses.length) return addresses;
  const errors = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as NodeJS.ErrnoException] : []));
  // NXDOMAIN on either query means the name does not exist; NODATA on both means it has no address.
  throw errors.find((e) => e.code === 'ENOTFOUND') ??
    (errors.every((e) => e.code === 'ENODATA') ? errors[0] : errors.find((e) => e.code !== 'ENODATA') ?? errors[0]) ??
    new ProbeError('ENODATA', `${name} has no address`);
}
