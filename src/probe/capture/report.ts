// Capture and trace as plain lines for the human report (and the hover): packets, then the path.
import type { Result } from '../../vocabulary/types';
import { senderHopLine } from './trace';
import { packetLine } from './ttl';

/** First line a heading, the rest the body; empty when the result has neither capture nor trace. */
export function packetLines(r: Result): string[] {
  const out: string[] = [];
  const c = r.capture;
  if (c) {
    if (c.status !== 'captured') out.push(`packets: not captured (${c.status})${c.note ? ` — ${c.note}` : ''}`);
    else {
      out.push(`packets: ${c.packets.length ? `port ${c.localPort} ↔ ${r.port}, hops = nearest of 64/128/255 − TTL` : 'none of interest captured'}`);
      out.push(...c.packets.map(packetLine));
    }
  }
  const t = r.trace;
  if (t) {
    const head = `path (${t.tool}):${t.status === 'traced' ? '' : ` ${t.status}${t.note ? ` — ${t.note}` : ''}`}`;
    out.push(head);
    for (const h of t.hops) out.push(`${String(h.hop).padStart(3)}  ${h.address ?? '*'}${h.rttMs !== undefined ? `  ${h.rttMs} ms` : ''}${h.hop === t.senderHop ? '  ← the ending packet\'s distance' : ''}${h.reached ? '  (answered for the destination)' : ''}`);
    const who = senderHopLine(t);
    if (who) out.push(who);
    if (t.status === 'traced' && t.note) out.push(`note: ${t.note}`);
  }
  return out;
}

/** One sentence for the hover's verdict: who ended the connection, by distance. */
export function packetVerdict(r: Result): string | undefined {
  const c = r.capture;
  if (c?.status !== 'captured' || !c.ender) return undefined;
  const e = r.evidence?.find((x) => x.finding === 'reset-injected');
  if (e) return `reset-injected — ${e.detail}`;
  const s = c.synAck;
  return `${c.ender.flags} TTL ${c.ender.ttl} (~${c.ender.hops} hops)${s ? `, SYN-ACK TTL ${s.ttl} (~${s.hops} hops): same distance, the box that accepted the connection ended it` : ': no SYN-ACK to compare with'}`;
}
