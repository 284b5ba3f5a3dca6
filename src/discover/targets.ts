// One probe per distinct target, every location kept.
import type { ScannedUrl } from './scan';

export interface Target {
  /** What the engine probes: no userinfo, so no secret. */
  probeUrl: string;
  /** The URL as first written (password redacted), for messages. */
  url: string;
  locations: { file: string; line: number; column: number }[];
}

const WEB = new Set(['http', 'https', 'ws', 'wss']);

/**
 * A target is what one probe answers for. For http(s) and ws(s) it is the URL without userinfo and
 * fragment (the fragment is never sent), scheme and host compared without letter case; for the other
 * schemes, where the probe stops at the transport, it is scheme://host[:port][,host[:port]…].
 */
export function dedupeTargets(urls: ScannedUrl[]): Target[] {
  const byKey = new Map<string, Target>();
  for (const u of urls) {
    const rest = u.probeUrl.slice(u.scheme.length + 3);
    const authEnd = rest.search(/[/?#]/);
    const authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
    const web = WEB.has(u.scheme);
    let probeUrl: string;
    let key: string;
    if (web) {
      const hash = rest.indexOf('#', authority.length);
      const path = hash < 0 ? rest.slice(authority.length) : rest.slice(authority.length, hash);
      probeUrl = `${u.probeUrl.slice(0, u.scheme.length + 3)}${authority}${path}`;
      key = `${u.scheme}://${authority.toLowerCase()}${path}`;
    } else {
      probeUrl = `${u.probeUrl.slice(0, u.scheme.length + 3)}${authority}`;
      key = `${u.scheme}://${authority.toLowerCase()}`;
    }
    const loc = { file: u.file, line: u.line, column: u.column };
    const t = byKey.get(key);
    if (t) t.locations.push(loc);
    else byKey.set(key, { probeUrl, url: u.url, locations: [loc] });
  }
  return [...byKey.values()];
}
