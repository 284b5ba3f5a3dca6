// The degraded probe for a vantage without Node ≥ 20: curl's exit code and timings mapped onto the same
// Result. Coarser than the engine (no differentials, no wire evidence), and it says so in every result.
import { classifyStatus } from '../probe/classify';
import { PHASES, type DiagnosisId, type PhaseName } from '../vocabulary/ids';
import { applyKnowledge } from '../probe/knowledge';
import { redactText, redactUrl } from '../vocabulary/redact';
import type { PhaseResult, Result } from '../vocabulary/types';

/** Runs on the vantage as `sh -c SCRIPT sh <timeout-seconds> <url>...`; markers keep curl's own text apart. */
export const CURL_SCRIPT = [
  't=$1; shift; i=0',
  'for u in "$@"; do',
  '  echo "CDU $i"',
  "  curl -sS -o /dev/null --max-time \"$t\" --max-redirs 10 -L -w '\\nCDW %{http_code} %{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total} %{remote_ip}\\n' -- \"$u\" 2>&1",
  '  echo "CDX $?"',
  '  i=$((i+1))',
  'done',
].join('\n');

export const DEGRADED_NOTE = 'degraded probe: curl on the vantage (no Node ≥ 20 there); no differential probes or wire evidence';

/** One Result per URL from CURL_SCRIPT's output; `urls` are the (redacted) URLs that were sent. */
export function parseCurlOutput(out: string, urls: string[]): Result[] {
  const blocks = out.split(/^CDU (\d+)$/m);
  const results: Result[] = [];
  for (let i = 1; i + 1 < blocks.length; i += 2) {
    const index = Number(blocks[i]);
    const url = urls[index];
    if (url === undefined) continue;
    results[index] = fromCurl(url, blocks[i + 1]);
  }
  return results;
}

function fromCurl(url: string, block: string): Result {
  const code = Number(/^CDX (\d+)$/m.exec(block)?.[1] ?? -1);
  const w = /^CDW (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ?(\S*)$/m.exec(block);
  const message = block.split('\n').filter((l) => l.startsWith('curl:')).join(' ').trim();
  const [status, dns, connect, app, first, total] = w ? w.slice(1, 7).map(Number) : [0, 0, 0, 0, 0, 0];
  const remote = w?.[7] || undefined;
  const https = /^(https|wss):/i.test(url);
  const id = idFor(code, status, message, { connect, app, https }, url);
  const ms = (s: number): number => Math.round(s * 1e6) / 1000;
  // curl's times are cumulative from the start: each phase is the difference to the one before.
  const spans: Record<PhaseName, [number, number] | undefined> = {
    dns: [0, dns],
    connect: connect ? [dns, connect] : undefined,
    proxy: undefined,
    tls: https && app ? [connect, app] : undefined,
    request: first ? [Math.max(app, connect), Math.max(app, connect)] : undefined,
    response: first ? [Math.max(app, connect), first] : undefined,
    body: first ? [first, total] : undefined,
  };
  const failedPhase = id === 'ok' ? undefined : phaseOf(id, spans);
  const phases: PhaseResult[] = PHASES.map((phase) => {
    const span = spans[phase];
    if (phase === failedPhase) return { phase, status: 'failed', ms: span ? ms(span[1] - span[0]) : ms(total - (connect || dns)), errorCode: `curl ${code}`, error: redactText(message) || undefined };
    if (!span) return { phase, status: 'skipped', ms: 0 };
    return { phase, status: 'ok', ms: ms(span[1] - span[0]) };
  });
  if (code === 28 && https && !connect) {
    // curl counts the TLS handshake in its connect time: a stalled handshake looks like a stalled connect.
    phases[1].note = 'curl cannot tell a TCP connect timeout from a stalled TLS handshake (its connect time includes TLS)';
  }
  const response = phases.find((p) => p.phase === 'response')!;
  if (status) response.httpStatus = status;
  if (remote) phases[1].remoteAddress = remote;
  phases[0].note = 'measured by curl';
  const r: Result = {
    url: redactUrl(url),
    id,
    ok: id === 'ok',
    findings: [],
    phases,
    title: '',
    explanation: '',
    remediation: [],
    totalMs: ms(total),
    error: [DEGRADED_NOTE, redactText(message)].filter(Boolean).join(': '),
  };
  if (failedPhase) r.failedPhase = failedPhase;
  return applyKnowledge(r);
}

function idFor(code: number, status: number, message: string, t: { connect: number; app: number; https: boolean }, url: string): DiagnosisId {
  const m = message.toLowerCase();
  switch (code) {
    case 0:
      return classifyStatus(status, { vendors: [] }, url.slice(0, url.indexOf(':')).toLowerCase());
    case 6:
      return 'dns.not-found';
    case 7:
      if (m.includes('no route') || m.includes('unreachable')) return 'tcp.unreachable';
      if (m.includes('timed out')) return 'tcp.timeout';
      return 'tcp.refused';
    case 28:
      if (!t.connect) return 'tcp.timeout';
      if (t.https && !t.app) return 'tls.timeout';
      return 'http.timeout';
    case 35:
      return m.includes('reset') ? 'tls.reset' : 'tls.handshake-failure';
    case 51:
      return 'tls.cert-hostname';
    case 60:
      if (m.includes('expired')) return 'tls.cert-expired';
      if (m.includes('subject name') || m.includes('does not match')) return 'tls.cert-hostname';
      return 'tls.cert-untrusted';
    case 47:
      return 'http.redirect-loop';
    case 52:
      return 'http.closed';
    case 56:
      if (t.https && !t.app) return m.includes('reset') ? 'tls.reset' : 'tls.closed';
      return m.includes('reset') ? 'http.reset' : 'http.closed';
    default:
      if (!t.connect) return m.includes('resolve') ? 'dns.failure' : 'tcp.unreachable';
      return 'http.closed';
  }
}

function phaseOf(id: DiagnosisId, spans: Record<PhaseName, [number, number] | undefined>): PhaseName {
  if (id.startsWith('dns.')) return 'dns';
  if (id.startsWith('tcp.')) return 'connect';
  if (id.startsWith('tls.')) return 'tls';
  return spans.body && id.startsWith('http.body') ? 'body' : 'response';
}
