// The Toolchain section of the Results view in the real extension host: a home written here (the tools' files
// pointing at the fault lab), read only for the tools chosen in connectionDoctor.toolchain.tools, each endpoint
// probed with its tool's own CA and TLS server name — and the tokens planted in those files on no surface.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionDoctorApi } from '../../../src/extension/extension';
import type { Node } from '../../../src/extension/tree';
import { MODE, api, labCases, until } from './helpers';

const SECRETS = ['PLANTED-NPM-TOKEN-7', 'PLANTED-PIP-PASSWORD-7', 'PLANTED-KUBE-TOKEN-7', 'PLANTED-KUBE-KEY-7', 'PLANTED-DOCKER-AUTH-7'];
/** Variables of this machine that would point the tools elsewhere than the home written here. */
const UNSET = ['NPM_CONFIG_USERCONFIG', 'npm_config_userconfig', 'NPM_CONFIG_REGISTRY', 'npm_config_registry', 'NPM_CONFIG_CAFILE', 'npm_config_cafile', 'PIP_CONFIG_FILE', 'PIP_INDEX_URL', 'PIP_CERT', 'KUBECONFIG', 'DOCKER_CONFIG', 'XDG_CONFIG_HOME'];

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Every node under `node`, depth first. */
function walk(a: ConnectionDoctorApi, node?: Node): Node[] {
  return a.tree.getChildren(node).flatMap((n) => [n, ...walk(a, n)]);
}

/** What a user can see of a tree item: label, description, tooltip. */
function shown(item: vscode.TreeItem): string {
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  const tip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
  return `${label} ${String(item.description ?? '')} ${tip}`;
}

suite(`toolchain section (${MODE} workspace)`, () => {
  let a: ConnectionDoctorApi;
  let home: string;
  /** The lab's CONNECT proxy, named only in .npmrc. */
  let proxy: string;
  const conf = () => vscode.workspace.getConfiguration('connectionDoctor');
  const G = vscode.ConfigurationTarget.Global;

  suiteSetup(async () => {
    a = await api();
    const cases = await labCases();
    const ok = cases.find((c) => c.name === 'ok-https-h1');
    const labProxy = cases.find((c) => c.name === 'ok-proxy')?.options.proxy;
    assert.ok(ok && typeof labProxy === 'string', 'the lab has ok-https-h1 and ok-proxy');
    proxy = labProxy;
    const port = Number(new URL(ok.url).port);
    const caPem = (ok.options.ca ?? []).join('\n');
    assert.match(caPem, /BEGIN CERTIFICATE/, 'the lab case carries its CA');
    const url = (h: string, p = '/'): string => `https://${h}.lab.test:${port}${p}`;
    home = mkdtempSync(join(tmpdir(), 'cd-toolchain-home-'));
    write(join(home, 'certs/corp-ca.pem'), caPem);
    write(join(home, '.npmrc'), `registry=${url('registry')}\ncafile=${join(home, 'certs/corp-ca.pem')}\nhttps-proxy=${proxy}\n//registry.lab.test:${port}/:_authToken=${SECRETS[0]}\n`);
    write(join(home, '.config/pip/pip.conf'), `[global]\nindex-url = https://deploy:${SECRETS[1]}@pypi.lab.test:${port}/simple/\ncert = ${join(home, 'certs/corp-ca.pem')}\n`);
    const caData = Buffer.from(caPem).toString('base64');
    write(
      join(home, '.kube/config'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- cluster:\n    certificate-authority-data: ${caData}\n    server: ${url('k8s').slice(0, -1)}\n  name: lab`,
        `- cluster:\n    server: ${url('k8s').slice(0, -1)}\n  name: noca`,
        `- cluster:\n    certificate-authority-data: ${caData}\n    server: https://127.0.0.1:${port}\n    tls-server-name: k8s.lab.test\n  name: byip`,
        'users:',
        `- name: admin\n  user:\n    token: ${SECRETS[2]}\n    client-key-data: ${SECRETS[3]}`,
        '',
      ].join('\n'),
    );
    write(join(home, '.docker/config.json'), JSON.stringify({ auths: { [`docker.lab.test:${port}`]: { auth: SECRETS[4] } } }));
    // Every name these endpoints use stays on loopback (Docker Hub is always listed: pinned here too).
    const resolve: Record<string, string[]> = { 'registry-1.docker.io:443': ['127.0.0.1'] };
    for (const h of ['registry', 'pypi', 'k8s', 'docker']) resolve[`${h}.lab.test:${port}`] = ['127.0.0.1'];
    await conf().update('resolve', resolve, G);
    await conf().update('timeout', 4000, G);
    // The extension's own CA is not the tool's: with it set, a tool not given the CA must still fail.
    const ownCa = join(home, 'extension-ca.pem');
    write(ownCa, caPem);
    await conf().update('caFile', ownCa, G);
    await conf().update('toolchain.home', home, G);
    await conf().update('toolchain.env', Object.fromEntries(UNSET.map((k) => [k, ''])), G);
  });

  suiteTeardown(async () => {
    for (const k of ['toolchain.tools', 'toolchain.home', 'toolchain.env', 'caFile', 'resolve']) await conf().update(k, undefined, G);
    rmSync(home, { recursive: true, force: true });
  });

  if (MODE === 'untrusted') {
    test('untrusted: nothing is read or probed, and the tree has no Toolchain section', async () => {
      await conf().update('toolchain.tools', ['npm', 'kubectl'], G);
      await vscode.commands.executeCommand('connectionDoctor.probeToolchain');
      await a.toolchain.refresh();
      assert.equal(a.toolchain.state, undefined);
      assert.ok(!a.tree.getChildren().some((n) => n.kind === 'toolchain'), 'no Toolchain section');
      assert.ok(a.log.lines.some((l) => l.includes('toolchain: not read, the workspace is not trusted')), a.log.lines.slice(-5).join('\n'));
      assert.ok(!a.log.lines.some((l) => l.includes('.npmrc') || l.includes('.kube/config')), 'no file named as read');
    });
    return;
  }

  test('no tool chosen: no section, nothing read', async () => {
    await conf().update('toolchain.tools', [], G);
    await until('the setting to apply', () => conf().get<string[]>('toolchain.tools')?.length === 0);
    assert.equal(await a.toolchain.refresh(), undefined);
    assert.ok(!a.tree.getChildren().some((n) => n.kind === 'toolchain'));
  });

  test('each endpoint is named by tool and file, probed with that tool’s CA, proxy and server name; the files read are listed', async () => {
    await conf().update('toolchain.tools', ['npm', 'pip', 'kubectl', 'docker'], G);
    const state = await until('the toolchain to be read and probed', () => a.toolchain.state?.kind === 'done' && a.toolchain.state, 60_000);
    assert.equal(state.kind, 'done');

    const top = a.tree.getChildren();
    assert.equal(top[0]?.kind, 'toolchain', 'the Toolchain section comes first');
    const section = a.tree.getTreeItem(top[0]);
    assert.equal(section.label, 'Toolchain');
    const children = a.tree.getChildren(top[0]);
    const files = children.find((n) => n.kind === 'toolchain.files');
    assert.ok(files);
    const filesItem = a.tree.getTreeItem(files);
    for (const f of ['~/.npmrc', '~/.config/pip/pip.conf', '~/.kube/config', '~/.docker/config.json']) assert.ok(String(filesItem.tooltip).includes(f), `${f} listed as read: ${String(filesItem.tooltip)}`);

    const rows = children.filter((n) => n.kind === 'toolchain.endpoint').map((n) => ({ n, item: a.tree.getTreeItem(n) }));
    const row = (label: string) => {
      const r = rows.find((x) => String(x.item.label).startsWith(label));
      assert.ok(r, `a row "${label}…" among ${rows.map((x) => x.item.label).join(' | ')}`);
      return r;
    };
    const npm = row('npm registry, from ~/.npmrc line 1');
    assert.match(String(npm.item.description), /^ok/, 'the CA in .npmrc cafile verifies the registry');
    assert.equal((npm.item.iconPath as vscode.ThemeIcon).id, 'pass');
    const npmKids = a.tree.getChildren(npm.n).map((n) => a.tree.getTreeItem(n));
    assert.ok(npmKids.some((i) => i.label === "npm's CA" && String(i.description).startsWith('cafile (~/.npmrc line 2)')), npmKids.map(shown).join(' | '));
    assert.ok(npmKids.some((i) => i.label === "npm's proxy" && String(i.description).startsWith(`${proxy} (~/.npmrc line 3)`)), npmKids.map(shown).join(' | '));
    assert.ok(npmKids.some((i) => i.label === 'differs' && String(i.description).includes('the environment says direct')), 'the difference from the environment is said');
    const npmPhases = a.tree.getChildren(npm.n).filter((n): n is Extract<Node, { kind: 'phase' }> => n.kind === 'phase');
    assert.equal(npmPhases.find((p) => p.phase.phase === 'proxy')?.phase.status, 'ok', 'the probe went through the proxy named only in .npmrc');
    assert.ok(npmKids.some((i) => i.label === 'tls'), 'the phases, as on every other row');
    // The row opens the file at the line the endpoint came from.
    assert.equal((npm.item.command?.arguments?.[0] as vscode.Uri).fsPath, join(home, '.npmrc'));

    assert.match(String(row('pip index, from ~/.config/pip/pip.conf line 2').item.description), /^ok/, 'pip.conf cert verifies the index');
    assert.match(String(row('kubectl cluster lab, from ~/.kube/config').item.description), /^ok/, 'certificate-authority-data verifies the API server');
    const byIp = row('kubectl cluster byip');
    assert.match(String(byIp.item.description), /^ok/, 'tls-server-name is the name the certificate is checked against');
    assert.ok(a.tree.getChildren(byIp.n).map((n) => a.tree.getTreeItem(n)).some((i) => i.label === "kubectl's TLS server name" && i.description === 'k8s.lab.test'));
    const noca = row('kubectl cluster noca');
    assert.match(String(noca.item.description), /^tls\.cert-untrusted/, "no CA for this cluster: kubectl would not connect, whatever the extension's own caFile");
    assert.equal((noca.item.iconPath as vscode.ThemeIcon).id, 'error');
    const fixes = a.tree.getChildren(noca.n).map((n) => a.tree.getTreeItem(n)).filter((i) => i.label === 'fix');
    assert.ok(fixes.some((i) => String(i.description).startsWith('kubectl config set-cluster noca --certificate-authority=')), fixes.map(shown).join(' | '));
    assert.ok(row('docker registry docker.lab.test'));
  });

  test('the tokens and passwords in those files appear in no tree row, tooltip or log line', async () => {
    const state = await until('the toolchain', () => a.toolchain.state?.kind === 'done' && a.toolchain.state, 60_000);
    assert.equal(state.kind, 'done');
    const text = walk(a).filter((n) => n.kind.startsWith('toolchain')).map((n) => shown(a.tree.getTreeItem(n)));
    assert.ok(text.length > 10, 'the section was walked');
    assert.ok(text.some((t) => t.includes('not shown, not sent')), 'the pip row says its URL carried credentials');
    const everything = [...text, ...a.log.lines, JSON.stringify(state)].join('\n');
    for (const s of SECRETS) assert.ok(!everything.includes(s), `${s} shown`);
    assert.ok(a.log.lines.some((l) => l.includes('toolchain: read ~/.npmrc')), 'the log names the files read');
  });

  test('removing every tool removes the section', async () => {
    await conf().update('toolchain.tools', [], G);
    await until('the section to go', () => !a.tree.getChildren().some((n) => n.kind === 'toolchain'));
  });
});
