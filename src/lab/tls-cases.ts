// Cases for the TLS handshake: resets (and what they depend on), closes, silence, non-TLS answers, alerts,
// and certificate faults.
import { makeCase, SHORT_TIMEOUT_MS, type CaseContext, type LabCase } from './case';
import { ALERT, helloServe, httpServe, okHandler, rawServe, type HelloAction } from './servers';
import type { ClientHello } from './client-hello';
import type { DiagnosisId, Finding } from '../vocabulary/ids';

export const SSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n';

/** What sshd does: banner first, then, on a client line that is not SSH, a complaint and a close. */
export function sshDaemon(s: import('node:net').Socket): void {
  s.write(SSH_BANNER);
  s.once('data', () => s.end('Invalid SSH identification string.\r\n'));
}
export const DELAYED_RESET_MS = 800;
const TLS13 = 0x0304;

interface HelloSpec {
  name: string;
  description: string;
  id: DiagnosisId;
  findings?: Finding[];
  decide: (h: ClientHello, realName: string) => HelloAction;
  timeoutMs?: number;
}

const reset: HelloAction = { kind: 'reset' };
const handshake: HelloAction = { kind: 'handshake' };

const HELLO_CASES: HelloSpec[] = [
  { name: 'tls-reset', description: 'RST as soon as the ClientHello arrives', id: 'tls.reset', findings: ['immediate-reset'], decide: () => reset },
  {
    name: 'tls-reset-sni', description: 'RST when the ClientHello SNI is the real name; no SNI or another name completes the handshake',
    id: 'tls.reset', findings: ['sni-dependent'], decide: (h, real) => (h.sni === real ? reset : handshake),
  },
  {
    name: 'tls-reset-alpn', description: 'RST when the ClientHello offers ALPN h2; http/1.1 only or no ALPN completes',
    id: 'tls.reset', findings: ['alpn-dependent'], decide: (h) => (h.alpn.includes('h2') ? reset : handshake),
  },
  {
    name: 'tls-reset-version', description: 'RST when the ClientHello offers TLS 1.3; a TLS ≤ 1.2 ClientHello completes',
    id: 'tls.reset', findings: ['tls-version-dependent'], decide: (h) => (h.versions.includes(TLS13) ? reset : handshake),
  },
  {
    name: 'tls-reset-delayed', description: `RST ${DELAYED_RESET_MS} ms after the ClientHello (something waited, then gave up)`,
    id: 'tls.reset', findings: ['delayed-reset'], decide: () => ({ kind: 'reset', afterMs: DELAYED_RESET_MS }),
  },
  { name: 'tls-closed', description: 'FIN on the ClientHello, no alert', id: 'tls.closed', decide: () => ({ kind: 'close' }) },
  {
    name: 'tls-timeout', description: 'reads the ClientHello and never answers', id: 'tls.timeout',
    decide: () => ({ kind: 'silent' }), timeoutMs: SHORT_TIMEOUT_MS,
  },
  {
    name: 'tls-alert-protocol-version', description: 'fatal alert protocol_version (15 03 03 00 02 02 46) on the ClientHello',
    id: 'tls.protocol-mismatch', decide: () => ({ kind: 'alert', description: ALERT.protocol_version }),
  },
  {
    name: 'tls-alert-handshake-failure', description: 'fatal alert handshake_failure (02 28) on the ClientHello',
    id: 'tls.handshake-failure', decide: () => ({ kind: 'alert', description: ALERT.handshake_failure }),
  },
  {
    name: 'tls-alert-unrecognized-name', description: 'fatal alert unrecognized_name (02 70) on the ClientHello',
    id: 'tls.sni-rejected', decide: () => ({ kind: 'alert', description: ALERT.unrecognized_name }),
  },
  {
    name: 'tls-alert-no-alpn', description: 'fatal alert no_application_protocol (02 78) on the ClientHello',
    id: 'tls.alpn-rejected', decide: () => ({ kind: 'alert', description: ALERT.no_application_protocol }),
  },
];

export async function tlsCases(ctx: CaseContext): Promise<LabCase[]> {
  const cases: LabCase[] = [];
  for (const c of HELLO_CASES) {
    const realName = `${c.name}.lab.test`;
    const port = await helloServe(ctx, (h) => c.decide(h, realName));
    cases.push(makeCase(ctx, { name: c.name, description: c.description, scheme: 'https', port, id: c.id, findings: c.findings, timeoutMs: c.timeoutMs }));
  }

  // Not TLS at all: an SSH daemon (banner first, as sshd does) and a plain HTTP server (answers 400 to the ClientHello).
  const ssh = await rawServe(ctx, sshDaemon);
  const plain = await httpServe(ctx, okHandler());
  cases.push(
    makeCase(ctx, { name: 'tls-not-tls-ssh', description: `SSH banner "${SSH_BANNER.trim()}" on a port probed with https://`, scheme: 'https', port: ssh, id: 'tls.not-tls' }),
    makeCase(ctx, { name: 'tls-not-tls-http', description: 'plain HTTP server probed with https:// (answers 400 to the ClientHello bytes)', scheme: 'https', port: plain, id: 'tls.not-tls' }),
  );

  const p = ctx.pki;
  for (const [name, kc, id, what] of [
    ['cert-expired', p.expired, 'tls.cert-expired', 'leaf under the lab CA, notAfter 30 days ago'],
    ['cert-not-yet-valid', p.notYetValid, 'tls.cert-not-yet-valid', 'leaf under the lab CA, notBefore in 30 days'],
    ['cert-hostname', p.wrongHost, 'tls.cert-hostname', 'valid leaf under the lab CA for wrong-name.example only'],
    ['cert-self-signed', p.selfSigned, 'tls.cert-untrusted', 'self-signed leaf for *.lab.test, not under the lab CA'],
    ['cert-incomplete-chain', p.incompleteChain, 'tls.cert-untrusted', 'leaf signed by an intermediate the server does not send'],
  ] as const) {
    const port = await httpServe(ctx, okHandler(), { tls: kc });
    cases.push(makeCase(ctx, { name, description: what, scheme: 'https', port, id }));
  }
  return cases;
}
