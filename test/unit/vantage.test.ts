// Issue 13: what --from accepts, how a command reaches the vantage, and what the comparison concludes.
import assert from 'node:assert/strict';
import { applyKnowledge } from '../../src/probe/knowledge';
import type { Result } from '../../src/vocabulary/types';
import { parseCommandLine } from '../../src/cli/args';
import { commandFor, shellQuote } from '../../src/vantage/channel';
import { compareVantages } from '../../src/vantage/compare';
import { forwardedArgs } from '../../src/vantage/remote';
import { VantageError, parseVantage, vantagesFrom } from '../../src/vantage/spec';

function result(id: Result['id'], status?: number): Result {
  return applyKnowledge({
    url: 'https://api.example.test/',
    id,
    ok: id === 'ok',
    findings: [],
    phases: [{ phase: 'response', status: id === 'ok' ? 'ok' : 'skipped', ms: 1, httpStatus: status }],
    title: '',
    explanation: '',
    remediation: [],
  });
}

describe('vantage: --from specs', () => {
  it('parses ssh (user, port, IPv6), docker, wsl and local', () => {
    assert.deepEqual(parseVantage('ssh://deploy@bastion.example.test:2222'), { kind: 'ssh', label: 'ssh://deploy@bastion.example.test:2222', host: 'bastion.example.test', user: 'deploy', port: 2222 });
    assert.deepEqual(parseVantage('ssh://[::1]'), { kind: 'ssh', label: 'ssh://[::1]', host: '::1', user: undefined, port: undefined });
    assert.deepEqual(parseVantage('docker://api-dev'), { kind: 'docker', label: 'docker://api-dev', container: 'api-dev' });
    assert.deepEqual(parseVantage('wsl://Ubuntu-22.04'), { kind: 'wsl', label: 'wsl://Ubuntu-22.04', distro: 'Ubuntu-22.04' });
    assert.equal(parseVantage('local').kind, 'local');
  });

  it('refuses passwords (without echoing them), option-looking names and other schemes', () => {
    assert.throws(() => parseVantage('ssh://u:hunter2@h'), (e: Error) => e instanceof VantageError && !e.message.includes('hunter2'));
    assert.throws(() => parseVantage('docker://-v/etc:/x'), VantageError);
    assert.throws(() => parseVantage('ssh://-oProxyCommand=x'), VantageError);
    assert.throws(() => parseVantage('ssh://h:99999'), VantageError);
    assert.throws(() => parseVantage('ftp://h'), /--from takes ssh:\/\//);
  });

  it('always starts with this machine, once; duplicates dropped', () => {
    assert.deepEqual(vantagesFrom(['docker://a', 'local', 'docker://a']).map((v) => v.label), ['local', 'docker://a']);
  });

  it('--from goes with probe only', () => {
    assert.throws(() => parseCommandLine(['scan', '--from', 'docker://a', '.']), /--from goes with 'probe' only/);
    assert.deepEqual(parseCommandLine(['probe', '--from', 'docker://a', '--from', 'wsl://d', 'http://h/']).from, ['docker://a', 'wsl://d']);
  });
});

describe('vantage: the channel', () => {
  it('quotes every word for the remote shell; ssh never prompts and the host cannot be read as an option', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('http://a:***@h/?q=$(x)'), `'http://a:***@h/?q=$(x)'`);
    const [file, args] = commandFor({ kind: 'ssh', label: 'ssh://u@h:22', host: 'h', user: 'u', port: 22 }, ['node', '-', 'probe', 'http://h/$HOME'], {});
    assert.equal(file, 'ssh');
    assert.ok(args.includes('BatchMode=yes'));
    assert.deepEqual(args.slice(-3), ['--', 'h', `node - probe 'http://h/$HOME'`]);
    const [f2, a2] = commandFor({ kind: 'ssh', label: 'ssh://h', host: 'h' }, ['true'], { CONNDOC_SSH_COMMAND: 'ssh -F /tmp/cfg' });
    assert.deepEqual([f2, a2.slice(0, 2)], ['ssh', ['-F', '/tmp/cfg']]);
    assert.deepEqual(commandFor({ kind: 'docker', label: 'docker://c', container: 'c' }, ['sh', '-c', 'x']), ['docker', ['exec', '-i', 'c', 'sh', '-c', 'x']]);
    assert.deepEqual(commandFor({ kind: 'wsl', label: 'wsl://d', distro: 'd' }, ['sh']), ['wsl.exe', ['-d', 'd', '--exec', 'sh']]);
  });

  it('forwards what describes the target, not this machine\'s proxy or CA', () => {
    const a = forwardedArgs({ timeoutMs: 2000, resolve: { 'api.test:443': ['10.0.0.1'], '::1:80': ['::1'] }, proxy: 'http://corp:3128', ca: ['PEM'], insecure: true });
    assert.deepEqual(a, ['--timeout', '2000', '--insecure', '--resolve', 'api.test:443:10.0.0.1', '--resolve', '[::1]:80:::1']);
  });
});

describe('vantage: comparing results', () => {
  const url = 'https://app:pw@api.example.test/';

  it('fails only here → vantage-dependent on every side, explanation points at this network', () => {
    const { results, comparisons } = compareVantages([url], [['local', [result('tcp.timeout')]], ['ssh://h', [result('ok', 200)]]]);
    assert.equal(comparisons[0].verdict, 'fails-only-here');
    assert.equal(comparisons[0].url, 'https://app:***@api.example.test/');
    for (const r of results) {
      assert.ok(r.findings.includes('vantage-dependent'));
      assert.equal(r.url, 'https://app:***@api.example.test/');
      assert.match(r.explanation, /Fails only from this machine/);
    }
    assert.equal(results[0].evidence?.find((e) => e.finding === 'vantage-dependent')?.detail, 'local tcp.timeout; ssh://h ok (200)');
    assert.ok(results[0].remediation.some((s) => /failing and the working vantage/.test(s)), 'the finding\'s steps are in the remediation');
  });

  it('fails everywhere the same way → no vantage-dependent, the explanation says near the server', () => {
    const { results, comparisons } = compareVantages([url], [['local', [result('tls.reset')]], ['docker://c', [result('tls.reset')]]]);
    assert.equal(comparisons[0].verdict, 'fails-everywhere');
    assert.ok(results.every((r) => !r.findings.includes('vantage-dependent')));
    assert.match(results[1].explanation, /near the server/);
  });

  it('works here, fails there → fails-only-elsewhere; everywhere ok → no finding', () => {
    assert.equal(compareVantages([url], [['local', [result('ok', 200)]], ['wsl://d', [result('tls.cert-untrusted')]]]).comparisons[0].verdict, 'fails-only-elsewhere');
    const same = compareVantages([url], [['local', [result('ok', 200)]], ['wsl://d', [result('ok', 200)]]]);
    assert.equal(same.comparisons[0].verdict, 'ok-everywhere');
    assert.ok(same.results.every((r) => r.findings.length === 0));
  });

  it('a vantage that could not probe leaves a hole, not a comparison', () => {
    const { results, comparisons } = compareVantages([url], [['local', [result('ok', 200)]], ['ssh://down', []]]);
    assert.equal(results.length, 1);
    assert.equal(comparisons.length, 0);
  });
});
