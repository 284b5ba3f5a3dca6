// Starts and stops code-server (a real VS Code: server + web workbench) for the tests.
// Each server gets its own short temp folder for HOME/XDG_*/TMPDIR (socket paths must stay short)
// and runs in its own process group, so stopping it also ends the extension host and file watchers.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** User settings that keep the workbench quiet, offline and deterministic. */
export const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  // URLs must stay on one view line for the UI tests to find and click them.
  'editor.wordWrap': 'off',
  '[markdown]': { 'editor.wordWrap': 'off' },
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  // The terminal's text in the DOM (not a WebGL canvas), so the UI suite can find a printed line and hover it.
  'terminal.integrated.gpuAcceleration': 'off',
};

/** Process groups still running; killed on exit, Ctrl-C or an uncaught failure. */
const live = new Set();
/** Run folders not yet removed; removed on exit too, unless kept for debugging. */
const tempDirs = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const s of live) killGroup(s.pid, 'SIGKILL');
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping ${live.size} code-server process group(s)`);
      for (const s of live) killGroup(s.pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

/** A short per-run folder: /tmp/cdvs-XXXXXX/{home,cfg,data,cache,tmp,run,ud,ext}. */
export function makeRunDir() {
  hookExit();
  const dir = mkdtempSync('/tmp/cdvs-');
  tempDirs.add(dir);
  const sub = (n) => {
    const p = join(dir, n);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const d = {
    dir,
    home: sub('home'),
    config: sub('cfg'),
    data: sub('data'),
    cache: sub('cache'),
    tmp: sub('tmp'),
    runtime: sub('run'),
    userData: sub('ud'),
    extensions: sub('ext'),
  };
  chmodSync(d.runtime, 0o700);
  d.remove = () => {
    tempDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  return d;
}

/** Environment for code-server and anything it spawns: every writable location inside the run folder. */
export function serverEnv(d, prov) {
  return {
    PATH: `${join(prov.nodeDir, 'bin')}:${process.env.PATH}`,
    LANG: 'C.UTF-8',
    HOME: d.home,
    XDG_CONFIG_HOME: d.config,
    XDG_DATA_HOME: d.data,
    XDG_CACHE_HOME: d.cache,
    XDG_RUNTIME_DIR: d.runtime,
    TMPDIR: d.tmp,
    EXTENSIONS_GALLERY: '{}',
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Installs a .vsix into the run folder's extensions dir with code-server's CLI (no server needed). */
export function installExtension(prov, d, vsix) {
  const r = spawnSync(prov.node, [prov.codeServerEntry, '--user-data-dir', d.userData, '--extensions-dir', d.extensions,
    '--install-extension', vsix], { env: serverEnv(d, prov), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  return r.stdout.trim();
}

/**
 * Starts code-server on a random free loopback port with `workspace` open; resolves once /healthz answers.
 * `trust: false` leaves workspace trust on, so the folder opens untrusted.
 */
export async function startCodeServer(prov, { workspace, runDir = makeRunDir(), trust = true, settings = {}, keep = false }) {
  hookExit();
  const d = runDir;
  const settingsDir = join(d.userData, 'User');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const config = join(d.dir, 'config.yaml');
  writeFileSync(config, '');
  const log = join(d.dir, 'code-server.log');

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [prov.codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--config', config,
      '--user-data-dir', d.userData, '--extensions-dir', d.extensions, '--disable-telemetry', '--disable-update-check',
      ...(trust ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override', '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver', workspace];
    const fd = openSync(log, 'a');
    // detached = setsid: the server leads a new process group that stop() kills as a whole.
    const child = spawn(prov.node, args, { cwd: d.home, env: serverEnv(d, prov), detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const server = { pid: child.pid, port, base: `http://127.0.0.1:${port}`, runDir: d, workspace, log, exited: false };
    live.add(server);
    child.on('exit', () => {
      server.exited = true;
    });
    server.stop = async () => {
      if (!live.has(server)) return;
      killGroup(server.pid, 'SIGTERM');
      for (let i = 0; i < 30 && groupAlive(server.pid); i++) await sleep(100);
      killGroup(server.pid, 'SIGKILL');
      live.delete(server);
      if (keep) tempDirs.delete(d.dir);
      else d.remove();
    };
    server.logTail = () => tail(log);

    const t0 = Date.now();
    while (!server.exited && Date.now() - t0 < 30_000) {
      try {
        const res = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return server;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    killGroup(server.pid, 'SIGKILL');
    live.delete(server);
    // The port may have been taken between freePort() and bind: retry once, otherwise report.
    if (attempt >= 2 || !/EADDRINUSE/.test(tail(log))) {
      throw new Error(`code-server did not become healthy on port ${port}:\n${tail(log)}`);
    }
  }
}

/** Whether any process of the group still exists (signal 0 probes without killing). */
export function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A path on the server as the workbench addresses it. */
export const remoteUri = (server, absPath) => `vscode-remote://127.0.0.1:${server.port}${absPath}`;

/**
 * The workbench URL that runs extension tests the @vscode/test-electron way
 * (enable-smoke-test-driver + payload, results through window.codeAutomationExit).
 */
export function payloadUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, env }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  if (env) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  const q = new URLSearchParams({ folder });
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.base}/?${q}`;
}
