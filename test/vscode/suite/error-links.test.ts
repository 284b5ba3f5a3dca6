// Start from the error the user has: a terminal line and a log-file line are links; following one probes the
// host:port the message names and opens the explanation with the user's message beside what the probe found.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionDoctorApi } from '../../../src/extension/extension';
import { MODE, api, configureFor, labCases, pick, until, type LabCase } from './helpers';

(MODE === 'trusted' ? suite : suite.skip)('error messages (trusted workspace)', () => {
  let a: ConnectionDoctorApi;
  let reset: LabCase;
  let message: string;

  suiteSetup(async () => {
    a = await api();
    reset = pick(await labCases(), 'tls.reset', ['tls-reset']);
    await configureFor(reset);
    const u = new URL(reset.url);
    // What curl prints for this very server (the integration suite runs the real curl against it).
    message = `curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${u.hostname}:${u.port}`;
  });

  test('a terminal line with an error message is a link; following it opens the diagnosis beside the message', async () => {
    const terminal = vscode.window.createTerminal({ name: 'errors' });
    try {
      const provider = a.terminalLinks();
      assert.ok(provider, 'the extension registered a terminal link provider');
      const line = `$ ${message}`;
      const token = new vscode.CancellationTokenSource().token;
      const links = (await provider.provideTerminalLinks({ line, terminal }, token)) ?? [];
      assert.equal(links.length, 1, 'one link on the line');
      assert.equal(line.slice(links[0].startIndex, links[0].startIndex + links[0].length), message, 'the message is underlined, not the prompt');
      assert.match(links[0].tooltip ?? '', /diagnose .*tls\.reset or tls\.closed/);
      assert.deepEqual(await provider.provideTerminalLinks({ line: 'npm run build finished in 3 s', terminal }, token), []);

      await provider.handleTerminalLink(links[0]);
      const shown = await until('the explanation of the probed host', () => a.explainShown()?.origin && a.explainShown());
      assert.equal(shown.result.id, 'tls.reset');
      assert.equal(shown.origin?.client, 'curl');
      assert.deepEqual(shown.origin?.ids, ['tls.reset', 'tls.closed']);
      assert.equal(shown.origin?.text, line);
    } finally {
      terminal.dispose();
    }
  });

  test('Explain Error Message… takes the text and probes what it names', async () => {
    const u = new URL(reset.url);
    const text = `Error: read ECONNRESET\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:218:20) {\n  errno: -104,\n  code: 'ECONNRESET',\n  syscall: 'read'\n} https://${u.hostname}:${u.port}/`;
    const entry = (await vscode.commands.executeCommand('connectionDoctor.explainErrorMessage', text)) as { result?: { id: string } } | undefined;
    assert.equal(entry?.result?.id, 'tls.reset');
    const shown = await until('the panel with the message', () => a.explainShown()?.origin?.client === 'node' && a.explainShown());
    assert.deepEqual(shown.origin?.ids, ['http.reset', 'tls.reset']);
  });

  test('an error line in an open .log file is a document link to the same diagnosis', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content: `2026-12-04T18:00:00Z INFO started\n2026-12-04T18:00:01Z ERROR upstream: ${message}\n` });
    const links = await until('the log line to be linked', async () => {
      const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      return l?.length ? l : undefined;
    });
    assert.equal(links.length, 1);
    assert.equal(links[0].range.start.line, 1);
    assert.match(links[0].target?.toString(true) ?? '', /^command:connectionDoctor\.explainErrorMessage\?/);
  });
});
