// NO_PROXY as curl reads it (CURLOPT_NOPROXY): a comma list; `*` alone matches every host; a name matches
// itself and every subdomain ("ample.com" covers www.ample.com, not www.example.com); a leading dot or "*."
// means the same; IPv6 without brackets; IP ranges in CIDR. Beyond curl, an entry "host:port" applies to that
// port only, as undici and Go read it.
import { BlockList, isIP } from 'node:net';

/** The NO_PROXY entry that sends host:port direct, or undefined when the proxy applies. */
export function noProxyMatch(host: string, port: number, list: string): string | undefined {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const family = isIP(h);
  for (const raw of list.split(/[,\s]+/)) {
    const written = raw.trim();
    let entry = written.toLowerCase();
    if (!entry) continue;
    if (entry === '*') return written;
    const cidr = /^\[?([0-9a-f:.]+)\]?\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      if (family && inCidr(h, family, cidr[1], Number(cidr[2]))) return written;
      continue;
    }
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort) {
      if (Number(withPort[2]) !== port) continue;
      entry = withPort[1];
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '').replace(/\.$/, '');
    if (!entry) continue;
    if (isIP(entry)) {
      if (family && sameAddress(h, entry)) return written;
      continue;
    }
    if (h === entry || h.endsWith(`.${entry}`)) return written;
  }
  return undefined;
}

function inCidr(host: string, family: number, net: string, bits: number): boolean {
  const netFamily = isIP(net);
  if (!netFamily || netFamily !== family || bits > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(net, bits, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

function sameAddress(a: string, b: string): boolean {
  const fa = isIP(a);
  if (fa !== isIP(b)) return false;
  const list = new BlockList();
  list.addAddress(b, fa === 4 ? 'ipv4' : 'ipv6');
  return list.check(a, fa === 4 ? 'ipv4' : 'ipv6');
}
