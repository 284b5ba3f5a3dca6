// The editor at scale: a 500- and a 5,000-URL document (4 in 5 refused, 1 in 5 healthy) probed through the real
// language server over LSP (node IPC, as the extension drives it), against `conndoc scan` on the same file,
// measured in the same run. "Results complete" = the server has published a result for every URL in the document
// (the moment the editor could show the last one), from the moment the probe request was sent.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { EntriesNotification, ProbeRequest, type EntriesParams, type Settings } from '../src/protocol';
import { DEFAULT_SETTINGS } from '../src/protocol-values';

export interface EditorBench {
  urls: number;
  lsp_ms: number;
  scan_ms: number;
  ratio: number;
  /** Entries notifications the client had to handle, and their total size. */
  notifications: number;
  notification_mib: number;
  server_cpu_ms: number;
}

/** A closed port: bound, then released (connections to it are refused). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Minimal HTTP/1.1 answerer (the server's own cost stays out of the numbers). */
async function healthyServer(): Promise<net.Server> {
  const s = net.createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', () => sock.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

function document(n: number, okPort: number, refused: number): string {
  const lines = ['# Services', ''];
  // Refused ones spread over 50 loopback addresses (per-host limits apply the same to both sides).
  for (let i = 0; i < n; i++) {
    lines.push(i % 5 === 4 ? `- ok ${i}: http://127.0.0.1:${okPort}/health/${i}` : `- down ${i}: http://127.0.1.${(i % 50) + 1}:${refused}/api/${i}`);
  }
  return lines.join('\n') + '\n';
}

async function timeScan(file: string): Promise<number> {
  const cli = join(__dirname, 'cli.js');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [cli, 'scan', '--json', '--timeout', '5000', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    // scan exits 1 when something fails: expected here.
    p.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`conndoc scan exited ${code}`))));
  });
  return performance.now() - t0;
}

async function timeLsp(file: string, text: string, n: number): Promise<Omit<EditorBench, 'scan_ms' | 'ratio' | 'urls'>> {
  const child: ChildProcess = fork(join(__dirname, 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const uri = pathToFileURL(file).href;
  let notifications = 0;
  let bytes = 0;
  const results = new Map<string, boolean>();
  let done = 0;
  let onDone: (() => void) | undefined;
  conn.onNotification(EntriesNotification.method, (p: EntriesParams) => {
    notifications++;
    bytes += JSON.stringify(p).length;
    if (p.uri !== uri) return;
    if (!p.delta) results.clear();
    for (const e of p.entries) results.set(e.id, !!e.result);
    done = [...results.values()].filter(Boolean).length;
    if (results.size === n && done === n) onDone?.();
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', () => []);
  conn.listen();
  const settings: Settings = { ...DEFAULT_SETTINGS, timeoutMs: 5000, trusted: true };
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: settings });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const complete = new Promise<void>((r) => (onDone = r));
    const cpu0 = await serverCpu(child);
    const t0 = performance.now();
    void conn.sendRequest(ProbeRequest, { uri });
    await Promise.race([complete, new Promise((_, rej) => setTimeout(() => rej(new Error(`LSP: ${done}/${n} results after 10 min`)), 600_000))]);
    const lsp_ms = performance.now() - t0;
    const cpu1 = await serverCpu(child);
    return { lsp_ms, notifications, notification_mib: bytes / 2 ** 20, server_cpu_ms: cpu1 - cpu0 };
  } finally {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    conn.dispose();
    child.kill();
  }
}

/** The server's CPU time (user + system) from /proc, in ms. */
async function serverCpu(child: ChildProcess): Promise<number> {
  try {
    const { readFileSync } = await import('node:fs');
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

export async function runEditorBench(sizes = [500, 5000]): Promise<EditorBench[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cd-bench-editor-'));
  const server = await healthyServer();
  const refused = await closedPort();
  const out: EditorBench[] = [];
  try {
    for (const n of sizes) {
      const text = document(n, (server.address() as net.AddressInfo).port, refused);
      const file = join(dir, `services-${n}.md`);
      writeFileSync(file, text);
      const scan_ms = await timeScan(file);
      const lsp = await timeLsp(file, text, n);
      out.push({ urls: n, scan_ms, ...lsp, ratio: lsp.lsp_ms / scan_ms });
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
