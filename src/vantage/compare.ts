// One URL seen from several places: where the outcomes differ, every vantage's result gets the finding
// `vantage-dependent`, and each result's explanation says what the comparison means.
import { applyKnowledge } from '../probe/knowledge';
import { redactUrl } from '../vocabulary/redact';
import type { Result } from '../vocabulary/types';

export type VantageResult = Result & { vantage: string };

export type Verdict = 'ok-everywhere' | 'fails-everywhere' | 'fails-only-here' | 'fails-only-elsewhere' | 'differs';

export interface Comparison {
  url: string;
  verdict: Verdict;
  /** One paragraph: what each place saw and what that points at. */
  detail: string;
}

const LOCAL = 'local';

function outcome(r: Result): string {
  if (!r.ok) return r.id;
  const status = r.phases.find((p) => p.phase === 'response')?.httpStatus;
  return status ? `ok (${status})` : 'ok';
}

/**
 * `byVantage` holds each vantage's results in the order of `urls` (a hole where a vantage could not probe a URL).
 * Returns one result per URL and vantage (URL-major, this machine first) and one comparison per URL.
 */
export function compareVantages(urls: string[], byVantage: [string, (Result | undefined)[]][]): { results: VantageResult[]; comparisons: Comparison[] } {
  const results: VantageResult[] = [];
  const comparisons: Comparison[] = [];
  urls.forEach((raw, i) => {
    const url = redactUrl(raw);
    const seen = byVantage.flatMap(([vantage, rs]) => (rs[i] ? [{ ...rs[i]!, url, vantage }] : []));
    if (seen.length === 0) return;
    const c = judge(url, seen);
    if (c) {
      comparisons.push(c);
      for (const r of seen) annotate(r, c, seen);
    }
    results.push(...seen.map((r) => (c && c.verdict !== 'ok-everywhere' && c.verdict !== 'fails-everywhere' ? applyVantage(r) : r)));
  });
  return { results, comparisons };
}

function judge(url: string, seen: VantageResult[]): Comparison | undefined {
  if (seen.length < 2) return undefined;
  const list = seen.map((r) => `${r.vantage}: ${outcome(r)}`).join('; ');
  const failing = seen.filter((r) => !r.ok);
  const places = seen.length;
  if (failing.length === 0) return { url, verdict: 'ok-everywhere', detail: `Works from all ${places} places (${list}).` };
  const ids = new Set(seen.map((r) => (r.ok ? 'ok' : r.id)));
  if (failing.length === places && ids.size === 1) {
    return {
      url,
      verdict: 'fails-everywhere',
      detail: `Fails the same way (${failing[0].id}) from all ${places} places (${list}): the cause is near the server — its host, firewall, load balancer or DNS — not in the network of any one client.`,
    };
  }
  const local = seen.find((r) => r.vantage === LOCAL);
  const others = seen.filter((r) => r.vantage !== LOCAL);
  if (local && !local.ok && others.every((r) => r.ok)) {
    return {
      url,
      verdict: 'fails-only-here',
      detail: `Fails only from this machine (${list}): the server answers the others, so look at this network's path first — its proxy, firewall or VPN, its DNS answer, or the server refusing this source address.`,
    };
  }
  if (local?.ok && others.some((r) => !r.ok)) {
    const bad = others.filter((r) => !r.ok).map((r) => r.vantage).join(', ');
    return {
      url,
      verdict: 'fails-only-elsewhere',
      detail: `Works from this machine but fails from ${bad} (${list}): the server is up, so look at the failing side's path — its firewall or egress rules, its proxy or DNS — or at the server (or a WAF in front of it) refusing that source.`,
    };
  }
  return {
    url,
    verdict: 'differs',
    detail: `The outcome depends on where the probe runs (${list}): compare the failing places' paths (proxy, firewall, DNS answer, source address) with the working ones'.`,
  };
}

function annotate(r: VantageResult, c: Comparison, seen: VantageResult[]): void {
  if (c.verdict === 'ok-everywhere') return;
  r.explanation = `${r.explanation}\n\n${c.detail}`;
  if (c.verdict === 'fails-everywhere') return;
  const others = seen.filter((o) => o !== r).map((o) => `${o.vantage} ${outcome(o)}`).join(', ');
  r.findings = [...r.findings.filter((f) => f !== 'vantage-dependent'), 'vantage-dependent'];
  r.evidence = [...(r.evidence ?? []), { finding: 'vantage-dependent', detail: `${r.vantage} ${outcome(r)}; ${others}` }];
}

/** Knowledge again with the new finding (its culprits and steps), keeping the comparison in the explanation. */
function applyVantage(r: VantageResult): VantageResult {
  const comparison = r.explanation.slice(r.explanation.lastIndexOf('\n\n') + 2);
  const k = applyKnowledge(r) as VantageResult;
  return { ...k, vantage: r.vantage, explanation: `${k.explanation}\n\n${comparison}` };
}
