// Who acts on a step (knowledge-review.md 6.7): one row per rule of actors.ts, then every step the knowledge shows.
import * as assert from 'node:assert/strict';
import { DIAGNOSIS_IDS } from '../../src/vocabulary/ids';
import { allEntries, applyKnowledge } from '../../src/probe/knowledge/index';
import { withActor } from '../../src/probe/knowledge/actors';
import type { CulpritKind } from '../../src/probe/knowledge/entry';

const ROWS: { rule: string; step: string; kind: CulpritKind; shown: string }[] = [
  { rule: 'an experiment is yours, whatever culprit it tests', step: 'Compare with no SNI and with a decoy SNI: if those complete, the close keys on the name.', kind: 'waf', shown: 'You: compare with no SNI' },
  { rule: 'asking someone is yours', step: 'Ask the network team whether an ACL rejects this destination with ICMP.', kind: 'firewall', shown: 'You: ask the network team' },
  { rule: 'client settings are yours', step: 'If this network needs an HTTP proxy, set HTTPS_PROXY (or pass --proxy).', kind: 'proxy', shown: 'You: if this network needs' },
  { rule: 'the record in the zone is the site owner\'s', step: 'Remove addresses that no longer belong to the service.', kind: 'dns', shown: 'The site\'s owner: remove addresses' },
  { rule: 'a reverse proxy\'s upstream is the site owner\'s', step: 'Check the proxy\'s upstream timeouts and error log.', kind: 'proxy', shown: 'The site\'s owner: check the proxy\'s upstream' },
  { rule: 'the server side of a firewall is the site owner\'s', step: 'Check inbound rules on the server side (security group, NACL, host firewall) allow this port.', kind: 'firewall', shown: 'The site\'s owner: check inbound rules' },
  { rule: 'your egress and your forward proxy are your network team\'s', step: 'Many proxies allow CONNECT only to port 443: other ports need an explicit rule.', kind: 'proxy', shown: 'Your network team: many proxies' },
  { rule: 'otherwise the culprit\'s kind decides: a server', step: 'Serve the full chain (leaf + intermediates).', kind: 'server', shown: 'The site\'s owner: serve the full chain' },
  { rule: 'otherwise the culprit\'s kind decides: a firewall', step: 'Ask for nothing; update the IPS signatures.', kind: 'firewall', shown: 'You: ask for nothing' },
  { rule: 'a tool label stays beside the actor', step: 'npm: npm config set cafile /path/corp-ca.pem', kind: 'client', shown: 'You (npm): npm config set cafile' },
  { rule: 'a vendor label stays beside the actor', step: 'nginx: the error log names upstream failures.', kind: 'server', shown: 'The site\'s owner (nginx): the error log' },
  { rule: 'an imperative with a colon is not a label', step: 'Authenticate: anonymous quotas are far smaller.', kind: 'client', shown: 'You: authenticate: anonymous quotas' },
  { rule: 'a step that names its actor keeps it', step: 'Your network team: exempt this host from TLS inspection.', kind: 'client', shown: 'Your network team: exempt this host' },
  { rule: 'an acronym keeps its capitals', step: 'AWS ALB supports WebSocket on HTTP/HTTPS listeners.', kind: 'load-balancer', shown: 'The site\'s owner: AWS ALB supports' },
];

const ACTOR = /^(You|Your network team|The site's owner)( \(.+?\))?: /;

describe('who acts on a step', () => {
  for (const row of ROWS) {
    it(row.rule, () => assert.ok(withActor(row.step, row.kind).startsWith(row.shown), withActor(row.step, row.kind)));
  }

  it('every step conndoc explain shows says who acts', () => {
    for (const e of allEntries()) for (const s of e.remediation) assert.match(s, ACTOR, `${e.id}: ${s}`);
  });

  it('every step of a report says who acts, vendor steps included', () => {
    for (const id of DIAGNOSIS_IDS) {
      const r = applyKnowledge({ url: 'https://api.example.com/', id, ok: id === 'ok', findings: ['vendor:cloudflare'], phases: [], title: '', explanation: '', remediation: [] });
      for (const s of r.remediation) assert.match(s, ACTOR, `${id}: ${s}`);
      for (const g of r.remediationGroups ?? []) for (const s of g.steps) assert.match(s, ACTOR, `${id} group ${g.kind}: ${s}`);
    }
  });
});
