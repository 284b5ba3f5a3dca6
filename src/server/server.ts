// The language server: discovery on open/change, probing (in this process, never the extension host),
// diagnostics, hovers, code actions and workspace scans with work-done progress.
import {
  CodeActionKind,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { extractUrls } from '../discover/extract';
import {
  ClearNotification,
  EntriesNotification,
  ProbeRequest,
  RestoreRequest,
  ScanRequest,
  SettingsNotification,
  type ProbeParams,
  type Settings,
  type UrlEntry,
} from '../protocol';
import { ADHOC_URI, DEFAULT_SETTINGS } from '../protocol-values';
import { redactText } from '../vocabulary/redact';
import { SUPPORTED_SCHEMES, hostPort } from '../vocabulary/schemes';
import { codeActionsFor, diagnosticsFor } from './diagnostics';
import { hoverMarkdown } from './markdown';
import { HostGate } from './host-gate';
import { Prober } from './prober';
import { Publisher } from './publisher';
import { Registry, type Located } from './registry';
import { restoreResults } from './restore';
import { publishInBatches } from './scan-publisher';
import { scanWorkspace } from './workspace-scan';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const registry = new Registry();
let settings: Settings = { ...DEFAULT_SETTINGS };

const log = (msg: string): void => connection.console.log(redactText(msg));

// ---- publishing: batched (publisher.ts) ----
const publisher = new Publisher(
  registry,
  {
    entries: (p) => void connection.sendNotification(EntriesNotification, p),
    diagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  },
  (entries) => diagnosticsFor(entries, settings.severities),
);
const publish = (uris: Iterable<string>): void => publisher.snapshot(uris);
const gate = new HostGate();
registry.waitingFor = (found) => gate.waiting(hostPort(found));
/** The entries and diagnostics of one URI, as the write promises of their notifications (bulk scan publishing). */
function sendUri(uri: string): Promise<void>[] {
  const entries = registry.snapshot(uri);
  const sends = [connection.sendNotification(EntriesNotification, { uri, entries })];
  if (uri !== ADHOC_URI) sends.push(connection.sendDiagnostics({ uri, diagnostics: diagnosticsFor(entries, settings.severities) }));
  return sends;
}

const prober = new Prober(registry, () => settings, publisher, gate, log);

// ---- discovery ----
const lastVersion = new Map<string, number>();
const pendingDiscover = new Map<string, NodeJS.Timeout>();
function discover(doc: TextDocument): void {
  clearTimeout(pendingDiscover.get(doc.uri));
  pendingDiscover.delete(doc.uri);
  if (lastVersion.get(doc.uri) === doc.version) return;
  lastVersion.set(doc.uri, doc.version);
  const found = extractUrls(doc.getText());
  registry.set(
    doc.uri,
    found.map((f) => ({ found: f, range: { start: doc.positionAt(f.offset), end: doc.positionAt(f.offset + f.length) } })),
  );
  publish([doc.uri]);
}

documents.onDidOpen(({ document }) => {
  discover(document);
  if (settings.trusted && settings.probeOnOpen && registry.in(document.uri).length) void prober.probe(registry.in(document.uri)).catch(report);
});
documents.onDidChangeContent(({ document }) => {
  clearTimeout(pendingDiscover.get(document.uri));
  pendingDiscover.set(document.uri, setTimeout(() => discover(document), 150));
});
documents.onDidSave(({ document }) => {
  discover(document);
  if (settings.trusted && settings.probeOnSave && registry.in(document.uri).length) void prober.probe(registry.in(document.uri)).catch(report);
});
documents.onDidClose(({ document }) => {
  clearTimeout(pendingDiscover.get(document.uri));
  pendingDiscover.delete(document.uri);
  lastVersion.delete(document.uri);
  // A closed file keeps its results (the tree and Problems still list them); unprobed URLs are forgotten.
  if (!registry.snapshot(document.uri).some((e) => e.result)) {
    registry.drop(document.uri);
    publish([document.uri]);
  }
});

function report(e: unknown): void {
  log(`probe failed: ${e instanceof Error ? e.message : String(e)}`);
}

// ---- requests ----
connection.onInitialize((params) => {
  settings = { ...DEFAULT_SETTINGS, ...(params.initializationOptions as Partial<Settings> | undefined) };
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
    },
    serverInfo: { name: 'Connection Doctor' },
  };
});

connection.onNotification(SettingsNotification, (s) => {
  const before = settings.severities.join();
  settings = { ...DEFAULT_SETTINGS, ...s };
  if (settings.severities.join() !== before) publish(registry.uris());
});

connection.onNotification(ClearNotification, () => {
  prober.cancelAll();
  publish(registry.clearResults());
});

connection.onRequest(RestoreRequest, async (p) => {
  const n = await restoreResults(p, { registry, documents, discover, publish });
  log(`restored ${n} of ${p.entries.length} results kept from before the reload`);
  return n;
});

connection.onRequest(ProbeRequest, async (params, token) => {
  const targets = select(params);
  const unconfirmed = unconfirmedHosts(targets, params.hosts);
  if (!targets.length || unconfirmed.length) return { entries: targets.map((l) => registry.entry(l)), unconfirmed };
  // Wall-clock time of arrival, to line up with the extension's log lines (another process).
  const at = new Date().toISOString().slice(11, 23);
  const t0 = performance.now();
  try {
    const entries = params.lifetime ? await probeLifetime(targets, params.lifetime.idleMaxSec, params.workDoneToken, token) : await prober.probe(targets, token);
    log(`probe request received at ${at}, answered in ${Math.round(performance.now() - t0)} ms`);
    return { entries };
  } catch (e) {
    throw new ResponseError(1, redactText(e instanceof Error ? e.message : String(e)));
  }
});

/** A lifetime probe runs for up to minutes: its progress goes to the client's work-done token. */
async function probeLifetime(targets: Located[], idleMaxSec: number, workDoneToken: ProbeParams['workDoneToken'], token: CancellationToken): Promise<UrlEntry[]> {
  const progress = await connection.window.attachWorkDoneProgress(workDoneToken);
  progress.begin('Connection lifetime', 0, undefined, true);
  try {
    return await prober.probe(targets, token, undefined, {
      lifetime: true,
      idleMaxSec,
      onProgress: (p) => progress.report(Math.min(100, Math.round((100 * p.elapsedSec) / Math.max(1, p.plannedSec))), `${Math.round(p.elapsedSec)} of up to ~${p.plannedSec} s · ${p.step}`),
    });
  } finally {
    progress.done();
  }
}

/** The targets' host:port pairs the user has not agreed to contact (none when `agreed` is absent: trusted). */
function unconfirmedHosts(targets: Pick<Located, 'found'>[], agreed: string[] | undefined): string[] {
  if (!agreed) return [];
  return [...new Set(targets.map((l) => hostPort(l.found)))].filter((h) => !agreed.includes(h));
}

function select(p: ProbeParams): Located[] {
  if (p.url !== undefined) {
    const found = extractUrls(p.url.trim())[0];
    if (!found) throw new ResponseError(2, `Not a URL Connection Doctor can probe (${SUPPORTED_SCHEMES.join(', ')}).`);
    // Not confirmed yet: not listed under "Probed by hand" either, the user may decline.
    if (unconfirmedHosts([{ found }], p.hosts).length) return [{ id: '', uri: ADHOC_URI, found, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    const l = registry.addAdhoc(found);
    publish([ADHOC_URI]);
    return [l];
  }
  if (p.ids) return p.ids.map((id) => registry.get(id)).filter((l): l is Located => !!l);
  if (p.uri) {
    const doc = documents.get(p.uri);
    if (doc) discover(doc);
    if (p.position) {
      const l = registry.at(p.uri, p.position);
      return l ? [l] : [];
    }
    return registry.in(p.uri);
  }
  return [];
}

connection.onRequest(ScanRequest, async (params, token: CancellationToken) => {
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  try {
    const publishBulk = (uris: Iterable<string>, signal?: AbortSignal): Promise<number> => publishInBatches(uris, sendUri, signal);
    return await scanWorkspace(params, { registry, documents, prober, settings: () => settings, publish, publishBulk, log }, token, progress);
  } catch (e) {
    throw new ResponseError(1, redactText(e instanceof Error ? e.message : String(e)));
  }
});

connection.onHover(({ textDocument, position }) => {
  const l = registry.at(textDocument.uri, position);
  const value = l && hoverMarkdown(registry.entry(l));
  if (!l || !value) return null;
  return { contents: { kind: 'markdown', value }, range: l.range };
});

connection.onCodeAction(({ textDocument, range, context }) =>
  codeActionsFor(registry.overlapping(textDocument.uri, range).map((l) => registry.entry(l)), context.diagnostics),
);

documents.listen(connection);
connection.listen();
