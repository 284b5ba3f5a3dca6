// A small reader for RFC 9651 structured-field lists and dictionaries, enough for the rate-limit headers.
// Lenient on purpose: a malformed member is skipped, never an exception, so one odd header cannot break a probe.

export type BareValue = string | number | boolean;

export interface SfMember {
  /** The member's key (dictionary form `limit=10`), or undefined for a plain list item. */
  key?: string;
  /** The item: a string, token, number, or true for a bare dictionary key. */
  value: BareValue;
  params: Record<string, BareValue>;
}

/** Parses `"burst";r=50;t=30, "day";r=900` or `limit=10, remaining=5` into members. Input is capped at 4 KiB. */
export function parseSfList(input: string): SfMember[] {
  const s = input.slice(0, 4096);
  const out: SfMember[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readBare = (): BareValue | undefined => {
    const c = s[i];
    if (c === '"') {
      let v = '';
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        v += s[i++];
      }
      i++; // closing quote
      return v;
    }
    if (c === ':') {
      const end = s.indexOf(':', i + 1);
      const v = s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end + 1;
      return v;
    }
    if (c === '?') {
      i += 2;
      return s[i - 1] === '1';
    }
    const start = i;
    while (i < s.length && !',;= \t'.includes(s[i])) i++;
    const raw = s.slice(start, i);
    if (raw === '') return undefined;
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  };

  while (i < s.length) {
    skipSpace();
    let key: string | undefined;
    let value = readBare();
    skipSpace();
    if (s[i] === '=' && typeof value === 'string') {
      key = value;
      i++;
      skipSpace();
      value = readBare();
    }
    const params: Record<string, BareValue> = {};
    skipSpace();
    while (s[i] === ';') {
      i++;
      skipSpace();
      const name = readBare();
      let pv: BareValue | undefined = true;
      if (s[i] === '=') {
        i++;
        pv = readBare();
      }
      if (typeof name === 'string' && pv !== undefined) params[name.toLowerCase()] = pv;
      skipSpace();
    }
    if (value !== undefined) out.push({ key: key?.toLowerCase(), value, params });
    // Skip to the next member; anything unexpected before the comma is dropped.
    const comma = s.indexOf(',', i);
    if (comma < 0) break;
    i = comma + 1;
  }
  return out;
}
