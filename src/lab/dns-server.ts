// A DNS server on loopback (UDP and TCP, one port) answering from a fixed zone: addresses, NXDOMAIN, NODATA,
// SERVFAIL, or silence. Anything outside the zone gets REFUSED: the lab never forwards a query.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Tracker } from './tracker';

export type ZoneEntry =
  | { kind: 'address'; a: string[]; aaaa?: string[] }
  | { kind: 'nxdomain' }
  | { kind: 'nodata' }
  | { kind: 'servfail' }
  | { kind: 'silent' };

export interface LabDns {
  host: string;
  port: number;
  /** "127.0.0.1:PORT", as ProbeOptions.dnsServer and --dns-server take it. */
  server: string;
  zone: Map<string, ZoneEntry>;
}

const ZONE_APEX = 'lab.test';
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

function answer(query: dnsPacket.Packet, zone: Map<string, ZoneEntry>): Buffer | null {
  const q = query.questions?.[0];
  const name = q?.name.toLowerCase().replace(/\.$/, '') ?? '';
  const entry = zone.get(name);
  if (entry?.kind === 'silent') return null;
  let rcode: number = RCODE.NOERROR;
  const answers: dnsPacket.Answer[] = [];
  if (!q || !(name === ZONE_APEX || name.endsWith('.' + ZONE_APEX))) rcode = RCODE.REFUSED;
  else if (!entry || entry.kind === 'nxdomain') rcode = RCODE.NXDOMAIN;
  else if (entry.kind === 'servfail') rcode = RCODE.SERVFAIL;
  else if (entry.kind === 'address') {
    const list = q.type === 'A' ? entry.a : q.type === 'AAAA' ? (entry.aaaa ?? []) : [];
    for (const data of list) answers.push({ name: q.name, type: q.type as 'A', class: 'IN', ttl: 5, data });
  }
  // NODATA and NXDOMAIN carry the zone's SOA, as real authoritative servers do (negative caching, RFC 2308).
  const authorities: dnsPacket.Answer[] =
    rcode === RCODE.NXDOMAIN || (rcode === RCODE.NOERROR && answers.length === 0)
      ? [{
          name: ZONE_APEX, type: 'SOA', class: 'IN', ttl: 5,
          data: { mname: 'ns.lab.test', rname: 'hostmaster.lab.test', serial: 1, refresh: 60, retry: 60, expire: 60, minimum: 5 },
        }]
      : [];
  return dnsPacket.encode({
    id: query.id,
    type: 'response',
    // flags: QR is implied by type; AA (0x400) and RD echoed; rcode in the low bits.
    flags: 0x0400 | ((query.flags ?? 0) & 0x0100) | rcode,
    questions: query.questions,
    answers,
    authorities,
  });
}

/** Binds UDP and TCP on the same ephemeral port (retrying if TCP finds it taken). */
export async function startDns(tracker: Tracker, zone: Map<string, ZoneEntry>, host = '127.0.0.1'): Promise<LabDns> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = tracker.udp(dgram.createSocket('udp4'));
    udp.on('message', (msg, rinfo) => {
      let query: dnsPacket.Packet;
      try { query = dnsPacket.decode(msg); } catch { return; }
      const out = answer(query, zone);
      if (out) udp.send(out, rinfo.port, rinfo.address);
    });
    const port = await new Promise<number>((resolve) => udp.bind(0, host, () => resolve(udp.address().port)));
    const tcp = net.createServer((sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          let out: Buffer | null = null;
          try { out = answer(dnsPacket.decode(msg), zone); } catch { sock.destroy(); return; }
          if (out) {
            const len = Buffer.alloc(2);
            len.writeUInt16BE(out.length);
            sock.write(Buffer.concat([len, out]));
          }
        }
      });
    });
    try {
      await tracker.listen(tcp, host, port);
      return { host, port, server: `${host}:${port}`, zone };
    } catch {
      udp.close();
    }
  }
  throw new Error('lab DNS: no port free for both UDP and TCP');
}
