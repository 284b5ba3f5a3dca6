// One probe per distinct target, every location kept.
import { isHttpScheme } from '../vocabulary/schemes';
import type { FoundUrl } from './extract';

/** A URL found in a file, with the file's display path. */
export type ScannedUrl = FoundUrl & { file: string };

export interface Target {
  /** What the engine probes: no userinfo, so no secret. */
  probeUrl: string;
  /** The URL as first written (password redacted), for messages. */
  url: string;
  locations: { file: string; line: number; column: number }[];
}

/**
 * A target is what one probe answers for. For http(s) and ws(s) it is the URL without userinfo and
 * fragment (the fragment is never sent), scheme and host compared without letter case; for the other
 * schemes, where the probe stops at the transport, it is scheme://host[:port][,host[:port]…].
 */
export function dedupeTargets(urls: ScannedUrl[]): Target[] {
  const byKey = new Map<string, Target>();
  for (const u of urls) {
    const p = u.probeUrl;
    const a = u.scheme.length + 3;
    let authEnd = a;
    let upper = false;
    for (; authEnd < p.length; authEnd++) {
      const c = p.charCodeAt(authEnd);
      if (c === 0x2f || c === 0x3f || c === 0x23) break; // / ? #
      if (c >= 65 && c <= 90) upper = true;
    }
    let end = p.length;
    if (!isHttpScheme(u.scheme)) end = authEnd;
    else {
      const hash = p.indexOf('#', authEnd);
      if (hash >= 0) end = hash;
    }
    const probeUrl = end === p.length ? p : p.slice(0, end);
    // Scheme and host compare without letter case; the path does not.
    const schemeUpper = !p.startsWith(u.scheme);
    const key = !upper && !schemeUpper ? probeUrl : `${u.scheme}://${p.slice(a, authEnd).toLowerCase()}${p.slice(authEnd, end)}`;
    const loc = { file: u.file, line: u.line, column: u.column };
    const t = byKey.get(key);
    if (t) t.locations.push(loc);
    else byKey.set(key, { probeUrl, url: u.url, locations: [loc] });
  }
  return [...byKey.values()];
}
