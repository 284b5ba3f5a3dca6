// Who acts on a step (knowledge-review.md 6.7): you, your network team, or the site's owner. As data: the first
// rule whose pattern matches the step decides, else the kind of culprit the step addresses.
import type { CulpritKind } from './entry';

export const ACTORS = { you: 'You', network: 'Your network team', owner: "The site's owner" } as const;
export type Actor = (typeof ACTORS)[keyof typeof ACTORS];

/** A step that already names who acts keeps its words. */
const NAMED = /^(You|Your network team|The site's owner)\b/;

/** A leading tool or vendor label ("nginx: …", "Docker daemon: …"), kept beside the actor: "You (npm): …". */
const LABEL = /^(?!(?:Authenticate|For|If|Only|Check|Compare|Make|Read)\b)([A-Z][\w.-]*(?: [\w.()/-]+){0,3}|[a-z][\w-]*): /;

/** Step text → actor, first match wins; tested on the label-less text. */
export const ACTOR_RULES: { pattern: RegExp; actor: Actor }[] = [
  // Experiments and requests: you run them, or you ask someone with the evidence.
  { pattern: /^(ask|give|show|compare|capture|take a capture|try|retry|run|probe|confirm|wait|honour|space|lower|authenticate|only as a diagnostic|do not treat|on a guest network|read the (proxy's error page|response body|location))\b/i, actor: ACTORS.you },
  { pattern: /^(if (the block is on|the reset comes from|only the direct path|a TLS-inspecting proxy|the issuer is your|this network needs|the target is internal|the address is IPv6|the endpoint is legitimately|no resolver knows)|for (407|legitimately|an IPv6 address|silent drops|a private CA)|nothing to fix|connect the VPN|make every tool)\b/i, actor: ACTORS.you },
  { pattern: /^check (HTTPS_PROXY|the proxy URL|the proxy host|the host name for typos|the port|you are|this machine|whether other jobs|the name resolves|which proxy|the route|that UDP)\b/i, actor: ACTORS.you },
  { pattern: /^(if you own the site|remove addresses|follow the CNAME|list the hops|if only (AAAA|IPv6))\b/i, actor: ACTORS.owner },
  // Reverse proxies, gateways and the server side of a firewall belong to the site.
  { pattern: /upstream|reverse proxy|ingress|origin|front end|ProxyPass|WebSocket|Upgrade|timeout tunnel|server side|back-end port|on the host \(/i, actor: ACTORS.owner },
  { pattern: /^(many proxies|check the proxy logs|check outbound rules|for 502\/504 from the proxy|check the path MTU)\b/i, actor: ACTORS.network },
];

const KIND_ACTOR: Record<CulpritKind, Actor> = {
  client: ACTORS.you,
  dns: ACTORS.you,
  network: ACTORS.you,
  'rate-limiter': ACTORS.you,
  proxy: ACTORS.you,
  firewall: ACTORS.network,
  waf: ACTORS.owner,
  'load-balancer': ACTORS.owner,
  server: ACTORS.owner,
  certificate: ACTORS.owner,
};

/** Who acts on `step`, which addresses a culprit of `kind`. */
export function actorOf(step: string, kind: CulpritKind): Actor {
  const text = step.replace(LABEL, '');
  return ACTOR_RULES.find((r) => r.pattern.test(text))?.actor ?? KIND_ACTOR[kind];
}

/** The step with who acts in front: "You: …", "The site's owner (nginx): …"; unchanged when it names one. */
export function withActor(step: string, kind: CulpritKind): string {
  if (NAMED.test(step)) return step;
  const actor = actorOf(step, kind);
  const label = LABEL.exec(step);
  if (label) return `${actor} (${label[1]}): ${step.slice(label[0].length)}`;
  // "Check the …" reads on as "You: check the …"; an acronym or a name keeps its capital.
  return `${actor}: ${/^[A-Z][a-z]/.test(step) ? step.charAt(0).toLowerCase() + step.slice(1) : step}`;
}
