// Response headers as the engine hands them over (any case, repeated headers as arrays), read case-insensitively.

export type RawHeaders = Record<string, string | string[] | undefined>;

export class HeaderMap {
  private readonly map = new Map<string, string[]>();

  constructor(raw: RawHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const key = name.toLowerCase();
      const list = this.map.get(key) ?? [];
      list.push(...(Array.isArray(value) ? value : [value]));
      this.map.set(key, list);
    }
  }

  /** The (lowercase) names of the headers present. */
  names(): IterableIterator<string> {
    return this.map.keys();
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /** All values of a header joined as HTTP joins repeated fields (", "); undefined when absent. */
  get(name: string): string | undefined {
    const list = this.map.get(name);
    return list === undefined ? undefined : list.join(', ');
  }

  /** Each value on its own (Set-Cookie must not be joined). */
  all(name: string): string[] {
    return this.map.get(name) ?? [];
  }

  /** Cookie names set by the response. */
  cookieNames(): string[] {
    return this.all('set-cookie').map((c) => c.slice(0, Math.max(0, c.indexOf('='))).trim()).filter((n) => n !== '');
  }
}
