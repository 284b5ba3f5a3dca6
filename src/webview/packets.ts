// The explanation page's packet evidence: a small packet table (time, direction, flags, TTL, hops, source) and,
// with --trace, the path as a row of hops with the one at the ending packet's distance marked. textContent only.
import type { Result } from '../vocabulary/types';

type Kids = Node | string | null | undefined | false | readonly Kids[];
export interface Dom {
  h(tag: string, props?: { class?: string; title?: string }, ...children: Kids[]): HTMLElement;
  section(title: string, ...body: Kids[]): HTMLElement;
  table(headers: string[], rows: (string | HTMLElement)[][], cls?: string): HTMLElement;
}

export function packetSection(r: Result, d: Dom): HTMLElement | null {
  const c = r.capture;
  const t = r.trace;
  if (!c && !t) return null;
  const body: Kids[] = [];
  if (c && c.status !== 'captured') body.push(d.h('p', { class: 'hint' }, `Not captured (${c.status})${c.note ? `: ${c.note}` : ''}`));
  if (c?.status === 'captured') {
    body.push(d.h('p', { class: 'hint' }, 'Hops = nearest usual initial TTL (64, 128, 255) − the TTL received: routers between the sender and you.'));
    body.push(
      d.table(
        ['time', 'direction', 'flags', 'TTL', 'hops', 'from'],
        c.packets.map((p) => [`${p.ms.toFixed(1)} ms`, p.dir === 'in' ? '← in' : '→ out', d.h('code', {}, p.flags), String(p.ttl), p.hops === undefined ? '' : String(p.hops), p.src]),
      ),
    );
  }
  if (t) body.push(pathDiagram(r, d));
  return d.section('Packets', ...body);
}

function pathDiagram(r: Result, d: Dom): HTMLElement {
  const t = r.trace!;
  if (t.status !== 'traced') return d.h('p', { class: 'hint' }, `Path not traced (${t.status})${t.note ? `: ${t.note}` : ''}`);
  const nodes: Kids[] = [d.h('span', { class: 'chip' }, 'you')];
  for (const hop of t.hops) {
    const sender = hop.hop === t.senderHop;
    nodes.push(' → ', d.h('span', { class: sender ? 'chip fail-text' : 'chip', title: sender ? 'at the distance of the packet that ended the connection' : '' }, `${hop.hop}. ${hop.address ?? '*'}${sender ? ' ⟵ sent it' : ''}`));
  }
  return d.h('div', {}, d.h('h3', {}, `Path (${t.tool})`), d.h('div', { class: 'chips' }, nodes), t.note ? d.h('p', { class: 'hint' }, t.note) : null);
}
