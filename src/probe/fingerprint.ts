// Who answered this response: vendors (WAF, CDN, load balancer, proxy), block pages, upstream failures, rate limits.
// Pure: no sockets. Bounded: only the first 16 KiB of the body is read, matching is plain substring search.
import { clip } from '../vocabulary/text';
import type { RateLimitInfo } from '../vocabulary/types';
import { HeaderMap, type RawHeaders } from './header-map';
import { isRateLimited, parseRateLimit } from './ratelimit';
import { VENDOR_DATA, type Signature, type Vendor } from './knowledge/vendors';
import { GATEWAY_STATUSES, upstreamMeaning } from './knowledge/vendor-status';

export interface FingerprintInput {
  status: number;
  headers: RawHeaders;
  body: string;
  /** Clock for rate-limit reset times when the response has no Date header (epoch ms). */
  now?: number;
}

export interface Fingerprint {
  /** Vendors named by the evidence, strongest first. */
  vendors: { name: string; evidence: string }[];
  /** A WAF / bot-protection block or challenge page. `weight` 0.9+ means the page alone is conclusive. */
  blockPage?: { vendor: string; signature: string; weight?: number };
  rateLimit?: RateLimitInfo;
  /** `page`: the gateway's own failure page or signature said so (not just a 5xx status through it). */
  upstreamFailure?: { vendor?: string; detail: string; page?: boolean };
}

const BODY_SCAN_BYTES = 16 * 1024;
const NAMED_AT = 0.5;
/** Roles that answer on behalf of a back end, so a gateway status from them is theirs. */
const GATEWAY_ROLES = new Set(['proxy', 'load-balancer', 'cdn', 'api-gateway', 'server']);

interface Match {
  sig: Signature;
  evidence: string;
}

/**
 * Header signatures by header name, cookie/body/status ones per vendor: a response is checked against the
 * signatures of the headers it has, not all of them (this runs once per probe, ok ones included).
 */
const HEADER_SIGS = new Map<string, { vendor: number; index: number }[]>();
const OTHER_SIGS: { index: number; sig: Signature }[][] = VENDOR_DATA.map((vendor, v) =>
  vendor.signatures.flatMap((sig, index) => {
    if (sig.on !== 'header') return [{ index, sig }];
    if (sig.name !== undefined) HEADER_SIGS.set(sig.name, [...(HEADER_SIGS.get(sig.name) ?? []), { vendor: v, index }]);
    return [];
  }),
);

export function fingerprint(input: FingerprintInput): Fingerprint {
  const headers = new HeaderMap(input.headers);
  const body = input.body.slice(0, BODY_SCAN_BYTES).toLowerCase();
  const trimmedBody = body.length <= 256 ? body.trim() : undefined;
  const cookies = headers.cookieNames();

  // Matching header signatures, in each vendor's signature order (the evidence is listed in that order).
  const headerHits: ({ index: number; sig: Signature; evidence: string }[] | undefined)[] = [];
  for (const name of headers.names()) {
    for (const { vendor, index } of HEADER_SIGS.get(name) ?? []) {
      const sig = VENDOR_DATA[vendor].signatures[index];
      const evidence = matchSignature(sig, input.status, headers, cookies, body, trimmedBody);
      if (evidence !== undefined) (headerHits[vendor] ??= []).push({ index, sig, evidence });
    }
  }

  const named: { vendor: Vendor; score: number; matches: Match[] }[] = [];
  for (let v = 0; v < VENDOR_DATA.length; v++) {
    const vendor = VENDOR_DATA[v];
    let hits = headerHits[v];
    for (const { index, sig } of OTHER_SIGS[v]) {
      if (sig.on === 'cookie' && cookies.length === 0) continue;
      const evidence = matchSignature(sig, input.status, headers, cookies, body, trimmedBody);
      if (evidence !== undefined) (hits ??= []).push({ index, sig, evidence });
    }
    if (hits === undefined) continue;
    hits.sort((a, b) => a.index - b.index);
    const matches: Match[] = hits.map(({ sig, evidence }) => ({ sig, evidence }));
    const score = 1 - matches.reduce((miss, m) => miss * (1 - m.sig.weight), 1);
    if (score >= NAMED_AT) named.push({ vendor, score, matches });
  }
  named.sort((a, b) => b.score - a.score);

  const fp: Fingerprint = {
    vendors: named.map((n) => ({ name: n.vendor.name, evidence: unique(n.matches.map((m) => m.evidence)).join('; ') })),
  };

  const blocks = named.flatMap((n) => n.matches.filter((m) => m.sig.means === 'block').map((m) => ({ n, m })));
  blocks.sort((a, b) => b.m.sig.weight - a.m.sig.weight);
  if (blocks[0] !== undefined) {
    fp.blockPage = { vendor: blocks[0].n.vendor.name, signature: blocks[0].m.evidence, weight: blocks[0].m.sig.weight };
  }

  const rateLimit = parseRateLimit({ status: input.status, headers, now: input.now });
  const limitPages = named.flatMap((n) => n.matches.filter((m) => m.sig.means === 'rate-limit' && m.sig.on === 'body').map((m) => `${n.vendor.name} ${m.evidence}`));
  if (rateLimit !== undefined || limitPages.length > 0) {
    fp.rateLimit = rateLimit ?? { status: input.status, sources: [] };
    fp.rateLimit.sources.push(...limitPages);
  }

  fp.upstreamFailure = upstreamOf(input.status, named, body);
  return fp;
}

/** A WAF or CDN security layer refused the request: a block page or WAF header on an error, or a conclusive page. */
export function isWafBlock(status: number, fp: Fingerprint): boolean {
  if (fp.blockPage === undefined) return false;
  // Some WAFs (F5 ASM by default) serve their rejection page with 200; only a conclusive page counts then.
  return status >= 400 || (fp.blockPage.weight ?? 0) >= 0.9;
}

/** A proxy, load balancer or gateway answered for a failed back end (502/503/504, vendor codes, vendor pages). */
export function isUpstreamFailure(status: number, fp: Fingerprint): boolean {
  if (GATEWAY_STATUSES.has(status)) return true;
  return status >= 500 && fp.upstreamFailure !== undefined;
}

/** True when the response is a rate limit (see ratelimit.ts), including vendor rate-limit pages. */
export function isRateLimitedResponse(status: number, fp: Fingerprint): boolean {
  if (isRateLimited(status, fp.rateLimit)) return true;
  return status >= 400 && (fp.rateLimit?.sources.some((s) => s.includes('body')) ?? false);
}

function matchSignature(
  sig: Signature,
  status: number,
  headers: HeaderMap,
  cookies: string[],
  body: string,
  trimmedBody: string | undefined,
): string | undefined {
  if (sig.status !== undefined && !sig.status.includes(status)) return undefined;
  if (sig.without !== undefined && headers.has(sig.without)) return undefined;
  switch (sig.on) {
    case 'status':
      return `status ${status}${sig.label ? ` (${sig.label})` : ''}`;
    case 'header': {
      const value = headers.get(sig.name ?? '');
      if (value === undefined) return undefined;
      const lower = value.toLowerCase();
      if (sig.equals !== undefined && lower.trim() !== sig.equals) return undefined;
      if (sig.contains !== undefined && !lower.includes(sig.contains)) return undefined;
      return `${sig.name}: ${clip(value, 60)}${sig.label ? ` (${sig.label})` : ''}`;
    }
    case 'cookie': {
      const prefix = sig.name?.toLowerCase();
      const hit = cookies.find((c) => (sig.pattern ? sig.pattern.test(c) : prefix !== undefined && c.toLowerCase().startsWith(prefix)));
      return hit === undefined ? undefined : `cookie ${clip(hit, 40)}${sig.label ? ` (${sig.label})` : ''}`;
    }
    case 'body': {
      if (sig.equals !== undefined && trimmedBody !== sig.equals) return undefined;
      if (sig.contains !== undefined && !body.includes(sig.contains)) return undefined;
      return sig.label ? `body: ${sig.label}` : `body "${sig.equals ?? sig.contains}"`;
    }
  }
}

function upstreamOf(
  status: number,
  named: { vendor: Vendor; matches: Match[] }[],
  body: string,
): Fingerprint['upstreamFailure'] {
  for (const n of named) {
    const m = n.matches.find((x) => x.sig.means === 'upstream');
    if (m !== undefined) {
      const meaning = upstreamMeaning(n.vendor.name, status, body);
      return { vendor: n.vendor.name, detail: meaning ?? `${status} from ${n.vendor.label}: ${m.evidence}`, page: true };
    }
  }
  if (!GATEWAY_STATUSES.has(status)) return undefined;
  const gateway = named.find((n) => n.vendor.roles.some((r) => GATEWAY_ROLES.has(r)));
  if (gateway === undefined) return { detail: upstreamMeaning(undefined, status, body) ?? `${status} from the server or an unnamed gateway` };
  const meaning = upstreamMeaning(gateway.vendor.name, status, body);
  return { vendor: gateway.vendor.name, detail: meaning ?? `${status} from ${gateway.vendor.label}` };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
