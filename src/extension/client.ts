// The language client: started on first use (or when a document with a URL opens), never at activation.
// Loaded with a dynamic import, so activation does not pay for evaluating vscode-languageclient.
import type * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, WorkDoneProgress, type ServerOptions } from 'vscode-languageclient/node';
import {
  ClearNotification,
  EntriesNotification,
  ProbeRequest,
  RestoreRequest,
  ScanRequest,
  SettingsNotification,
  ToolchainRequest,
  type InitializationOptions,
  type ProbeParams,
  type ProbeResponse,
  type RestoreParams,
  type ScanResponse,
  type Settings,
  type ToolchainParams,
  type ToolchainResponse,
} from '../protocol';
import type { Log } from './log';
import type { ResultsStore } from './results-store';

/** Commands the server's hovers may link to (hover Markdown is trusted for these only). */
const LINKED_COMMANDS = ['connectionDoctor.explain', 'connectionDoctor.probeAgain', 'connectionDoctor.copyAsCurl'];

/** What the rest of the extension asks of the server. */
export interface ServerApi {
  probe(params: ProbeParams, token?: vscode.CancellationToken): Promise<ProbeResponse>;
  scan(folders: string[], probe: boolean, token: vscode.CancellationToken, onProgress: (message: string | undefined, percentage: number | undefined) => void): Promise<ScanResponse>;
  clear(): Promise<void>;
  toolchain(params: ToolchainParams, token?: vscode.CancellationToken): Promise<ToolchainResponse>;
  /** Results kept from before a window reload; answers how many went back. */
  restore(p: RestoreParams): Promise<number>;
  /** Work-done progress the server reports on `token` (a lifetime probe's). */
  onProgress(token: string, cb: (message: string | undefined, percentage: number | undefined) => void): vscode.Disposable;
  settings(s: Settings): void;
  stop(): Promise<void>;
}

export async function startClient(ctx: vscode.ExtensionContext, store: ResultsStore, log: Log, settings: Settings): Promise<ServerApi> {
  const module = ctx.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const client = new LanguageClient('connectionDoctor', 'Connection Doctor', serverOptions, {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    outputChannel: log.channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: { ...settings, clientCommands: true } satisfies InitializationOptions,
    markdown: { isTrusted: { enabledCommands: LINKED_COMMANDS }, supportHtml: false },
  });
  client.onNotification(EntriesNotification, (p) => store.set(p.uri, p.entries, p.delta));
  const t0 = performance.now();
  await client.start();
  log.info(`language server started in ${Math.round(performance.now() - t0)} ms`);
  let scans = 0;
  return {
    probe: (params, token) => client.sendRequest(ProbeRequest, params, token),
    async scan(folders, probe, token, onProgress) {
      const workDoneToken = `connectionDoctor/scan/${++scans}`;
      const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
        if (v.kind !== 'end') onProgress(v.message, v.percentage);
      });
      try {
        return await client.sendRequest(ScanRequest, { folders, probe, workDoneToken }, token);
      } finally {
        sub.dispose();
      }
    },
    clear: () => client.sendNotification(ClearNotification),
    toolchain: (params, token) => client.sendRequest(ToolchainRequest, params, token),
    restore: (p) => client.sendRequest(RestoreRequest, p),
    onProgress: (token, cb) =>
      client.onProgress(WorkDoneProgress.type, token, (v) => {
        if (v.kind !== 'end') cb(v.message, v.percentage);
      }),
    settings: (s) => void client.sendNotification(SettingsNotification, s),
    stop: () => client.stop(),
  };
}
