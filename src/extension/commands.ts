// Every command. Registered at activation (cheap); the ones that need the server start it on first use.
import * as vscode from 'vscode';
import type { ProbeParams, ScanResponse, UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import { redactText } from '../vocabulary/redact';
import { hostPort } from '../vocabulary/schemes';
import type { ServerApi } from './client';
import { buildCurl } from '../vocabulary/curl';
import { ExplainPanel } from './explain-panel';
import type { Log } from './log';
import type { ResultsStore } from './results-store';
import { headline } from '../protocol-severity';
import { readSettings } from './settings';
import { confirmContact, isTrusted } from './trust';
import type { ResultsTree } from './tree';

export interface CommandDeps {
  ctx: vscode.ExtensionContext;
  store: ResultsStore;
  tree: ResultsTree;
  log: Log;
  /** Starts the language client if needed. */
  server: () => Promise<ServerApi>;
  /** The server if it already runs (commands that need no server do not start one). */
  running: () => ServerApi | undefined;
}

/** A command's argument: `{entryId}` (hovers, code actions), a tree node `{entry}`, an id, or nothing (the cursor). */
type EntryArg = string | { entryId?: string; entry?: UrlEntry } | undefined;


/** Makes a command return at once: see warmEditorCommands. */
const WARM_UP = Symbol('warm-up');

/**
 * The window runs an extension's command for the first time only after a round trip that fires its `onCommand`
 * activation event: 180–560 ms more on the first Probe URL at Cursor in about half the UI runs on the loaded
 * machine, never more than 64 ms from click to command later. Executing a command from the extension host fires
 * that event, so the commands clicked in an editor run once as no-ops when the server starts (a document with URLs
 * is open).
 */
export function warmEditorCommands(): void {
  for (const id of ['probeAtCursor', 'probeFile', 'probeAgain', 'explain', 'copyAsCurl']) void vscode.commands.executeCommand(`connectionDoctor.${id}`, WARM_UP);
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const { store, log } = d;

  const entryFrom = (arg: EntryArg): UrlEntry | undefined => {
    if (typeof arg === 'string') return store.get(arg);
    if (arg && typeof arg === 'object') {
      const id = arg.entryId ?? arg.entry?.id;
      if (id) return store.get(id) ?? arg.entry;
    }
    const ed = vscode.window.activeTextEditor;
    return ed ? store.at(ed.document.uri.toString(), ed.selection.active) : undefined;
  };

  /** The hosts `params` would contact, as far as the store knows them (undefined: ask the server). */
  const knownHosts = (params: ProbeParams): string[] | undefined => {
    let entries: (UrlEntry | undefined)[] = [];
    if (params.ids) entries = params.ids.map((id) => store.get(id));
    else if (params.uri && params.position) entries = [store.at(params.uri, new vscode.Position(params.position.line, params.position.character))];
    else if (params.uri) entries = store.in(params.uri);
    if (!entries.length || entries.some((e) => !e)) return undefined;
    return [...new Set((entries as UrlEntry[]).map(hostPort))];
  };

  /**
   * Probe. In an untrusted workspace the user first agrees to the hosts: those the store already knows are asked
   * about before the request (one round trip); the server probes nothing outside them and names what else it would
   * contact (a typed URL, a store behind the document), which is asked about before a second request.
   */
  const probe = async (params: ProbeParams, token?: vscode.CancellationToken): Promise<UrlEntry[]> => {
    // Where a command's time goes, in the log: ms since the command ran, at each step (issue 4: < 100 ms on loopback).
    const t0 = performance.now();
    const since = (): number => Math.round(performance.now() - t0);
    const server = await d.server();
    const ready = since();
    let request = params;
    if (!isTrusted()) {
      const known = knownHosts(params) ?? [];
      if (known.length && !(await confirmContact(known))) return [];
      request = { ...params, hosts: known };
    }
    const sent = since();
    let res = await server.probe(request, token);
    for (let round = 0; res.unconfirmed?.length && round < 2; round++) {
      if (!(await confirmContact(res.unconfirmed))) return [];
      request = { ...params, hosts: [...(request.hosts ?? []), ...res.unconfirmed] };
      res = await server.probe(request, token);
    }
    if (res.unconfirmed?.length) return [];
    const { entries } = res;
    log.info(`probed ${entries.length} URL${entries.length === 1 ? '' : 's'} in ${since()} ms from the command (server ready ${ready} ms, request sent ${sent} ms)`);
    return entries;
  };

  /**
   * A single result, quietly: the decoration, hover, Problems and the tree show it. Only a URL typed into
   * Probe URL… has no other place, so that one is a notification with the result in it.
   */
  const announce = (entries: UrlEntry[], typed = false): void => {
    if (entries.length !== 1 || !entries[0].result) return;
    const e = entries[0];
    const r = e.result!;
    const text = `${r.ok ? '$(pass)' : '$(error)'} ${headline(r)}: ${e.url}`;
    if (!typed) {
      void vscode.window.setStatusBarMessage(text, 4000);
      return;
    }
    const show = r.ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`${headline(r)} — ${e.url}`, 'Explain', 'Copy as curl').then((pick) => {
      if (pick === 'Explain') void vscode.commands.executeCommand('connectionDoctor.explain', { entryId: e.id });
      if (pick === 'Copy as curl') void vscode.commands.executeCommand('connectionDoctor.copyAsCurl', { entryId: e.id });
    });
  };

  /** A long operation: a notification with progress and a Cancel button (cancelling stops the probes). */
  const cancellable = <T>(title: string, fn: (token: vscode.CancellationToken) => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connection Doctor: ${title}`, cancellable: true }, (_p, token) => fn(token));

  const guarded =
    <A extends unknown[]>(name: string, fn: (...a: A) => Promise<unknown>) =>
    async (...a: A): Promise<unknown> => {
      if (a[0] === WARM_UP) return undefined;
      try {
        return await fn(...a);
      } catch (e) {
        log.error(name, e);
        void vscode.window.showErrorMessage(`Connection Doctor: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    };

  const commands: Record<string, (...a: never[]) => Promise<unknown> | unknown> = {
    'connectionDoctor.probeUrl': async (given?: string, opts?: { quiet?: boolean }) => {
      const ed = vscode.window.activeTextEditor;
      const selected = ed && !ed.selection.isEmpty ? ed.document.getText(ed.selection).trim() : undefined;
      const under = ed ? store.at(ed.document.uri.toString(), ed.selection.active)?.url : undefined;
      const url =
        given ??
        (await vscode.window.showInputBox({
          title: 'Connection Doctor: Probe URL',
          prompt: 'A URL or connection string (http, https, ws, wss, postgres, mysql, redis, amqp, mongodb, nats)',
          placeHolder: 'https://api.example.com/health',
          value: selected ?? under ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v.trim()) ? undefined : 'Enter a URL such as https://host/path'),
        }));
      if (!url) return undefined;
      const entries = await probe({ url });
      if (!opts?.quiet) announce(entries, given === undefined);
      return entries[0];
    },
    'connectionDoctor.probeLifetime': async (given?: string, givenIdleMax?: number) => {
      const ed = vscode.window.activeTextEditor;
      const under = ed ? store.at(ed.document.uri.toString(), ed.selection.active)?.url : undefined;
      const url =
        given ??
        (await vscode.window.showInputBox({
          title: 'Connection Doctor: Probe Connection Lifetime',
          prompt: 'An http(s), ws(s) or SSE URL: one connection is kept and reused after growing idle gaps (a WebSocket / event stream is held)',
          value: under ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (/^(https?|wss?):\/\/\S+$/i.test(v.trim()) ? undefined : 'Enter an http, https, ws or wss URL'),
        }));
      if (!url) return undefined;
      const idle =
        givenIdleMax ??
        Number(
          await vscode.window.showInputBox({
            title: 'Connection Doctor: longest idle gap (seconds)',
            prompt: 'Load balancers cut idle connections at 60 s (AWS ALB), 100 s (Cloudflare), 240 s (Azure), 350 s (NAT gateways)',
            value: '65',
            validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600 ? undefined : 'A whole number of seconds from 1 to 3600'),
          }),
        );
      if (!idle) return undefined;
      const server = await d.server();
      const workDoneToken = `connectionDoctor/lifetime/${Date.now()}`;
      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Connection lifetime of ${redactText(url.trim())}`, cancellable: true },
        async (progress, token) => {
          let last = 0;
          const sub = server.onProgress(workDoneToken, (message, pct = last) => {
            progress.report({ message, increment: pct - last });
            last = pct;
          });
          try {
            const entries = await probe({ url: url.trim(), lifetime: { idleMaxSec: idle }, workDoneToken }, token);
            announce(entries);
            return entries[0];
          } finally {
            sub.dispose();
          }
        },
      );
    },
    'connectionDoctor.probeAtCursor': async (uri?: vscode.Uri, pos?: vscode.Position) => {
      const ed = vscode.window.activeTextEditor;
      const docUri = (uri instanceof vscode.Uri ? uri : ed?.document.uri)?.toString();
      const position = pos ?? ed?.selection.active;
      if (!docUri || !position) return undefined;
      const entries = await probe({ uri: docUri, position: { line: position.line, character: position.character } });
      if (!entries.length) void vscode.window.setStatusBarMessage('Connection Doctor: no URL at the cursor', 4000);
      announce(entries);
      return entries[0];
    },
    'connectionDoctor.probeFile': async (uri?: vscode.Uri) => {
      const docUri = (uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri)?.toString();
      if (!docUri) return [];
      if (uri instanceof vscode.Uri) await vscode.workspace.openTextDocument(uri);
      const entries = await cancellable('probing the URLs in this file', (token) => probe({ uri: docUri }, token));
      if (!entries.length) void vscode.window.setStatusBarMessage('Connection Doctor: no URLs in this file', 4000);
      return entries;
    },
    'connectionDoctor.probeWorkspace': async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      if (!folders.length) {
        void vscode.window.showInformationMessage('Connection Doctor: open a folder to probe its URLs.');
        return undefined;
      }
      const server = await d.server();
      const scan = (probe: boolean): Thenable<ScanResponse> =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: probe ? 'Connection Doctor: probing URLs' : 'Connection Doctor: finding URLs', cancellable: true },
          (progress, token) => {
            let last = 0;
            return server.scan(folders, probe, token, (message, pct = last) => {
              progress.report({ message, increment: pct - last });
              last = pct;
            });
          },
        );
      if (!isTrusted()) {
        const found = await scan(false);
        if (found.cancelled || !(await confirmContact(found.hosts))) return found;
      }
      const res = await scan(true);
      // The tree, Problems and the status bar item have the results; this only says the run ended.
      void vscode.window.setStatusBarMessage(`Connection Doctor: ${res.urls} URLs in ${res.files} files, ${res.failing} failing${res.cancelled ? ' (cancelled)' : ''}`, 6000);
      return res;
    },
    'connectionDoctor.explain': async (arg?: EntryArg) => {
      let e = entryFrom(arg);
      // Asked about the URL whose probe is still running: wait for that result rather than offer others.
      if (e?.state === 'probing') {
        const id = e.id;
        e = await cancellable(`waiting for the probe of ${redactText(e.url)}`, (token) => store.settled(id, token));
        if (!e) return undefined; // cancelled, or the results were cleared meanwhile
      }
      if (!e?.result) e = await pickEntry(store.probed().filter((x) => x.result), 'Explain which result?');
      if (!e?.result) {
        void vscode.window.showInformationMessage('Connection Doctor: nothing probed here yet. Probe a URL first.');
        return undefined;
      }
      return ExplainPanel.createOrShow(d.ctx, store, e);
    },
    'connectionDoctor.probeAgain': async (arg?: EntryArg) => {
      const e = entryFrom(arg);
      if (!e) return vscode.commands.executeCommand('connectionDoctor.probeUrl');
      // Repeated attempts can take a while (Retry-After between them): cancellable then.
      const entries = readSettings().repeat > 1 ? await cancellable(`probing ${e.url} again`, (token) => probe({ ids: [e.id] }, token)) : await probe({ ids: [e.id] });
      announce(entries);
      return entries[0];
    },
    'connectionDoctor.copyAsCurl': async (arg?: EntryArg) => {
      const e = entryFrom(arg) ?? (await pickEntry(store.all(), 'Copy which URL as curl?'));
      if (!e) return undefined;
      const s = readSettings();
      const text = buildCurl(e.url, { resolve: s.resolve, caFile: s.caFile, insecure: s.insecure, proxy: s.proxy });
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage('$(copy) curl command copied', 3000);
      return text;
    },
    'connectionDoctor.clearResults': async () => {
      store.clear();
      await d.running()?.clear();
    },
    'connectionDoctor.showLog': () => log.show(),
    'connectionDoctor.groupBy.file': () => d.tree.setGroupBy('file'),
    'connectionDoctor.groupBy.host': () => d.tree.setGroupBy('host'),
    'connectionDoctor.groupBy.status': () => d.tree.setGroupBy('status'),
    'connectionDoctor.goToLocation': async (arg?: EntryArg) => {
      const e = entryFrom(arg);
      if (!e || e.uri === ADHOC_URI) return;
      const r = e.range;
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      await vscode.window.showTextDocument(vscode.Uri.parse(e.uri), { selection: range, preserveFocus: false });
    },
  };

  ExplainPanel.probeAgain = async (id, url) => {
    if (store.get(id)) return (await vscode.commands.executeCommand('connectionDoctor.probeAgain', { entryId: id })) as UrlEntry | undefined;
    // The entry is gone (results cleared, window reloaded): probe the URL the page shows (redacted: probing never uses credentials).
    return url ? ((await vscode.commands.executeCommand('connectionDoctor.probeUrl', url)) as UrlEntry | undefined) : undefined;
  };

  return Object.entries(commands).map(([name, fn]) =>
    vscode.commands.registerCommand(name, guarded(name, fn as (...a: unknown[]) => Promise<unknown>)),
  );
}

async function pickEntry(entries: UrlEntry[], title: string): Promise<UrlEntry | undefined> {
  if (entries.length <= 1) return entries[0];
  const pick = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.url, description: e.result ? `${e.result.ok ? '✓' : '✗'} ${e.result.title || e.result.id}` : 'not probed', e })),
    { title, matchOnDescription: true },
  );
  return pick?.e;
}
