#!/usr/bin/env node
// `npm run test:vscode`: the extension in a real VS Code (code-server + Debian's Chromium), after the build.
//   1. the extension-host suite (out/test/vscode/suite/index.js) in a trusted workspace
//   2. the UI suite (test/vscode/ui/*.mjs) driven with Playwright, screenshots in test-results/screenshots/
//   3. the extension-host suite again in an UNTRUSTED workspace (CD_TEST_MODE=untrusted)
//   3b. suite/sides.test.ts with the UI-side companion installed (a remote window's two sides)
//   4. `npm run package`, then the .vsix installed into a fresh code-server activates and probes
// Prints "N passed, N failed" and exits non-zero on any failure. See test/vscode/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provision } from '../../scripts/vscode/provision.mjs';
import { installExtension, makeRunDir, payloadUrl, startCodeServer } from './codeserver.mjs';
import { runExtensionTests } from './exthost.mjs';
import { pickCases, repo, startLab, writeWorkspace } from './fixture.mjs';
import { launchBrowser, newPage, runCommand, screenshot, until, waitForWorkbench, withTimeout } from './workbench.mjs';
import { tests as probeTests } from './ui/probe.mjs';
import { tests as explainTests } from './ui/explain.mjs';
import { tests as hostileTests } from './ui/hostile.mjs';
import { tests as errorLinkTests } from './ui/error-link.mjs';
import { tests as toolchainTests } from './ui/toolchain.mjs';
import { tests as reloadTests } from './ui/reload.mjs';
import { vsixTest } from './ui/vsix.mjs';

const t0 = Date.now();
// CD_VSCODE_SCREENSHOTS: another folder, e.g. when two runs share the working tree.
const shots = process.env.CD_VSCODE_SCREENSHOTS ?? join(repo, 'test-results/screenshots');
const suiteEntry = join(repo, 'out/test/vscode/suite/index.js');
const only = process.env.CD_VSCODE_ONLY?.split(','); // e.g. "ui,vsix" while debugging
const wanted = (stage) => !only || only.includes(stage);
// CD_VSCODE_UI_GREP: only the UI tests whose name matches (a regular expression), while working on them.
const uiGrep = process.env.CD_VSCODE_UI_GREP ? new RegExp(process.env.CD_VSCODE_UI_GREP, 'i') : undefined;
let passed = 0;
let failed = 0;
const failures = [];
const metrics = {};

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
function record(name, ok, ms, error) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(`${name}: ${error?.message?.split('\n')[0] ?? error}`);
  }
  console.log(`  ${ok ? '✔' : '✖'} ${name} (${secs(ms)})${ok ? '' : `\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`}`);
}

async function check(name, fn, timeout = 90_000) {
  const t = Date.now();
  try {
    await withTimeout(timeout, name, fn);
    record(name, true, Date.now() - t);
    return true;
  } catch (e) {
    record(name, false, Date.now() - t, e);
    return false;
  }
}

function explainEntry(id) {
  const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'explain', id, '--json'], { encoding: 'utf8', timeout: 20_000 });
  const entry = r.status === 0 ? JSON.parse(r.stdout).entries?.find((e) => e.id === id) : undefined;
  if (!entry) throw new Error(`conndoc explain ${id} --json gave nothing (exit ${r.status}): ${r.stderr.trim()}`);
  return entry;
}

/** The companion's .vsix (companion/), packaged into `dir` for the remote-window run. */
function packageCompanion(dir) {
  const out = join(dir, 'connection-doctor-local.vsix');
  const r = spawnSync(join(repo, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], { cwd: join(repo, 'companion'), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`packaging the companion failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' | ')}`);
  return out;
}

/**
 * The extension-host suite in its own code-server; counts come from mocha's summary. `sides`: a trusted run of
 * suite/sides.test.ts alone, with the UI-side companion installed (it runs in the browser's extension host).
 */
async function extensionHostSuite(ctx, mode) {
  const name = mode === 'sides' ? 'extension-host suite (remote window: both sides, the companion in the browser)' : `extension-host suite (${mode} workspace)`;
  console.log(`\n${name}`);
  if (!existsSync(suiteEntry)) {
    record(name, false, 0, new Error(`${suiteEntry} missing (tsc compiles test/vscode/suite/index.ts)`));
    return;
  }
  const runDir = makeRunDir();
  const ws = ctx.makeWorkspace(runDir);
  if (mode === 'sides') {
    try {
      installExtension(ctx.prov, runDir, packageCompanion(runDir.dir));
    } catch (e) {
      record(name, false, 0, e);
      runDir.remove();
      return;
    }
  }
  const server = await startCodeServer(ctx.prov, { workspace: ws, runDir, trust: mode !== 'untrusted' });
  const t = Date.now();
  try {
    const grep = mode === 'sides' ? 'both sides' : process.env.CD_VSCODE_EXTHOST_GREP ?? '';
    const r = await runExtensionTests(ctx.browser, server, {
      folder: ws,
      extensionDevelopmentPath: repo,
      extensionTestsPath: suiteEntry,
      env: { CD_TEST_MODE: mode === 'untrusted' ? 'untrusted' : 'trusted', CD_TEST_LAB: ctx.labFile, CD_TEST_WORKSPACE: ws, CD_TEST_GREP: grep, ...(mode === 'sides' ? { CD_TEST_SIDES: '1' } : {}) },
      // The 5,000-URL file (suite/scale.test.ts) takes minutes on a loaded machine.
      timeout: 600_000,
    });
    writeFileSync(join(repo, `test-results/exthost-${mode}.log`), r.lines.join('\n') + '\n');
    if (r.passed + r.failed > 0 && (r.code === 0) === (r.failed === 0)) {
      passed += r.passed;
      failed += r.failed;
      if (r.failed) failures.push(`${name}: ${r.failed} failing (test-results/exthost-${mode}.log)`);
      console.log(`  ${r.passed} passing, ${r.failed} failing in ${secs(Date.now() - t)}`);
    } else {
      record(name, r.code === 0, Date.now() - t, new Error(`exit code ${r.code} (test-results/exthost-${mode}.log)`));
    }
  } catch (e) {
    record(name, false, Date.now() - t, e);
  } finally {
    await server.stop();
  }
}

/** The Playwright suite against one code-server with the development extension loaded. */
async function uiSuite(ctx) {
  console.log('\nUI suite (Playwright + Chromium)');
  const runDir = makeRunDir();
  const ws = ctx.makeWorkspace(runDir);
  const server = await startCodeServer(ctx.prov, { workspace: ws, runDir });
  const page = await newPage(ctx.browser);
  page.on('pageerror', (e) => console.log(`  [page error] ${e.message.split('\n')[0]}`));
  try {
    const opened = await check('workbench opens and the extension under development activates', async () => {
      await page.goto(payloadUrl(server, { folder: ws, extensionDevelopmentPath: repo }));
      await waitForWorkbench(page);
      // Show Log both waits for the extension's contributions (slow on a loaded machine) and gives its activation time.
      metrics.activationMs = await activationTime(page);
      // The user settings' dark theme arrives from the server after the first paint: screenshots wait for it.
      await until('the dark theme applied', () => page.evaluate(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark')));
      await screenshot(page, shots, 'log-after-activation');
      await runCommand(page, 'View: Hide Panel');
    });
    if (!opened) return;
    const t = { page, server, ws, cases: ctx.cases, knowledge: ctx.knowledge, shots, metrics };
    // The reload test last: it reloads the page.
    for (const test of [...probeTests, ...explainTests, ...hostileTests, ...errorLinkTests, ...toolchainTests, ...reloadTests].filter((t) => !uiGrep || uiGrep.test(t.name))) {
      // Each test starts from an empty editor area, whatever the previous one left open.
      const ok = await check(test.name, async () => {
        await runCommand(page, 'View: Close All Editor Groups');
        await test.run(t);
      }, test.timeout ?? 60_000);
      if (!ok) await screenshot(page, shots, `FAIL-${test.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
  } finally {
    await page.context().close().catch(() => {});
    await server.stop();
  }
}

/** Reads "activated in N ms" from the extension's output channel (Connection Doctor: Show Log). */
async function activationTime(page) {
  await runCommand(page, 'Connection Doctor: Show Log', { timeout: 60_000 });
  const m = await until('"activated in N ms" in the Connection Doctor log', async () => {
    const text = await page.evaluate(() => [...document.querySelectorAll('.part.panel .view-line')].map((l) => l.textContent).join('\n'));
    return /activated in (\d+(?:\.\d+)?) ?ms/.exec(text.replace(/\u00a0/g, ' '));
  }, { timeout: 15_000 });
  return Number(m[1]);
}

async function packaging(ctx) {
  console.log('\nPackaged extension (.vsix)');
  const vsix = join(repo, 'connection-doctor.vsix');
  const built = await check('npm run package produces connection-doctor.vsix', async () => {
    rmSync(vsix, { force: true });
    const r = spawnSync('npm', ['run', 'package'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    metrics.vsixBytes = statSync(vsix).size;
  }, 120_000);
  if (!built) return;
  await check('the .vsix installed with --install-extension activates and probes', () =>
    vsixTest({ ...ctx, vsix, shots }), 90_000);
}

function printNumbers() {
  const kb = (f) => (existsSync(join(repo, f)) ? `${(statSync(join(repo, f)).size / 1024).toFixed(0)} KB` : 'missing');
  console.log('\nNumbers (measured, not asserted):');
  console.log(`  activation: ${typeof metrics.activationMs === 'number' ? `${metrics.activationMs} ms` : metrics.activationMs ?? 'not measured'}`);
  const samples = metrics.probeToDecorationSamples ? `, median of ${metrics.probeToDecorationSamples.join(' / ')}` : '';
  console.log(`  Probe URL at Cursor → decoration (loopback): ${metrics.probeToDecorationMs ?? '?'} ms${samples} (the probe itself: ${metrics.probeMs ?? '?'} ms)`);
  console.log(`  bundles: extension ${kb('dist/extension.js')}, server ${kb('dist/server.js')}, webview ${kb('dist/webview.js')}`);
  console.log(`  vsix: ${metrics.vsixBytes ? `${(metrics.vsixBytes / 1024).toFixed(0)} KB` : 'not built'}`);
}

async function main() {
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  // Stale failure pictures would mislead; the others are overwritten (and a parallel run keeps its own).
  if (existsSync(shots)) for (const f of readdirSync(shots)) if (/^FAIL-.*\.png$/.test(f)) rmSync(join(shots, f), { force: true });
  let prov;
  try {
    prov = provision();
  } catch (e) {
    console.error(`test:vscode: ${e.message}`);
    return 1;
  }
  if (!existsSync(join(repo, 'dist/extension.js'))) {
    console.error('test:vscode: dist/extension.js missing — run `npm run build` first');
    return 1;
  }
  let lab;
  try {
    lab = await startLab();
  } catch (e) {
    console.error(`test:vscode: ${e.message}`);
    return 1;
  }
  const browserDir = makeRunDir();
  let browser;
  try {
    const cases = pickCases(lab);
    const labFile = join(browserDir.dir, 'lab.json');
    writeFileSync(labFile, JSON.stringify(lab.cases.map(({ name, url, options, args, expect }) => ({ name, url, options, args, expect }))));
    const knowledge = { 'tls.reset': explainEntry('tls.reset') };
    browser = await launchBrowser(prov, browserDir);
    const makeWorkspace = (runDir) => {
      const ws = join(runDir.dir, 'ws');
      writeWorkspace(ws, cases);
      return ws;
    };
    const ctx = { prov, browser, cases, knowledge, labFile, makeWorkspace };
    console.log(`lab: ok ${cases.ok.url}  tls.reset ${cases['tls.reset'].url}  hostile ${cases.hostile?.url ?? '(none)'}`);
    if (wanted('exthost')) await extensionHostSuite(ctx, 'trusted');
    if (wanted('ui')) await uiSuite(ctx);
    if (wanted('untrusted')) await extensionHostSuite(ctx, 'untrusted');
    if (wanted('sides')) await extensionHostSuite(ctx, 'sides');
    if (wanted('vsix')) await packaging(ctx);
  } catch (e) {
    record('harness', false, 0, e);
  } finally {
    await browser?.close().catch(() => {});
    await lab.close();
    browserDir.remove();
  }
  printNumbers();
  if (failures.length) console.log(`\nFailures:\n  ${failures.join('\n  ')}`);
  console.log(`\ntest:vscode took ${secs(Date.now() - t0)} (screenshots: ${shots})`);
  // This suite's line; `npm test` (scripts/test.mjs) reads the counts from CD_TEST_COUNTS and sums every suite.
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  if (process.env.CD_TEST_COUNTS) writeFileSync(process.env.CD_TEST_COUNTS, JSON.stringify({ passed, failed, skipped: 0, skippedTitles: [] }));
  if (passed + failed === 0) {
    console.log('test:vscode ran no test');
    return 1;
  }
  return failed ? 1 : 0;
}

// Exit explicitly: every server, browser and lab is closed by now, and a stray handle must not hang `npm test`.
process.exit(await main());
