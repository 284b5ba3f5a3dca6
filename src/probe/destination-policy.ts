// Where a probe may connect. A hostile server chooses its redirects and a hostile DNS its answers: neither
// may steer a probe into the cloud metadata service (instance credentials) or, from a public start, into
// the private network behind the machine running the probe. Checked on the resolved address, after DNS,
// so a name that rebinds to 169.254.169.254 is stopped like the literal.
import { BlockList, isIP } from 'node:net';

export type AddressClass = 'metadata' | 'link-local' | 'loopback' | 'private' | 'public';

const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254');
METADATA.addAddress('169.254.170.2'); // ECS task metadata
METADATA.addAddress('100.100.100.200'); // Alibaba Cloud
METADATA.addAddress('192.0.0.192'); // Oracle Cloud (classic)
METADATA.addAddress('fd00:ec2::254', 'ipv6'); // AWS over IPv6
METADATA.addAddress('fd00:ec2::23', 'ipv6'); // AWS DNS / time over IPv6

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16);
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8);
LOOPBACK.addSubnet('0.0.0.0', 8); // connecting to 0.0.0.0 reaches this machine
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8);
PRIVATE.addSubnet('172.16.0.0', 12);
PRIVATE.addSubnet('192.168.0.0', 16);
PRIVATE.addSubnet('100.64.0.0', 10); // carrier-grade NAT
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local
PRIVATE.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated, still routed by some)

/** Names that are the metadata service whatever they resolve to. */
const METADATA_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data(\.ec2\.internal)?|metadata\.azure\.internal)\.?$/i;

/**
 * The IPv4 address behind an IPv6 spelling of it (::ffff:a.b.c.d, ::ffff:XXXX:XXXX, ::a.b.c.d, NAT64
 * 64:ff9b::/96), or the address itself.
 */
export function unmapped(address: string): string {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const g = isIP(a) === 6 ? groups(a) : undefined;
  if (!g) return a;
  const zero = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  const mapped = zero(0, 5) && g[5] === 0xffff;
  const compatible = zero(0, 6) && !(g[6] === 0 && g[7] <= 1);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6);
  if (!mapped && !compatible && !nat64) return a;
  return `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
}

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted quad becomes the last two). */
function groups(a: string): number[] | undefined {
  let text = a;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [b0, b1, b2, b3] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t].map((x) => parseInt(x, 16));
  return all.length === 8 && all.every((x) => x >= 0 && x <= 0xffff) ? all : undefined;
}

// BlockList.check costs a SocketAddress in C++ per call; probes check the same few addresses over and over.
const classOf = new Map<string, AddressClass>();
const CLASS_CACHE_MAX = 4096;

/** What kind of destination an IP address is (any spelling of IPv4 inside IPv6 counts as the IPv4). */
export function addressClass(address: string): AddressClass {
  let c = classOf.get(address);
  if (c === undefined) {
    if (classOf.size >= CLASS_CACHE_MAX) classOf.clear();
    classOf.set(address, (c = classify(address)));
  }
  return c;
}

function classify(address: string): AddressClass {
  const a = unmapped(address);
  const family = isIP(a) === 6 ? 'ipv6' : 'ipv4';
  if (!isIP(a)) return 'public';
  if (METADATA.check(a, family)) return 'metadata';
  if (LINK_LOCAL.check(a, family)) return 'link-local';
  if (LOOPBACK.check(a, family)) return 'loopback';
  if (PRIVATE.check(a, family)) return 'private';
  return 'public';
}

/**
 * A host as a URL parser reads it: `2852039166`, `0xa9fea9fe` and `0251.0376.0251.0376` are all
 * 169.254.169.254 to WHATWG URL and to getaddrinfo alike.
 */
export function canonicalHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare.toLowerCase();
  try {
    return new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return bare.toLowerCase();
  }
}

/** Why no probe may ever go to this host (metadata name, link-local or metadata address in any spelling), or undefined. */
export function forbiddenHost(host: string): string | undefined {
  const h = canonicalHost(host);
  if (METADATA_NAMES.test(h)) return `${h} is a cloud metadata service name`;
  if (isIP(h)) return forbiddenAddress(h);
  return undefined;
}

/** Why no probe may ever connect to this address, or undefined. */
export function forbiddenAddress(address: string): string | undefined {
  const c = addressClass(address);
  if (c === 'metadata') return `${address} is a cloud metadata address`;
  if (c === 'link-local') return `${address} is link-local (169.254.0.0/16, fe80::/10: where metadata services live)`;
  return undefined;
}

/** True for loopback and private ranges: a public start may not redirect into them. */
export function isInternal(address: string): boolean {
  const c = addressClass(address);
  return c === 'loopback' || c === 'private';
}

/** What the probe of one URL may reach, decided by where the user's own URL went. */
export interface DestinationScope {
  /** The user's URL resolved to (or named) a private or loopback address: its redirects may stay there. */
  internalAllowed: boolean;
}

/**
 * Why this hop's addresses may not be connected to, or undefined. `scope` is undefined for the user's own
 * URL (which sets it); redirect hops pass the scope the first hop set.
 */
export function blockedAddresses(addresses: readonly string[], scope: DestinationScope | undefined): string | undefined {
  for (const a of addresses) {
    const why = forbiddenAddress(a);
    if (why) return why;
  }
  if (scope && !scope.internalAllowed) {
    const inside = addresses.find(isInternal);
    if (inside) return `${inside} is ${addressClass(inside)}, and the URL probed was public: a redirect may not lead from a public address into private or loopback ranges`;
  }
  return undefined;
}

/** Schemes a redirect may lead to. */
export function isWebScheme(protocol: string): boolean {
  return protocol === 'http:' || protocol === 'https:';
}
