// The packaged extension: installed from the .vsix into a fresh extensions folder, it activates and probes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, makeRunDir, startCodeServer } from '../codeserver.mjs';
import { afterDecorations, newPage, openFile, runCommand, screenshot, until, waitForWorkbench } from '../workbench.mjs';

export const EXTENSION_ID = 'connection-doctor.connection-doctor';

export async function vsixTest({ prov, browser, vsix, cases, shots, makeWorkspace }) {
  const runDir = makeRunDir();
  installExtension(prov, runDir, vsix);
  const installed = readdirSync(runDir.extensions).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
  assert.equal(installed.length, 1, `expected ${EXTENSION_ID}-<version> in the extensions dir, found ${readdirSync(runDir.extensions)}`);
  assert.ok(existsSync(join(runDir.extensions, installed[0], 'dist/extension.js')), 'installed extension has no dist/extension.js');
  const ws = makeWorkspace(runDir);
  const server = await startCodeServer(prov, { workspace: ws, runDir });
  const page = await newPage(browser);
  try {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
    await waitForWorkbench(page);
    await openFile(page, 'services.md');
    await runCommand(page, 'Connection Doctor: Probe URLs in This File');
    const ok = await until('✓ decoration on the ok URL', async () =>
      (await afterDecorations(page, cases.ok.url)).find((t) => t.includes('✓')), { timeout: 30_000 });
    assert.match(ok, /✓ \d{3}/);
    const bad = await until('✗ decoration on the tls.reset URL', async () =>
      (await afterDecorations(page, cases['tls.reset'].url)).find((t) => t.includes('✗')), { timeout: 30_000 });
    assert.match(bad, /✗/);
    await screenshot(page, shots, 'vsix-probe-file');
  } catch (e) {
    await screenshot(page, shots, 'FAIL-vsix').catch(() => {});
    throw e;
  } finally {
    await page.context().close().catch(() => {});
    await server.stop();
  }
}
