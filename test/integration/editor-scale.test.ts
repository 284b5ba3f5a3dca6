// The language server as the editor needs it at scale and in the details a user notices: results in batches of
// deltas, severities and words in Problems, cancellation that tells the truth, Clear Results that wins, a host's
// Retry-After honoured across probes, and secret query values on no surface while the probe still sends them.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { join } from 'node:path';
import { CancellationTokenSource, IPCMessageReader, IPCMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLab, type Lab, type LabCase } from '../../src/lab';
import { ClearNotification, EntriesNotification, ProbeRequest, SettingsNotification, type EntriesParams, type Settings, type UrlEntry } from '../../src/protocol';
import { DEFAULT_SETTINGS } from '../../src/protocol-values';

describe('language server: the editor at scale', function () {
  this.timeout(60_000);
  let lab: Lab;
  let child: ChildProcess;
  let conn: MessageConnection;
  let settings: Settings;
  /** Every entries notification, in order, and the state they add up to per URI. */
  const notes: EntriesParams[] = [];
  const state = new Map<string, Map<string, UrlEntry>>();
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const logs: string[] = [];
  const byName = (n: string): LabCase => lab.cases.find((c) => c.name === n)!;
  let docs = 0;

  before(async () => {
    lab = await startLab();
    const resolve: Record<string, string[]> = {};
    for (const c of lab.cases) Object.assign(resolve, c.options.resolve ?? {});
    settings = { ...DEFAULT_SETTINGS, resolve, caFile: lab.caFile, timeoutMs: 20_000, trusted: true };
    child = fork(process.env.CD_TEST_SERVER ?? join(__dirname, '../../src/server/server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.onNotification(EntriesNotification.method, (p: EntriesParams) => {
      notes.push(p);
      let m = state.get(p.uri);
      if (!m || !p.delta) state.set(p.uri, (m = new Map()));
      for (const e of p.entries) m.set(e.id, e);
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void diagnostics.set(p.uri, p));
    conn.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { ...settings, clientCommands: true } });
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
  });

  async function until<T>(what: string, f: () => T | undefined | false, ms = 20_000): Promise<T> {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      const v = f();
      if (v) return v;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  async function open(lines: string[]): Promise<string> {
    const uri = `file:///virtual/scale-${++docs}.md`;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: lines.join('\n') + '\n' } });
    await until('discovery', () => (state.get(uri)?.size ?? 0) === lines.length);
    return uri;
  }
  const entries = (uri: string): UrlEntry[] => [...(state.get(uri)?.values() ?? [])];

  it('sends results as batches of the entries that changed, not a snapshot of the file per result', async () => {
    const refused = byName('tcp-refused').url;
    const ok = byName('ok-http').url;
    const n = 60;
    const uri = await open(Array.from({ length: n }, (_, i) => (i % 5 === 4 ? `ok ${ok}?b=${i}` : `down ${refused}?b=${i}`)));
    const from = notes.length;
    await conn.sendRequest(ProbeRequest, { uri });
    const mine = notes.slice(from).filter((p) => p.uri === uri);
    assert.equal(entries(uri).filter((e) => e.result).length, n, 'every URL has its result');
    // Each entry travels when it starts probing and when its result is in: about 2n in all. A snapshot per
    // result sends n entries n times (3,600 here).
    const sent = mine.reduce((t, p) => t + p.entries.length, 0);
    assert.ok(sent <= 3 * n, `${sent} entries sent in ${mine.length} notifications for ${n} URLs`);
    assert.ok(mine.length < n, `${mine.length} notifications for ${n} results: not batched`);
  });

  it('publishes refused as an Error, a 429 and a WAF block as Warnings, worded in words with the id as code; a setting filters severities', async () => {
    const refused = byName('tcp-refused');
    const limited = byName('rate-limited-429');
    const waf = byName('hostile-script-page');
    const uri = await open([`a ${refused.url}`, `b ${limited.url}`, `c ${waf.url}`]);
    await conn.sendRequest(ProbeRequest, { uri });
    const d = await until('3 diagnostics', () => (diagnostics.get(uri)?.diagnostics.length === 3 ? diagnostics.get(uri)!.diagnostics : undefined));
    const byLine = d.sort((x, y) => x.range.start.line - y.range.start.line);
    assert.deepEqual(byLine.map((x) => [x.code, x.severity]), [
      ['tcp.refused', 1],
      ['http.rate-limited', 2],
      ['http.waf-blocked', 2],
    ]);
    assert.match(byLine[1].message, /^Rate limited \(429, retry after 30 s/);
    for (const x of byLine) {
      assert.match(x.message, /^[A-Z][a-z]/, `starts with words: ${x.message}`);
      assert.ok(!x.message.includes(String(x.code)), `the id stays in code: ${x.message}`);
    }
    await conn.sendNotification(SettingsNotification, { ...settings, severities: ['error'] });
    await until('only the Error left', () => diagnostics.get(uri)?.diagnostics.length === 1 && diagnostics.get(uri)!.diagnostics[0].code === 'tcp.refused');
    await conn.sendNotification(SettingsNotification, settings);
  });

  it('does not contact a host again before its Retry-After, by any request; the entry says until when', async () => {
    const limited = byName('rate-limited-429');
    // rate-limited-429 answered 30 s of Retry-After in the test above; the same host on another path:
    const uri = await open([`again ${limited.url}?other=1`]);
    const res = await conn.sendRequest(ProbeRequest, { uri });
    const e = res.entries[0];
    assert.equal(e.result, undefined, 'probed although the host asked to wait');
    assert.ok(e.waitingUntil && e.waitingUntil > Date.now() + 20_000, `waitingUntil ${e.waitingUntil}`);
    const hover = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /wait until \d\d:\d\d/);
  });

  it('cancelled: never-contacted URLs stay not probed, one cut mid-phase says the phase, no timeout and no diagnostic', async () => {
    const stall = byName('http-timeout'); // accepts, reads the request, never answers
    // perHost 1: the first is cut in the response phase, the others wait for the host and are never contacted.
    await conn.sendNotification(SettingsNotification, { ...settings, perHost: 1 });
    const uri = await open([0, 1, 2].map((i) => `s ${stall.url}?c=${i}`));
    const cts = new CancellationTokenSource();
    const pending = conn.sendRequest(ProbeRequest, { uri }, cts.token);
    await until('probing', () => entries(uri).every((e) => e.state === 'probing'));
    await new Promise((r) => setTimeout(r, 500));
    cts.cancel();
    await pending.catch(() => undefined);
    await until('nothing probing', () => entries(uri).every((e) => e.state !== 'probing'));
    await conn.sendNotification(SettingsNotification, settings);
    const es = entries(uri).sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(es.map((e) => [e.result?.id, e.cancelledDuring]), [
      [undefined, 'response'],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    assert.equal(diagnostics.get(uri)?.diagnostics.length ?? 0, 0, 'a cancelled probe is not a problem');
  });

  it('Clear Results wins over results still arriving', async () => {
    const slow = byName('timing-delays'); // answers after a delay: its result arrives after the clear
    const uri = await open([`slow ${slow.url}?clear=1`]);
    const pending = conn.sendRequest(ProbeRequest, { uri });
    await until('probing', () => entries(uri)[0]?.state === 'probing');
    await conn.sendNotification(ClearNotification);
    await pending.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(entries(uri).map((e) => [e.state, e.result?.id]), [['found', undefined]]);
  });

  it('shows no secret query value on any surface, while the probe sends the URL as written', async () => {
    const seen: string[] = [];
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', (d) => {
        seen.push(d.toString('latin1').split('\r\n')[0]);
        s.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const url = `http://127.0.0.1:${port}/x?user=me&access_token=TOK-planted-1&sig=SIG-planted-2&X-Amz-Signature=AMZ-planted-3#id_token=FRAG-planted-4`;
      const uri = await open([`svc ${url}`]);
      const res = await conn.sendRequest(ProbeRequest, { uri });
      assert.ok(res.entries[0].result, 'probed');
      assert.ok(seen.some((l) => l.includes('access_token=TOK-planted-1&sig=SIG-planted-2')), `sent as written: ${seen.join(' | ')}`);
      const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
      const all = JSON.stringify([entries(uri), res, diagnostics.get(uri), hover, logs]);
      assert.ok(all.includes('access_token=***'), 'the redacted form is shown');
      assert.ok(all.includes('user=me'), 'harmless values stay');
      assert.ok(!/planted-\d/.test(all), `a secret leaked: ${/.{40}planted-\d/.exec(all)?.[0]}`);
    } finally {
      server.close();
    }
  });
});
