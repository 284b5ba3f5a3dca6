// Which URLs the engine can probe, and a one-line reason for those it cannot.
import { isSupportedScheme } from '../vocabulary/schemes';

/** null when `url` can be probed; otherwise why not, in one line (never echoing a password). */
export function whyUnprobeable(url: string): string | null {
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
