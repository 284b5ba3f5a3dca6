// Which URLs the engine can probe, and a one-line reason for those it cannot.
import { forbiddenHost } from './destination-policy';
import { isSupportedScheme } from '../vocabulary/schemes';
import { MAX_URL_BYTES } from '../vocabulary/url-limit';

export { MAX_URL_BYTES };

/** null when `url` can be probed; otherwise why not, in one line (never echoing a password). */
export function whyUnprobeable(url: string): string | null {
  const refused = refusal(url);
  if (refused) return refused;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return 'not a URL (expected scheme://host…)';
  if (!isSupportedScheme(scheme)) return `unsupported scheme '${scheme}:'`;
  const port = /^[^:]+:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#,]*)(?::(\d+))?/.exec(url)?.[1];
  if (port !== undefined && Number(port) > 65535) return `port ${port} is out of range (1-65535)`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'malformed URL';
  }
  if (!parsed.hostname) return 'no host in URL';
  if (parsed.port === '0') return 'port 0 cannot be probed';
  return null;
}

/** What the engine itself refuses whoever asks: URLs past the length cap, hosts the destination policy forbids. */
export function refusal(url: string): string | null {
  if (url.length > MAX_URL_BYTES) return `URL too long (more than ${MAX_URL_BYTES} characters): not probed`;
  const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#,]*)/i.exec(url)?.[1];
  const why = host ? forbiddenHost(host) : undefined;
  return why ? `${why}: not probed (destination policy)` : null;
}
