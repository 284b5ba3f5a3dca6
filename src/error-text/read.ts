// Reads an error message the user already has: which client printed it, what it means on the wire, which
// diagnosis ids it can stand for, and the host and port it names (so a probe can tell the ids apart).
// Pure: no sockets, no editor — the CLI, the language server and the extension host all use it.
import type { DiagnosisId } from '../vocabulary/ids';
import { findTarget, type NamedTarget } from './target';
import { ERROR_PATTERNS, type Client, type ErrorPattern } from './table';

/** Longer pastes are cut: a stack trace's network line is near its top. */
export const MAX_MESSAGE_CHARS = 64 * 1024;

export interface ErrorMatch {
  client: Client;
  name: string;
  meaning: string;
  hides?: string;
  ids: DiagnosisId[];
  source: string;
}

export interface ErrorReading extends Partial<NamedTarget> {
  /** The text as read (cut at MAX_MESSAGE_CHARS). Not redacted: callers redact where they show it. */
  message: string;
  /** The tool that printed it, when the text says. */
  client?: Client;
  /** Every table entry the text matched: the most telling first. */
  matches: ErrorMatch[];
  /** The ids the message can stand for, most likely first; empty when nothing matched. */
  ids: DiagnosisId[];
  /** Where the error starts in the text (past a prompt or a log line's prefix): the earliest telling words. */
  at: number;
}

/** Words that give the printing tool away even when its error line is another tool's (git quoting curl). */
const CLIENT_SIGNS: [Client, RegExp][] = [
  ['git', /^fatal: |^error: RPC failed|\bgit\b.*(?:clone|fetch|push|pull)/m],
  ['npm', /\bnpm (?:ERR!|error) /],
  ['docker', /Error response from daemon|\bdocker\b/],
  ['kubectl', /Unable to connect to the server|The connection to the server|\bkubectl\b/],
  ['curl', /\bcurl: \(\d+\)/],
  ['python', /Traceback \(most recent call last\)|requests\.exceptions|urllib3|_ssl\.c:|\[Errno -?\d+\]/],
  ['java', /\bjava(?:x)?\.(?:net|security)\.|sun\.security/],
  ['dotnet', /\bSystem\.(?:Net|IO|Security)\./],
  ['go', /\bx509: |\bdial tcp\b|net\/http: |remote error: tls:|(?:Get|Post|Put|Head) "[^"]+": /],
  ['chromium', /\bnet::ERR_/],
  ['node', /\bcode: '(?:E[A-Z]+|UND_ERR_\w+)'|TypeError: fetch failed|\bError: (?:connect|getaddrinfo|read|write) E[A-Z]+/],
  ['ssh', /^ssh: |kex_exchange_identification/m],
  ['openssl', /Verify return code:|verify error:num=|\bs_client\b|SSL handshake has read/],
];

export function readErrorMessage(input: string): ErrorReading {
  const message = input.length > MAX_MESSAGE_CHARS ? input.slice(0, MAX_MESSAGE_CHARS) : input;
  const hits: { p: ErrorPattern; ids: DiagnosisId[]; at: number }[] = [];
  for (const p of ERROR_PATTERNS) {
    const m = p.match.exec(message);
    if (!m || p.unless?.test(message)) continue;
    hits.push({ p, ids: p.narrow?.(m, message) ?? p.ids, at: m.index });
  }
  const specific = hits.filter((h) => !h.p.wrapper);
  const sign = CLIENT_SIGNS.map(([c, re]) => [c, re.exec(message)?.index] as const).find(([, at]) => at !== undefined);
  const client = sign?.[0] ?? specific[0]?.p.client ?? hits[0]?.p.client;
  // The most telling line: the printing tool's own specific entry, else the first specific one in table order
  // (the table lists specific wordings before general ones), else a wrapper.
  const primary = specific.find((h) => h.p.client === client) ?? specific[0] ?? hits[0];
  const ordered = primary ? [primary, ...hits.filter((h) => h !== primary)] : [];
  return {
    message,
    client,
    matches: ordered.map(({ p, ids }) => ({ client: p.client, name: p.name, meaning: p.meaning, hides: p.hides, ids, source: p.source })),
    ids: idsOf(primary, specific),
    at: Math.min(sign?.[1] ?? Infinity, ...hits.map((h) => h.at), message.length),
    ...findTarget(message, idsOf(primary, specific)),
  };
}

/**
 * What every specific line agrees on (curl's "unable to get local issuer" inside Python's CERTIFICATE_VERIFY_FAILED
 * narrows three certificate ids to one), in the primary's order; the primary's own ids when they disagree.
 */
function idsOf(primary: { ids: DiagnosisId[] } | undefined, specific: { ids: DiagnosisId[] }[]): DiagnosisId[] {
  if (!primary) return [];
  const common = primary.ids.filter((id) => specific.every((h) => h.ids.includes(id)));
  return common.length ? common : primary.ids;
}
