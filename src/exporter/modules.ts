// The exporter's modules (`conndoc serve --config f`): how to probe and which targets a module may reach.
// The file is YAML in blackbox_exporter's spirit: `modules: {name: {timeout, repeat, proxy, ca, allow}}`.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export class ConfigError extends Error {}

export interface Allow {
  /** Lower-case schemes without `:`; undefined = every scheme the engine probes. */
  schemes?: string[];
  /** Exact names, `*.example.com` (any subdomain, not the apex) or IP literals; undefined = any host. */
  hosts?: string[];
  /** Every address the target resolves to must be inside one of these; undefined = any address. */
  cidrs?: BlockList;
  /** The CIDRs as written, for messages. */
  cidrText?: string[];
}

export interface Module {
  name: string;
  /** Per-phase timeout, ms. */
  timeoutMs: number;
  repeat: number;
  /** undefined = the environment's proxy; null = none. */
  proxy?: string | null;
  /** PEM text of extra CAs. */
  ca?: string[];
  insecure: boolean;
  /** Redirects followed, each hop checked against `allow` (0 = none). */
  maxRedirects: number;
  allow: Allow;
}

export interface ExporterConfig {
  modules: Map<string, Module>;
  /** Probes in flight per host, shared by every scrape. */
  perHost: number;
  /** Probes in flight at once; scrapes beyond `maxQueued` waiting are answered 503. */
  concurrency: number;
  maxQueued: number;
}

export const DEFAULT_MODULE = 'http_2xx';

const DEFAULTS = { timeoutMs: 5000, repeat: 1, maxRedirects: 10, perHost: 4, concurrency: 16, maxQueued: 64 };

/** With no file: blackbox's default module name, any target (the listener is on loopback unless told otherwise). */
export function defaultConfig(): ExporterConfig {
  const m = moduleFrom(DEFAULT_MODULE, {}, '.');
  return { modules: new Map([[m.name, m]]), perHost: DEFAULTS.perHost, concurrency: DEFAULTS.concurrency, maxQueued: DEFAULTS.maxQueued };
}

export function loadConfig(file: string): ExporterConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`--config: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(`--config: ${file}: ${String((e as Error).message).split('\n')[0]}`);
  }
  return configFrom(doc, file);
}

export function configFrom(doc: unknown, file = 'config'): ExporterConfig {
  const root = record(doc, file);
  const modulesDoc = record(root.modules ?? {}, `${file}: modules`);
  const modules = new Map<string, Module>();
  const dir = path.dirname(file);
  for (const [name, body] of Object.entries(modulesDoc)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new ConfigError(`${file}: module name '${name}' (letters, digits, _ . - only)`);
    modules.set(name, moduleFrom(name, record(body ?? {}, `${file}: module ${name}`), dir));
  }
  if (modules.size === 0) throw new ConfigError(`${file}: no modules (expected modules: {name: {...}})`);
  return {
    modules,
    perHost: int(root.per_host, `${file}: per_host`, 1, 64) ?? DEFAULTS.perHost,
    concurrency: int(root.concurrency, `${file}: concurrency`, 1, 1024) ?? DEFAULTS.concurrency,
    maxQueued: int(root.max_queued, `${file}: max_queued`, 0, 10_000) ?? DEFAULTS.maxQueued,
  };
}

function moduleFrom(name: string, m: Record<string, unknown>, dir: string): Module {
  const where = `module ${name}`;
  const known = new Set(['timeout', 'repeat', 'proxy', 'ca', 'insecure', 'max_redirects', 'allow', 'prober']);
  for (const k of Object.keys(m)) if (!known.has(k)) throw new ConfigError(`${where}: unknown key '${k}' (known: ${[...known].join(', ')})`);
  const allowDoc = record(m.allow ?? {}, `${where}: allow`);
  for (const k of Object.keys(allowDoc)) if (!['schemes', 'hosts', 'cidrs'].includes(k)) throw new ConfigError(`${where}: allow: unknown key '${k}' (schemes, hosts, cidrs)`);
  const allow: Allow = {};
  const schemes = strings(allowDoc.schemes, `${where}: allow.schemes`);
  if (schemes) allow.schemes = schemes.map((s) => s.toLowerCase().replace(/:(\/\/)?$/, ''));
  const hosts = strings(allowDoc.hosts, `${where}: allow.hosts`);
  if (hosts) allow.hosts = hosts.map((h) => h.toLowerCase().replace(/^\[|\]$/g, ''));
  const cidrs = strings(allowDoc.cidrs, `${where}: allow.cidrs`);
  if (cidrs) {
    allow.cidrs = new BlockList();
    allow.cidrText = cidrs;
    for (const c of cidrs) addCidr(allow.cidrs, c, where);
  }
  let proxy: string | null | undefined;
  if (m.proxy !== undefined && m.proxy !== null) {
    if (typeof m.proxy !== 'string' || (m.proxy !== '' && !/^https?:\/\/[^/]/i.test(m.proxy))) throw new ConfigError(`${where}: proxy takes an http:// URL or ''`);
    proxy = m.proxy === '' ? null : m.proxy;
  }
  const caFiles = typeof m.ca === 'string' ? [m.ca] : strings(m.ca, `${where}: ca`);
  const ca = caFiles?.map((f) => readCa(path.resolve(dir, f), where));
  if (m.prober !== undefined && m.prober !== 'http') throw new ConfigError(`${where}: only prober: http is supported (tcp URLs such as redis:// are probed by the same module)`);
  return {
    name,
    timeoutMs: duration(m.timeout, `${where}: timeout`) ?? DEFAULTS.timeoutMs,
    repeat: int(m.repeat, `${where}: repeat`, 1, 20) ?? DEFAULTS.repeat,
    proxy,
    ca,
    insecure: m.insecure === true,
    maxRedirects: int(m.max_redirects, `${where}: max_redirects`, 0, 20) ?? DEFAULTS.maxRedirects,
    allow,
  };
}

function addCidr(list: BlockList, spec: string, where: string): void {
  const [addr, bits] = spec.split('/');
  const family = isIP(addr);
  const max = family === 6 ? 128 : 32;
  if (!family || (bits !== undefined && !/^\d{1,3}$/.test(bits)) || Number(bits ?? max) > max) throw new ConfigError(`${where}: '${spec}' is not a CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
  list.addSubnet(addr, Number(bits ?? max), family === 6 ? 'ipv6' : 'ipv4');
}

function readCa(file: string, where: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${where}: ca: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${where}: ca: ${file} holds no PEM certificate`);
  return text;
}

/** `5s`, `1500ms`, `1m` (blackbox writes durations the Go way) or a number of milliseconds. */
export function duration(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && v >= 1 && v <= 600_000) return v;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v.trim()) : null;
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(ms >= 1 && ms <= 600_000)) throw new ConfigError(`${where}: '${String(v)}' is not a duration from 1ms to 10m (e.g. 5s, 1500ms)`);
  return ms;
}

function int(v: unknown, where: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${where}: a whole number from ${min} to ${max}, not '${String(v)}'`);
  return v;
}

function strings(v: unknown, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) throw new ConfigError(`${where}: a list of strings`);
  return v as string[];
}

function record(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${where}: expected a mapping`);
  return v as Record<string, unknown>;
}
