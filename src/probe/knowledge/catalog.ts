// Every knowledge entry by id: diagnosis ids, findings, and `vendor:<name>` findings.
import type { DiagnosisId, FindingName } from '../../vocabulary/ids';
import type { Entry } from './entry';
import { CONNECT_ENTRIES } from './entries-connect';
import { TLS_ENTRIES } from './entries-tls';
import { HTTP_ENTRIES } from './entries-http';
import { FINDING_ENTRIES } from './entries-findings';
import { VENDOR_ENTRIES } from './entries-vendors';

/** Entries keyed by their ids; typed by the ids present, so a Record over the whole vocabulary checks completeness. */
function keyed<K extends string>(entries: readonly (Entry & { id: K })[]): Record<K, Entry> {
  const out = {} as Record<K, Entry>;
  for (const e of entries) out[e.id] = e;
  return out;
}

// A diagnosis id or finding without an entry is a compile error on these two lines.
const ID_KNOWLEDGE: Record<DiagnosisId, Entry> = keyed([...CONNECT_ENTRIES, ...TLS_ENTRIES, ...HTTP_ENTRIES]);
const FINDING_KNOWLEDGE: Record<FindingName, Entry> = keyed(FINDING_ENTRIES);

export const ID_ENTRIES: Entry[] = [...CONNECT_ENTRIES, ...TLS_ENTRIES, ...HTTP_ENTRIES];
const BY_ID = new Map<string, Entry>(
  [...Object.values(ID_KNOWLEDGE), ...Object.values(FINDING_KNOWLEDGE), ...VENDOR_ENTRIES].map((e) => [e.id, e]),
);

/** The full entry (culprits, confirm templates) for an id, finding or `vendor:<name>`. */
export function knowledgeEntry(id: string): Entry | undefined {
  return BY_ID.get(id);
}
