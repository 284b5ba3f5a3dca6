// Workspace Trust: untrusted → nothing probes by itself, explicit commands ask first naming the hosts.
// run.mjs runs this suite a second time in an untrusted code-server workspace (CD_TEST_MODE=untrusted); in the
// trusted run the same steps must auto-probe, which shows the test can tell the difference.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MODE, api, configureFor, entryAt, labCases, openDoc, pick, positionOf, until } from './helpers';

suite(`workspace trust (${MODE} workspace)`, () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('connectionDoctor').update('probeOnOpen', undefined, vscode.ConfigurationTarget.Global);
  });

  test(MODE === 'untrusted' ? 'probe on open does not probe; an explicit command asks first, naming the host' : 'probe on open probes (trusted)', async () => {
    const a = await api();
    // Results are kept per target: start from none, so a result can only come from a probe made here.
    await a.startServer();
    await vscode.commands.executeCommand('connectionDoctor.clearResults');
    assert.equal(vscode.workspace.isTrusted && process.env.CONNECTION_DOCTOR_UNTRUSTED !== '1', MODE === 'trusted');
    const ok = pick(await labCases(), 'ok', ['ok-http']);
    await configureFor(ok);
    await vscode.workspace.getConfiguration('connectionDoctor').update('probeOnOpen', true, vscode.ConfigurationTarget.Global);
    // The extension forwards settings on the change event, which fires when this host's copy changes.
    await until('the setting to apply', () => vscode.workspace.getConfiguration('connectionDoctor').get('probeOnOpen') === true);
    const ed = await openDoc(`trust check ${Date.now()}: ${ok.url}\n`);
    const pos = positionOf(ed.document, ok.url);
    await until('discovery of the URL', () => entryAt(a, ed.document, pos));

    if (MODE === 'trusted') {
      const t0 = Date.now();
      const r = await until('the automatic probe', () => entryAt(a, ed.document, pos)?.result);
      console.log(`      automatic probe after ${Date.now() - t0} ms (${r.id}, ${r.totalMs?.toFixed(1)} ms); log: ${a.log.lines.slice(-4).join(' / ')}`);
      return;
    }
    // Give an automatic probe every chance to happen (it would take a few ms on loopback).
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(entryAt(a, ed.document, pos)?.state, 'found', 'nothing probed by itself');

    const asked: string[][] = [];
    const original = a.trustHooks.confirm;
    try {
      a.trustHooks.confirm = async (hosts) => (asked.push(hosts), false);
      ed.selection = new vscode.Selection(pos, pos);
      await vscode.commands.executeCommand('connectionDoctor.probeAtCursor');
      const host = new URL(ok.url.replace(/^\w+:/, 'http:')).host;
      assert.deepEqual(asked, [[host.includes(':') ? host : `${host}:80`]]);
      assert.equal(entryAt(a, ed.document, pos)?.result, undefined, 'declined: not probed');

      a.trustHooks.confirm = async (hosts) => (asked.push(hosts), true);
      await vscode.commands.executeCommand('connectionDoctor.probeAtCursor');
      assert.equal((await until('the confirmed probe', () => entryAt(a, ed.document, pos)?.result)).ok, true);
    } finally {
      a.trustHooks.confirm = original;
    }
  });
});
