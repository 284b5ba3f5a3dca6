// Packet evidence of one probe connection (--capture) and the path to it (--trace): plain data in the Result.

/** One packet of interest: what the far side (or a box on the way) sent, and our SYN for the time origin. */
export interface PacketRecord {
  /** ms after our SYN (or the first packet seen). */
  ms: number;
  dir: 'in' | 'out';
  /** SYN, SYN-ACK, RST, RST-ACK, FIN, ICMP 3/13 (type/code) … */
  flags: string;
  /** IPv4 TTL or IPv6 hop limit as received. */
  ttl: number;
  /** nearest usual initial TTL (64, 128, 255) − ttl: routers between the sender and us. Inbound only. */
  hops?: number;
  src: string;
}

export interface CaptureEvidence {
  /** captured; not-permitted (no root / CAP_NET_RAW); unavailable (no tcpdump); failed (it did not start). */
  status: 'captured' | 'not-permitted' | 'unavailable' | 'failed';
  /** Why capture did not happen, and (once per process) how to permit it. */
  note?: string;
  tool?: string;
  localPort?: number;
  packets: PacketRecord[];
  /** The server's SYN-ACK, the reference distance. */
  synAck?: { ttl: number; hops: number; src: string };
  /** The RST, FIN or ICMP error that ended the connection. */
  ender?: { flags: string; ttl: number; hops: number; src: string };
}

export interface TraceHop {
  hop: number;
  address?: string;
  rttMs?: number;
  /** The hop answered in place of the destination (traceroute reached the port). */
  reached?: boolean;
}

export interface TraceEvidence {
  status: 'traced' | 'not-permitted' | 'unavailable' | 'failed';
  tool: string;
  note?: string;
  hops: TraceHop[];
  /** The hop whose distance matches the packet that ended the connection (hop estimate + 1). */
  senderHop?: number;
}
