// conndoc scan --toolchain against a throwaway HOME and KUBECONFIG written here, pointing at the fault lab: a
// registry behind a private CA given only in .npmrc's cafile, a "cluster API" whose CA is only in the kubeconfig's
// certificate-authority-data, a git remote whose CA is only in http.sslCAInfo, a pip index, a proxy named only in
// .npmrc. Then the real npm, git and pip against the same endpoints must agree with the probe's verdict.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLab, type Lab } from '../../src/lab';
import { parseJson, runCli } from '../support/cli';

const SECRETS = ['PLANTED-NPM-TOKEN', 'PLANTED-KUBE-TOKEN', 'PLANTED-DOCKER-AUTH', 'PLANTED-PIP-PASSWORD'];

/** Everything on this machine that would change a tool's trust or proxy: the tests set their own. */
const CLEAN_ENV: Record<string, string | undefined> = Object.fromEntries(
  Object.keys(process.env).filter((k) => /proxy|cert|ca_bundle|cainfo|ssl|^npm_config|^pip_|^git_|kubeconfig|^docker|^go|^cargo|^uv_|condarc|maven|gradle|^xdg_config/i.test(k)).map((k) => [k, undefined]),
);

interface Endpoint {
  tool: string;
  what: string;
  url: string;
  from: { file: string; line?: number; key?: string };
  id?: string;
  ok?: boolean;
  differences?: string[];
  fixes?: string[];
  notes: string[];
  ca?: { from: { key?: string }; problem?: string };
  proxy?: { url: string };
}
interface ScanDoc {
  urls: { url: string; file: string; line: number; tool?: string }[];
  results: { id: string; url: string }[];
  toolchain: { filesRead: string[]; endpoints: Endpoint[] };
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('conndoc scan --toolchain', function () {
  this.timeout(120000);
  let lab: Lab;
  let port: number;
  let proxyPort: number;
  let dir: string;
  const hosts = ['registry', 'git', 'pypi', 'k8s', 'docker', 'goproxy', 'crates', 'maven', 'conda', 'yarn', 'uv', 'poetry'].map((h) => `${h}.lab.test`);
  const url = (h: string, p = '/'): string => `https://${h}.lab.test:${port}${p}`;
  /** Names that must never leave loopback, even the tools' public defaults: pinned to 127.0.0.1. */
  const resolveArgs = (): string[] =>
    [...hosts.map((h) => `${h}:${port}:127.0.0.1`), ...['registry-1.docker.io', 'sum.golang.org', 'plugins.gradle.org', 'repo.maven.apache.org', 'marketplace.visualstudio.com', 'registry.npmjs.org', 'pypi.org', 'index.crates.io', 'conda.anaconda.org'].map((h) => `${h}:443:127.0.0.1`)].flatMap((r) => ['--resolve', r]);

  before(async () => {
    lab = await startLab();
    port = Number(new URL(lab.cases.find((c) => c.name === 'ok-https-h1')!.url).port);
    proxyPort = Number(new URL(lab.cases.find((c) => c.name === 'ok-proxy')!.options.proxy as string).port);
    dir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-toolchain-'));
  });
  after(async () => {
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A HOME with every tool configured for the lab, each CA given only where that tool reads it. */
  function fullHome(): { home: string; ws: string } {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    const ca = lab.caFile;
    write(path.join(home, '.npmrc'), `registry=${url('registry')}\ncafile=${ca}\n//registry.lab.test:${port}/:_authToken=${SECRETS[0]}\n`);
    write(path.join(home, '.gitconfig'), `[user]\n\tname = t\n[http]\n\tsslCAInfo = ${ca}\n`);
    spawnSync('git', ['init', '-q', ws]);
    spawnSync('git', ['-C', ws, 'remote', 'add', 'origin', url('git', '/team/repo.git')]);
    write(path.join(home, '.config/pip/pip.conf'), `[global]\nindex-url = https://deploy:${SECRETS[3]}@pypi.lab.test:${port}/simple/\ncert = ${ca}\n`);
    const caData = Buffer.from(lab.caPem).toString('base64');
    write(path.join(home, '.kube/config'), `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: ${caData}\n    server: ${url('k8s').replace(/\/$/, '')}\n  name: lab\n- cluster:\n    server: ${url('k8s').replace(/\/$/, '')}\n  name: noca\nusers:\n- name: admin\n  user:\n    token: ${SECRETS[1]}\n`);
    write(path.join(home, '.docker/config.json'), JSON.stringify({ auths: { [`docker.lab.test:${port}`]: { auth: SECRETS[2] } } }));
    write(path.join(home, '.config/go/env'), `GOPROXY=${url('goproxy').replace(/\/$/, '')},direct\nGOSUMDB=off\nGOPRIVATE=*.corp.example\n`);
    write(path.join(home, '.cargo/config.toml'), `[registries.corp]\nindex = "sparse+${url('crates', '/index/')}"\n\n[http]\ncainfo = "${ca}"\n`);
    write(path.join(home, '.m2/settings.xml'), `<settings>\n  <mirrors>\n    <mirror>\n      <id>corp</id>\n      <url>${url('maven', '/repo/')}</url>\n      <mirrorOf>*</mirrorOf>\n    </mirror>\n  </mirrors>\n</settings>\n`);
    write(path.join(home, '.gradle/gradle.properties'), `systemProp.https.proxyHost=127.0.0.1\nsystemProp.https.proxyPort=${proxyPort}\n`);
    write(path.join(home, '.condarc'), `channels:\n  - ${url('conda', '/main')}\nssl_verify: ${ca}\n`);
    write(path.join(home, '.config/Code/User/settings.json'), `{\n  // comments are allowed here\n  "http.proxy": "http://127.0.0.1:${proxyPort}",\n}\n`);
    write(path.join(home, '.config/uv/uv.toml'), `index-url = "${url('uv', '/simple/')}"\n`);
    write(path.join(ws, '.yarnrc.yml'), `npmRegistryServer: "${url('yarn')}"\ncaFilePath: ${ca}\n`);
    write(path.join(ws, 'pyproject.toml'), `[tool.poetry]\nname = "x"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "${url('poetry', '/simple/')}"\n`);
    return { home, ws };
  }

  const scan = (home: string, ws: string, extra: string[] = [], env: Record<string, string | undefined> = {}) =>
    runCli(['scan', '--toolchain', '--json', '--timeout', '3000', ...resolveArgs(), ...extra, ws], { env: { ...CLEAN_ENV, HOME: home, ...env }, deadlineMs: 90000 });

  it('reads every tool’s own files, naming each endpoint by tool and file:line, and lists every file read', async () => {
    const { home, ws } = fullHome();
    const run = await scan(home, ws, ['--no-probe']);
    assert.equal(run.code, 0, run.stderr);
    const doc = parseJson<ScanDoc>(run);
    const by = (tool: string, what?: string): Endpoint => {
      const e = doc.toolchain.endpoints.find((x) => x.tool === tool && (what === undefined || x.what === what));
      assert.ok(e, `no ${tool} ${what ?? ''} endpoint in ${doc.toolchain.endpoints.map((x) => `${x.tool}:${x.what}`).join(', ')}`);
      return e;
    };
    assert.deepEqual([by('npm', 'registry').url, by('npm', 'registry').from], [url('registry'), { file: '~/.npmrc', line: 1, key: 'registry' }]);
    assert.equal(by('npm').ca?.from.key, 'cafile');
    assert.deepEqual(by('pip').from, { file: '~/.config/pip/pip.conf', line: 2, key: 'index-url' });
    assert.equal(by('pip').url, url('pypi', '/simple/'), 'the password is not part of the URL');
    assert.deepEqual([by('kubectl', 'cluster lab').from.line, by('kubectl', 'cluster noca').from.line], [6, 9]);
    assert.equal(by('kubectl', 'cluster lab').ca?.from.key, 'lab.certificate-authority-data');
    assert.equal(by('kubectl', 'cluster noca').ca, undefined);
    assert.equal(by('git').url, url('git', '/team/repo.git'));
    assert.equal(by('git').ca?.from.key, 'http.sslCAInfo');
    assert.ok(by('docker', `registry docker.lab.test:${port}`));
    assert.equal(by('go', 'module proxy').url, url('goproxy').replace(/\/$/, ''));
    assert.ok(by('go', 'module proxy').notes.some((n) => n.includes('GOPRIVATE')));
    assert.equal(by('cargo').url, url('crates', '/index/'));
    assert.equal(by('maven').url, url('maven', '/repo/'));
    assert.equal(by('gradle', 'Maven Central').proxy?.url, `http://127.0.0.1:${proxyPort}`);
    assert.equal(by('conda').url, url('conda', '/main'));
    assert.equal(by('vscode').proxy?.url, `http://127.0.0.1:${proxyPort}`);
    assert.equal(by('yarn').url, url('yarn'));
    assert.equal(by('uv').url, url('uv', '/simple/'));
    assert.equal(by('poetry').url, url('poetry', '/simple/'));
    for (const f of ['~/.npmrc', '~/.gitconfig', '~/.config/pip/pip.conf', '~/.kube/config', '~/.docker/config.json', '~/.config/go/env', '~/.cargo/config.toml', '~/.m2/settings.xml', '~/.gradle/gradle.properties', '~/.condarc', '~/.config/Code/User/settings.json', '~/.config/uv/uv.toml']) {
      assert.ok(doc.toolchain.filesRead.includes(f), `${f} not listed as read: ${doc.toolchain.filesRead.join(', ')}`);
    }
    // The contract's urls carry the endpoints with the config file as their place; no result without probing.
    assert.ok(doc.urls.some((u) => u.tool === 'npm' && u.file === '~/.npmrc' && u.line === 1));
    assert.deepEqual(doc.results, []);
    for (const s of SECRETS) assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), `${s} shown`);
  });

  it('probes each endpoint with its tool’s own CA: given only in .npmrc, kubeconfig data, sslCAInfo, pip cert, cargo cainfo', async () => {
    const { home, ws } = fullHome();
    const run = await scan(home, ws, ['--tools', 'npm,yarn,pip,uv,poetry,git,kubectl,cargo,conda']);
    const doc = parseJson<ScanDoc>(run);
    const id = (tool: string, what?: string) => doc.toolchain.endpoints.find((x) => x.tool === tool && (what === undefined || x.what === what))?.id;
    assert.equal(id('npm'), 'ok', 'the CA in .npmrc cafile verifies the registry');
    assert.equal(id('kubectl', 'cluster lab'), 'ok', 'certificate-authority-data verifies the API server');
    assert.equal(id('git'), 'ok', 'http.sslCAInfo verifies the remote');
    assert.equal(id('pip'), 'ok', 'pip.conf cert verifies the index');
    assert.equal(id('cargo'), 'ok');
    assert.equal(id('conda'), 'ok');
    assert.equal(id('yarn'), 'ok');
    // uv and poetry are given no CA for the lab: they would not connect, and the fix is in their terms.
    assert.equal(id('uv'), 'tls.cert-untrusted');
    const noca = doc.toolchain.endpoints.find((x) => x.what === 'cluster noca')!;
    assert.equal(noca.id, 'tls.cert-untrusted');
    assert.ok(noca.fixes?.some((f) => f.startsWith('kubectl config set-cluster noca --certificate-authority=')), JSON.stringify(noca.fixes));
    assert.equal(run.code, 1, 'a failing endpoint fails the scan');
    for (const s of SECRETS) assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), `${s} shown`);
  });

  it('says when the environment has the CA and the tool is not given it, with the fix in the tool’s terms', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    write(path.join(home, '.npmrc'), `registry=${url('registry')}\n`);
    const run = await scan(home, ws, ['--tools', 'npm'], { NODE_EXTRA_CA_CERTS: lab.caFile });
    const e = parseJson<ScanDoc>(run).toolchain.endpoints[0];
    assert.equal(e.id, 'tls.cert-untrusted');
    assert.ok(e.differences?.some((d) => d.includes('NODE_EXTRA_CA_CERTS') && d.includes('npm is not given it')), JSON.stringify(e.differences));
    assert.ok(e.fixes?.some((f) => f.startsWith(`npm config set cafile ${lab.caFile}`)), JSON.stringify(e.fixes));
  });

  it('a proxy named only in .npmrc is used for npm’s probe, and the difference from the environment is said', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    write(path.join(home, '.npmrc'), `registry=${url('registry')}\ncafile=${lab.caFile}\nhttps-proxy=http://127.0.0.1:${proxyPort}\n`);
    const run = await scan(home, ws, ['--tools', 'npm']);
    const doc = parseJson<ScanDoc>(run);
    const e = doc.toolchain.endpoints[0];
    assert.equal(e.id, 'ok');
    const result = doc.results[0] as unknown as { phases: { phase: string; status: string }[] };
    assert.equal(result.phases.find((p) => p.phase === 'proxy')?.status, 'ok', 'the probe went through the .npmrc proxy');
    assert.ok(e.differences?.some((d) => d.includes(`through http://127.0.0.1:${proxyPort}`) && d.includes('the environment says direct')), JSON.stringify(e.differences));
  });

  it('the human report lists the files read and each endpoint with where it came from', async () => {
    const { home, ws } = fullHome();
    const run = await runCli(['scan', '--toolchain', '--tools', 'npm,kubectl', '--timeout', '3000', ...resolveArgs(), ws], { env: { ...CLEAN_ENV, HOME: home }, deadlineMs: 60000 });
    assert.match(run.stdout, /^Toolchain$/m);
    assert.match(run.stdout, /read: ~\/\.npmrc, .*~\/\.kube\/config/);
    assert.match(run.stdout, /npm registry\s+https:\/\/registry\.lab\.test:\d+\/\s+from ~\/\.npmrc line 1/);
    assert.match(run.stdout, /kubectl cluster noca .*\n(.*\n)*?.*✗ tls\.cert-untrusted/);
    for (const s of SECRETS) assert.ok(!run.stdout.includes(s), `${s} shown`);
    // In colour, on a terminal: colours are colours (not "\x1b[1m" spelled out), a registry's ?token= is ***.
    write(path.join(home, '.config/pip/pip.conf'), '[global]\nindex-url = https://pypi.lab.test/simple/?token=tok-PLANTED-QUERY\n');
    const color = await runCli(['scan', '--toolchain', '--tools', 'npm,pip', '--no-probe', ws], { env: { ...CLEAN_ENV, HOME: home, NO_COLOR: undefined, FORCE_COLOR: '1' }, deadlineMs: 60000 });
    assert.match(color.stdout, /^\x1b\[1mToolchain\x1b\[22m$/m, JSON.stringify(color.stdout));
    assert.ok(!color.stdout.includes('\\x1b'), JSON.stringify(color.stdout));
    assert.match(color.stdout, /pip index\x1b\[22m {2}https:\/\/pypi\.lab\.test\/simple\/\?token=\*\*\*/);
    assert.ok(!color.stdout.includes('PLANTED-QUERY'));
  });

  it('kubectl: tls-server-name is the name the certificate is checked against', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    const caData = Buffer.from(lab.caPem).toString('base64');
    const cluster = (name: string, extra: string) => `- cluster:\n    certificate-authority-data: ${caData}\n    server: https://127.0.0.1:${port}\n${extra}  name: ${name}\n`;
    write(path.join(home, '.kube/config'), `apiVersion: v1\nkind: Config\nclusters:\n${cluster('named', '    tls-server-name: k8s.lab.test\n')}${cluster('unnamed', '')}`);
    const doc = parseJson<ScanDoc>(await scan(home, ws, ['--tools', 'kubectl']));
    const id = (what: string) => doc.toolchain.endpoints.find((e) => e.what === what)?.id;
    assert.equal(id('cluster named'), 'ok', 'verified against k8s.lab.test, the name kubectl would check');
    assert.equal(id('cluster unnamed'), 'tls.cert-hostname', 'the same server by address: the certificate does not name 127.0.0.1');
  });

  it('go and uv take SSL_CERT_FILE, poetry its certificates.<source>.cert', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    write(path.join(home, '.config/go/env'), `GOPROXY=${url('goproxy').replace(/\/$/, '')},direct\nGOSUMDB=off\n`);
    write(path.join(home, '.config/uv/uv.toml'), `index-url = "${url('uv', '/simple/')}"\n`);
    write(path.join(home, '.config/pypoetry/config.toml'), `[certificates.corp]\ncert = "${lab.caFile}"\n`);
    write(path.join(ws, 'pyproject.toml'), `[[tool.poetry.source]]\nname = "corp"\nurl = "${url('poetry', '/simple/')}"\n`);
    const given = parseJson<ScanDoc>(await scan(home, ws, ['--tools', 'go,uv,poetry'], { SSL_CERT_FILE: lab.caFile }));
    const id = (d: ScanDoc, tool: string) => d.toolchain.endpoints.find((e) => e.tool === tool)?.id;
    assert.deepEqual([id(given, 'go'), id(given, 'uv'), id(given, 'poetry')], ['ok', 'ok', 'ok']);
    assert.ok(given.toolchain.filesRead.includes('~/.config/pypoetry/config.toml'));
    const bare = parseJson<ScanDoc>(await scan(home, ws, ['--tools', 'go,uv']));
    assert.deepEqual([id(bare, 'go'), id(bare, 'uv')], ['tls.cert-untrusted', 'tls.cert-untrusted'], 'without SSL_CERT_FILE neither is given the CA');
  });

  it('docker, maven, gradle and VS Code connect with their own proxy settings, not the environment’s', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const ws = mkdtempSync(path.join(dir, 'ws-'));
    write(path.join(home, '.docker/config.json'), JSON.stringify({ auths: { [`docker.lab.test:${port}`]: { auth: SECRETS[2] } } }));
    write(path.join(home, '.m2/settings.xml'), `<settings>\n  <proxies>\n    <proxy>\n      <protocol>https</protocol>\n      <host>127.0.0.1</host>\n      <port>${proxyPort}</port>\n    </proxy>\n  </proxies>\n  <mirrors>\n    <mirror>\n      <id>corp</id>\n      <url>${url('maven', '/repo/')}</url>\n    </mirror>\n  </mirrors>\n</settings>\n`);
    write(path.join(home, '.gradle/gradle.properties'), `systemProp.https.proxyHost=127.0.0.1\nsystemProp.https.proxyPort=${proxyPort}\n`);
    write(path.join(home, '.config/Code/User/settings.json'), `{ "http.proxy": "http://127.0.0.1:${proxyPort}" }\n`);
    // The environment names a proxy nobody listens on: a tool that read it would fail at the proxy.
    const run = await scan(home, ws, ['--tools', 'docker,maven,gradle,vscode'], { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' });
    const doc = parseJson<ScanDoc>(run);
    const at = (tool: string, what: string) => {
      const i = doc.toolchain.endpoints.findIndex((e) => e.tool === tool && e.what.startsWith(what));
      assert.ok(i >= 0, `${tool} ${what} in ${doc.toolchain.endpoints.map((e) => `${e.tool}:${e.what}`).join(', ')}`);
      const r = doc.results[i] as unknown as { id: string; phases: { phase: string; status: string; remotePort?: number }[] };
      return { e: doc.toolchain.endpoints[i], r, proxied: r.phases.some((p) => p.phase === 'proxy' && p.status !== 'skipped') };
    };
    const docker = at('docker', 'registry docker.lab.test');
    assert.equal(docker.r.phases.find((p) => p.phase === 'connect')?.remotePort, port, 'the Docker daemon does not read the shell’s HTTPS_PROXY: straight to the registry');
    assert.equal(docker.e.id, 'tls.cert-untrusted', 'no /etc/docker/certs.d CA for this registry');
    assert.ok(docker.e.fixes?.some((f) => f.includes(`/etc/docker/certs.d/docker.lab.test:${port}/ca.crt`)), JSON.stringify(docker.e.fixes));
    assert.ok(docker.e.differences?.some((d) => d.includes('docker does not read the environment')), JSON.stringify(docker.e.differences));
    const maven = at('maven', 'mirror corp');
    assert.equal(maven.r.phases.find((p) => p.phase === 'proxy')?.status, 'ok', 'through the settings.xml proxy');
    assert.equal(maven.e.id, 'tls.cert-untrusted', 'Java is not given the lab CA');
    assert.ok(maven.e.fixes?.some((f) => f.startsWith('keytool -importcert')), JSON.stringify(maven.e.fixes));
    // The lab proxy tunnels to lab names only: Gradle's and VS Code's public defaults end at that proxy's refusal.
    for (const [tool, what] of [['gradle', 'Maven Central'], ['vscode', 'extension gallery']]) {
      const x = at(tool, what);
      assert.ok(x.proxied && x.r.phases.find((p) => p.phase === 'proxy')?.status === 'failed', `${tool} went through its own proxy: ${JSON.stringify(x.r.phases)}`);
      assert.match(x.r.id, /^proxy\./, `${tool}: the verdict is the proxy's`);
    }
  });

  it('the tokens and passwords in these files are never sent by the inventory probes, nor shown (JSON and human)', async () => {
    const heads: string[] = [];
    const server = http.createServer((req, res) => {
      heads.push(`${req.method} ${req.url}\n${req.rawHeaders.join('\n')}`);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const p = (server.address() as AddressInfo).port;
      const home = mkdtempSync(path.join(dir, 'home-'));
      const ws = mkdtempSync(path.join(dir, 'ws-'));
      write(path.join(home, '.npmrc'), `registry=http://127.0.0.1:${p}/npm/\n//127.0.0.1:${p}/npm/:_authToken=${SECRETS[0]}\n//127.0.0.1:${p}/npm/:_password=${SECRETS[3]}\n`);
      write(path.join(home, '.config/pip/pip.conf'), `[global]\nindex-url = http://deploy:${SECRETS[3]}@127.0.0.1:${p}/simple/\n`);
      write(path.join(home, '.kube/config'), `apiVersion: v1\nclusters:\n- cluster:\n    server: http://127.0.0.1:${p}\n  name: lab\nusers:\n- name: admin\n  user:\n    token: ${SECRETS[1]}\n    client-key-data: ${SECRETS[1]}-KEY\n    password: ${SECRETS[1]}-PW\n`);
      write(path.join(home, '.docker/config.json'), JSON.stringify({ auths: { [`http://127.0.0.1:${p}/v2/`]: { auth: SECRETS[2], identitytoken: `${SECRETS[2]}-ID` } } }));
      spawnSync('git', ['init', '-q', ws]);
      spawnSync('git', ['-C', ws, 'remote', 'add', 'origin', `http://bot:${SECRETS[3]}-GIT@127.0.0.1:${p}/team/repo.git`]);
      const tools = ['--tools', 'npm,pip,kubectl,docker,git'];
      const json = await scan(home, ws, tools);
      const human = await runCli(['scan', '--toolchain', ...tools, '--timeout', '3000', ...resolveArgs(), ws], { env: { ...CLEAN_ENV, HOME: home }, deadlineMs: 60000 });
      const doc = parseJson<ScanDoc>(json);
      const reached = doc.toolchain.endpoints.filter((e) => e.url.includes(`127.0.0.1:${p}`));
      assert.deepEqual(reached.map((e) => [e.tool, e.id]).sort(), [['docker', 'ok'], ['git', 'ok'], ['kubectl', 'ok'], ['npm', 'ok'], ['pip', 'ok']], 'every endpoint was probed');
      assert.ok(heads.length >= 5, `the recording server saw the probes: ${heads.length}`);
      for (const h of heads) assert.ok(!/^authorization:/im.test(h) && !/^cookie:/im.test(h), `credentials sent: ${h}`);
      for (const s of SECRETS) {
        assert.ok(!heads.some((h) => h.includes(s)), `${s} sent`);
        for (const [name, out] of [['json', json.stdout + json.stderr], ['human', human.stdout + human.stderr]]) assert.ok(!out.includes(s), `${s} shown in the ${name} output`);
      }
      assert.match(human.stdout, /auth token for \/\/127\.0\.0\.1:\d+\/npm\/ is configured: never shown/, 'the user is told a token exists');
    } finally {
      server.close();
    }
  });

  it('bad --tools is one clear line (exit 2); --tools without --toolchain too', async () => {
    const a = await runCli(['scan', '--toolchain', '--tools', 'npm,nope', '.']);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /--tools: unknown tool 'nope'/);
    const b = await runCli(['scan', '--tools', 'npm', '.']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--tools goes with --toolchain/);
  });

  describe('the real npm, git and pip agree with the verdict', function () {
    /** Runs a real tool with the lab names in /etc/hosts (a private mount namespace: nothing on the machine changes). */
    function realTool(home: string, cmd: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
      const hostsFile = path.join(dir, 'hosts');
      writeFileSync(hostsFile, `127.0.0.1 localhost ${hosts.join(' ')}\n`);
      return new Promise((resolve) => {
        const child = spawn('unshare', ['-m', 'sh', '-c', `mount --bind ${hostsFile} /etc/hosts && ${cmd}`], {
          env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', npm_config_update_notifier: 'false', PIP_DISABLE_PIP_VERSION_CHECK: '1', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b));
        child.stderr.on('data', (b: Buffer) => (out += b));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    }
    const CERT_ERROR = /CERT|certificate|self[- ]signed|SSLError|issuer/i;
    /** A 'given' run must have reached the server: no name, connect or TLS failure of any kind. */
    const reached = (out: string): boolean => !CERT_ERROR.test(out) && !/resolve host|ENOTFOUND|EAI_AGAIN|refused|ECONNRESET|timed out|Failed to establish/i.test(out);

    before(function () {
      if (process.getuid?.() !== 0 || spawnSync('unshare', ['-m', 'true']).status !== 0) {
        console.log('      skipped: needs root for a private mount namespace (/etc/hosts for the lab names)');
        this.skip();
      }
    });

    async function verdicts(home: string, ws: string, tools: string): Promise<Record<string, string | undefined>> {
      const doc = parseJson<ScanDoc>(await scan(home, ws, ['--tools', tools]));
      return Object.fromEntries(doc.toolchain.endpoints.map((e) => [e.tool, e.id]));
    }

    it('npm: ok with .npmrc cafile, a certificate error without', async () => {
      const { home, ws } = fullHome();
      const bare = mkdtempSync(path.join(dir, 'home-'));
      write(path.join(bare, '.npmrc'), `registry=${url('registry')}\n`);
      assert.equal((await verdicts(home, ws, 'npm')).npm, 'ok');
      assert.equal((await verdicts(bare, ws, 'npm')).npm, 'tls.cert-untrusted');
      const given = await realTool(home, `npm ping --fetch-retries=0 --fetch-timeout=10000`);
      if (process.env.CD_TRACE) console.log(given.out);
      assert.ok(reached(given.out) && given.code === 0, `npm with the cafile: ${given.out}`);
      const notGiven = await realTool(bare, `npm ping --fetch-retries=0 --fetch-timeout=10000`);
      assert.notEqual(notGiven.code, 0);
      assert.match(notGiven.out, CERT_ERROR, `npm without the cafile: ${notGiven.out}`);
    });

    it('git: the remote verifies with http.sslCAInfo, not without', async () => {
      const { home, ws } = fullHome();
      const bare = mkdtempSync(path.join(dir, 'home-'));
      assert.equal((await verdicts(home, ws, 'git')).git, 'ok');
      assert.equal((await verdicts(bare, ws, 'git')).git, 'tls.cert-untrusted');
      const given = await realTool(home, `git ls-remote ${url('git', '/team/repo.git')}`, { GIT_TERMINAL_PROMPT: '0' });
      if (process.env.CD_TRACE) console.log(given.out);
      assert.ok(reached(given.out), `git with sslCAInfo: ${given.out}`);
      const notGiven = await realTool(bare, `git ls-remote ${url('git', '/team/repo.git')}`, { GIT_TERMINAL_PROMPT: '0' });
      assert.match(notGiven.out, /SSL certificate problem|certificate verification failed/i, `git without: ${notGiven.out}`);
    });

    it('pip: the index verifies with pip.conf cert, not without', async function () {
      const py = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-m', 'pip', '--version']).status === 0);
      if (!py) {
        console.log('      skipped: no pip (Debian: apt-get install python3-pip)');
        this.skip();
      }
      const { home, ws } = fullHome();
      const bare = mkdtempSync(path.join(dir, 'home-'));
      write(path.join(bare, '.config/pip/pip.conf'), `[global]\nindex-url = ${url('pypi', '/simple/')}\n`);
      assert.equal((await verdicts(home, ws, 'pip')).pip, 'ok');
      assert.equal((await verdicts(bare, ws, 'pip')).pip, 'tls.cert-untrusted');
      const cmd = `${py} -m pip download --no-deps --retries 0 --timeout 10 -d ${dir}/pipdl conndoc-no-such-package`;
      const given = await realTool(home, cmd, { PIP_CONFIG_FILE: path.join(home, '.config/pip/pip.conf') });
      if (process.env.CD_TRACE) console.log(given.out);
      assert.ok(reached(given.out) && /No matching distribution/.test(given.out), `pip with cert: ${given.out}`);
      const notGiven = await realTool(bare, cmd, { PIP_CONFIG_FILE: path.join(bare, '.config/pip/pip.conf') });
      assert.match(notGiven.out, CERT_ERROR, `pip without: ${notGiven.out}`);
    });
  });
});
