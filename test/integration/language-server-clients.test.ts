// The language server as any LSP client drives it (not the VS Code extension): the transport error, standard
// configuration (pulled, pushed in parts, merged), positionEncoding negotiation, and UTF-16 positions for files a
// scan found but no editor opened — each against the fault lab, over node IPC.
import assert from 'node:assert/strict';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLab, type Lab, type LabCase } from '../../src/lab';

const SERVER = join(__dirname, '../../src/server/server.js');
const CLI = join(__dirname, '../../src/cli/main.js');

interface Client {
  conn: MessageConnection;
  child: ChildProcess;
  init: InitializeResult;
  diagnostics: Map<string, Diagnostic[]>;
  /** What the client answers to workspace/configuration (section connectionDoctor). */
  config: { value: unknown; asked: number };
  /** URIs the server asked to open (window/showDocument). */
  shown: string[];
  stop(): Promise<void>;
}

async function startClient(params: { capabilities?: object; initializationOptions?: unknown; rootUri?: string | null; config?: unknown }): Promise<Client> {
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const diagnostics = new Map<string, Diagnostic[]>();
  const config = { value: params.config ?? null, asked: 0 };
  const shown: string[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void diagnostics.set(p.uri, p.diagnostics));
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    config.asked++;
    return p.items.map((i) => (i.section === 'connectionDoctor' ? config.value : null));
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('window/showDocument', (p: { uri: string }) => (shown.push(p.uri), { success: true }));
  conn.listen();
  const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: params.rootUri ?? null, capabilities: params.capabilities ?? {}, initializationOptions: params.initializationOptions })) as InitializeResult;
  await conn.sendNotification('initialized', {});
  const stop = async (): Promise<void> => {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
    if (child.exitCode === null) await new Promise((r) => (child.once('exit', r), setTimeout(() => child.kill(), 2000)));
  };
  return { conn, child, init, diagnostics, config, shown, stop };
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 15_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const v = f();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('language server for any LSP client', function () {
  this.timeout(60_000);
  let lab: Lab;
  let dir: string;
  let resolve: Record<string, string[]>;
  const clients: Client[] = [];
  const byName = (n: string): LabCase => lab.cases.find((c) => c.name === n)!;
  const start = async (p: Parameters<typeof startClient>[0]): Promise<Client> => {
    const c = await startClient(p);
    clients.push(c);
    return c;
  };

  before(async () => {
    lab = await startLab();
    dir = mkdtempSync(join(tmpdir(), 'cd-lsp-clients-'));
    resolve = {};
    for (const c of lab.cases) Object.assign(resolve, c.options.resolve ?? {});
  });
  after(async () => {
    for (const c of clients) await c.stop();
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('without a transport: one line on stderr and exit status 2, from the server run bare and from conndoc lsp', () => {
    for (const args of [[SERVER], [CLI, 'lsp']]) {
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /--stdio/);
      assert.ok(!/Connection input stream|at .*\.js:\d+/.test(r.stderr), r.stderr);
    }
  });

  it('settings: pulled at start, a pushed part merged over them (resolve and caFile survive), a null push pulls again', async () => {
    const reset = byName('tls-reset');
    const c = await start({
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
      config: { resolve, caFile: lab.caFile, timeout: 20000, problems: { severities: ['error'] } },
    });
    await until('the pull', () => c.config.asked === 1);
    const uri = 'file:///virtual/config.md';
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `bad: ${reset.url}\n` } });
    await c.conn.sendRequest('workspace/executeCommand', { command: 'conndoc.probeFile', arguments: [{ uri }] });
    await until('the error published', () => c.diagnostics.get(uri)?.length === 1);

    // Only the severities: the error goes; resolve, caFile and timeout stay (the next probe still reaches the lab).
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { connectionDoctor: { problems: { severities: ['warning'] } } } });
    await until('the error unpublished', () => c.diagnostics.get(uri)?.length === 0);
    const again = (await c.conn.sendRequest('workspace/executeCommand', { command: 'conndoc.probe', arguments: [{ textDocument: { uri }, position: { line: 0, character: 8 } }] })) as { results: { id: string }[] };
    assert.equal(again.results[0].id, reset.expect.id, 'a partial update reset resolve or caFile');

    // The pull model's nudge: settings null → the server asks, and the answer counts.
    c.config.value = { problems: { severities: ['error', 'warning'] } };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await until('pulled again and republished', () => c.config.asked === 2 && c.diagnostics.get(uri)?.length === 1);
  });

  for (const [offered, chosen, start8] of [[undefined, 'utf-16', 8], [['utf-8', 'utf-16'], 'utf-8', 10], [['utf-32'], 'utf-32', 7]] as const) {
    it(`positionEncoding: offered ${offered ? offered.join(', ') : 'nothing'} → ${chosen}; ranges and positions in those units after an emoji`, async () => {
      const reset = byName('tls-reset');
      const c = await start({
        capabilities: offered ? { general: { positionEncodings: offered } } : {},
        initializationOptions: { resolve, caFile: lab.caFile, timeout: 20000 },
      });
      assert.equal(c.init.capabilities.positionEncoding, chosen);
      const uri = `file:///virtual/enc-${chosen}.md`;
      // 🚀 is 4 UTF-8 bytes, 2 UTF-16 units, 1 code point: the URL starts at 10, 8 or 7.
      await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `🚀 bad: ${reset.url}\n` } });
      const probe = (await c.conn.sendRequest('workspace/executeCommand', { command: 'conndoc.probe', arguments: [{ textDocument: { uri }, position: { line: 0, character: start8 + 2 } }] })) as { results: { id: string; character: number }[] };
      assert.deepEqual(probe.results.map((r) => [r.id, r.character]), [[reset.expect.id, start8]]);
      const [d] = await until('the diagnostic', () => c.diagnostics.get(uri)?.length === 1 && c.diagnostics.get(uri)!);
      assert.deepEqual([d.range.start.character, d.range.end.character], [start8, start8 + reset.url.length]);
      assert.equal('codeDescription' in d, false, 'a private-scheme link this client cannot open');
      const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: start8 } })) as { range: { start: { character: number } } } | null;
      assert.equal(hover?.range.start.character, start8);
      const before = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: start8 - 2 } })) as unknown;
      assert.equal(before, null, 'a hover before the URL');
    });
  }

  it('Explain with window.showDocument opens a generated Markdown page, removed when the server exits', async () => {
    const reset = byName('tls-reset');
    const c = await startClient({ capabilities: { window: { showDocument: { support: true } } }, initializationOptions: { resolve, caFile: lab.caFile, timeout: 20000 } });
    const uri = 'file:///virtual/explain.md';
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `${reset.url}\n` } });
    const res = (await c.conn.sendRequest('workspace/executeCommand', { command: 'conndoc.explain', arguments: [{ uri, position: { line: 0, character: 3 } }] })) as { markdown: string; uri: string };
    assert.deepEqual(c.shown, [res.uri]);
    const page = readFileSync(fileURLToPath(res.uri), 'utf8');
    assert.match(page, /^# ✗ .*\n/);
    assert.match(page, /## What to do/);
    // Prose wraps; shell commands in fences stay one line (they are copied whole).
    const prose = page.replace(/```sh\n[^`]*```/g, '');
    assert.ok(prose.split('\n').every((l) => l.length <= 120 || l.startsWith('|')), 'a prose line wider than 120 columns');
    await c.stop();
    assert.equal(existsSync(fileURLToPath(res.uri)), false, 'the page outlived the server');
  });

  it('a file the scan found but no editor opened: UTF-16 positions after astral characters (not code points)', async () => {
    const reset = byName('tls-reset');
    const folder = mkdtempSync(join(dir, 'scan-'));
    writeFileSync(join(folder, 'svc.env'), `# 🚀🚀 deploy\nA=🚀🚀 ${reset.url}\n`);
    const c = await start({ rootUri: pathToFileURL(folder).href, initializationOptions: { resolve, caFile: lab.caFile, timeout: 20000 } });
    const res = (await c.conn.sendRequest('workspace/executeCommand', { command: 'conndoc.probeWorkspace', arguments: [] })) as { urls: number; failing: number };
    assert.deepEqual([res.urls, res.failing], [1, 1]);
    const uri = pathToFileURL(join(folder, 'svc.env')).href;
    const [d] = await until('the diagnostic', () => c.diagnostics.get(uri)?.length === 1 && c.diagnostics.get(uri)!);
    // "A=" 2 + two emoji of 2 units + a space = 7; code points would say 5 and cut the URL's last characters.
    assert.deepEqual([d.range.start, d.range.end], [{ line: 1, character: 7 }, { line: 1, character: 7 + reset.url.length }]);
  });
});
