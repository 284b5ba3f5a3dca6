// "Copy Environment Report" in the real editor: the report lands on the clipboard, with VS Code's version and
// http.* settings, and a proxy password set in http.proxy never does.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './helpers';

suite('environment report', () => {
  test('Copy Environment Report: stores, proxy sources, VS Code settings, redacted', async () => {
    await api();
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxy', 'http://alice:Planted-Env-Secret@127.0.0.1:9', vscode.ConfigurationTarget.Global);
    try {
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand('connectionDoctor.copyEnvironmentReport');
      const text = await vscode.env.clipboard.readText();
      assert.match(text, /^Connection Doctor environment report \(redacted\)/);
      assert.match(text, new RegExp(`VS Code ${vscode.version.replace(/\./g, '\\.')}`));
      assert.match(text, /Trust stores:\n {2}bundled: \d+ certificates/);
      assert.match(text, /vscode: http:\/\/alice:\*\*\*@127\.0\.0\.1:9/);
      assert.ok(!text.includes('Planted-Env-Secret'), 'the proxy password is redacted');
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
