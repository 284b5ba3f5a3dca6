// Every knowledge entry by id: diagnosis ids, findings, and `vendor:<name>` findings.
import type { Entry } from './entry';
import { CONNECT_ENTRIES } from './entries-connect';
import { TLS_ENTRIES } from './entries-tls';
import { HTTP_ENTRIES } from './entries-http';
import { FINDING_ENTRIES } from './entries-findings';
import { VENDOR_ENTRIES } from './entries-vendors';

export const ID_ENTRIES: Entry[] = [...CONNECT_ENTRIES, ...TLS_ENTRIES, ...HTTP_ENTRIES];
const BY_ID = new Map([...ID_ENTRIES, ...FINDING_ENTRIES, ...VENDOR_ENTRIES].map((e) => [e.id, e]));

/** The full entry (culprits, confirm templates) for an id, finding or `vendor:<name>`. */
export function knowledgeEntry(id: string): Entry | undefined {
  return BY_ID.get(id);
}
