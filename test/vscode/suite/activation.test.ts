// The manifest's promises: every command registered, the fixed names in place, activation cheap.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, api } from './helpers';

const COMMANDS = [
  'probeUrl', 'probeLifetime', 'probeAtCursor', 'probeFile', 'probeWorkspace', 'probeToolchain', 'explain', 'probeAgain', 'copyAsCurl', 'copyEnvironmentReport', 'clearResults',
  'showLog', 'groupBy.file', 'groupBy.host', 'groupBy.status', 'goToLocation', 'explainErrorMessage', 'explainTerminalSelection',
].map((c) => `connectionDoctor.${c}`);

suite('activation', () => {
  test('every command is declared in the manifest and registered', async () => {
    const a = await api();
    const registered = await vscode.commands.getCommands(true);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, [...COMMANDS].sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Connection Doctor', c.command);
    const missing = COMMANDS.filter((c) => !registered.includes(c));
    assert.deepEqual(missing, [], 'commands not registered');
    console.log(`      activation took ${a.activationMs.toFixed(1)} ms`);
    assert.ok(a.log.lines.some((l) => /activated in [\d.]+ ms/.test(l)), 'the log says how long activation took');
  });

  test('the Results view and its container are contributed with the fixed ids', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string; name: string }[]> };
      capabilities: { untrustedWorkspaces: { supported: string } };
    };
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'connectionDoctor');
    assert.deepEqual(pkg.contributes.views.connectionDoctor.map((v) => [v.id, v.name]), [['connectionDoctor.results', 'Results']]);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  test('activates on commands, the view and documents only, and logs to a LogOutputChannel', async () => {
    const a = await api();
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[] };
    assert.deepEqual(pkg.activationEvents.filter((e) => !/^(onLanguage:|onCommand:|onView:|onWebviewPanel:)/.test(e)), [], 'activation without a user action or a document');
    assert.equal(typeof a.log.level, 'number', 'the log is a LogOutputChannel with levels');
  });
});
