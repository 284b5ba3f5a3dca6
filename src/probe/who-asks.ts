// "Who asks": when the answer is a block, a challenge or a 401/403/429, ask once more the way a browser does
// (a current browser's User-Agent and Accept headers, and the other HTTP version) and compare. A different answer
// is `client-dependent`: bot protection or client filtering, detected and reported, never used to get through.
import type { DiagnosisId } from '../vocabulary/ids';

/** The answers worth asking again about (diagnosis-ids.md: client-dependent). */
export const WHO_ASKS_IDS = new Set<DiagnosisId>(['http.waf-blocked', 'http.client-error', 'http.auth-required', 'http.rate-limited']);
const WHO_ASKS_STATUSES = new Set([401, 403, 406, 429]);

/** A current desktop Chrome's request headers (navigation), without cookies or client hints that carry state. */
export const BROWSER_HEADERS: Record<string, string> = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
};

/** Space before asking again: one request more, well apart from the first (per-host limits still apply). */
export const WHO_ASKS_SPACING_MS = 300;

/** How the second request differs from the first. */
export interface AskVariant {
  name: string;
  headers?: Record<string, string>;
  alpn?: string[];
  path?: string;
}

export function shouldAskAgain(id: DiagnosisId, status: number | undefined, retryAfterSec: number | undefined): boolean {
  if (!WHO_ASKS_IDS.has(id) || status === undefined || !WHO_ASKS_STATUSES.has(status)) return false;
  // A limiter that said when to come back is honoured: no second request now.
  return retryAfterSec === undefined;
}

/** The browser-like variant: its headers, and the other HTTP version when the first request used TLS. */
export function browserVariant(tls: boolean, usedH2: boolean): AskVariant {
  if (!tls) return { name: 'client=browser (User-Agent, Accept)', headers: BROWSER_HEADERS };
  return usedH2
    ? { name: 'client=browser (User-Agent, Accept, HTTP/1.1)', headers: BROWSER_HEADERS, alpn: ['http/1.1'] }
    : { name: 'client=browser (User-Agent, Accept, h2 offered)', headers: BROWSER_HEADERS, alpn: ['h2', 'http/1.1'] };
}
