// "Probe All URLs in Workspace": scan the folders (discovery only), optionally probe every target,
// reporting LSP work-done progress and stopping when the client cancels.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, TextDocuments, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { scanPaths } from '../discover/scan';
import type { ScanParams, ScanResponse, Settings } from '../protocol';
import { hostPort } from '../vocabulary/schemes';
import type { Prober } from './prober';
import type { Located, Registry } from './registry';

export interface ScanContext {
  registry: Registry;
  documents: TextDocuments<TextDocument>;
  prober: Prober;
  settings: () => Settings;
  publish: (uris: Iterable<string>) => void;
  /** Many URIs at once (a scan's): in batches, requests answered in between (scan-publisher.ts). */
  publishBulk: (uris: Iterable<string>, signal?: AbortSignal) => Promise<number>;
  log: (msg: string) => void;
}


export async function scanWorkspace(params: ScanParams, ctx: ScanContext, token: CancellationToken, progress: WorkDoneProgressReporter): Promise<ScanResponse> {
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  const t0 = performance.now();
  progress.begin(params.probe ? 'Probing URLs in the workspace' : 'Finding URLs in the workspace', 0, 'Scanning files…', true);
  try {
    // File by file into the registry: a 200,000-file workspace's URLs are never all held at once.
    const uris: string[] = [];
    const hostSet = new Set<string>();
    let urlCount = 0;
    const scan = await scanPaths(params.folders, {
      excludes: ctx.settings().excludes,
      signal: ac.signal,
      onProgress: (p) => progress.report(`${p.files} files, ${p.urls} URLs`),
      onFile: (file, urls) => {
        const uri = pathToFileURL(resolve(file)).href;
        uris.push(uri);
        urlCount += urls.length;
        // An open document is authoritative: its entries follow unsaved edits.
        if (!ctx.documents.get(uri)) {
          // LSP counts UTF-16 units (`character`), not code points (`column`): they differ after an emoji on the line.
          ctx.registry.set(uri, urls.map((f) => {
            const start = { line: f.line - 1, character: f.character };
            return { found: f, range: { start, end: { line: start.line, character: start.character + f.length } } };
          }));
        }
        for (const l of ctx.registry.in(uri)) hostSet.add(hostPort(l.found));
      },
    });
    // Not awaited: the scan answers now, and the entries follow in batches while requests keep being answered.
    void ctx.publishBulk(uris, ac.signal);
    const hosts = [...hostSet].sort();
    ctx.log(`scan: ${scan.files} files, ${urlCount} URLs, ${hosts.length} hosts in ${Math.round(performance.now() - t0)} ms`);
    const locs: Located[] = params.probe ? uris.flatMap((u) => ctx.registry.in(u)) : [];
    let failing = 0;
    if (params.probe && locs.length && !ac.signal.aborted) {
      progress.report(0, `Probing ${locs.length} URLs…`);
      const entries = await ctx.prober.probe(locs, token, (done, total) => progress.report(Math.floor((done / total) * 100), `${done}/${total} targets`));
      failing = entries.filter((e) => e.result && !e.result.ok).length;
    }
    return { files: scan.files, urls: urlCount, hosts, failing, cancelled: ac.signal.aborted };
  } finally {
    sub.dispose();
    progress.done();
  }
}
