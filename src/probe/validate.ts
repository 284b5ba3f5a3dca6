// Which URLs the engine can probe, and a one-line reason for those it cannot.

/** Schemes discovery reports (url-rules.md R3); all of them can be probed at least through dns/connect. */
export const PROBE_SCHEMES = [
  'http', 'https', 'ws', 'wss', 'postgres', 'postgresql', 'mysql', 'redis', 'rediss',
  'amqp', 'amqps', 'mongodb', 'mongodb+srv', 'nats',
] as const;

/** null when `url` can be probed; otherwise why not, in one line (never echoing a password). */
export function whyUnprobeable(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return 'not a URL (expected scheme://host…)';
  if (!(PROBE_SCHEMES as readonly string[]).includes(scheme)) return `unsupported scheme '${scheme}:'`;
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
