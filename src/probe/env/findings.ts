// Findings that come from the user's own environment rather than the server: which trust stores accept
// the chain (trust-store-dependent), whether a TLS-inspecting product re-signed it (tls-interception),
// and whether the proxy path decides the outcome (proxy-dependent).
import type { X509Certificate } from 'node:crypto';
import type { Finding } from '../../vocabulary/ids';
import { interceptorIn } from '../knowledge/interceptors';
import type { Hop } from '../probe';
import type { Settings } from '../settings';
import { explainProxyAuth } from '../proxy/auth';
import { disagreement, resolveProxy, type ProxyDecision } from '../proxy/resolve';
import { redactUrl } from '../../vocabulary/redact';
import { addressClass } from '../destination-policy';
import type { HostLimiter } from '../limiter';
import type { Target } from '../target';
import { STORE_LABEL, bundledStore, chainTrustedBy, issuerIdentity, receivedChain, storesFor, trustVerdicts } from '../trust';
import type { FindingEvidence, ProbeOptions, Result } from '../../vocabulary/types';

/** The proxy decision for a target (http kinds only); remembers every source's answer for the findings. */
export async function proxyDecisionFor(t: Target, s: ProbeOptions & { env: Record<string, string | undefined> }): Promise<ProxyDecision | undefined> {
  if (t.kind !== 'http') return undefined;
  const known = byOrigin.get(s)?.get(t.origin);
  if (known !== undefined) {
    lastAnswers.set(t, known.all);
    return known.decision;
  }
  const url = `${t.origin}${t.path}`;
  const answer = await resolveProxy(url, { proxy: s.proxy, proxySource: s.proxySource, env: s.env, pac: s.pac, systemProxy: s.systemProxy, signal: s.signal });
  lastAnswers.set(t, answer.all);
  // Without a PAC the answer is the same for every URL of an origin (the environment's and the system's
  // rules read the scheme, host and port): a link check of 1,000 pages on one site asks once. A PAC reads
  // the whole URL, so it is asked every time.
  if (!s.pac && !answer.all.some((d) => d.source === 'pac')) {
    let memo = byOrigin.get(s);
    if (memo === undefined) byOrigin.set(s, (memo = new Map()));
    if (memo.size >= MAX_ORIGINS) memo.clear();
    memo.set(t.origin, answer);
  }
  return answer.decision;
}
const lastAnswers = new WeakMap<Target, ProxyDecision[]>();
/** Per run's settings (one object for a whole run): each origin's proxy answers, when no PAC is involved. */
const byOrigin = new WeakMap<object, Map<string, { decision: ProxyDecision; all: ProxyDecision[] }>>();
const MAX_ORIGINS = 4096;

/** Private issuers seen signing names, for "the same private issuer on unrelated hosts" (bounded). */
const privateIssuers = new Map<string, Set<string>>();
const MAX_ISSUERS = 256;

function site(host: string): string {
  // A local development CA (mkcert's, a test CA) signing localhost and 127.0.0.1 signs one machine, not unrelated hosts.
  if (host === 'localhost' || host.endsWith('.localhost') || addressClass(host) === 'loopback') return 'this machine';
  if (/^[\d.]+$/.test(host) || host.includes(':')) return host;
  return host.split('.').slice(-2).join('.');
}

export async function environmentFindings(r: Result, hop: Hop, t: Target, s: Settings, limiter?: HostLimiter): Promise<FindingEvidence[]> {
  const out: FindingEvidence[] = [];
  const tlsP = hop.phases.tls;
  const chain = receivedChain(tlsP);
  if (chain.length) {
    // Reading the OS store costs a few hundred ms: only when the verdict can differ (a refused chain, or --ca).
    if (tlsP.certError || s.ca?.length) out.push(...trustEvidence(chain, s));
    out.push(...interceptionEvidence(chain, r, hop, t));
  }
  const proxyP = hop.phases.proxy;
  if (proxyP.proxyAuthenticate?.length) proxyP.note = [proxyP.note, explainProxyAuth(proxyP.proxyAuthenticate)].filter(Boolean).join('; ');
  const answers = lastAnswers.get(t) ?? [];
  const differ = disagreement(answers);
  if (differ) proxyP.note = [proxyP.note, differ].filter(Boolean).join('; ');
  if (s.allowDirect === false || s.signal?.aborted) return out;
  // The path not taken, probed once: the other source's when the sources disagree, else direct after a proxied failure.
  const usable = answers.filter((a) => !/could not be used/.test(a.why));
  const taken = usable[0];
  const other = differ ? usable.find((a) => a !== taken && (a.proxy ?? '') !== (taken?.proxy ?? '')) : undefined;
  if (other && !r.ok) {
    out.push(...(await comparePaths(r, chain, t, s, limiter, { proxy: other.proxy ?? null }, other.proxy ? `via ${redactUrl(other.proxy)} (${other.source})` : `direct (${other.source})`)));
  } else if (!r.ok && hop.viaProxy) {
    out.push(...(await comparePaths(r, chain, t, s, limiter, { proxy: null }, 'direct')));
  }
  return out;
}

function trustEvidence(chain: X509Certificate[], s: Settings): FindingEvidence[] {
  const verdicts = trustVerdicts(chain, storesFor(s.ca, s.env));
  const yes = verdicts.filter((v) => v.trusted);
  const no = verdicts.filter((v) => !v.trusted);
  if (!yes.length || !no.length) return [];
  const name = (v: (typeof verdicts)[number]): string => `${v.store.name} (${v.store.from}, ${v.store.certs.length} certificates)`;
  return [{ finding: 'trust-store-dependent', detail: `trusted by ${yes.map(name).join(', ')}; not by ${no.map(name).join(', ')} — ${no.map((v) => STORE_LABEL[v.store.name]).join('; ')} will refuse it` }];
}

function interceptionEvidence(chain: X509Certificate[], r: Result, hop: Hop, t: Target): FindingEvidence[] {
  const out: FindingEvidence[] = [];
  const reasons: string[] = [];
  const vendors = new Map<string, string>();
  for (const c of chain) {
    for (const dn of [c.issuer.replace(/\n/g, ', '), c.subject.replace(/\n/g, ', ')]) {
      const v = interceptorIn(dn);
      if (v && !vendors.has(v.name)) vendors.set(v.name, `certificate names ${v.label}: ${dn} (${v.source.split(':')[0]})`);
    }
  }
  const via = r.phases.find((p) => p.phase === 'response')?.headers?.via;
  const viaText = Array.isArray(via) ? via.join(', ') : via;
  const proxyAgent = hop.phases.proxy.proxyAgent?.join(', ');
  const top = chain[chain.length - 1];
  const rootIssuer = top.issuer.replace(/\n/g, ', ');
  const publicRoot = chainTrustedBy(chain, bundledStore());
  const leafNames = (chain[0].subjectAltName ?? '').toLowerCase();
  const namesTarget = leafNames.includes(`dns:${t.host.toLowerCase()}`) || leafNames.includes(`ip address:${t.host.toLowerCase()}`);
  if (vendors.size) reasons.push(...vendors.values());
  if (!publicRoot && namesTarget && hop.viaProxy && hop.phases.proxy.proxyStatus && hop.phases.proxy.proxyStatus < 300) {
    reasons.push(`through the CONNECT tunnel, a private issuer (${rootIssuer}) signed a certificate for ${t.host}: the proxy re-signs the traffic`);
  }
  if (!publicRoot) {
    // Keyed by the signing key, not only its name: unrelated CAs often share a name (every test CA, many internal PKIs).
    const key = issuerIdentity(top);
    const sites = privateIssuers.get(key) ?? new Set<string>();
    const others = [...sites].filter((x) => x !== site(t.host));
    if (others.length) reasons.push(`the same private issuer (${rootIssuer}) also signed ${others.slice(0, 3).join(', ')}: one CA for unrelated hosts is an inspecting proxy`);
    sites.add(site(t.host));
    if (sites.size > 64) sites.delete(sites.values().next().value as string);
    if (privateIssuers.size >= MAX_ISSUERS && !privateIssuers.has(key)) privateIssuers.clear();
    privateIssuers.set(key, sites);
  }
  if (!reasons.length) return out;
  if (/\(squid[/)]/i.test(`${viaText ?? ''} ${proxyAgent ?? ''}`) && !vendors.has('squid')) vendors.set('squid', `Via: ${viaText ?? proxyAgent} on the response that came through the re-signed tunnel`);
  out.push({ finding: 'tls-interception', detail: reasons.join('; ') });
  for (const [name, detail] of vendors) out.push({ finding: `vendor:${name}` as Finding, detail });
  return out;
}

/** Probe the other path once and say whether the outcome differs (proxy-dependent). */
async function comparePaths(r: Result, chain: X509Certificate[], t: Target, s: Settings, limiter: HostLimiter | undefined, route: { proxy: string | null }, label: string): Promise<FindingEvidence[]> {
  const { probeUrl } = await import('../probe');
  const other = await probeUrl(`${t.origin}${t.path}`, { ...s, ...route, proxySource: 'option', differential: false, allowDirect: false, repeat: 1, maxRedirects: 0, signal: s.signal }, limiter);
  const otherTls = other.phases.find((p) => p.phase === 'tls')?.certificates;
  const issuerHere = chain.length ? chain[0].issuer.replace(/\n/g, ', ') : undefined;
  const issuerThere = otherTls?.[0]?.issuer;
  const issuers = issuerHere && issuerThere && issuerHere !== issuerThere ? `; the certificate's issuer differs: ${issuerHere} this way, ${issuerThere} ${label}` : '';
  if (other.id === r.id && !issuers) return [];
  return [{ finding: 'proxy-dependent', detail: `${label}: ${other.id}; the path taken (${r.phases.find((p) => p.phase === 'proxy')?.proxy ?? 'direct'}): ${r.id}${issuers}` }];
}
