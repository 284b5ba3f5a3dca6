// The protocol's plain values: no LSP library here, so the extension's eager code (activation) and the
// webview bundle can import them at no cost. Types and messages are in protocol.ts.
import type { Settings } from './protocol';

export const ADHOC_URI = 'connection-doctor:adhoc';

/** Diagnostic code links: `connection-doctor-explain:/<id>?entry=<entry id>` opens the explanation. */
export const EXPLAIN_SCHEME = 'connection-doctor-explain';

export const DEFAULT_SETTINGS: Settings = {
  timeoutMs: 10000,
  concurrency: 16,
  perHost: 4,
  repeat: 1,
  probeOnOpen: false,
  probeOnSave: false,
  excludes: [],
  caFile: '',
  insecure: false,
  resolve: {},
  proxy: '',
  noProxy: [],
  proxyStrictSSL: true,
  trusted: false,
  severities: ['error', 'warning', 'information'],
};

/** Durations as every surface writes them: `0.4 ms`, `84 ms`, `1.2 s`. */
export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10000 ? 0 : 1)} s`;
  return `${ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

/** `12:03`, local time: when a host may be probed again. */
export function clock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** `just now`, `3 min ago`, `2 h ago`, `4 days ago`: how old a result is. */
export function age(epochMs: number, now = Date.now()): string {
  const s = Math.max(0, (now - epochMs) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** Each probed scheme's default port, to name the host:port a probe contacts. */
export const DEFAULT_PORTS: Record<string, number> = { http: 80, ws: 80, https: 443, wss: 443, postgres: 5432, postgresql: 5432, mysql: 3306, redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671, mongodb: 27017, 'mongodb+srv': 27017, nats: 4222 };

/** `host:port` as a probe contacts it (the port defaulted by scheme). */
export function hostPort(u: { scheme: string; host: string; port?: number }): string {
  const port = u.port ?? DEFAULT_PORTS[u.scheme];
  return port === undefined ? u.host : `${u.host}:${port}`;
}

// One redaction for every surface (the engine's; it imports nothing).
export { redactSecrets, redactText, redactUrl } from './probe/redact';
