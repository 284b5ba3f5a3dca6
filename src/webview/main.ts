// The explanation page (browser bundle, no Node). Every string from a probe is rendered with textContent:
// a server's headers, body and error text are data, never markup.
import type { FromWebview, ToWebview, WebviewEntry, WebviewState } from '../protocol';
import type { CertInfo, PhaseResult, Result } from '../vocabulary/types';
import { fmtMs, paragraphs } from '../vocabulary/text';
import { ageSentence } from '../protocol-age';
import { agreement, comparisonLine } from '../error-text/compare';
import { packetSection } from './packets';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(s: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

type Child = Node | string | number | null | undefined | false;
type Kids = Child | readonly Kids[];

/** createElement + textContent only; attributes from a fixed, safe set. */
function h(tag: string, props: { class?: string; title?: string; role?: string; 'aria-label'?: string } = {}, ...children: Kids[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title) el.title = props.title;
  if (props.role) el.setAttribute('role', props.role);
  if (props['aria-label']) el.setAttribute('aria-label', props['aria-label']);
  for (const c of (children as Child[]).flat(Infinity as 1) as Child[]) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

function button(label: string, onClick: () => void, cls = 'button'): HTMLButtonElement {
  const b = h('button', { class: cls }, label) as HTMLButtonElement;
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function section(title: string, ...body: Kids[]): HTMLElement {
  return h('section', { class: 'section' }, h('h2', {}, title), ...body);
}

function copyButton(text: string): HTMLButtonElement {
  const b = button('Copy', () => {
    vscode.postMessage({ type: 'copy', text });
    b.textContent = 'Copied';
    setTimeout(() => (b.textContent = 'Copy'), 1500);
  }, 'button secondary small');
  b.setAttribute('aria-label', 'Copy command');
  return b;
}

// ---- sections ----

function header(e: WebviewEntry, r: Result): HTMLElement {
  const status = h('span', { class: `badge ${r.ok ? 'ok' : 'fail'}` }, r.ok ? '✓ OK' : '✗ Failed');
  const chips = h('div', { class: 'chips' }, h('code', { class: 'chip id', title: 'Diagnosis id' }, r.id), r.findings.map((f) => h('span', { class: 'chip' }, f)));
  const again = button('Probe Again', () => {
    again.disabled = true;
    again.textContent = 'Probing…';
    vscode.postMessage({ type: 'probeAgain', id: e.id });
  });
  again.id = 'probe-again';
  return h(
    'header',
    { class: 'header' },
    h('div', { class: 'title-row' }, status, h('h1', {}, r.title || r.id), again),
    h('div', { class: 'url' }, h('code', {}, e.url)),
    h(
      'div',
      { class: 'meta' },
      e.location ? h('span', {}, e.location) : null,
      r.totalMs !== undefined ? h('span', {}, `total ${fmtMs(r.totalMs)}`) : null,
      r.startedAt ? h('span', {}, new Date(r.startedAt).toLocaleString()) : null,
    ),
    e.restored ? h('p', { class: `restored${e.restored.stale ? ' stale' : ''}` }, ageSentence(e.restored)) : null,
    chips,
  );
}

/** Bars placed on one time axis: absolute start/end when the engine gave them, else laid end to end. */
function waterfall(r: Result): HTMLElement {
  const timed = r.phases.filter((p) => p.status !== 'skipped');
  const t0 = Math.min(...timed.map((p) => p.start ?? Infinity));
  let cursor = 0;
  const spans = r.phases.map((p) => {
    if (p.status === 'skipped') return { p, from: cursor, len: 0 };
    const from = p.start !== undefined && Number.isFinite(t0) ? p.start - t0 : cursor;
    cursor = Math.max(cursor, from + p.ms);
    return { p, from, len: p.ms };
  });
  const total = Math.max(cursor, 0.001);
  const rows = spans.map(({ p, from, len }) => {
    const bar = h('div', { class: `bar ${p.status}` });
    if (p.status !== 'skipped') {
      bar.style.marginLeft = `${(from / total) * 100}%`;
      bar.style.width = `max(3px, ${(len / total) * 100}%)`;
    }
    const label = p.status === 'skipped' ? (p.note ? `skipped · ${p.note}` : 'skipped') : p.status === 'failed' ? `${fmtMs(p.ms)} · ${p.errorCode ?? 'failed'}` : fmtMs(p.ms);
    return h(
      'div',
      { class: `wf-row ${p.status}`, role: 'row' },
      h('div', { class: 'wf-name', role: 'cell' }, p.phase, p.status === 'failed' ? h('span', { class: 'failed-mark', 'aria-label': 'failed here' }, ' ✗') : null),
      h('div', { class: 'wf-track', role: 'cell' }, bar),
      h('div', { class: 'wf-time', role: 'cell' }, label),
    );
  });
  return section('Timeline', h('div', { class: 'waterfall', role: 'table', 'aria-label': 'Phase timeline' }, rows));
}

/** What was seen, phase by phase, in plain facts. */
function wire(r: Result): HTMLElement | null {
  const facts: [string, string][] = [];
  for (const p of r.phases) facts.push(...phaseFacts(p));
  if (r.resetTiming) facts.push(['reset timing', `${fmtMs(r.resetTiming.afterLastWriteMs)} after our last write (connect RTT ${fmtMs(r.resetTiming.connectRttMs)})`]);
  const status = r.phases.find((p) => p.httpStatus !== undefined)?.httpStatus;
  if (r.error && !facts.some(([, v]) => v.includes(r.error!)) && !restatesStatus(r.error, status)) facts.push(['error', r.error]);
  if (!facts.length) return null;
  return section('On the wire', h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function phaseFacts(p: PhaseResult): [string, string][] {
  const f: [string, string][] = [];
  const add = (k: string, v: unknown): void => {
    if (v !== undefined && v !== null && v !== '') f.push([k, String(v)]);
  };
  switch (p.phase) {
    case 'dns':
      add('resolved', p.addresses?.map((a) => a.address).join(', '));
      add('cname', p.cname?.join(' → '));
      add('resolver', p.resolver);
      break;
    case 'connect':
      if (p.remoteAddress && p.localAddress) add('connected', `${p.localAddress}:${p.localPort} → ${p.remoteAddress}:${p.remotePort}`);
      else if (p.remoteAddress) add('target', `${p.remoteAddress}:${p.remotePort ?? '?'}`);
      break;
    case 'proxy':
      add('proxy', p.proxy && `${p.proxy}${p.proxyStatus ? ` (CONNECT → ${p.proxyStatus})` : ''}`);
      break;
    case 'tls':
      add('SNI sent', p.sni === null ? '(none)' : p.sni);
      add('ALPN offered', p.alpnOffered?.join(', '));
      add('negotiated', [p.tlsVersion, p.cipher, p.alpn && `ALPN ${p.alpn}`].filter(Boolean).join(' · '));
      add('TLS alert', p.alert);
      add('certificate', p.certError);
      break;
    case 'request':
      add('request', p.method);
      break;
    case 'response': {
      const code = p.httpStatus;
      if (code !== undefined) add('response', `${p.httpVersion ? `HTTP/${p.httpVersion} ` : ''}${code}${p.statusText ? ' ' + p.statusText : ''}`);
      break;
    }
    case 'body':
      if (p.bytes !== undefined) add('body', `${p.bytes} bytes${p.cappedByUs ? ' (we stopped reading at our cap)' : ''}`);
      break;
  }
  if (p.unexpectedBytes) add(`${p.phase}: unexpected bytes`, p.unexpectedBytes);
  // A failed response is its status line (shown above): "403: HTTP 403 Forbidden" would say it twice.
  if (p.status === 'failed' && !restatesStatus(p.error ?? '', p.httpStatus)) add(`${p.phase} failed`, [p.errorCode, p.error].filter(Boolean).join(': '));
  return f;
}

/** True when an error text only repeats the HTTP status the response line already shows. */
function restatesStatus(text: string, status: number | undefined): boolean {
  return status !== undefined && new RegExp(`^(HTTP )?${status}\\b`).test(text.trim());
}

const KIND_LABEL: Record<string, string> = {
  waf: 'WAF', 'load-balancer': 'Load balancer', 'rate-limiter': 'Rate limiter', proxy: 'Proxy', firewall: 'Firewall',
  server: 'Server', dns: 'DNS', client: 'Client', network: 'Network', certificate: 'Certificate',
};

function culprits(r: Result): HTMLElement | null {
  if (!r.culprits?.length) return null;
  const max = Math.max(...r.culprits.map((c) => c.score), 1);
  return section(
    'Likely culprits',
    h(
      'ol',
      { class: 'culprits' },
      r.culprits.map((c, i) => {
        const meter = h('div', { class: 'meter' }, h('div', { class: 'meter-fill' }));
        (meter.firstChild as HTMLElement).style.width = `${Math.max(4, (c.score / max) * 100)}%`;
        return h('li', { class: i === 0 ? 'culprit top' : 'culprit' }, h('div', { class: 'culprit-head' }, h('span', { class: 'kind', title: c.kind }, KIND_LABEL[c.kind] ?? c.kind), h('strong', {}, c.title), meter), h('p', {}, c.why));
      }),
    ),
  );
}

/** Grouped by what each step addresses (WAF, load balancer, …) when the knowledge gives groups; else one list. */
function remediation(r: Result): HTMLElement | null {
  if (!r.remediation.length) return null;
  const groups = r.remediationGroups?.filter((g) => g.steps.length);
  const list = (steps: string[]): HTMLElement => h('ol', { class: 'steps' }, steps.map((s) => h('li', {}, s)));
  if (!groups?.length) return section('What to do', list(r.remediation));
  return section('What to do', groups.map((g) => h('div', { class: 'remedy-group' }, h('h3', {}, KIND_LABEL[g.kind] ?? g.kind), list(g.steps))));
}

function confirm(r: Result): HTMLElement | null {
  if (!r.confirm?.length) return null;
  return section(
    'Confirm it',
    r.confirm.map((c) => h('div', { class: 'command' }, h('div', { class: 'command-label' }, c.label), h('div', { class: 'command-row' }, h('pre', {}, h('code', {}, c.command)), copyButton(c.command)))),
  );
}

function table(headers: string[], rows: (string | HTMLElement)[][], cls = ''): HTMLElement {
  return h('table', { class: `grid ${cls}` }, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

function variants(r: Result): HTMLElement | null {
  if (!r.variants?.length) return null;
  return section(
    'Differential probes',
    h('p', { class: 'hint' }, 'The same handshake with one thing changed: what differs points at what the other side reacts to.'),
    table(
      ['variant', 'address', 'result', 'time', 'detail'],
      r.variants.map((v) => [h('code', {}, v.variant), v.address, h('span', { class: v.id === 'ok' ? 'ok-text' : 'fail-text' }, v.id), fmtMs(v.ms), v.detail ?? '']),
    ),
  );
}

function certificates(r: Result): HTMLElement | null {
  const certs: CertInfo[] = r.phases.find((p) => p.phase === 'tls')?.certificates ?? [];
  if (!certs.length) return null;
  return section(
    'Certificate chain',
    certs.map((c, i) =>
      h(
        'details',
        { class: 'cert' },
        h('summary', {}, `${i === 0 ? 'Leaf' : `#${i}`}: ${c.subject}${c.selfSigned ? ' (self-signed)' : ''}`),
        h(
          'dl',
          { class: 'facts' },
          [
            ['issuer', c.issuer],
            ['names', c.san.join(', ')],
            ['valid', `${c.validFrom} → ${c.validTo}`],
            ['sha-256', c.fingerprint256],
            ['serial', c.serialNumber ?? ''],
          ]
            .filter(([, v]) => v)
            .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        ),
      ),
    ),
  );
}

function headers(r: Result): HTMLElement | null {
  const hs = r.phases.find((p) => p.phase === 'response')?.headers;
  if (!hs || !Object.keys(hs).length) return null;
  const rows = Object.entries(hs).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [h('code', {}, k), x]));
  return section('Response headers', table(['name', 'value'], rows, 'headers'));
}

function redirects(r: Result): HTMLElement | null {
  if (!r.redirects?.length) return null;
  return section('Redirects', table(['status', 'from', 'to'], r.redirects.map((x) => [String(x.status), x.url, x.location])));
}

function rateLimit(r: Result): HTMLElement | null {
  const rl = r.rateLimit;
  if (!rl) return null;
  const facts = [
    ['status', rl.status],
    ['limit', rl.limit],
    ['remaining', rl.remaining],
    ['resets in', rl.resetSec !== undefined ? `${rl.resetSec} s` : undefined],
    ['retry after', rl.retryAfterSec !== undefined ? `${rl.retryAfterSec} s` : undefined],
    ['policy', rl.policy],
    ['from', rl.sources.join(', ')],
  ].filter(([, v]) => v !== undefined && v !== '');
  return section('Rate limit', h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, String(k)), h('dd', {}, String(v))])));
}

function attempts(r: Result): HTMLElement | null {
  if (!r.attempts || r.attempts.length < 2) return null;
  return section('Attempts', table(['#', 'result', 'time'], r.attempts.map((a, i) => [String(i + 1), h('span', { class: a.ok ? 'ok-text' : 'fail-text' }, a.id), a.totalMs !== undefined ? fmtMs(a.totalMs) : ''])));
}

/** The knowledge text comes in paragraphs (blank-line separated): on the wire, what tools print, who sends it. */
function explanation(r: Result): HTMLElement | null {
  const paras = paragraphs(r.explanation);
  return paras.length ? section('What this means', h('div', { class: 'explanation' }, paras.map((p) => h('p', {}, p)))) : null;
}

/** The user's own error message beside what the probe found from here (diagnoses started from a message). */
function origin(e: WebviewEntry, r: Result): HTMLElement | null {
  const o = e.origin;
  if (!o) return null;
  return section(
    'Your error message',
    h('pre', { class: 'origin-text' }, o.text),
    h(
      'dl',
      { class: 'facts' },
      o.client ? [h('dt', {}, 'printed by'), h('dd', {}, o.client)] : null,
      o.name ? [h('dt', {}, 'read as'), h('dd', {}, o.name)] : null,
      [h('dt', {}, 'means'), h('dd', {}, [o.meaning, o.hides ? ` ${o.hides}` : ''].join(''))],
      [h('dt', {}, 'can be'), h('dd', {}, o.ids.join(', '))],
    ),
    h('p', { class: `origin-verdict ${agreement(o.ids, r)}` }, comparisonLine(o.ids, r)),
  );
}

/** In a remote window: what this computer saw of the same URL, beside the remote side's probe. */
function bothSides(e: WebviewEntry): HTMLElement | null {
  if (!e.here) return null;
  return section('From this computer', h('div', { class: 'explanation' }, h('p', {}, e.here.detail)));
}

function render(e: WebviewEntry): void {
  const r = e.result;
  document.title = `Connection Doctor: ${r.title || r.id}`;
  root.replaceChildren(
    header(e, r),
    ...[origin(e, r), waterfall(r), bothSides(e), explanation(r), wire(r), packetSection(r, { h, section, table }), culprits(r), remediation(r), confirm(r), variants(r), attempts(r), rateLimit(r), certificates(r), headers(r), redirects(r)].filter(
      (x): x is HTMLElement => !!x,
    ),
  );
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  if (m?.type === 'show' && m.entry?.result) {
    vscode.setState({ entry: m.entry });
    render(m.entry);
  } else if (m?.type === 'probing') {
    const b = document.getElementById('probe-again') as HTMLButtonElement | null;
    if (b) {
      b.disabled = true;
      b.textContent = 'Probing…';
    }
  }
});

const saved = vscode.getState()?.entry;
if (saved?.result) render(saved);
vscode.postMessage({ type: 'ready' });
