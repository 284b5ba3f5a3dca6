// Issue 13: `conndoc compare` over the --json output of two real runs that saw the same URL differently
// (the CI workflow in docs/ci does this across a runner matrix).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLab, type Lab } from '../../src/lab';
import { parseJson, runCli } from '../support/cli';

describe('conndoc compare (results of runs in different places)', function () {
  this.timeout(60_000);
  let lab: Lab;
  let dir = '';
  before(async () => {
    lab = await startLab();
    dir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-compare-'));
  });
  after(async () => {
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the URL that differs between places with vantage-dependent, and exits 1', async () => {
    const ok = lab.cases.find((c) => c.name === 'ok-http')!;
    const { hostname, port } = new URL(ok.url);
    // The same URL: one place reaches the server, the other's DNS sends it to an address where nothing listens.
    const office = await runCli(['probe', '--json', '--timeout', '2000', '--resolve', `${hostname}:${port}:127.0.0.1`, ok.url]);
    const runner = await runCli(['probe', '--json', '--timeout', '2000', '--resolve', `${hostname}:${port}:127.0.0.3`, ok.url]);
    writeFileSync(path.join(dir, 'office-vpn.json'), office.stdout);
    writeFileSync(path.join(dir, 'ubuntu-latest.json'), runner.stdout);
    const json = await runCli(['compare', '--json', path.join(dir, 'office-vpn.json'), path.join(dir, 'ubuntu-latest.json')]);
    assert.equal(json.code, 1, json.stderr);
    const doc = parseJson<{ results: { vantage: string; id: string; findings: string[] }[]; comparisons: { verdict: string; detail: string }[] }>(json);
    assert.deepEqual(doc.results.map((r) => [r.vantage, r.id]), [['office-vpn', 'ok'], ['ubuntu-latest', 'tcp.refused']]);
    assert.ok(doc.results.every((r) => r.findings.includes('vantage-dependent')));
    assert.equal(doc.comparisons[0].verdict, 'differs');
    assert.match(doc.comparisons[0].detail, /office-vpn: ok \(200\); ubuntu-latest: tcp\.refused/);
    const human = await runCli(['compare', path.join(dir, 'office-vpn.json'), path.join(dir, 'ubuntu-latest.json')]);
    assert.match(human.stdout, /≠ http:\/\/ok-http\.lab\.test:\d+\/\n {2}The outcome depends on where the probe runs/);
  });

  it('result files are text from elsewhere: escape sequences are shown escaped, secret query values as ***', async () => {
    const result = (id: string) => ({ url: 'http://x.test/\u001b]0;owned\u0007?token=PLANTED-1', id, ok: id === 'ok', findings: [], phases: [], title: 't', explanation: 'e', remediation: [] });
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ results: [result('ok')] }));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ results: [result('tcp.refused')] }));
    const r = await runCli(['compare', path.join(dir, 'a.json'), path.join(dir, 'b.json')]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('PLANTED-1'), JSON.stringify(r.stdout));
    assert.match(r.stdout, /http:\/\/x\.test\/\\x1b\]0;owned\\x07\?token=\*\*\*/);
  });

  it("a vantage's own error output is shown as text: a remote escape sequence does not reach this terminal", async () => {
    // A stand-in for docker that fails the way a remote side can: with bytes of its own choosing on stderr.
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nprintf "\\033]0;owned\\007Error: No such container: box\\n" >&2\nexit 1\n', { mode: 0o755 });
    const r = await runCli(['probe', '--timeout', '1000', '--from', 'docker://box', 'http://127.0.0.1:9/'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    assert.ok(!r.stderr.includes('\u001b') && !r.stderr.includes('\u0007'), JSON.stringify(r.stderr));
    assert.match(r.stderr, /conndoc: docker:\/\/box: cannot run there: \\x1b\]0;owned\\x07Error: No such container: box/);
  });

  it('refuses a file that is not conndoc output with one line and exit 2', async () => {
    writeFileSync(path.join(dir, 'junk.json'), '{"nope": 1}');
    const r = await runCli(['compare', path.join(dir, 'junk.json'), path.join(dir, 'junk.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^conndoc: compare: .*junk\.json is not conndoc --json output/);
  });
});
