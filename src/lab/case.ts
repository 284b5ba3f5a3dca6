// What a lab case is, and how one is written down: the URL, the ProbeOptions that reach it, and the very same
// options as conndoc flags.
import { ID_PHASE, type DiagnosisId, type Finding, type PhaseName } from '../vocabulary/ids';
import type { ProbeOptions } from '../vocabulary/types';
import type { Ctx } from './servers';

export interface LabCase {
  name: string; // stable kebab-case
  description: string; // one line: what the server does on the wire
  url: string;
  options: ProbeOptions;
  args: string[]; // the same as conndoc flags
  expect: { id: DiagnosisId; findings: Finding[]; failedPhase?: PhaseName };
  /** root: needs a throwaway network namespace (see `netns`); ipv6: needs ::1. */
  requires?: 'root' | 'ipv6';
  /**
   * For `requires: 'root'`: shell commands that prepare a fresh network namespace (`unshare --net`), in which
   * the probe must run. They touch only that namespace's own loopback.
   */
  netns?: string[];
  /** Injected delays, for phase-timing checks: ms the server waits in that phase. */
  delays?: Partial<Record<PhaseName, number>>;
}

export interface CaseContext extends Ctx {
  caFile: string;
  dnsServer: string;
  /** Set when HTTP(S)_PROXY is in the environment: cases then say --proxy '' explicitly. */
  envHasProxy: boolean;
}

export interface CaseSpec {
  name: string;
  description: string;
  scheme: 'http' | 'https' | string;
  port: number;
  path?: string;
  /** Host name in the URL; default `<name>.lab.test`. */
  hostName?: string;
  /** Addresses for --resolve; default [ctx.host]. `dns` = use the lab DNS server instead. */
  addresses?: string[] | 'dns';
  id: DiagnosisId;
  findings?: Finding[];
  failedPhase?: PhaseName;
  timeoutMs?: number;
  proxy?: string;
  repeat?: number;
  /** Extra --resolve entries (e.g. the other host of a redirect). */
  alsoResolve?: Record<string, string[]>;
  requires?: LabCase['requires'];
  netns?: string[];
  delays?: LabCase['delays'];
}

export const DEFAULT_TIMEOUT_MS = 5000;
/** For cases that end in a timeout: short, so the suite stays quick, yet far above loopback round trips. */
export const SHORT_TIMEOUT_MS = 1000;

export function makeCase(ctx: CaseContext, s: CaseSpec): LabCase {
  const hostName = s.hostName ?? `${s.name}.lab.test`;
  const hostPart = hostName.includes(':') ? `[${hostName}]` : hostName;
  const url = `${s.scheme}://${hostPart}:${s.port}${s.path ?? '/'}`;
  const options: ProbeOptions = { timeoutMs: s.timeoutMs ?? DEFAULT_TIMEOUT_MS, proxy: s.proxy ?? null };
  const args: string[] = [];
  const resolve: Record<string, string[]> = {};
  const isIp = /^[\d.]+$/.test(hostName) || hostName.includes(':');
  if (s.addresses === 'dns') {
    options.dnsServer = ctx.dnsServer;
    args.push('--dns-server', ctx.dnsServer);
  } else if (!isIp) {
    resolve[`${hostName}:${s.port}`] = s.addresses ?? [ctx.host];
  }
  Object.assign(resolve, s.alsoResolve ?? {});
  if (Object.keys(resolve).length) {
    options.resolve = resolve;
    for (const [k, v] of Object.entries(resolve)) args.push('--resolve', `${k}:${v.join(',')}`);
  }
  if (s.scheme === 'https' || s.alsoResolve) {
    options.ca = [ctx.pki.caPem];
    args.push('--ca', ctx.caFile);
  }
  if (s.proxy) args.push('--proxy', s.proxy);
  else if (ctx.envHasProxy) args.push('--proxy', '');
  if (s.repeat) {
    options.repeat = s.repeat;
    args.push('--repeat', String(s.repeat));
  }
  args.push('--timeout', String(options.timeoutMs));
  const failedPhase = s.failedPhase ?? ID_PHASE[s.id] ?? undefined;
  const c: LabCase = {
    name: s.name,
    description: s.description,
    url,
    options,
    args,
    expect: { id: s.id, findings: s.findings ?? [], ...(failedPhase ? { failedPhase } : {}) },
  };
  if (s.requires) c.requires = s.requires;
  if (s.netns) c.netns = s.netns;
  if (s.delays) c.delays = s.delays;
  return c;
}
