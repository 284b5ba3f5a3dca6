// Results kept from before a window reload (the client's workspace state) go back on the URLs still written
// where they were: same place, same redacted URL. A file not open is read from disk to find its URLs again. Each
// comes back marked with its age, and stale when older than the user's limit or when the file changed since.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { extractUrls } from '../discover/extract';
import type { RestoreParams, SavedEntry } from '../protocol';
import { redactSecrets } from '../vocabulary/redact';
import type { Registry } from './registry';

/** A file bigger than this is not read back (discovery on open takes over). */
const MAX_FILE_BYTES = 8 << 20;

export interface RestoreContext {
  registry: Registry;
  documents: TextDocuments<TextDocument>;
  /** Finds the URLs of an open document (the server's own discovery). */
  discover: (doc: TextDocument) => void;
  publish: (uris: Iterable<string>) => void;
}

/** Returns how many results went back. */
export async function restoreResults(params: RestoreParams, ctx: RestoreContext, now = Date.now()): Promise<number> {
  const byUri = new Map<string, SavedEntry[]>();
  for (const s of params.entries) byUri.get(s.uri)?.push(s) ?? byUri.set(s.uri, [s]);
  let restored = 0;
  const touched: string[] = [];
  const epoch = ctx.registry.epoch;
  for (const [uri, saved] of byUri) {
    const modified = await locate(uri, ctx);
    // Clear Results wins over results still being read back.
    if (epoch !== ctx.registry.epoch) break;
    if (modified === undefined) continue;
    let any = false;
    for (const s of saved) {
      const l = ctx.registry.get(s.id);
      if (!l || redactSecrets(l.found.url) !== s.url) continue;
      const stale = modified > s.at ? 'changed' : now - s.at > params.staleAfterMs ? 'old' : undefined;
      if (ctx.registry.restore(l.found.probeUrl, s.result, { at: s.at, ...(stale ? { stale } : {}) })) {
        restored++;
        any = true;
      }
    }
    if (any) touched.push(uri);
  }
  ctx.publish(touched);
  return restored;
}

/**
 * Makes sure the registry lists `uri`'s URLs; returns when the file last changed on disk (epoch ms; 0 for an
 * untitled document), or undefined when it is neither open nor readable.
 */
async function locate(uri: string, ctx: RestoreContext): Promise<number | undefined> {
  const open = ctx.documents.get(uri);
  if (open) ctx.discover(open);
  if (!uri.startsWith('file:')) return open ? 0 : undefined;
  try {
    const path = fileURLToPath(uri);
    const st = await stat(path);
    if (!st.isFile()) return undefined;
    // An open document is authoritative (it may have unsaved edits); a closed one is read back.
    if (!ctx.documents.get(uri) && !ctx.registry.has(uri)) {
      if (st.size > MAX_FILE_BYTES) return undefined;
      const text = await readFile(path, 'utf8');
      const td = TextDocument.create(uri, 'plaintext', 0, text);
      if (!ctx.documents.get(uri) && !ctx.registry.has(uri)) {
        ctx.registry.set(uri, extractUrls(text).map((f) => ({ found: f, range: { start: td.positionAt(f.offset), end: td.positionAt(f.offset + f.length) } })));
      }
    }
    return st.mtimeMs;
  } catch {
    return open ? 0 : undefined;
  }
}
