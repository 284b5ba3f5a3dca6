// The human report: one block per URL — phases as a compact timeline, the diagnosis in one line,
// findings with their evidence, the likely culprits and the top remediation steps.
import { redactSecrets } from '../vocabulary/redact';
import type { PhaseResult, Result } from '../vocabulary/types';
import type { Paint } from './style';
import { terminalSafe, terminalSafeResult, withPunycode } from './terminal-safe';
import { wrap } from '../probe/knowledge/format';
import { clauses, paragraphs } from '../vocabulary/text';
import { formatLifetime } from './lifetime-report';
import { alertLabel, measuredFacts, readableError } from '../probe/knowledge/verdict';
import { packetLines } from '../probe/capture/report';

const BAR_WIDTH = 24;
const TOP = 3;

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What a user most wants to see beside a phase. */
function phaseDetail(p: PhaseResult): string {
  const parts: string[] = [];
  switch (p.phase) {
    case 'dns':
      if (p.addresses?.length) parts.push(p.addresses.map((a) => a.address).join(', '));
      if (p.resolver && p.resolver !== 'system') parts.push(`via ${p.resolver}`);
      break;
    case 'connect':
      if (p.remoteAddress) parts.push(`${hostPort(p.remoteAddress, p.remotePort)}`);
      break;
    case 'proxy':
      if (p.proxy) parts.push(`${/^socks/.test(p.proxy) ? 'SOCKS' : 'CONNECT'} via ${p.proxy}`);
      if (p.proxyStatus) parts.push(`→ ${p.proxyStatus}`);
      if (p.proxyReason && p.proxy) parts.push(`chosen by ${p.proxyReason}`);
      if (p.proxyAuthenticate?.length) parts.push(`Proxy-Authenticate: ${p.proxyAuthenticate.map((c) => c.split(' ')[0]).join(', ')}`);
      break;
    case 'tls':
      if (p.tlsVersion) parts.push(p.tlsVersion);
      if (p.alpn) parts.push(`ALPN ${p.alpn}`);
      if (p.sni !== undefined) parts.push(p.sni ? `SNI ${p.sni}` : 'no SNI');
      if (p.alert && p.status !== 'failed') parts.push(alertLabel(p.alert));
      if (p.certError) parts.push(`certificate: ${p.certError}`);
      break;
    case 'request':
      if (p.method) parts.push(p.method);
      break;
    case 'response':
      if (p.httpStatus) parts.push(`${p.httpVersion ? `HTTP/${p.httpVersion} ` : ''}${p.httpStatus}${p.statusText ? ` ${p.statusText}` : ''}`);
      break;
    case 'body':
      if (p.bytes !== undefined) parts.push(`${p.bytes} bytes${p.cappedByUs ? ' (stopped at our cap)' : ''}`);
      break;
  }
  // A status is already in the line above; an OpenSSL string reads as `alert protocol_version (70)` (JSON keeps it raw).
  if (p.status === 'failed' && (p.errorCode || p.error) && !(p.phase === 'response' && p.httpStatus !== undefined)) {
    const error = p.error === undefined ? undefined : readableError(p.error, p.alert);
    const alertShown = p.alert !== undefined && error?.startsWith('alert ');
    // Node's message often repeats its code ("ECONNREFUSED: connect ECONNREFUSED …"): the code once is enough.
    const codeSaid = p.errorCode === p.alert || (p.errorCode !== undefined && error?.includes(p.errorCode) === true);
    parts.push(alertShown ? (error ?? '') : [codeSaid ? undefined : p.errorCode, error].filter(Boolean).join(': '));
  }
  if (p.note) parts.push(p.note);
  return parts.join(' · ');
}

function hostPort(address: string, port?: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}

function timeline(r: Result, paint: Paint): string[] {
  const ran = r.phases.filter((p) => p.status !== 'skipped');
  const total = Math.max(1e-3, ...ran.map((p) => (p.end ?? 0) - (ran[0]?.start ?? 0)), ...ran.map((p) => p.ms));
  const t0 = ran[0]?.start;
  const lines = ran.map((p) => {
    const offset = t0 !== undefined && p.start !== undefined ? p.start - t0 : 0;
    const lead = Math.min(BAR_WIDTH - 1, Math.floor((offset / total) * BAR_WIDTH));
    const len = Math.max(1, Math.round((p.ms / total) * BAR_WIDTH));
    const bar = ' '.repeat(lead) + '█'.repeat(Math.min(len, BAR_WIDTH - lead));
    const mark = p.status === 'failed' ? paint('red', '✗') : paint('green', '✓');
    const detail = phaseDetail(p);
    return `    ${mark} ${p.phase.padEnd(8)} ${paint(p.status === 'failed' ? 'red' : 'cyan', bar.padEnd(BAR_WIDTH))} ${formatMs(p.ms).padStart(8)}  ${paint('dim', detail)}`;
  });
  const skipped = r.phases.filter((p) => p.status === 'skipped').map((p) => p.phase);
  if (skipped.length) lines.push(paint('dim', `      skipped: ${skipped.join(', ')}`));
  return lines;
}

/** How much of a result a report shows: `compact` for many URLs (scan, demo), `full` for one, `verbose` all. */
export type ReportDepth = 'compact' | 'full' | 'verbose';

/** A confirm command's label: shell comment lines, wrapped, so the block still pastes into a shell. */
function comment(label: string, indent: string, paint: Paint): string[] {
  return wrap(label, `${indent}# `).map((l) => `${indent}${paint('dim', l.slice(indent.length))}`);
}

/** `text` then `dimmed`, wrapped as wrap() does, the dimmed words painted dim on every line they take. */
function wrapTwoTone(text: string, dimmed: string, indent: string, firstIndent: string, paint: Paint): string[] {
  // wrap() joins words with one space, so counting words finds where the dim part starts.
  let plain = text.split(/\s+/).filter(Boolean).length;
  return wrap(`${text} ${dimmed}`, indent, firstIndent).map((line, n) => {
    const lead = n === 0 ? firstIndent : indent;
    const words = line.slice(lead.length).split(' ');
    if (plain >= words.length) {
      plain -= words.length;
      return line;
    }
    const kept = words.slice(0, plain);
    plain = 0;
    return `${lead}${kept.length ? `${kept.join(' ')} ` : ''}${paint('dim', words.slice(kept.length).join(' '))}`;
  });
}

/** Item i of a numbered list, wrapped under its own text; `dimmed` follows `text` in dim. */
function numbered(i: number, text: string, dimmed: string, paint: Paint): string[] {
  const mark = `    ${i + 1}. `;
  return wrapTwoTone(text, dimmed, ' '.repeat(mark.length), mark, paint);
}

/** The URL, the diagnosis line and the verdict: what every depth starts with. */
function headline(r: Result, url: string, paint: Paint): string[] {
  const head = r.ok ? paint(['green', 'bold'], '✓') : paint(['red', 'bold'], '✗');
  const total = r.totalMs !== undefined ? paint('dim', ` · ${formatMs(r.totalMs)}`) : '';
  const where = r.failedPhase ? paint('dim', ` (failed in ${r.failedPhase})`) : '';
  const out = [`${head} ${paint('bold', terminalSafe(withPunycode(redactSecrets(url))))}`, `  ${paint(r.ok ? 'green' : ['red', 'bold'], r.id)} — ${r.title}${where}${total}`];
  if (r.verdict) out.push(...wrap(r.verdict, '  ').map((l, i) => (i === 0 ? paint('bold', l) : l)));
  return out;
}

/**
 * Many URLs at once (scan, demo): the headline, the verdict, the top step and one command per failure — a few
 * lines each instead of thirty. `conndoc probe <url>` or --verbose gives the full report.
 */
export function formatCompact(result: Result, paint: Paint): string {
  const r = terminalSafeResult(result);
  const out = headline(r, result.url, paint);
  if (r.ok) return out.join('\n');
  const [step] = r.remediation;
  if (step !== undefined) out.push(...wrap(step, '      ', `  ${paint('bold', 'do:')} `));
  const [confirm] = r.confirm ?? [];
  if (confirm !== undefined) out.push(...comment(confirm.label, '  ', paint), `  $ ${confirm.command}`);
  return out.join('\n');
}

/** The report at a depth: compact, or the full block (verbose: every paragraph, culprit, step and command). */
export function formatReport(result: Result, paint: Paint, depth: ReportDepth): string {
  return depth === 'compact' ? formatCompact(result, paint) : formatResult(result, paint, { verbose: depth === 'verbose' });
}

export function formatResult(result: Result, paint: Paint, opts: { verbose?: boolean } = {}): string {
  const r = terminalSafeResult(result);
  const out = headline(r, result.url, paint);
  out.push(...timeline(r, paint));
  if (r.redirects?.length) {
    out.push(`  ${paint('bold', 'redirects:')}`);
    for (const h of r.redirects) out.push(`    ${h.status} ${h.url} → ${h.location}`);
  }
  if (r.findings.length) {
    out.push(`  ${paint('bold', 'findings:')}`);
    for (const f of r.findings) {
      const ev = r.evidence?.find((e) => e.finding === f)?.detail;
      const name = `    ${paint('yellow', f.padEnd(22))}`;
      out.push(...(ev ? wrap(ev, ' '.repeat(27), `${name} `) : [name.trimEnd()]));
    }
  }
  out.push(...packetLines(r).map((l) => (/^(packets|path)\b/.test(l) ? `  ${paint('bold', l)}` : `    ${paint('dim', l)}`)));
  if (r.attempts && r.attempts.length > 1) {
    out.push(`  ${paint('bold', 'attempts:')} ${r.attempts.map((a) => (a.ok ? paint('green', a.id) : paint('red', a.id))).join(' → ')}`);
  }
  if (r.rateLimit) {
    const rl = r.rateLimit;
    const bits = [
      rl.limit !== undefined && `limit ${rl.limit}`,
      rl.remaining !== undefined && `remaining ${rl.remaining}`,
      rl.resetSec !== undefined && `reset in ${rl.resetSec} s`,
      rl.retryAfterSec !== undefined && `retry after ${rl.retryAfterSec} s`,
    ].filter(Boolean);
    // A Retry-After on a gateway's failure page (Varnish's stock 503) is a request to wait, not rate-limit evidence.
    const limit = r.id === 'http.rate-limited' || r.findings.includes('rate-limit-suspected');
    const head = limit ? 'rate limit:' : 'asks to wait:';
    const from = `(${rl.sources.join(', ')}${limit ? '' : '; not a rate limit here'})`;
    if (bits.length) out.push(...wrapTwoTone(bits.join(', '), from, '    ', `  ${paint('bold', head)} `, paint));
  }
  if (r.lifetime) out.push(...formatLifetime(r.lifetime, paint));
  if (!r.ok) {
    // What happened on the wire is the first paragraph; the rest (what tools print, who sends it) with --verbose.
    const paras = paragraphs(r.explanation);
    const facts = measuredFacts(r);
    if (paras.length) {
      out.push(`  ${paint('bold', 'what happened:')}`);
      if (facts.length) out.push(...wrap(`Measured: ${facts.join('; ')}.`, '    '));
      (opts.verbose ? paras : paras.slice(0, 1)).forEach((p, i) => out.push(...(i > 0 ? [''] : []), ...wrap(p, '    ')));
    }
    const culprits = (r.culprits ?? []).slice(0, opts.verbose ? undefined : TOP);
    if (culprits.length) {
      out.push(`  ${paint('bold', 'likely culprits:')}`);
      // The first clause of the evidence is the strongest; the full chain is in --json and the editor.
      const why = (c: { why: string }): string => (opts.verbose ? c.why : clauses(c.why)[0]);
      culprits.forEach((c, i) => out.push(...numbered(i, c.title, c.why ? `— ${why(c)}` : '', paint)));
    }
    const steps = r.remediation.slice(0, opts.verbose ? undefined : TOP);
    if (steps.length) {
      out.push(`  ${paint('bold', 'what to do:')}`);
      steps.forEach((s, i) => out.push(...numbered(i, s, '', paint)));
    }
    const confirm = (r.confirm ?? []).slice(0, opts.verbose ? undefined : TOP);
    if (confirm.length) {
      out.push(`  ${paint('bold', 'confirm it:')}`);
      for (const c of confirm) out.push(...comment(c.label, '    ', paint), `    $ ${c.command}`);
    }
  }
  return out.join('\n');
}
