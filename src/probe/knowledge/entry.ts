// The shape of one knowledge entry (a diagnosis id or a finding): reviewed text and the evidence that ranks culprits.
import type { KnowledgeId } from '../../vocabulary/ids';

export const CULPRIT_KINDS = [
  'waf', 'load-balancer', 'rate-limiter', 'proxy', 'firewall', 'server', 'dns', 'client', 'network', 'certificate',
] as const;
export type CulpritKind = (typeof CULPRIT_KINDS)[number];

/** A candidate sender or cause, with the base score it has for this symptom before any finding is weighed. */
export interface CulpritHint {
  kind: CulpritKind;
  title: string;
  why: string;
  score: number;
  /** Set when the evidence is a fingerprinted vendor: its label is worked into the culprit's title. */
  vendor?: string;
}

/**
 * A command with placeholders: {host} {port} {url} {sni} {address} (bare IP, for tcpdump/dig/nc),
 * {endpoint} (address:port, IPv6 bracketed, for openssl), {resolveAddress} (bracketed IPv6, for curl --resolve),
 * {proxy} (proxy URL, credentials removed).
 */
export interface ConfirmTemplate {
  label: string;
  command: string;
  /** In a finding's list: the culprit this command tests, left out when that culprit does not fit the result. */
  for?: CulpritKind;
}

export interface Entry {
  id: KnowledgeId;
  title: string;
  /** Plain words: what happened on the wire and what curl / Chrome / Node print for it. Paragraphs split by \n\n. */
  explanation: string;
  culprits: CulpritHint[];
  /** Remediation grouped by the culprit kind it addresses; the ranking decides the order shown. */
  remediation: Partial<Record<CulpritKind, string[]>>;
  confirm: ConfirmTemplate[];
}
