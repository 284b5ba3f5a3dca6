// How the reset sender's distance moves the culprit ranking (only with `reset-injected`).
import type { CulpritHint } from '../knowledge/entry';
import type { Result } from '../../vocabulary/types';

export function distanceHints(r: Result): CulpritHint[] {
  const c = r.capture;
  if (!r.findings.includes('reset-injected') || !c?.ender || !c.synAck) return [];
  const { ender, synAck } = c;
  const at = `${ender.flags} from ~${ender.hops} hop${ender.hops === 1 ? '' : 's'}, server ~${synAck.hops}`;
  if (ender.hops <= 2 && ender.hops < synAck.hops) {
    return [
      { kind: 'firewall', title: 'Your own network\'s firewall / IPS forging the reset', why: `${at}: a box in your network`, score: 55 },
      { kind: 'proxy', title: 'Your own network\'s web proxy / TLS inspection', why: `${at}: a box in your network`, score: 15 },
      { kind: 'waf', title: '', why: '', score: -20 },
      { kind: 'load-balancer', title: '', why: '', score: -20 },
    ];
  }
  return [
    { kind: 'waf', title: 'WAF / DDoS protection in front of the server', why: `${at}: a box near the server`, score: 55 },
    { kind: 'load-balancer', title: 'Load balancer in front of the server', why: `${at}: a box near the server`, score: 25 },
    { kind: 'firewall', title: '', why: '', score: -25 },
  ];
}
