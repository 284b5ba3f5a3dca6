// The `connectionDoctor` settings section as any client holds it (VS Code's keys: package.json
// `contributes.configuration`) → the server's Settings. Editors send it pulled (workspace/configuration) or
// pushed (workspace/didChangeConfiguration), nested (`problems: {severities}`) or dotted (`problems.severities`).
// Only keys present with a usable value are returned: the caller merges them over what it has.
import type { Settings, Severity } from './protocol';

export const CONFIG_SECTION = 'connectionDoctor';

const SEVERITIES: Severity[] = ['error', 'warning', 'information'];

/** `{"api.test:443": "127.0.0.1"}` or `["127.0.0.1", "::1"]` → string arrays. */
export function normaliseResolve(r: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(r ?? {})) out[k] = (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
const atLeast = (min: number) => (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** setting key (as VS Code names it under connectionDoctor.) → [Settings field, reader]. */
const KEYS: Record<string, [keyof Settings, (v: unknown) => unknown]> = {
  timeout: ['timeoutMs', atLeast(100)],
  concurrency: ['concurrency', atLeast(1)],
  perHost: ['perHost', atLeast(1)],
  repeat: ['repeat', atLeast(1)],
  probeOnOpen: ['probeOnOpen', bool],
  probeOnSave: ['probeOnSave', bool],
  excludes: ['excludes', strings],
  caFile: ['caFile', str],
  insecure: ['insecure', bool],
  allowDirect: ['allowDirect', bool],
  pac: ['pac', str],
  packetCapture: ['packetCapture', (v) => (v === 'auto' || v === 'off' ? v : undefined)],
  resolve: ['resolve', (v) => (isObject(v) ? normaliseResolve(v) : undefined)],
  'problems.severities': ['severities', (v) => strings(v)?.filter((x): x is Severity => (SEVERITIES as string[]).includes(x))],
};

/** The names a user may set (README "Other editors" lists the same). */
export const CONFIG_KEYS = Object.keys(KEYS);

/** A settings section (or a whole settings object holding one under `connectionDoctor`) → the Settings it sets. */
export function settingsFromConfig(section: unknown): Partial<Settings> {
  if (!isObject(section)) return {};
  const c = isObject(section[CONFIG_SECTION]) ? section[CONFIG_SECTION] : section;
  const flat: Record<string, unknown> = { ...c };
  if (isObject(c.problems) && c.problems.severities !== undefined) flat['problems.severities'] = c.problems.severities;
  const out: Record<string, unknown> = {};
  for (const [key, [field, read]] of Object.entries(KEYS)) {
    const v = flat[key] === undefined ? undefined : read(flat[key]);
    if (v !== undefined) out[field] = v;
  }
  return out as Partial<Settings>;
}
