// The language server as the editor drives it, over LSP (node IPC), against the fault lab: discovery on open,
// probing, diagnostics, hovers, code actions, a workspace scan with work-done progress, and cancellation.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, IPCMessageReader, IPCMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLab, type Lab, type LabCase } from '../../src/lab';
import { EntriesNotification, ProbeRequest, RestoreRequest, ScanRequest, type EntriesParams, type Result, type SavedEntry, type Settings } from '../../src/protocol';
import { DEFAULT_SETTINGS } from '../../src/protocol-values';

const SECRET = 'planted-Pa55word';

describe('language server over LSP', function () {
  this.timeout(30_000);
  let lab: Lab;
  let dir: string;
  let child: ChildProcess;
  let conn: MessageConnection;
  const entries = new Map<string, EntriesParams>();
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const logs: string[] = [];
  const progress: unknown[] = [];
  const byName = (n: string): LabCase => lab.cases.find((c) => c.name === n)!;

  before(async () => {
    lab = await startLab();
    dir = mkdtempSync(join(tmpdir(), 'cd-ls-'));
    const resolve: Record<string, string[]> = {};
    for (const c of lab.cases) Object.assign(resolve, c.options.resolve ?? {});
    const settings: Settings = { ...DEFAULT_SETTINGS, resolve, caFile: lab.caFile, timeoutMs: 20_000, trusted: true };
    child = fork(join(__dirname, '../../src/server/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.onNotification(EntriesNotification.method, (p: EntriesParams) => void entries.set(p.uri, p));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void diagnostics.set(p.uri, p));
    conn.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    conn.onNotification('$/progress', (p: unknown) => void progress.push(p));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true } }, initializationOptions: { ...settings, clientCommands: true } });
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    if (conn) {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
    }
    if (child && child.exitCode === null) await new Promise((r) => (child.once('exit', r), setTimeout(() => child.kill(), 2000)));
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function until<T>(what: string, f: () => T | undefined | false, ms = 10_000): Promise<T> {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      const v = f();
      if (v) return v;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('finds URLs on open, probes a file, publishes diagnostics coded by id, and answers hovers and code actions', async () => {
    const ok = byName('ok-http');
    const reset = byName('tls-reset');
    const secretUrl = reset.url.replace('://', `://ops:${SECRET}@`);
    const uri = 'file:///virtual/services.md';
    const text = `ok: ${ok.url}\nbad: ${reset.url}\nold: ${secretUrl}\n`;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const found = await until('discovery', () => entries.get(uri)?.entries.length === 3 && entries.get(uri)!);
    assert.ok(found.entries.every((e) => e.state === 'found'), 'nothing probed before it is asked (probeOnOpen is off)');

    const res = await conn.sendRequest(ProbeRequest, { uri });
    assert.deepEqual(res.entries.map((e) => e.result?.id), ['ok', reset.expect.id, reset.expect.id]);
    const diags = await until('diagnostics', () => (diagnostics.get(uri)?.diagnostics.length ?? 0) === 2 && diagnostics.get(uri)!);
    assert.deepEqual(diags.diagnostics.map((d) => [d.range.start.line, d.code, d.source, d.severity]), [
      [1, reset.expect.id, 'Connection Doctor', 1],
      [2, reset.expect.id, 'Connection Doctor', 1],
    ]);
    // The VS Code extension (clientCommands) opens its explanation page from the code's link.
    assert.match(diags.diagnostics[0].codeDescription?.href ?? '', /^connection-doctor-explain:\/tls\.reset\?entry=/);

    const hover = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 8 } })) as Hover;
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /tls\.reset/);
    assert.match(md, /command:connectionDoctor\.explain/);
    const actions = (await conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } },
      context: { diagnostics: [diags.diagnostics[0]] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.command?.command), ['connectionDoctor.explain', 'connectionDoctor.probeAgain', 'connectionDoctor.copyAsCurl']);
    assert.equal(actions[0].isPreferred, true);

    const everything = JSON.stringify([...entries.values(), ...diagnostics.values(), hover, actions, logs]);
    assert.ok(everything.includes('ops:***@'), 'the redacted form is shown');
    assert.ok(!everything.includes(SECRET), 'the planted password leaked');
  });

  it('contacts only the hosts the user agreed to (untrusted workspace) and names the others', async () => {
    const url = `${byName('ok-http').url}?untrusted`; // a target no other test probed (results are per target)
    const host = new URL(url).host;
    const uri = 'file:///virtual/untrusted.md';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `see ${url}\n` } });
    const at = { uri, position: { line: 0, character: 6 } };
    const refused = await conn.sendRequest(ProbeRequest, { ...at, hosts: ['elsewhere.test:80'] });
    assert.deepEqual(refused.unconfirmed, [host]);
    assert.equal(refused.entries[0].result, undefined, 'probed without the user agreeing');
    const typed = await conn.sendRequest(ProbeRequest, { url, hosts: [] });
    assert.deepEqual([typed.unconfirmed, typed.entries[0].result], [[host], undefined]);
    const agreed = await conn.sendRequest(ProbeRequest, { ...at, hosts: [host] });
    assert.deepEqual([agreed.unconfirmed, agreed.entries[0].result?.id], [undefined, 'ok']);
  });

  it('puts results kept from before a reload back on closed files, with their age; stale when the file changed since', async () => {
    // Not the scan test's folder; hosts never contacted (restoring probes nothing), one per file (results are per target).
    const own = mkdtempSync(join(tmpdir(), 'cd-ls-kept-'));
    const url = (name: string): string => `http://${name}.test:9/?token=abc`;
    const shown = (name: string): string => `http://${name}.test:9/?token=***`;
    const write = (name: string, text: string): string => {
      writeFileSync(join(own, `${name}.md`), text);
      return pathToFileURL(join(own, `${name}.md`)).href;
    };
    const kept = write('kept', `api: ${url('kept')}\n`);
    const changed = write('changed', `api: ${url('changed')}\n`);
    const moved = write('moved', `\napi: ${url('moved')}\n`);
    const result: Result = { url: '', id: 'tcp.refused', ok: false, findings: [], phases: [], title: 'Connection refused', explanation: '', remediation: [] };
    const saved = (uri: string, name: string, at: number): SavedEntry => ({
      id: `${uri}#0:5`,
      uri,
      url: shown(name),
      range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 + url(name).length } },
      result,
      at,
    });
    const now = Date.now() + 1000; // after the files were written
    const n = await conn.sendRequest(RestoreRequest, { entries: [saved(kept, 'kept', now), saved(changed, 'changed', now - 600_000), saved(moved, 'moved', now)], staleAfterMs: 3600_000 });
    rmSync(own, { recursive: true, force: true });
    assert.equal(n, 2, 'moved.md no longer has the URL at that place');
    const mine = await until('entries for kept.md', () => entries.get(kept)?.entries[0]?.result && entries.get(kept)!.entries[0]);
    assert.deepEqual([mine.url, mine.state, mine.result?.id, mine.restored?.at, mine.restored?.stale], [shown('kept'), 'done', 'tcp.refused', now, undefined]);
    // Each file's entries are their own notification: wait for this one rather than assume it came first.
    assert.equal(await until('the stale entry for changed.md', () => entries.get(changed)?.entries[0]?.restored?.stale), 'changed');
    assert.equal(entries.get(moved)?.entries.some((e) => e.result), undefined);
    const d = await until('a diagnostic for the kept result', () => diagnostics.get(kept)?.diagnostics[0]);
    assert.match(d.message, /^Connection refused \((just now|1 min ago), before reload\)$/);
    const hover: Hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri: changed }, position: { line: 0, character: 8 } });
    assert.match(JSON.stringify(hover.contents), /before the window was reloaded.*stale/);
  });

  it('scans a folder with work-done progress; cancelling stops the probes within a second', async () => {
    const stall = byName('http-timeout'); // accepts, never answers: each probe would wait 20 s
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `f${i}.env`), `API_${i}=${stall.url}p${i}\nOK=${byName('ok-http').url}\n`);
    const cts = new CancellationTokenSource();
    const pending = conn.sendRequest(ScanRequest, { folders: [dir], probe: true, workDoneToken: 'scan-1' }, cts.token);
    const fileUri = pathToFileURL(join(dir, 'f0.env')).href;
    await until('the probes to start', () => entries.get(fileUri)?.entries.some((e) => e.state === 'probing'));
    let cancelledAt = 0;
    setTimeout(() => ((cancelledAt = Date.now()), cts.cancel()), 300);
    const res = await pending;
    const ms = Date.now() - cancelledAt;
    assert.equal(res.cancelled, true);
    assert.equal(res.files, 3);
    assert.equal(res.urls, 6);
    assert.ok(cancelledAt > 0 && ms < 1000, `the scan answered ${ms} ms after it was cancelled`);
    assert.ok(progress.some((p) => (p as { token: string; value: { kind: string } }).token === 'scan-1' && (p as { value: { kind: string } }).value.kind === 'begin'));
    // Nothing is left "probing": cancelled probes go back to unprobed.
    await until('no entry left probing', () => [...entries.values()].every((p) => p.entries.every((e) => e.state !== 'probing')), 3000);
  });
});
