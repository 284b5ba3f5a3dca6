// Prometheus text exposition (format 0.0.4) of one probe, with blackbox_exporter's metric names so existing
// dashboards and alerts work, plus conndoc_diagnosis / conndoc_finding so they can say why.
import type { PhaseName } from '../vocabulary/ids';
import type { Result } from '../vocabulary/types';
import type { ProbeRun } from './run';

type Labels = Record<string, string>;

/** Collects families in order; one HELP/TYPE per family. */
export class Exposition {
  private readonly families = new Map<string, { help: string; type: string; lines: string[] }>();

  add(name: string, help: string, value: number, labels: Labels = {}, type = 'gauge'): void {
    let f = this.families.get(name);
    if (!f) this.families.set(name, (f = { help, type, lines: [] }));
    const text = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
    f.lines.push(`${name}${text ? `{${text}}` : ''} ${formatValue(value)}`);
  }

  toString(): string {
    let out = '';
    for (const [name, f] of this.families) out += `# HELP ${name} ${f.help}\n# TYPE ${name} ${f.type}\n${f.lines.join('\n')}\n`;
    return out;
  }
}

export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(Math.round(v * 1e6) / 1e6);
}

/** blackbox's http phases from the engine's: proxy tunnel time counts as connect, request + response wait as processing. */
const BLACKBOX_PHASES: [string, PhaseName[]][] = [
  ['resolve', ['dns']],
  ['connect', ['connect', 'proxy']],
  ['tls', ['tls']],
  ['processing', ['request', 'response']],
  ['transfer', ['body']],
];

export function probeMetrics(run: ProbeRun): string {
  const e = new Exposition();
  const final = run.hops[run.hops.length - 1];
  const success = !run.denied && !run.redirectProblem && final !== undefined && final.ok;
  e.add('probe_success', 'Displays whether or not the probe was a success', success ? 1 : 0);
  e.add('probe_duration_seconds', 'Returns how long the probe took to complete in seconds', run.seconds);
  if (run.denied || !final) {
    e.add('conndoc_target_denied', 'The module does not allow this target: nothing was contacted', 1);
    return e.toString();
  }
  // blackbox sums each phase over the redirect hops.
  const sum = (phases: PhaseName[]): number => run.hops.reduce((t, r) => t + phaseMs(r, phases), 0) / 1000;
  const lookup = sum(['dns']) + run.lookupMs.reduce((a, b) => a + b, 0) / 1000;
  e.add('probe_dns_lookup_time_seconds', 'Returns the time taken for probe dns lookup in seconds', lookup);
  for (const [phase, ours] of BLACKBOX_PHASES) {
    const seconds = phase === 'resolve' ? lookup : sum(ours);
    e.add('probe_http_duration_seconds', 'Duration of http request by phase, summed over all redirects', seconds, { phase });
  }
  const response = final.phases.find((p) => p.phase === 'response');
  const body = final.phases.find((p) => p.phase === 'body');
  const tls = final.phases.find((p) => p.phase === 'tls');
  const connect = final.phases.find((p) => p.phase === 'connect');
  e.add('probe_http_status_code', 'Response HTTP status code', response?.httpStatus ?? 0);
  e.add('probe_http_redirects', 'The number of redirects', run.hops.length - 1);
  e.add('probe_http_ssl', 'Indicates if SSL was used for the final redirect', tls?.status === 'ok' ? 1 : 0);
  e.add('probe_http_uncompressed_body_length', 'Length of uncompressed response body', body?.bytes ?? 0);
  const length = Number(header(final, 'content-length'));
  e.add('probe_http_content_length', 'Length of http content response', Number.isFinite(length) && header(final, 'content-length') !== undefined ? length : -1);
  const version = Number(response?.httpVersion);
  if (Number.isFinite(version) && response?.httpVersion) e.add('probe_http_version', 'Returns the version of HTTP of the probe response', version);
  const address = connect?.remoteAddress ?? final.phases.find((p) => p.phase === 'dns')?.addresses?.[0]?.address;
  if (address) e.add('probe_ip_protocol', 'Specifies whether probe ip protocol is IP4 or IP6', address.includes(':') ? 6 : 4);
  if (tls?.status === 'ok' && tls.tlsVersion) {
    e.add('probe_tls_version_info', 'Returns the TLS version used or NaN when unknown', 1, { version: tlsVersionName(tls.tlsVersion) });
  }
  const expiries = (tls?.certificates ?? []).map((c) => Date.parse(c.validTo) / 1000).filter((t) => Number.isFinite(t));
  if (expiries.length) {
    e.add('probe_ssl_earliest_cert_expiry', 'Returns last SSL chain expiry in unixtime', Math.min(...expiries));
  }
  const failedAt = final.failedPhase ?? '';
  e.add('conndoc_diagnosis', 'The diagnosis id of this probe (1 for the id observed); see conndoc explain <id>', 1, { id: final.id, phase: failedAt });
  for (const f of new Set(run.hops.flatMap((r) => r.findings))) {
    e.add('conndoc_finding', 'A finding that narrows the cause (sni-dependent, vendor:<name>, …)', 1, { name: f });
  }
  for (const [i, r] of run.hops.entries()) {
    for (const p of r.phases) {
      if (p.status === 'skipped') continue;
      e.add('conndoc_phase_duration_seconds', "The engine's own phases, per redirect hop", p.ms / 1000, { phase: p.phase, hop: String(i) });
    }
  }
  if (final.rateLimit?.retryAfterSec !== undefined) e.add('conndoc_retry_after_seconds', 'Retry-After the target sent', final.rateLimit.retryAfterSec);
  if (run.redirectProblem) e.add('conndoc_redirect_refused', 'A redirect was not followed (outside the module, a loop, or too many): probe_success 0', 1);
  return e.toString();
}

function phaseMs(r: Result, phases: PhaseName[]): number {
  return r.phases.filter((p) => phases.includes(p.phase) && p.status !== 'skipped').reduce((t, p) => t + p.ms, 0);
}

function header(r: Result, name: string): string | undefined {
  const v = r.phases.find((p) => p.phase === 'response')?.headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Node says TLSv1.3; blackbox says "TLS 1.3". */
function tlsVersionName(v: string): string {
  const m = /^TLSv(\d\.\d)$/.exec(v);
  return m ? `TLS ${m[1]}` : v;
}
