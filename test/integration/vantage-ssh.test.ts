// Issue 13: `conndoc probe --from ssh://…` over Debian's real sshd. Three network namespaces of our own:
// L (where conndoc runs), R (the ssh vantage) and T (the target, 203.0.113.1 on its loopback, routed from both).
// An iptables rule in T drops L's source address: the same URL times out from L and answers from R.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Result } from '../../src/vocabulary/types';
import { CLI, assertBuilt } from '../support/cli';
import { addNs, cleanup, inNs, link, pidsIn, spawnInNs } from '../support/netns';
import { BINARIES, needBinaries, scratchDir } from '../support/real-servers';

type VResult = Result & { vantage: string };
interface Doc {
  results: VResult[];
  comparisons: { url: string; verdict: string; detail: string }[];
}

const TARGET = '203.0.113.1';
const URL_ = `http://${TARGET}:8080/health`;
const SSH_ADDR = '198.51.100.10';
const SSH_PORT = 2222;

/** conndoc run inside L (bounded); stdout, stderr and exit code. */
function conndocInL(ns: string, env: Record<string, string>, args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('/usr/bin/ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('conndoc probe --from ssh:// (real sshd in a network namespace)', function () {
  this.timeout(150_000);
  const tag = `cd-vantage-${process.pid}`;
  const short = `cdv${process.pid}`;
  let nsL = '';
  let nsR = '';
  let env: Record<string, string> = {};
  let commandLog = '';
  let noNodeEnv: Record<string, string> = {};

  before(async function () {
    if (process.getuid?.() !== 0) {
      console.log('    skipping vantage over ssh: needs root for network namespaces');
      this.skip();
    }
    needBinaries(this, 'vantage over ssh', 'sshd', 'ssh', 'ssh-keygen', 'iptables', 'ip');
    assertBuilt();
    nsL = addNs(`${tag}-l`);
    nsR = addNs(`${tag}-r`);
    const nsT = addNs(`${tag}-t`);
    link({ ns: nsL, dev: `${short}lt`, addr: '198.51.100.1/30' }, { ns: nsT, dev: `${short}tl`, addr: '198.51.100.2/30' });
    link({ ns: nsR, dev: `${short}rt`, addr: '198.51.100.5/30' }, { ns: nsT, dev: `${short}tr`, addr: '198.51.100.6/30' });
    link({ ns: nsL, dev: `${short}lr`, addr: '198.51.100.9/30' }, { ns: nsR, dev: `${short}rl`, addr: `${SSH_ADDR}/30` });
    inNs(nsT, '/usr/bin/ip', 'addr', 'add', `${TARGET}/32`, 'dev', 'lo');
    inNs(nsL, '/usr/bin/ip', 'route', 'add', `${TARGET}/32`, 'via', '198.51.100.2');
    inNs(nsR, '/usr/bin/ip', 'route', 'add', `${TARGET}/32`, 'via', '198.51.100.6');
    // The target drops whatever comes from L: a firewall that only one vantage's network runs into.
    inNs(nsT, BINARIES.iptables.file, '-A', 'INPUT', '-s', '198.51.100.1/32', '-p', 'tcp', '--dport', '8080', '-j', 'DROP');
    await spawnInNs(
      nsT,
      process.execPath,
      ['-e', "require('http').createServer((q,s)=>s.end('healthy')).listen(8080,'0.0.0.0',()=>console.log('listening'))"],
      /listening/,
    );

    const dir = scratchDir('vantage-ssh');
    const keygen = BINARIES['ssh-keygen'].file;
    execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    // Every command the vantage is asked to run is logged on its side, then run: what reached it can be checked.
    commandLog = path.join(dir, 'commands.log');
    const forced = `command="printf '%s\\n' \\"$SSH_ORIGINAL_COMMAND\\" >> ${commandLog}; eval \\"$SSH_ORIGINAL_COMMAND\\""`;
    // A second key logs in with a PATH holding sh and curl but no node: the vantage without Node ≥ 20.
    execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'nonode_key')]);
    const bin = path.join(dir, 'nonode-bin');
    mkdirSync(bin);
    for (const tool of ['sh', 'curl']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
    writeFileSync(
      path.join(dir, 'authorized_keys'),
      `${forced} ${readFileSync(path.join(dir, 'client_key.pub'), 'utf8')}environment="PATH=${bin}" ${readFileSync(path.join(dir, 'nonode_key.pub'), 'utf8')}`,
    );
    writeFileSync(path.join(dir, 'known_hosts'), `[${SSH_ADDR}]:${SSH_PORT} ${readFileSync(path.join(dir, 'host_key.pub'), 'utf8')}`);
    execFileSync('mkdir', ['-p', '/run/sshd']);
    writeFileSync(
      path.join(dir, 'sshd_config'),
      `ListenAddress ${SSH_ADDR}:${SSH_PORT}
HostKey ${dir}/host_key
PidFile ${dir}/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile ${dir}/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
PermitUserEnvironment PATH
`,
    );
    writeFileSync(
      path.join(dir, 'ssh_config_nonode'),
      `Host *
  IdentityFile ${dir}/nonode_key
  IdentitiesOnly yes
  UserKnownHostsFile ${dir}/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
`,
    );
    writeFileSync(
      path.join(dir, 'ssh_config'),
      `Host *
  IdentityFile ${dir}/client_key
  IdentitiesOnly yes
  UserKnownHostsFile ${dir}/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
`,
    );
    await spawnInNs(nsR, BINARIES.sshd.file, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], /Server listening/);
    env = { CONNDOC_SSH_COMMAND: `ssh -F ${dir}/ssh_config` };
    noNodeEnv = { CONNDOC_SSH_COMMAND: `ssh -F ${dir}/ssh_config_nonode` };
  });

  after(() => cleanup());

  it('reports vantage-dependent: times out from here, answers over the ssh vantage, and says to look at this network', () => {
    const vantage = `ssh://root@${SSH_ADDR}:${SSH_PORT}`;
    const run = conndocInL(nsL, env, ['probe', '--json', '--timeout', '2000', '--from', vantage, URL_]);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as Doc;
    assert.deepEqual(doc.results.map((r) => r.vantage), ['local', vantage]);
    const [local, remote] = doc.results;
    assert.equal(local.id, 'tcp.timeout');
    assert.equal(remote.id, 'ok', JSON.stringify(remote).slice(0, 500));
    assert.equal(remote.phases.find((p) => p.phase === 'response')?.httpStatus, 200);
    for (const r of doc.results) {
      assert.equal(r.url, URL_);
      assert.ok(r.findings.includes('vantage-dependent'), `${r.vantage}: ${r.findings.join(', ')}`);
      assert.match(r.evidence?.find((e) => e.finding === 'vantage-dependent')?.detail ?? '', /local tcp\.timeout.*ok \(200\)|ok \(200\).*local tcp\.timeout/);
    }
    assert.equal(doc.comparisons[0].verdict, 'fails-only-here');
    assert.match(local.explanation, /Fails only from this machine/);
    assert.ok(local.culprits?.some((c) => c.kind === 'firewall'), JSON.stringify(local.culprits));
  });

  it('the human report shows both places and the comparison', () => {
    const vantage = `ssh://root@${SSH_ADDR}:${SSH_PORT}`;
    const run = conndocInL(nsL, env, ['probe', '--timeout', '2000', '--from', vantage, URL_]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /from local\n✗ http:\/\/203\.0\.113\.1:8080\/health\n {2}tcp\.timeout/);
    assert.match(run.stdout, new RegExp(`from ${vantage.replace(/[.]/g, '\\.')}\\n✓ http://203\\.0\\.113\\.1:8080/health`));
    assert.match(run.stdout, /vantage-dependent/);
    assert.match(run.stdout, /compared: Fails only from this machine/);
  });

  it('credentials in the URL never reach the vantage, and the remote run leaves no process behind', () => {
    const before = pidsIn(nsR).length;
    const vantage = `ssh://root@${SSH_ADDR}:${SSH_PORT}`;
    const run = conndocInL(nsL, env, ['probe', '--json', '--timeout', '2000', '--from', vantage, `http://app:s3cret-pw@${TARGET}:8080/`]);
    assert.ok(!run.stdout.includes('s3cret-pw') && !run.stderr.includes('s3cret-pw'));
    const received = readFileSync(commandLog, 'utf8');
    assert.match(received, /sh probe --json .*http:\/\/app:\*\*\*@203\.0\.113\.1:8080\//);
    assert.ok(!received.includes('s3cret-pw'), `the vantage was sent the password: ${received}`);
    const doc = JSON.parse(run.stdout) as Doc;
    assert.equal(doc.results[1].url, `http://app:***@${TARGET}:8080/`);
    assert.equal(doc.results[1].id, 'ok');
    assert.equal(pidsIn(nsR).length, before, 'a process of the remote run is still running in the vantage');
  });

  it('a vantage without Node says so in one line and is probed with its curl: still vantage-dependent', () => {
    const vantage = `ssh://root@${SSH_ADDR}:${SSH_PORT}`;
    const run = conndocInL(nsL, noNodeEnv, ['probe', '--json', '--timeout', '2000', '--from', vantage, URL_]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /conndoc: ssh:\/\/root@198\.51\.100\.10:2222: no node there \(the full probe needs Node ≥ 20\); probing with curl instead/);
    const doc = JSON.parse(run.stdout) as Doc;
    const [local, remote] = doc.results;
    assert.equal(local.id, 'tcp.timeout');
    assert.equal(remote.id, 'ok');
    assert.match(remote.error ?? '', /^degraded probe: curl on the vantage/);
    assert.equal(remote.phases.find((p) => p.phase === 'response')?.httpStatus, 200);
    assert.ok(remote.findings.includes('vantage-dependent') && local.findings.includes('vantage-dependent'));
  });

  it('an unreachable vantage is one clear line on stderr, and the local result still comes', () => {
    const run = conndocInL(nsL, env, ['probe', '--json', '--timeout', '2000', '--from', `ssh://root@198.51.100.5:${SSH_PORT}`, URL_]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /conndoc: ssh:\/\/root@198\.51\.100\.5:2222: cannot run there: /);
    const doc = JSON.parse(run.stdout) as Doc;
    assert.deepEqual(doc.results.map((r) => r.vantage), ['local']);
  });
});
