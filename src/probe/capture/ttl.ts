// Reading the capture: how far away each sender is, and whether the packet that ended the connection came
// from the same distance as the server's SYN-ACK.
import type { FindingEvidence } from '../../vocabulary/types';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type RawPacket } from './pcap';
import type { CaptureEvidence, PacketRecord } from '../../vocabulary/capture';

/** The initial TTLs systems use: Linux/macOS 64, Windows 128, network gear 255. */
const INITIAL_TTLS = [64, 128, 255];

/** Routers between the sender and us: the nearest usual initial TTL at or above the observed one, minus it. */
export function hopEstimate(ttl: number): number {
  const initial = INITIAL_TTLS.find((i) => i >= ttl) ?? 255;
  return initial - ttl;
}

export interface Conversation {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
}

const MAX_PACKETS = 32;

function tcpFlags(f: number): string {
  if (f & TCP_SYN) return f & TCP_ACK ? 'SYN-ACK' : 'SYN';
  if (f & TCP_RST) return f & TCP_ACK ? 'RST-ACK' : 'RST';
  if (f & TCP_FIN) return 'FIN';
  return '';
}

/** Keeps our SYN and what came back that matters (SYN-ACK, RST, FIN, ICMP errors about this connection). */
export function packetsOfInterest(raw: RawPacket[], c: Omit<Conversation, 'local'> & { local?: string }): PacketRecord[] {
  // Direction by ports, not addresses: on loopback both ends have the same address.
  const outbound = (p: RawPacket): boolean => p.tcp !== undefined && p.dst === c.remote && p.tcp.dport === c.remotePort && p.tcp.sport === c.localPort;
  const inbound = (p: RawPacket): boolean => p.tcp !== undefined && p.src === c.remote && p.tcp.sport === c.remotePort && p.tcp.dport === c.localPort;
  const mine = raw.filter((p) => {
    if (p.tcp) return (outbound(p) && (p.tcp.flags & TCP_SYN) !== 0 && (p.tcp.flags & TCP_ACK) === 0) || (inbound(p) && tcpFlags(p.tcp.flags) !== '');
    const q = p.icmp?.inner;
    return q !== undefined && q.dst === c.remote && q.dport === c.remotePort && q.sport === c.localPort;
  });
  const t0 = mine.find(outbound)?.time ?? mine[0]?.time ?? 0;
  const records: PacketRecord[] = [];
  for (const p of mine) {
    const dir = outbound(p) ? 'out' : 'in';
    const flags = p.tcp ? tcpFlags(p.tcp.flags) : `ICMP${p.family === 6 ? 'v6' : ''} ${p.icmp?.type}/${p.icmp?.code}`;
    const rec: PacketRecord = { ms: Math.round((p.time - t0) * 1000) / 1000, dir, flags, ttl: p.ttl, src: p.src };
    if (dir === 'in') rec.hops = hopEstimate(p.ttl);
    // "any" on loopback shows each packet twice (sent and received): keep one.
    const last = records[records.length - 1];
    if (last && last.flags === rec.flags && last.dir === rec.dir && last.ttl === rec.ttl && rec.ms - last.ms < 1) continue;
    records.push(rec);
    if (records.length >= MAX_PACKETS) break;
  }
  return records;
}

/** Fills in the SYN-ACK (reference distance) and the packet that ended the connection. */
export function summarise(ev: CaptureEvidence): CaptureEvidence {
  const inbound = ev.packets.filter((p) => p.dir === 'in' && p.hops !== undefined);
  const synAck = inbound.find((p) => p.flags === 'SYN-ACK');
  const ender = inbound.find((p) => p.flags.startsWith('RST') || p.flags.startsWith('ICMP')) ?? inbound.find((p) => p.flags === 'FIN');
  if (synAck) ev.synAck = { ttl: synAck.ttl, hops: synAck.hops ?? 0, src: synAck.src };
  if (ender) ev.ender = { flags: ender.flags, ttl: ender.ttl, hops: ender.hops ?? 0, src: ender.src };
  return ev;
}

/**
 * `reset-injected`: a RST or ICMP error from a different distance than the SYN-ACK. A FIN is not a forged
 * reset, and without a SYN-ACK there is nothing to compare with.
 */
export function injectedEvidence(ev: CaptureEvidence): FindingEvidence | undefined {
  const { synAck, ender } = ev;
  if (!synAck || !ender || ender.flags === 'FIN' || ender.hops === synAck.hops) return undefined;
  return {
    finding: 'reset-injected',
    detail: `${ender.flags} TTL ${ender.ttl} (~${ender.hops} hop${ender.hops === 1 ? '' : 's'} away) vs SYN-ACK TTL ${synAck.ttl} (~${synAck.hops} hop${synAck.hops === 1 ? '' : 's'}): ${whereSenderSits(ender.hops, synAck.hops)}`,
  };
}

/** Where the sender sits, in the user's terms. */
export function whereSenderSits(senderHops: number, serverHops: number): string {
  if (senderHops <= 1 && serverHops > senderHops) return 'a box in your own network (firewall or proxy) sent it';
  if (senderHops <= 2 && serverHops > senderHops + 1) return 'a box at your network\'s edge (firewall or proxy) sent it';
  if (senderHops < serverHops) return 'a box on the path, closer than the server, sent it';
  return 'a box farther than the SYN-ACK\'s sender sent it (the SYN-ACK came from a proxy in front)';
}

/** One line per packet for reports: time, direction, flags, TTL, hops, source. */
export function packetLine(p: PacketRecord): string {
  const hops = p.hops === undefined ? '' : ` (~${p.hops} hop${p.hops === 1 ? '' : 's'})`;
  return `${p.ms.toFixed(1).padStart(8)} ms  ${p.dir === 'in' ? '←' : '→'} ${p.flags.padEnd(10)} ${`TTL ${p.ttl}${hops}`.padEnd(20)} ${p.src}`;
}
