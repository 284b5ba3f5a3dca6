// The knowledge base: per diagnosis id and per finding, what happened, who likely did it, what to do, how to confirm.
import type { Result } from '../../vocabulary/types';
import { DIAGNOSIS_IDS, ENVIRONMENT_FINDINGS, FINDINGS } from '../../vocabulary/ids';
import type { ConfirmTemplate, CulpritKind, Entry } from './entry';
import { CULPRIT_KINDS } from './entry';
import { FINDING_ENTRIES, findingCulpritFits } from './entries-findings';
import { VENDOR_ENTRIES, vendorKind, vendorSteps } from './entries-vendors';
import { knowledgeEntry } from './catalog';
import { upstreamSteps } from './vendor-status';
import { rankCulprits, vendorsOf } from './rank';
import { failingAddressSteps, fillConfirm, targetOf } from './fill';
import { distinctSteps } from './steps';
import { verdictOf } from './verdict';
import { RANK_RULES } from './rank-rules';
import { withActor } from './actors';

export { alertLabel, measuredFacts, readableError, verdictOf } from './verdict';

import type { ExplainEntry } from './format';

export { explainDetails, formatExplain, type ExplainDetails, type ExplainEntry, type RankingEvidence } from './format';
export { knowledgeEntry } from './catalog';


const MAX_STEPS = 8;

export function explainEntry(idOrFinding: string): ExplainEntry | undefined {
  const e = knowledgeEntry(idOrFinding);
  return e === undefined ? undefined : toExplain(e);
}

/** Every diagnosis id (in ids.ts order), then every finding, then the vendor findings. */
export function allEntries(): ExplainEntry[] {
  const order = [...DIAGNOSIS_IDS, ...FINDINGS, ...ENVIRONMENT_FINDINGS] as string[];
  const known = order.flatMap((id) => knowledgeEntry(id) ?? []);
  return [...known, ...VENDOR_ENTRIES].map(toExplain);
}

function toExplain(e: Entry): ExplainEntry {
  const kinds = e.culprits.map((c) => c.kind);
  return { id: e.id, title: e.title, explanation: e.explanation, remediation: orderSteps(e.remediation, kinds, e.id) };
}

/**
 * Where the sender of a reset, close or stall sits is cheapest to learn from another network (the seed's
 * enterprise-vs-cloud vantage logic, review 3.7.5): the first step for these ids, whatever the ranking.
 */
const VANTAGE_FIRST = new Set<string>(['tls.reset', 'tls.closed', 'tls.timeout', 'http.reset']);
const VANTAGE_STEP =
  'You: probe from another network (a phone hotspot, a cloud VM, or conndoc probe --from ssh://host): if it works ' +
  'there, the sender is on your side (proxy or firewall); if it fails everywhere, it is on the server side ' +
  '(load balancer, WAF, server).';

const DECISIVE_FINDINGS = new Set<string>(['sni-dependent', 'alpn-dependent', 'tls-version-dependent', 'address-dependent', 'h2-dependent']);

/** Fills title, explanation, culprits (ranked by this result's evidence), remediation and confirm commands. */
export function applyKnowledge(r: Result): Result {
  return plainHealthy(r) ? healthyKnowledge(r) : fullKnowledge(r);
}

/**
 * Healthy, and nothing found: no finding (so no vendor), no rate-limit evidence, no packets, no variants. Then
 * only the id speaks, every rank rule keys on an id or a finding, and the knowledge is the same for every such
 * result but for the confirm commands' target. Most URLs of a workspace check are this.
 */
function plainHealthy(r: Result): boolean {
  return r.id === 'ok' && r.ok && r.findings.length === 0 && r.rateLimit === undefined && r.capture === undefined && !r.variants?.length && !r.evidence?.length;
}

let healthy: Pick<Result, 'title' | 'explanation' | 'culprits' | 'remediation' | 'remediationGroups'> | undefined;

/** What fullKnowledge gives a plain healthy result, without ranking, rules or step merging each time. */
function healthyKnowledge(r: Result): Result {
  // Worked out once, by the full path itself, so the two cannot drift apart.
  healthy ??= fullKnowledge(r);
  const target = targetOf(r);
  return {
    ...r,
    title: healthy.title,
    explanation: healthy.explanation,
    culprits: [],
    // Copies: a result is the caller's to change.
    remediation: [...healthy.remediation],
    remediationGroups: healthy.remediationGroups?.map((g) => ({ kind: g.kind, steps: [...g.steps] })),
    confirm: fillConfirm(knowledgeEntry('ok')!.confirm, target),
  };
}

/** @internal Every result's path; exported for the test that holds healthyKnowledge to it. */
export function fullKnowledge(r: Result): Result {
  const entry = knowledgeEntry(r.id);
  if (entry === undefined) return r;
  const culprits = rankCulprits(r, entry);
  const groups: Partial<Record<CulpritKind, string[]>> = {};
  const add = (kind: CulpritKind, steps: string[]): void => {
    groups[kind] = [...(groups[kind] ?? []), ...steps];
  };

  // Vendor-specific steps lead their culprit's group: they name the exact log or page to read.
  const status = r.phases.find((p) => p.phase === 'response')?.httpStatus;
  const body = (r.phases.find((p) => p.phase === 'body')?.bodySample ?? r.phases.find((p) => p.phase === 'response')?.bodySample ?? '').toLowerCase();
  for (const v of vendorsOf(r)) {
    const kind = vendorKind(v, r.id);
    // A fingerprinted vendor answered for the site: its logs and settings are the site owner's to read.
    // A page that names its own refusal (an nginx 403) has its own step; the vendor's generic one is about failures.
    const own = status === undefined ? [] : upstreamSteps(v.name, status, body);
    const steps = [...own, ...(own.length > 0 && status !== undefined && status < 500 ? [] : vendorSteps(v.name))];
    // A step the vendor's page leaves to you (use https://) leads your own group.
    for (const s of steps.map((t) => withActor(t, 'server'))) add(s.startsWith('You') ? 'client' : kind, [s]);
  }
  // A rank rule's evidence brings its own step (the most specific advice in its culprit's group), and takes away
  // the steps of a culprit it drops.
  const rules = RANK_RULES.filter((rule) => (rule.steps !== undefined || rule.dropSteps !== undefined) && rule.when(r));
  for (const rule of rules) if (rule.steps !== undefined) add(rule.steps.kind, rule.steps.steps);
  for (const f of r.findings) {
    const fe = FINDING_ENTRIES.find((e) => e.id === f);
    for (const [kind, steps] of Object.entries(fe?.remediation ?? {})) if (findingCulpritFits(f, kind as CulpritKind, r)) add(kind as CulpritKind, steps ?? []);
  }
  const dropped = rules.flatMap((rule) => rule.dropSteps ?? []);
  for (const [kind, steps] of Object.entries(entry.remediation)) add(kind as CulpritKind, (steps ?? []).filter((s) => !dropped.some((d) => d.test(s))));
  // A finding that already asks for another network says it in its own words (sni-dependent: "the filter").
  const asked = Object.values(groups).flat().some((s) => /^(You: )?probe from another network/i.test(s ?? ''));
  // Nor when HTTP/1.1 to the same address works: the HTTP/2 layer failed, not the path (h2-dependent's own steps).
  const vantageFirst = r.findings.includes('vantage-dependent') || r.findings.includes('h2-dependent') || asked ? undefined : r.id;
  if (vantageFirst !== undefined && VANTAGE_FIRST.has(vantageFirst)) add('client', [VANTAGE_STEP]);

  // A differential finding's experiment (with/without SNI, another ALPN or version, one address) is the most
  // decisive thing to re-run by hand: it comes before the id's generic captures.
  const confirmsOf = (f: string): ConfirmTemplate[] =>
    ((FINDING_ENTRIES.find((e) => e.id === f)?.confirm ?? []) as ConfirmTemplate[]).filter((c) => c.for === undefined || findingCulpritFits(f, c.for, r));
  const decisive = r.findings.filter((f) => DECISIVE_FINDINGS.has(f)).flatMap(confirmsOf);
  const others = r.findings.filter((f) => !DECISIVE_FINDINGS.has(f)).flatMap(confirmsOf);
  const target = targetOf(r);
  const confirm = fillConfirm([...decisive, ...entry.confirm, ...others], target);
  const ranked = culprits.map((c) => c.kind as CulpritKind);
  const verdict = verdictOf({ ...r, title: entry.title, culprits });
  return {
    ...r,
    title: entry.title,
    ...(verdict === undefined ? {} : { verdict }),
    explanation: entry.explanation,
    culprits,
    ...stepsFor(groups, ranked, vantageFirst),
    confirm: [...confirm, ...failingAddressSteps(r, target)],
  };
}

// The same id, findings and vendors give the same steps: most results are one of a few dozen combinations, and
// splitting steps into sentences to drop repeats is the costliest part of applying knowledge.
const stepsMemo = new Map<string, { remediation: string[]; remediationGroups: { kind: string; steps: string[] }[] }>();
const STEPS_MEMO_MAX = 512;

function stepsFor(groups: Partial<Record<CulpritKind, string[]>>, ranked: CulpritKind[], vantageFirst?: string): { remediation: string[]; remediationGroups: { kind: string; steps: string[] }[] } {
  const key = `${vantageFirst ?? ''}\u0004${ranked.join(',')}\u0000${Object.entries(groups).map(([k, v]) => `${k}\u0001${(v ?? []).join('\u0002')}`).join('\u0003')}`;
  let hit = stepsMemo.get(key);
  if (hit === undefined) {
    if (stepsMemo.size >= STEPS_MEMO_MAX) stepsMemo.clear();
    stepsMemo.set(key, (hit = { remediation: orderSteps(groups, ranked, vantageFirst), remediationGroups: groupSteps(groups, ranked) }));
  }
  // Copies: a result is the caller's to change.
  return { remediation: [...hit.remediation], remediationGroups: hit.remediationGroups.map((g) => ({ kind: g.kind, steps: [...g.steps] })) };
}

/** Kinds with steps: the ranked culprits' first, in their order, then the others in the usual kind order. */
function kindsInOrder(groups: Partial<Record<CulpritKind, string[]>>, ranked: CulpritKind[]): CulpritKind[] {
  return [...new Set([...ranked, ...CULPRIT_KINDS])].filter((k) => (groups[k]?.length ?? 0) > 0);
}

/** Every step, grouped by the culprit it addresses, in culprit order; advice an earlier group gave is not repeated. */
function groupSteps(groups: Partial<Record<CulpritKind, string[]>>, ranked: CulpritKind[]): { kind: string; steps: string[] }[] {
  const said: string[] = [];
  const out: { kind: string; steps: string[] }[] = [];
  for (const kind of kindsInOrder(groups, ranked)) {
    const steps = distinctSteps(groups[kind] ?? [], said).map((s) => withActor(s, kind));
    said.push(...steps);
    if (steps.length > 0) out.push({ kind, steps });
  }
  return out;
}

/**
 * Steps in culprit order: up to 4 from the most likely culprit, 2 from each next one, then the rest in the same
 * order, at most MAX_STEPS, without repeats. Kinds not ranked come last, in the usual kind order.
 */
function orderSteps(groups: Partial<Record<CulpritKind, string[]>>, ranked: CulpritKind[], id?: string): string[] {
  const lists = kindsInOrder(groups, ranked).map((kind) => ({ kind, steps: [...new Set(groups[kind])] }));
  const out: string[] = [];
  // The second pass below meets the first pass's steps again: a step is weighed once. (Its sentences of fewer
  // than three words never count as repeats, so "Nothing to fix." came out twice.)
  const weighed = new Set<string>();
  // Near-identical advice from two entries is said once, by the step that comes first; each says who acts.
  const push = (kind: CulpritKind) => (s: string): void => {
    if (out.length >= MAX_STEPS || weighed.has(s)) return;
    weighed.add(s);
    out.push(...distinctSteps([s], out).map((t) => withActor(t, kind)));
  };
  if (id !== undefined && VANTAGE_FIRST.has(id)) push('client')(VANTAGE_STEP);
  lists.forEach((list, i) => list.steps.slice(0, i === 0 ? 4 : 2).forEach(push(list.kind)));
  lists.forEach((list) => list.steps.forEach(push(list.kind)));
  return out;
}
