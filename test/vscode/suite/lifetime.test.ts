// Probe Connection Lifetime in the real extension host: a keep-alive server from the fault lab that closes idle
// connections after 1.5 s, probed with a 3 s limit; the result carries the idle-close finding and the lifetime report.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UrlEntry } from '../../../src/protocol';
import { MODE, api, configureFor, labCases } from './helpers';

(MODE === 'trusted' ? suite : suite.skip)('connection lifetime (trusted workspace)', () => {
  test('Probe Connection Lifetime reports when the server closed the idle connection, and how', async () => {
    const a = await api();
    const c = (await labCases()).find((x) => x.name === 'keepalive-idle-close');
    assert.ok(c, 'the lab has the keepalive-idle-close case');
    await configureFor(c);
    const entry = (await vscode.commands.executeCommand('connectionDoctor.probeLifetime', c.url, 3)) as UrlEntry | undefined;
    const r = entry?.result;
    assert.ok(r, 'a result');
    assert.ok(r.findings.includes('idle-close'), `findings: ${r.findings.join(', ')}`);
    assert.equal(r.lifetime?.closed?.how, 'FIN', JSON.stringify(r.lifetime));
    assert.ok(r.remediation.some((s) => s.includes('keepAliveTimeout')), r.remediation.join('\n'));
    // The tree's store has the same result under "Probed by hand".
    assert.ok(a.store.all().some((e) => e.result?.lifetime?.closed));
  });
});
