// Cases for the path to the server: working baselines, DNS, TCP connect, the proxy tunnel, and a name whose
// addresses disagree.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { makeCase, SHORT_TIMEOUT_MS, type CaseContext, type LabCase } from './case';
import type { ZoneEntry } from './dns-server';
import { startBlackhole } from './blackhole';
import { startProxy } from './proxy-server';
import { helloServe, httpServe, okHandler, samePortPair, type Handler } from './servers';

const GOOD = '127.0.0.1';
const BAD = '127.0.0.2';

/**
 * A port nothing listens on: bound, then closed. Taken below the kernel's ephemeral range (read from /proc), so
 * another process binding port 0 cannot be handed it a moment later — parallel test runs would otherwise race.
 */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  let low = 32768;
  try { low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low; } catch { /* not Linux */ }
  const top = Math.min(low, 32768);
  const floor = Math.max(1024, top - 12000);
  for (let i = 0; i < 50; i++) {
    const port = floor + Math.floor(Math.random() * (top - floor));
    const s = net.createServer();
    const free = await new Promise<boolean>((r) => { s.once('error', () => r(false)); s.listen(port, host, () => r(true)); });
    if (free) {
      await new Promise((r) => s.close(r));
      return port;
    }
  }
  throw new Error('lab: no closed port found');
}

/** The lab DNS zone (names under lab.test; every other lab.test name is NXDOMAIN). */
export function labZone(): Map<string, ZoneEntry> {
  return new Map<string, ZoneEntry>([
    ['ok-dns.lab.test', { kind: 'address', a: [GOOD] }],
    ['dns-no-address.lab.test', { kind: 'nodata' }],
    ['dns-servfail.lab.test', { kind: 'servfail' }],
    ['dns-timeout.lab.test', { kind: 'silent' }],
    ['address-dns-good-first.lab.test', { kind: 'address', a: [GOOD, BAD] }],
    ['address-dns-bad-first.lab.test', { kind: 'address', a: [BAD, GOOD] }],
  ]);
}

const redirectChain: Handler = (req, res) => {
  const next: Record<string, [number, string]> = { '/': [301, '/step-2'], '/step-2': [302, '/step-3'], '/step-3': [307, '/final'] };
  const hop = next[req.url ?? '/'];
  if (hop) {
    res.writeHead(hop[0], { location: hop[1], 'content-length': 0 });
    res.end();
  } else okHandler('arrived after 3 redirects')(req, res);
};

export async function netCases(ctx: CaseContext, ipv6: boolean): Promise<LabCase[]> {
  const t = ctx.tracker;
  const cases: LabCase[] = [];
  const add = (...c: LabCase[]): number => cases.push(...c);

  // Baselines.
  const httpOk = await httpServe(ctx, okHandler());
  const h2 = await httpServe(ctx, okHandler('ok over h2'), { tls: ctx.pki.good, h2: true });
  const h1 = await httpServe(ctx, okHandler('ok over http/1.1'), { tls: ctx.pki.good });
  const redirects = await httpServe(ctx, redirectChain);
  add(
    makeCase(ctx, { name: 'ok-http', description: 'plain HTTP/1.1 server answering 200', scheme: 'http', port: httpOk, id: 'ok' }),
    makeCase(ctx, { name: 'ok-h2', description: 'TLS with the lab CA, ALPN h2 (http/1.1 allowed), 200', scheme: 'https', port: h2, id: 'ok' }),
    makeCase(ctx, { name: 'ok-https-h1', description: 'TLS with the lab CA, ALPN http/1.1 only, 200', scheme: 'https', port: h1, id: 'ok' }),
    makeCase(ctx, { name: 'redirect-ok', description: '301 → 302 → 307 → 200 on the same server', scheme: 'http', port: redirects, id: 'ok' }),
    makeCase(ctx, { name: 'ok-dns', description: 'resolved by the lab DNS server (A 127.0.0.1), then 200', scheme: 'http', port: httpOk, addresses: 'dns', id: 'ok' }),
  );
  if (ipv6) {
    const v6 = await httpServe(ctx, okHandler('ok over ipv6'), { host: '::1' });
    add(makeCase(ctx, { name: 'ok-ipv6', description: 'plain HTTP on [::1], 200', scheme: 'http', hostName: '::1', port: v6, id: 'ok', requires: 'ipv6' }));
  }

  // DNS (the lab DNS server; nothing else is asked).
  for (const [name, id, what] of [
    ['dns-not-found', 'dns.not-found', 'NXDOMAIN (with the zone SOA)'],
    ['dns-no-address', 'dns.no-address', 'NOERROR with no A/AAAA record (NODATA)'],
    ['dns-servfail', 'dns.failure', 'SERVFAIL'],
    ['dns-timeout', 'dns.failure', 'no answer at all: the query times out'],
  ] as const) {
    add(makeCase(ctx, {
      name, description: `lab DNS answers ${what}`, scheme: 'http', port: httpOk, addresses: 'dns', id,
      ...(name === 'dns-timeout' ? { timeoutMs: SHORT_TIMEOUT_MS } : {}),
    }));
  }

  // TCP connect.
  add(makeCase(ctx, { name: 'tcp-refused', description: 'nothing listens on the port: the SYN is answered by RST', scheme: 'http', port: await closedPort(), id: 'tcp.refused' }));
  add(makeCase(ctx, {
    name: 'tcp-timeout', description: 'listener that never accepts, queue full: the kernel drops the SYN',
    scheme: 'http', port: await startBlackhole(t, ctx.host), id: 'tcp.timeout', timeoutMs: SHORT_TIMEOUT_MS,
  }));
  add(makeCase(ctx, {
    name: 'tcp-unreachable',
    description: "address under an 'unreachable' route in a throwaway netns: connect() fails EHOSTUNREACH",
    scheme: 'http', port: 8080, addresses: ['127.66.0.1'], id: 'tcp.unreachable', requires: 'root',
    netns: ['ip link set lo up', 'ip route add unreachable 127.66.0.0/16 table local'],
  }));

  add(makeCase(ctx, {
    name: 'tcp-local-limit',
    description: 'throwaway netns whose every ephemeral port is reserved: connect() fails EADDRNOTAVAIL before a SYN leaves',
    scheme: 'http', port: 8080, addresses: ['127.0.0.1'], id: 'tcp.local-limit', requires: 'root',
    netns: ['ip link set lo up', 'sysctl -qw net.ipv4.ip_local_port_range="40000 40001"', 'sysctl -qw net.ipv4.ip_local_reserved_ports=40000-40001'],
  }));

  // Proxies.
  const proxyOk = await startProxy(t, 'ok', ctx.host);
  add(makeCase(ctx, { name: 'ok-proxy', description: 'CONNECT proxy tunnels to a TLS server, 200', scheme: 'https', port: h1, proxy: `http://${ctx.host}:${proxyOk}`, id: 'ok' }));
  add(makeCase(ctx, {
    name: 'proxy-unreachable', description: 'the configured proxy port refuses the connection',
    scheme: 'https', port: h1, proxy: `http://${ctx.host}:${await closedPort()}`, id: 'proxy.unreachable',
  }));
  for (const [mode, id, what] of [
    ['auth-required', 'proxy.auth-required', 'answers CONNECT with 407 Proxy-Authenticate: Basic'],
    ['denied', 'proxy.denied', 'answers CONNECT with 403 (policy block)'],
    ['reset', 'proxy.tunnel-failed', 'resets the connection on CONNECT'],
    ['close', 'proxy.tunnel-failed', 'closes (FIN) on CONNECT without a status line'],
  ] as const) {
    const port = await startProxy(t, mode, ctx.host);
    add(makeCase(ctx, { name: `proxy-${mode}`, description: `proxy ${what}`, scheme: 'https', port: h1, proxy: `http://${ctx.host}:${port}`, id }));
  }

  // One name, two addresses: 127.0.0.1 serves, 127.0.0.2 resets the ClientHello.
  const pair = await samePortPair(
    (w) => httpServe(ctx, okHandler('good back end'), { ...w, tls: ctx.pki.good }),
    (w) => helloServe(ctx, () => ({ kind: 'reset' }), w),
    [GOOD, BAD],
  );
  const addrDesc = (order: string, via: string): string =>
    `${via}: 127.0.0.1 serves, 127.0.0.2 resets the ClientHello; ${order} listed first`;
  add(
    makeCase(ctx, { name: 'address-good-first', description: addrDesc('good', '--resolve'), scheme: 'https', port: pair, addresses: [GOOD, BAD], id: 'ok', findings: ['address-dependent'] }),
    makeCase(ctx, { name: 'address-bad-first', description: addrDesc('bad', '--resolve') + ' (the first address is the one used)', scheme: 'https', port: pair, addresses: [BAD, GOOD], id: 'tls.reset', findings: ['address-dependent'] }),
    makeCase(ctx, { name: 'address-dns-good-first', description: addrDesc('good', 'lab DNS, two A records'), scheme: 'https', port: pair, addresses: 'dns', id: 'ok', findings: ['address-dependent'] }),
    makeCase(ctx, { name: 'address-dns-bad-first', description: addrDesc('bad', 'lab DNS, two A records') + ' (the first address is the one used)', scheme: 'https', port: pair, addresses: 'dns', id: 'tls.reset', findings: ['address-dependent'] }),
  );
  return cases;
}
