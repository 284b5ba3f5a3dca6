// The shape of a redirect loop, read from the hops (knowledge-review.md 3.18): which part of the URL the loop
// flips says which two rules, or which two layers, disagree.
import type { RedirectHop, Result } from '../../vocabulary/types';

export type LoopShape =
  /** https → http → https: a layer that terminates TLS and one behind it that writes http:// */
  | 'scheme-flip'
  /** a URL that redirects to itself and sets a cookie: a cookie check waiting for the cookie to come back */
  | 'cookie-check'
  /** an https URL that redirects to itself: the origin behind a TLS-terminating proxy saw http */
  | 'same-url-https'
  /** an http URL that redirects to itself, no cookie: a rule whose target matches the rule again */
  | 'same-url'
  /** www.example.com ↔ example.com: two canonical-host rules */
  | 'host-flip'
  /** /path ↔ /path/: two trailing-slash rules */
  | 'slash-flip'
  /** a login or auth path inside the loop: the session is not kept between hops */
  | 'login';

export interface LoopReading {
  shape: LoopShape;
  /** The hops of the cycle, e.g. "https://a/x → http://a/x → https://a/x". */
  cycle: string;
  /** Cookie names the looping response set. */
  cookies: string[];
}

const LOGIN_PATH = /\/(log-?in|sign-?in|auth|oauth2?|sso|saml|session|account)s?\b/i;

function parse(u: string): URL | undefined {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

const bare = (host: string): string => host.replace(/^www\./i, '');

/** The hops that close the loop: from the first visit of the URL the last hop goes back to. */
function cycleOf(hops: RedirectHop[]): RedirectHop[] {
  const last = hops[hops.length - 1];
  const start = hops.findIndex((h) => parse(h.url)?.href === parse(last.location)?.href);
  return start < 0 ? [] : hops.slice(start);
}

/** Cookie names set by the response that redirected last (its headers are the result's response headers). */
function cookiesSet(r: Result): string[] {
  const headers = r.phases.find((p) => p.phase === 'response')?.headers ?? {};
  const values = Object.entries(headers).filter(([name]) => name.toLowerCase() === 'set-cookie').flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
  return values.map((c) => c.slice(0, Math.max(0, c.indexOf('='))).trim()).filter((n) => n !== '');
}

/** What the loop flips, or undefined when it is not a loop or its shape says nothing (/a → /b → /a). */
export function loopShape(r: Result): LoopReading | undefined {
  if (r.id !== 'http.redirect-loop' || r.redirects === undefined || r.redirects.length === 0) return undefined;
  const hops = cycleOf(r.redirects);
  if (hops.length === 0) return undefined;
  const cycle = [...hops.map((h) => h.url), hops[hops.length - 1].location].join(' → ');
  const cookies = cookiesSet(r);
  const read = (shape: LoopShape): LoopReading => ({ shape, cycle, cookies });
  const pairs = hops.map((h) => [parse(h.url), parse(h.location)] as const);
  if (pairs.some(([a, b]) => a === undefined || b === undefined)) return undefined;
  const every = (test: (a: URL, b: URL) => boolean): boolean => pairs.every(([a, b]) => test(a as URL, b as URL));

  if (hops.length === 1) {
    if (cookies.length > 0) return read('cookie-check');
    return read(pairs[0][0]?.protocol === 'https:' ? 'same-url-https' : 'same-url');
  }
  if (every((a, b) => a.protocol !== b.protocol && a.hostname === b.hostname && a.pathname === b.pathname)) return read('scheme-flip');
  if (every((a, b) => a.hostname !== b.hostname && bare(a.hostname) === bare(b.hostname))) return read('host-flip');
  if (every((a, b) => a.hostname === b.hostname && a.pathname !== b.pathname && a.pathname.replace(/\/$/, '') === b.pathname.replace(/\/$/, ''))) return read('slash-flip');
  if (pairs.some(([a, b]) => LOGIN_PATH.test(a?.pathname ?? '') || LOGIN_PATH.test(b?.pathname ?? ''))) return read('login');
  return undefined;
}
