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
  packetCapture: 'off',
  resolve: {},
  proxy: '',
  noProxy: [],
  proxyStrictSSL: true,
  pac: '',
  allowDirect: true,
  trusted: false,
  severities: ['error', 'warning', 'information'],
};
