// The same engine on another machine: the bundled CLI goes over the channel on stdin and runs as `node -`
// (nothing is written there); without Node ≥ 20 the vantage gets the curl probe, and says so.
import { readFileSync } from 'node:fs';
import { redactText, redactUrl } from '../vocabulary/redact';
import type { ProbeOptions, Result, ScheduleOptions } from '../vocabulary/types';
import { runOn } from './channel';
import { CURL_SCRIPT, parseCurlOutput } from './curl-probe';
import type { Vantage } from './spec';

export type RemoteVantage = Exclude<Vantage, { kind: 'local' }>;

export interface RemoteOutcome {
  results: Result[];
  /** Said once on stderr: degraded probing, URLs left out, or why the vantage could not probe at all. */
  notes: string[];
  /** The vantage could not probe anything. */
  failed: boolean;
}

/**
 * One session: when `node --version` there says ≥ 20, the shell becomes `node -` reading this CLI from stdin;
 * otherwise it answers with a marker, the version it found and whether curl is there (then the curl probe runs).
 */
const RUN = [
  'v=$(node --version 2>/dev/null); m=${v#v}; m=${m%%.*}',
  'if [ "${m:-0}" -ge 20 ] 2>/dev/null; then exec node - "$@"; fi',
  'printf "CONNDOC-NO-NODE node=%s\\n" "$v"; command -v curl >/dev/null 2>&1 && echo curl=1; exit 0',
].join('\n');
const MIN_NODE = 20;

/** This CLI's own bundle: what runs on the other side. */
function bundle(): Buffer {
  return readFileSync(__filename);
}

/** The options that describe the target, forwarded; proxy and CA stay the vantage's own (that is the point of it). */
export function forwardedArgs(o: ProbeOptions & ScheduleOptions): string[] {
  const a: string[] = [];
  if (o.timeoutMs) a.push('--timeout', String(o.timeoutMs));
  if (o.repeat) a.push('--repeat', String(o.repeat));
  if (o.concurrency) a.push('--concurrency', String(o.concurrency));
  if (o.perHost) a.push('--per-host', String(o.perHost));
  if (o.maxBodyBytes) a.push('--max-body-bytes', String(o.maxBodyBytes));
  if (o.dnsServer) a.push('--dns-server', o.dnsServer);
  if (o.insecure) a.push('--insecure');
  if (o.differential === false) a.push('--no-differential');
  for (const [key, addrs] of Object.entries(o.resolve ?? {})) {
    const [host, port] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
    a.push('--resolve', `${host.includes(':') ? `[${host}]` : host}:${port}:${addrs.join(',')}`);
  }
  return a;
}

/** Generous but finite: every phase of every URL timing out, in waves of `concurrency`, plus the channel's setup. */
function deadline(urls: number, o: ProbeOptions & ScheduleOptions): number {
  const perUrl = (o.timeoutMs ?? 10_000) * 8 * (o.repeat ?? 1);
  return Math.min(30_000 + perUrl * Math.ceil(urls / (o.concurrency ?? 16)), 30 * 60_000);
}

export async function probeRemote(v: RemoteVantage, urls: string[], o: ProbeOptions & ScheduleOptions, signal?: AbortSignal): Promise<RemoteOutcome> {
  // Credentials never leave this machine: the far side gets each URL as every surface shows it.
  const sent = urls.map(redactUrl);
  const run = await runOn(v, ['sh', '-c', RUN, 'sh', 'probe', '--json', ...forwardedArgs(o), '--', ...sent], { stdin: bundle(), deadlineMs: deadline(urls.length, o), signal });
  const marker = /^CONNDOC-NO-NODE node=v?(\d+)?\.?(\d+)?\.?(\d+)?/m.exec(run.stdout);
  if (!marker) {
    if (run.code === 0 || run.code === 1) {
      try {
        const doc = JSON.parse(run.stdout) as { results: Result[] };
        return { results: doc.results, notes: [], failed: false };
      } catch {
        /* reported below */
      }
    }
    const why = run.timedOut ? 'timed out' : firstLine(run) || `exit ${run.code}`;
    // Nothing on stdout: the channel itself failed (ssh could not connect or log in, no such container…).
    return { results: [], notes: [`${v.label}: ${run.stdout.trim() ? 'the probe there failed' : 'cannot run there'}: ${why}`], failed: true };
  }
  const version = marker[1] ? marker : undefined;
  const hasCurl = /^curl=1/m.test(run.stdout);
  const found = version ? `Node ${version[1]}.${version[2]}.${version[3]}` : 'no node';
  const http = sent.filter((u) => /^https?:\/\//i.test(u));
  if (!hasCurl) {
    return { results: [], notes: [`${v.label}: ${found} and no curl there: cannot probe (install Node ≥ ${MIN_NODE} there for the full probe)`], failed: true };
  }
  const notes = [`${v.label}: ${found} there (the full probe needs Node ≥ ${MIN_NODE}); probing with curl instead: no differential probes or wire evidence`];
  if (http.length < sent.length) notes.push(`${v.label}: the curl probe handles http(s) only; ${sent.length - http.length} URL(s) not probed from there`);
  if (http.length === 0) return { results: [], notes, failed: false };
  const seconds = String(Math.max(1, Math.ceil(((o.timeoutMs ?? 10_000) * 4) / 1000)));
  const curl = await runOn(v, ['sh', '-c', CURL_SCRIPT, 'sh', seconds, ...http], { deadlineMs: deadline(http.length, o), signal });
  const parsed = parseCurlOutput(curl.stdout, http);
  // Back to the positions of the URLs given.
  const results: Result[] = [];
  http.forEach((u, i) => {
    if (parsed[i]) results[sent.indexOf(u)] = parsed[i];
  });
  return { results, notes, failed: false };
}

function firstLine(run: { stderr: string; stdout: string }): string {
  const line = (run.stderr.trim() || run.stdout.trim()).split('\n').find((l) => l.trim()) ?? '';
  return redactText(line.trim()).slice(0, 300);
}
