// The language server: discovery on open/change, probing (in this process, never the extension host),
// diagnostics, hovers, code actions and workspace scans with work-done progress. Any LSP client (`conndoc lsp`)
// gets the server's commands and standard settings; the VS Code extension (clientCommands) its own custom messages.
import { rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionKind,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type Diagnostic,
  type ProgressToken,
  type WorkDoneProgressReporter,
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
  ToolchainRequest,
  type ProbeParams,
  type ScanResponse,
  type Settings,
  type UrlEntry,
} from '../protocol';
import { CONFIG_SECTION, settingsFromConfig } from '../protocol-config';
import { ADHOC_URI, DEFAULT_SETTINGS } from '../protocol-values';
import { redactText } from '../vocabulary/redact';
import { SUPPORTED_SCHEMES, hostPort } from '../vocabulary/schemes';
import { clientProfile, initialSettings, type ClientProfile } from './client-profile';
import { SERVER_ACTIONS, SERVER_COMMANDS, executeCommand, type CommandContext } from './commands';
import { VSCODE_COMMANDS, codeActionsFor, diagnosticsFor } from './diagnostics';
import { hoverMarkdown } from './markdown';
import { HostGate } from './host-gate';
import { Prober } from './prober';
import { Publisher } from './publisher';
import { Located, Registry } from './registry';
import { trackIpcWrites } from './ipc-writes';
import { restoreResults } from './restore';
import { publishInBatches } from './scan-publisher';
import { answerToolchain } from './toolchain';
import { PositionConverter } from './positions';
import { scanWorkspace } from './workspace-scan';
import { transportProblem } from './transport';

const problem = transportProblem(process.argv.slice(2), typeof process.send === 'function');
if (problem) {
  process.stderr.write(`conndoc lsp: ${problem}\n`);
  process.exit(2);
}

// A workspace scan makes much short-lived garbage and little live data (~140 MiB retained for 200,000 files):
// without this V8 lets the heap grow far past that before collecting (peak RSS ~600 MiB).
setFlagsFromString('--optimize-for-size');

// Before the connection exists: its IPC writer must send through the counting wrapper.
const ipcWrites = trackIpcWrites();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const registry = new Registry();
let settings: Settings = { ...DEFAULT_SETTINGS };
/** Until initialize says otherwise: a plain LSP client. */
let profile: ClientProfile = { clientCommands: false, workDoneProgress: false, configuration: false, showDocument: false, positionEncoding: 'utf-16', folders: [] };
const openLine = (uri: string, line: number): string | undefined => documents.get(uri)?.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
let positions = new PositionConverter('utf-16', openLine);

const log = (msg: string): void => connection.console.log(redactText(msg));

// ---- publishing: batched (publisher.ts) ----
const publisher = new Publisher(
  registry,
  {
    entries: (p) => void connection.sendNotification(EntriesNotification, p),
    diagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics: inClientUnits(uri, diagnostics) }),
  },
  (entries) => diagnosticsFor(entries, settings.severities, profile.clientCommands),
);
/** Diagnostics with their ranges in the client's position encoding. */
function inClientUnits(uri: string, diagnostics: Diagnostic[]): Diagnostic[] {
  return positions.encoding === 'utf-16' ? diagnostics : diagnostics.map((d) => ({ ...d, range: positions.outRange(uri, d.range) }));
}
const publish = (uris: Iterable<string>): void => publisher.snapshot(uris);
const gate = new HostGate();
registry.waitingFor = (found) => gate.waiting(hostPort(found));
/** The entries and diagnostics of one URI, as the write promises of their notifications (bulk scan publishing). */
function sendUri(uri: string): Promise<void>[] {
  const entries = registry.snapshot(uri);
  const sends = [connection.sendNotification(EntriesNotification, { uri, entries })];
  if (uri !== ADHOC_URI) sends.push(connection.sendDiagnostics({ uri, diagnostics: inClientUnits(uri, diagnosticsFor(entries, settings.severities, profile.clientCommands)) }));
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
  if (settings.trusted && settings.probeOnOpen && registry.in(document.uri).length) void probeWithProgress(registry.in(document.uri)).catch(report);
});
documents.onDidChangeContent(({ document }) => {
  clearTimeout(pendingDiscover.get(document.uri));
  pendingDiscover.set(document.uri, setTimeout(() => discover(document), 150));
});
documents.onDidSave(({ document }) => {
  discover(document);
  if (settings.trusted && settings.probeOnSave && registry.in(document.uri).length) void probeWithProgress(registry.in(document.uri)).catch(report);
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
  profile = clientProfile(params);
  positions = new PositionConverter(profile.positionEncoding, openLine);
  settings = initialSettings(params, profile);
  return {
    capabilities: {
      positionEncoding: profile.positionEncoding,
      // Incremental edits carry positions; in UTF-8/UTF-32 the whole text is simpler and exact.
      textDocumentSync: { openClose: true, change: profile.positionEncoding === 'utf-16' ? TextDocumentSyncKind.Incremental : TextDocumentSyncKind.Full, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
    },
    serverInfo: { name: 'Connection Doctor' },
  };
});

connection.onInitialized(() => {
  // The VS Code extension sends its settings itself (with http.proxy and Workspace Trust): nothing to pull there.
  if (profile.configuration && !profile.clientCommands) void pullConfiguration();
});

/** Settings arrive in parts: each is merged over the current ones (a partial update resets nothing). */
function applySettings(given: Partial<Settings>, from?: string): void {
  // Names only: a value may be a proxy with a password or a private CA path.
  if (from) log(`settings from ${from}: ${Object.keys(given).join(', ') || 'none of connectionDoctor.*'}`);
  const before = settings.severities.join();
  settings = { ...settings, ...given };
  if (settings.severities.join() !== before) publish(registry.uris());
}

async function pullConfiguration(): Promise<void> {
  try {
    applySettings(settingsFromConfig(await connection.workspace.getConfiguration({ section: CONFIG_SECTION })), 'workspace/configuration');
  } catch (e) {
    log(`workspace/configuration failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

connection.onDidChangeConfiguration(({ settings: pushed }) => {
  const given = settingsFromConfig(pushed);
  // A push without our section (or `null`, the pull model's nudge): ask for it.
  if (Object.keys(given).length) applySettings(given, 'workspace/didChangeConfiguration');
  else if (profile.configuration) void pullConfiguration();
});

connection.onNotification(SettingsNotification, (s) => applySettings(s));

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
    if (unconfirmedHosts([{ found }], p.hosts).length) return [new Located(ADHOC_URI, found, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '')];
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

connection.onRequest(ScanRequest, (params, token: CancellationToken) => scanFolders(params.folders, params.probe, token, params.workDoneToken));

async function scanFolders(folders: string[], probe: boolean, token: CancellationToken, workDoneToken: ProgressToken | undefined): Promise<ScanResponse> {
  if (!folders.length) throw new ResponseError(2, 'No workspace folder to scan (the client sent no workspaceFolders or rootUri).');
  const { progress, cancel, dispose } = await workDone(workDoneToken, token);
  positions.forget();
  const publishBulk = (uris: Iterable<string>, signal?: AbortSignal): Promise<number> => publishInBatches(uris, sendUri, signal, ipcWrites && (() => ipcWrites.drained()));
  try {
    return await scanWorkspace({ folders, probe }, { registry, documents, prober, settings: () => settings, publish, publishBulk, log }, cancel, progress);
  } catch (e) {
    throw new ResponseError(1, redactText(e instanceof Error ? e.message : String(e)));
  } finally {
    dispose();
  }
}

connection.onHover(({ textDocument, position }) => {
  const uri = textDocument.uri;
  const l = registry.at(uri, positions.in(uri, position));
  const value = l && hoverMarkdown(registry.entry(l), profile.clientCommands);
  if (!l || !value) return null;
  return { contents: { kind: 'markdown', value }, range: positions.outRange(uri, l.range) };
});

connection.onCodeAction(({ textDocument, range, context }) =>
  codeActionsFor(
    registry.overlapping(textDocument.uri, positions.inRange(textDocument.uri, range)).map((l) => registry.entry(l)),
    context.diagnostics,
    profile.clientCommands ? VSCODE_COMMANDS : SERVER_ACTIONS,
  ),
);

// ---- workspace/executeCommand (commands.ts) ----
/** Explanation pages for clients that open documents: this process's own folder, gone when it exits. */
const pageDir = join(tmpdir(), `conndoc-explain-${process.pid}`);
process.on('exit', () => rmSync(pageDir, { recursive: true, force: true }));

/** A probe batch with work-done progress (below). */
async function probeWithProgress(locs: Located[], title = `Probing ${locs.length} URL${locs.length === 1 ? '' : 's'}`, token?: CancellationToken, workDoneToken?: ProgressToken): Promise<UrlEntry[]> {
  const { progress, cancel, dispose } = await workDone(workDoneToken, token);
  const targets = new Set(locs.map((l) => l.found.probeUrl)).size;
  progress.begin(`Connection Doctor: ${title}`, 0, `0/${targets} targets`, true);
  try {
    return await prober.probe(locs, cancel, (done, total) => progress.report(Math.floor((done / total) * 100), `${done}/${total} targets`));
  } finally {
    progress.done();
    dispose();
  }
}

/**
 * Standard work-done progress: on the client's token when it sent one, else one the server creates when the
 * client supports that (not for the VS Code extension: it shows its own). `cancel` fires on either side's cancel.
 */
async function workDone(workDoneToken: ProgressToken | undefined, token?: CancellationToken): Promise<{ progress: WorkDoneProgressReporter; cancel: CancellationToken; dispose: () => void }> {
  const created = workDoneToken === undefined && profile.workDoneProgress && !profile.clientCommands ? await connection.window.createWorkDoneProgress() : undefined;
  const cts = new CancellationTokenSource();
  const subs = [token?.onCancellationRequested(() => cts.cancel()), created?.token.onCancellationRequested(() => cts.cancel())];
  const dispose = (): void => {
    for (const s of subs) s?.dispose();
    cts.dispose();
  };
  return { progress: created ?? connection.window.attachWorkDoneProgress(workDoneToken), cancel: cts.token, dispose };
}

function commandContext(workDoneToken: ProgressToken | undefined): CommandContext {
  return {
    settings: () => settings,
    registry,
    inDocument(uri) {
      const doc = documents.get(uri);
      if (doc) discover(doc);
      return registry.in(uri);
    },
    at: (uri, position) => registry.at(uri, positions.in(uri, position)),
    adhoc(url) {
      const found = extractUrls(url.trim())[0];
      if (!found) throw new ResponseError(2, `Not a URL Connection Doctor can probe (${SUPPORTED_SCHEMES.join(', ')}).`);
      const l = registry.addAdhoc(found);
      publish([ADHOC_URI]);
      return l;
    },
    probe: (locs, title, token) => probeWithProgress(locs, title, token, workDoneToken),
    probeWorkspace: (token) => scanFolders(profile.folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)), true, token, workDoneToken),
    where: (l) => positions.out(l.uri, l.range.start),
    show: (type, message) => void connection.sendNotification('window/showMessage', { type, message }),
    canShowDocument: profile.showDocument,
    async showDocument(uri) {
      return (await connection.window.showDocument({ uri, takeFocus: true }).catch(() => ({ success: false }))).success;
    },
    pageDir,
  };
}

connection.onExecuteCommand(async (params, token) => {
  // In VS Code the extension's own commands ask before contacting a host of an untrusted workspace; these do not.
  if (profile.clientCommands && !settings.trusted && params.command !== SERVER_COMMANDS.copyCurl) {
    throw new ResponseError(1, 'Untrusted workspace: use the Connection Doctor commands (they ask before contacting a host).');
  }
  try {
    return await executeCommand(commandContext(params.workDoneToken), params.command, params.arguments, token);
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    throw new ResponseError(1, redactText(e instanceof Error ? e.message : String(e)));
  }
});

connection.onRequest(ToolchainRequest, (params, token) =>
  answerToolchain(params, settings, token, log).catch((e: unknown) => {
    throw new ResponseError(1, redactText(e instanceof Error ? e.message : String(e)));
  }),
);

documents.listen(connection);
connection.listen();
