// Reading the config formats the tools use (ini-like, a TOML subset, Java properties), with line numbers, and
// remembering every file read. Values are read as text; secrets are never kept (callers skip their keys).
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** A config file larger than this is not a config file. */
const MAX_CONFIG_BYTES = 1 << 20;

export class FileReader {
  readonly read: string[] = [];
  constructor(private readonly home: string) {}

  /** The file's text, or undefined when it does not exist (or is not a readable regular file). */
  text(file: string): string | undefined {
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
      const text = readFileSync(file, 'utf8');
      if (!this.read.includes(file)) this.read.push(file);
      return text;
    } catch {
      return undefined;
    }
  }

  /** `~/.npmrc` rather than `/home/alice/.npmrc`: shorter, and the user name stays out of shared reports. */
  show(file: string): string {
    const rel = path.relative(this.home, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel}` : file;
  }
}

export interface IniEntry {
  /** `remote "origin"` → `remote.origin`; '' before any section. */
  section: string;
  key: string;
  value: string;
  line: number;
}

/** ini / .npmrc / git config / pip.conf: `[section]` or `[section "sub"]`, `key = value`, `;` and `#` comments. */
export function iniEntries(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const sec = /^\[\s*([^\]"\s]+)(?:\s+"([^"]*)")?\s*\]$/.exec(line);
    if (sec) {
      section = sec[2] === undefined ? sec[1].toLowerCase() : `${sec[1].toLowerCase()}.${sec[2]}`;
      return;
    }
    const kv = /^([^=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (kv) out.push({ section, key: kv[1].trim(), value: unquote(kv[2].trim()), line: i + 1 });
  });
  return out;
}

/** The TOML tools write for these settings: `[table]`, `[[array]]`, `key = "string"` / `key = ['a', "b"]`. */
export function tomlEntries(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  let arrayIndex = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) return;
    const arr = /^\[\[\s*([^\]]+?)\s*\]\]$/.exec(line);
    if (arr) {
      const n = (arrayIndex.get(arr[1]) ?? -1) + 1;
      arrayIndex.set(arr[1], n);
      section = `${arr[1]}[${n}]`;
      return;
    }
    const tab = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (tab) {
      section = tab[1].replace(/"/g, '');
      return;
    }
    const kv = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.+)$/.exec(line);
    if (!kv) return;
    const key = kv[1].replace(/"/g, '');
    const value = kv[2].trim();
    const list = /^\[(.*)\]$/.exec(value);
    if (list) for (const v of list[1].split(',').map((s) => unquote(s.trim())).filter(Boolean)) out.push({ section, key, value: v, line: i + 1 });
    else out.push({ section, key, value: unquote(value), line: i + 1 });
  });
  arrayIndex = new Map();
  return out;
}

/** Java properties (gradle.properties): `key=value` or `key: value`, `#` and `!` comments. */
export function propertiesEntries(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) return;
    const kv = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (kv) out.push({ section: '', key: kv[1], value: kv[2].trim(), line: i + 1 });
  });
  return out;
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v);
  return m ? (m[1] ?? m[2]) : v;
}

/** 1-based line of the first occurrence of `needle` in `text` (for YAML and XML, read whole). */
export function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** A URL without user:password@ — what every surface shows and what a probe sends. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1');
}

/** Whether a URL had credentials (the note says so; they are neither shown nor sent). */
export function hadCredentials(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@?#]*@/i.test(url);
}

/** `~` and `$HOME` in a path the tool was given (npm and pip expand them). */
export function expandHome(p: string, home: string): string {
  return p.replace(/^~(?=\/|$)/, home).replace(/^\$HOME(?=\/|$)/, home).replace(/^\$\{HOME\}(?=\/|$)/, home);
}
