// A small reader for classic pcap (what `tcpdump -w -` writes): only the headers we use — link layer,
// IPv4/IPv6, TCP flags and ports, ICMP/ICMPv6 errors with the packet they quote. No dependency: the
// npm pcap readers are native bindings to libpcap or unmaintained, and the format is 40 lines of offsets.

export interface RawPacket {
  /** epoch ms */
  time: number;
  family: 4 | 6;
  ttl: number;
  src: string;
  dst: string;
  tcp?: { sport: number; dport: number; flags: number };
  /** An ICMP(v6) error and the TCP ports/addresses of the packet it quotes. */
  icmp?: { type: number; code: number; inner?: { src: string; dst: string; sport: number; dport: number } };
}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_LINUX_SLL2 = 276;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

/** Parses a whole pcap buffer; a truncated last record (capture stopped mid-write) is ignored. */
export function readPcap(buf: Buffer): RawPacket[] {
  if (buf.length < 24) return [];
  const magicLE = buf.readUInt32LE(0);
  let le: boolean;
  let nano: boolean;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) [le, nano] = [true, magicLE === 0xa1b23c4d];
  else if (buf.readUInt32BE(0) === 0xa1b2c3d4 || buf.readUInt32BE(0) === 0xa1b23c4d) [le, nano] = [false, buf.readUInt32BE(0) === 0xa1b23c4d];
  else throw new Error('not a pcap file (bad magic)');
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linktype = u32(20) & 0x0fffffff;
  const out: RawPacket[] = [];
  for (let off = 24; off + 16 <= buf.length; ) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const incl = u32(off + 8);
    const start = off + 16;
    if (start + incl > buf.length) break;
    const frame = buf.subarray(start, start + incl);
    off = start + incl;
    const ip = network(frame, linktype, le);
    if (!ip) continue;
    const p = parseIp(ip, sec * 1000 + (nano ? frac / 1e6 : frac / 1e3));
    if (p) out.push(p);
  }
  return out;
}

/** The IP packet inside one frame, or undefined for anything that is not IPv4/IPv6. */
function network(f: Buffer, linktype: number, le: boolean): Buffer | undefined {
  const byEthertype = (type: number, at: number): Buffer | undefined => (type === 0x0800 || type === 0x86dd ? f.subarray(at) : undefined);
  switch (linktype) {
    case LINKTYPE_LINUX_SLL2:
      return f.length >= 20 ? byEthertype(f.readUInt16BE(0), 20) : undefined;
    case LINKTYPE_LINUX_SLL:
      return f.length >= 16 ? byEthertype(f.readUInt16BE(14), 16) : undefined;
    case LINKTYPE_ETHERNET: {
      if (f.length < 14) return undefined;
      let type = f.readUInt16BE(12);
      let at = 14;
      while ((type === 0x8100 || type === 0x88a8) && f.length >= at + 4) {
        type = f.readUInt16BE(at + 2);
        at += 4;
      }
      return byEthertype(type, at);
    }
    case LINKTYPE_NULL: {
      if (f.length < 4) return undefined;
      const family = le ? f.readUInt32LE(0) : f.readUInt32BE(0);
      return family === 2 || family === 10 || family === 24 || family === 28 || family === 30 ? f.subarray(4) : undefined;
    }
    case LINKTYPE_RAW:
      return f;
    default:
      return undefined;
  }
}

function parseIp(ip: Buffer, time: number): RawPacket | undefined {
  const h = header(ip);
  if (!h) return undefined;
  const p: RawPacket = { time, family: h.family, ttl: h.ttl, src: h.src, dst: h.dst };
  const l4 = ip.subarray(h.length);
  if (h.proto === 6 && l4.length >= 14) p.tcp = { sport: l4.readUInt16BE(0), dport: l4.readUInt16BE(2), flags: l4[13] };
  else if ((h.proto === 1 && h.family === 4) || (h.proto === 58 && h.family === 6)) {
    if (l4.length < 8) return undefined;
    p.icmp = { type: l4[0], code: l4[1] };
    if (isIcmpError(h.family, l4[0])) {
      const quoted = l4.subarray(8);
      const q = header(quoted);
      if (q && q.proto === 6 && quoted.length >= q.length + 4) {
        p.icmp.inner = { src: q.src, dst: q.dst, sport: quoted.readUInt16BE(q.length), dport: quoted.readUInt16BE(q.length + 2) };
      }
    }
  }
  return p;
}

export function isIcmpError(family: 4 | 6, type: number): boolean {
  // v4: unreachable, source quench, time exceeded, parameter problem; v6: unreachable, too big, time exceeded, parameter problem.
  return family === 4 ? [3, 4, 11, 12].includes(type) : type >= 1 && type <= 4;
}

function header(ip: Buffer): { family: 4 | 6; ttl: number; proto: number; src: string; dst: string; length: number } | undefined {
  if (ip.length < 1) return undefined;
  const version = ip[0] >> 4;
  if (version === 4 && ip.length >= 20) {
    const length = (ip[0] & 0x0f) * 4;
    if (length < 20) return undefined;
    return { family: 4, ttl: ip[8], proto: ip[9], src: v4(ip, 12), dst: v4(ip, 16), length };
  }
  // No extension headers: our SYN carries none, and the boxes that forge resets do not add them.
  if (version === 6 && ip.length >= 40) return { family: 6, ttl: ip[7], proto: ip[6], src: v6(ip, 8), dst: v6(ip, 24), length: 40 };
  return undefined;
}

function v4(b: Buffer, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function v6(b: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(at + 2 * i).toString(16));
  // Compress the longest run of zero groups, as inet_ntop does.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
