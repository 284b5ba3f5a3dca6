// workspace/executeCommand: the server's own commands, for clients without the VS Code extension (Neovim, Helix,
// Emacs, Zed). Their ids (conndoc.*) never collide with the extension's (connectionDoctor.*), which stays the
// richer UI in VS Code. Explicit commands always probe: the user asked (automatic probing needs probeOnOpen).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageType, ResponseError, type CancellationToken, type Position } from 'vscode-languageserver';
import type { ScanResponse, Settings, UrlEntry } from '../protocol';
import { headline } from '../protocol-severity';
import { buildCurl } from '../vocabulary/curl';
import type { Result } from '../vocabulary/types';
import type { ActionCommands } from './diagnostics';
import { explainMarkdown } from './markdown';
import type { Located, Registry } from './registry';

export const SERVER_COMMANDS = {
  /** [{textDocument: {uri}, position}] (what make_position_params gives), [{uri, position}], [{entryId}] or [{url}]. */
  probe: 'conndoc.probe',
  /** [{uri}] or [{textDocument: {uri}}]: every URL in the file. */
  probeFile: 'conndoc.probeFile',
  /** []: scan the workspace folders and probe every URL, with work-done progress. */
  probeWorkspace: 'conndoc.probeWorkspace',
  /** Like probe (probes first when there is no result): the explanation, as a page or a message; returns its text. */
  explain: 'conndoc.explain',
  /** Like probe, without probing: returns the curl command line that shows the same failure. */
  copyCurl: 'conndoc.copyCurl',
} as const;

/** What the code actions name for a client without the extension. */
export const SERVER_ACTIONS: ActionCommands = { explain: SERVER_COMMANDS.explain, probeAgain: SERVER_COMMANDS.probe, copyAsCurl: SERVER_COMMANDS.copyCurl };

export interface CommandArg {
  entryId?: string;
  uri?: string;
  textDocument?: { uri: string };
  /** In the client's position encoding. */
  position?: Position;
  url?: string;
}

export interface CommandContext {
  settings(): Settings;
  registry: Registry;
  /** The entries in a document (re-read first when it is open). */
  inDocument(uri: string): Located[];
  /** The entry at a client position. */
  at(uri: string, position: Position): Located | undefined;
  /** A URL typed by the user, as an entry of its own. */
  adhoc(url: string): Located;
  /** Probes with work-done progress titled `title`. */
  probe(locs: Located[], title: string, token: CancellationToken): Promise<UrlEntry[]>;
  probeWorkspace(token: CancellationToken): Promise<ScanResponse>;
  /** Where an entry starts, 0-based in the client's position encoding. */
  where(l: Located): { line: number; character: number };
  show(type: MessageType, message: string): void;
  /** Opens a file in the editor if the client can (window.showDocument); false when it cannot. */
  showDocument(uri: string): Promise<boolean>;
  canShowDocument: boolean;
  /** Where explanation pages are written (removed when the server exits). */
  pageDir: string;
}

export interface ProbeSummary {
  results: { url: string; uri: string; line: number; character: number; id?: string; ok?: boolean; headline?: string }[];
}

function arg(args: unknown[] | undefined): CommandArg {
  const a = args?.[0];
  return typeof a === 'object' && a !== null ? (a as CommandArg) : typeof a === 'string' ? { url: a } : {};
}

function uriOf(a: CommandArg): string | undefined {
  return a.textDocument?.uri ?? a.uri;
}

/** The entries an argument names: an entry id, a position, a typed URL, or (whole) a document. */
function targets(ctx: CommandContext, a: CommandArg, whole: boolean): Located[] {
  if (a.entryId) {
    const l = ctx.registry.get(a.entryId);
    if (!l) throw new ResponseError(2, 'That URL has changed since (edit or rescan): ask again at its new place.');
    return [l];
  }
  if (a.url) return [ctx.adhoc(a.url)];
  const uri = uriOf(a);
  if (!uri) throw new ResponseError(2, 'Give {textDocument: {uri}, position}, {uri}, {entryId} or {url}.');
  if (whole || !a.position) return ctx.inDocument(uri);
  ctx.inDocument(uri);
  const l = ctx.at(uri, a.position);
  if (!l) throw new ResponseError(2, 'No URL at that position.');
  return [l];
}

function summary(ctx: CommandContext, entries: UrlEntry[], locs: Located[]): ProbeSummary {
  return {
    results: entries.map((e, i) => ({
      url: e.url,
      uri: e.uri,
      ...ctx.where(locs[i]),
      ...(e.result ? { id: e.result.id, ok: e.result.ok, headline: headline(e.result) } : {}),
    })),
  };
}

function announce(ctx: CommandContext, entries: UrlEntry[]): void {
  const done = entries.filter((e) => e.result);
  const failing = done.filter((e) => !e.result!.ok);
  if (!done.length) return ctx.show(MessageType.Info, 'Connection Doctor: nothing probed (cancelled, or the host asked to wait).');
  const text = done.length === 1 ? `${done[0].result!.ok ? '✓' : '✗'} ${headline(done[0].result!)} — ${done[0].url}` : `${done.length} URLs probed, ${failing.length} failing`;
  ctx.show(failing.length ? MessageType.Warning : MessageType.Info, `Connection Doctor: ${text}`);
}

async function probeCommand(ctx: CommandContext, a: CommandArg, whole: boolean, token: CancellationToken): Promise<ProbeSummary> {
  const locs = targets(ctx, a, whole);
  if (!locs.length) return { results: [] };
  const entries = await ctx.probe(locs, locs.length === 1 ? `Probing ${locs[0].found.url}` : `Probing ${locs.length} URLs`, token);
  announce(ctx, entries);
  return summary(ctx, entries, locs);
}

async function explainCommand(ctx: CommandContext, a: CommandArg, token: CancellationToken): Promise<{ markdown: string; uri?: string }> {
  const [l] = targets(ctx, a, false);
  if (!l) throw new ResponseError(2, 'No URL there.');
  let e = ctx.registry.entry(l);
  if (!e.result) e = (await ctx.probe([l], `Probing ${l.found.url}`, token))[0];
  if (!e.result) throw new ResponseError(1, 'Not probed (cancelled, or the host asked to wait): nothing to explain yet.');
  const { line, character } = ctx.where(l);
  const markdown = explainMarkdown(e as UrlEntry & { result: Result }, l.uri.startsWith('file:') ? `${fileURLToPath(l.uri)}:${line + 1}:${character + 1}` : undefined);
  if (ctx.canShowDocument) {
    // A page the editor opens like any Markdown file (a message box would hold it in one long line).
    mkdirSync(ctx.pageDir, { recursive: true });
    const file = join(ctx.pageDir, `${e.result.id}-${Buffer.from(l.id).toString('base64url').slice(-24)}.md`);
    writeFileSync(file, markdown);
    const uri = pathToFileURL(file).href;
    if (await ctx.showDocument(uri)) return { markdown, uri };
  }
  ctx.show(e.result.ok ? MessageType.Info : MessageType.Warning, markdown);
  return { markdown };
}

function curlCommand(ctx: CommandContext, a: CommandArg): string {
  const [l] = targets(ctx, a, false);
  const s = ctx.settings();
  return buildCurl(ctx.registry.entry(l).url, { resolve: s.resolve, caFile: s.caFile, insecure: s.insecure, proxy: s.proxy });
}

export async function executeCommand(ctx: CommandContext, command: string, args: unknown[] | undefined, token: CancellationToken): Promise<unknown> {
  const a = arg(args);
  switch (command) {
    case SERVER_COMMANDS.probe:
      return probeCommand(ctx, a, false, token);
    case SERVER_COMMANDS.probeFile:
      return probeCommand(ctx, a, true, token);
    case SERVER_COMMANDS.probeWorkspace:
      return ctx.probeWorkspace(token);
    case SERVER_COMMANDS.explain:
      return explainCommand(ctx, a, token);
    case SERVER_COMMANDS.copyCurl:
      return curlCommand(ctx, a);
    default:
      throw new ResponseError(-32601, `Unknown command ${command} (this server has ${Object.values(SERVER_COMMANDS).join(', ')})`);
  }
}
