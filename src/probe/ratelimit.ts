// Rate-limit evidence in a response: status, Retry-After and the header dialects in use (field-notes C.5).
import type { RateLimitInfo } from '../vocabulary/types';
import { HeaderMap, type RawHeaders } from './header-map';
import { parseSfList, type SfMember } from './sf-list';

/** Source marker for Cloudflare's managed challenge: looks like a 429 but is a bot check, not a limit. */
export const CF_CHALLENGE_SOURCE = 'cf-mitigated';

export interface RateLimitInput {
  status: number;
  headers: RawHeaders | HeaderMap;
  /** Clock for relative times when the response has no usable Date header (epoch ms; default Date.now()). */
  now?: number;
}

/** Parses every rate-limit signal in a response; undefined when there is none. */
export function parseRateLimit(input: RateLimitInput): RateLimitInfo | undefined {
  const h = input.headers instanceof HeaderMap ? input.headers : new HeaderMap(input.headers);
  // Times in headers are the server's; measure them against the server's own Date when it sent one.
  const serverDate = Date.parse(h.get('date') ?? '');
  const base = Number.isFinite(serverDate) ? serverDate : (input.now ?? Date.now());
  const info: RateLimitInfo = { status: input.status, sources: [] };

  if (input.status === 429) info.sources.push('status 429');

  const retryAfter = h.get('retry-after');
  if (retryAfter !== undefined) {
    const sec = parseRetryAfter(retryAfter, base);
    if (sec !== undefined) {
      info.retryAfterSec = sec;
      info.sources.push('retry-after');
    }
  }

  readIetf(h, info);
  readLegacyDraft(h, info);
  readXRateLimit(h, base, info);

  if (h.has('x-envoy-ratelimited')) info.sources.push('x-envoy-ratelimited');
  if ((h.get('cf-mitigated') ?? '').toLowerCase().includes('challenge')) info.sources.push(CF_CHALLENGE_SOURCE);

  return info.sources.length > 0 ? info : undefined;
}

/**
 * True when the response is a rate limit: 429, 503 with Retry-After, Envoy's local limiter, or a 4xx/5xx with the
 * quota at zero (GitHub answers 403 that way). Cloudflare's 429 challenge is a bot check, not a limit.
 */
export function isRateLimited(status: number, info: RateLimitInfo | undefined): boolean {
  if (info?.sources.includes(CF_CHALLENGE_SOURCE)) return false;
  if (status === 429) return true;
  if (info === undefined) return false;
  if (status === 503 && info.retryAfterSec !== undefined) return true;
  if (status >= 400 && (info.remaining === 0 || info.sources.includes('x-envoy-ratelimited'))) return true;
  return false;
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), as whole seconds from `base` (epoch ms), ≥ 0. */
export function parseRetryAfter(value: string, base: number): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, Math.ceil((at - base) / 1000));
}

// IETF draft-ietf-httpapi-ratelimit-headers -07 and later: `RateLimit` (state) and `RateLimit-Policy` (quotas).
function readIetf(h: HeaderMap, info: RateLimitInfo): void {
  const state = h.get('ratelimit');
  const policyHeader = h.get('ratelimit-policy');
  const policies = policyHeader === undefined ? [] : parseSfList(policyHeader);
  if (state !== undefined) {
    const members = parseSfList(state);
    const dict = dictionaryOf(members);
    if (dict !== undefined) {
      // -07/-08 dictionary form: `limit=100, remaining=50, reset=30`.
      setNumber(info, 'limit', dict.limit);
      setNumber(info, 'remaining', dict.remaining);
      setNumber(info, 'resetSec', dict.reset);
    } else {
      // -09+ list form: `"burst";r=50;t=30, "daily";r=900;t=3600` — the tightest item is the one that bites.
      const items = members.filter((m) => typeof m.params.r === 'number');
      items.sort((a, b) => (a.params.r as number) - (b.params.r as number) || num(b.params.t) - num(a.params.t));
      const tight = items[0];
      if (tight !== undefined) {
        setNumber(info, 'remaining', tight.params.r);
        setNumber(info, 'resetSec', tight.params.t);
        const named = policies.find((p) => p.value === tight.value) ?? (policies.length === 1 ? policies[0] : undefined);
        if (named !== undefined) setNumber(info, 'limit', named.params.q ?? named.params.limit);
      }
    }
    if (members.length > 0) info.sources.push('ratelimit');
  }
  if (policies.length > 0) {
    info.policy = policies.map(describePolicy).join('; ');
    info.sources.push('ratelimit-policy');
  }
}

function dictionaryOf(members: SfMember[]): Record<string, number> | undefined {
  if (!members.some((m) => m.key === 'limit' || m.key === 'remaining' || m.key === 'reset')) return undefined;
  const out: Record<string, number> = {};
  for (const m of members) if (m.key !== undefined && typeof m.value === 'number') out[m.key] = m.value;
  return out;
}

/** `"burst";q=100;w=60` → "burst: 100 per 60 s"; the older `100;w=60` → "100 per 60 s". */
function describePolicy(p: SfMember): string {
  const quota = p.params.q ?? (typeof p.value === 'number' ? p.value : undefined);
  const name = typeof p.value === 'string' ? `${p.value}: ` : '';
  const unit = typeof p.params.qu === 'string' ? ` ${p.params.qu}` : '';
  const window = typeof p.params.w === 'number' ? ` per ${p.params.w} s` : '';
  return quota === undefined ? String(p.value) : `${name}${quota}${unit}${window}`;
}

// Drafts -00…-06: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (delta seconds).
function readLegacyDraft(h: HeaderMap, info: RateLimitInfo): void {
  const fields: [string, 'limit' | 'remaining' | 'resetSec'][] = [
    ['ratelimit-limit', 'limit'],
    ['ratelimit-remaining', 'remaining'],
    ['ratelimit-reset', 'resetSec'],
  ];
  for (const [name, key] of fields) {
    const n = leadingInt(h.get(name));
    if (n === undefined) continue;
    if (info[key] === undefined) info[key] = n;
    info.sources.push(name);
  }
}

// GitHub-style `X-RateLimit-*` (and Twitter's `X-Rate-Limit-*`, OpenAI's `-requests` suffix).
/** The X-RateLimit dialects' header names, built once (this runs for every response). */
const X_RATELIMIT = ['x-ratelimit-', 'x-rate-limit-'].flatMap((prefix) =>
  ['', '-requests'].map((suffix) => {
    const name = (field: string): string => `${prefix}${field}${suffix}`;
    return { limit: name('limit'), remaining: name('remaining'), reset: name('reset'), used: name('used') };
  }),
);

function readXRateLimit(h: HeaderMap, base: number, info: RateLimitInfo): void {
  for (const names of X_RATELIMIT) {
    const limit = leadingInt(h.get(names.limit));
    const remaining = leadingInt(h.get(names.remaining));
    const reset = h.get(names.reset);
    if (limit !== undefined && info.limit === undefined) info.limit = limit;
    if (remaining !== undefined && info.remaining === undefined) info.remaining = remaining;
    const resetSec = reset === undefined ? undefined : parseReset(reset, base);
    if (resetSec !== undefined && info.resetSec === undefined) info.resetSec = resetSec;
    if (limit !== undefined) info.sources.push(names.limit);
    if (remaining !== undefined) info.sources.push(names.remaining);
    if (resetSec !== undefined) info.sources.push(names.reset);
    if (h.has(names.used)) info.sources.push(names.used);
  }
}

/** A reset value: epoch seconds (GitHub), epoch ms, delta seconds, or a Go duration ("6m0s", "20ms"). */
function parseReset(value: string, base: number): number | undefined {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (n > 1e12) return Math.max(0, Math.ceil((n - base) / 1000));
    if (n > 1e9) return Math.max(0, Math.ceil(n - base / 1000));
    return n;
  }
  return parseDuration(v);
}

function parseDuration(v: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let matched = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(m[1]) * units[m[2]];
    matched += m[0].length;
  }
  return matched > 0 && matched === v.length ? Math.round(total * 1000) / 1000 : undefined;
}

function leadingInt(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^\s*(\d+)/.exec(v);
  return m === null ? undefined : Number(m[1]);
}

function setNumber(info: RateLimitInfo, key: 'limit' | 'remaining' | 'resetSec', v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) info[key] = v;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
