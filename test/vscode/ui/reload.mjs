// Developer: Reload Window keeps what the user saw: decorations, the tree (and its grouping), Problems and the
// explanation page agree after the reload, each saying how old the result is. Runs last: it reloads the page.
import assert from 'node:assert/strict';
import { afterDecorations, openFile, runCommand, screenshot, textRect, treeRows, until, waitForWorkbench, webviewFrame } from '../workbench.mjs';
import { showResults } from './probe.mjs';

const AGE = /just now|\d+ min ago/;

/** Clicks one of the Results view's title actions (the view is alone in its container: they sit in its title bar). */
async function viewAction(page, label) {
  await page.locator('.part.sidebar .composite.title').first().hover();
  await page.locator(`.part.sidebar .action-label[aria-label="${label}"]`).first().click();
}

/** The Problems panel's rows (the panel is a virtual list: only what fits is in the DOM). */
async function problemRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

export const tests = [
  {
    name: 'results, their grouping and the explanation page survive "Developer: Reload Window", shown with their age',
    // A reload restarts the extension host and the language server.
    timeout: 180_000,
    async run({ page, cases, shots, knowledge }) {
      const bad = cases['tls.reset'].url;
      const ok = cases.ok.url;
      await runCommand(page, 'Connection Doctor: Clear Results');
      await openFile(page, 'services.md');
      await runCommand(page, 'Connection Doctor: Probe URLs in This File');
      await until('both results decorated', async () =>
        (await afterDecorations(page, bad)).some((t) => t.startsWith('✗')) && (await afterDecorations(page, ok)).some((t) => t.startsWith('✓')), { timeout: 30_000 });
      await showResults(page);
      await viewAction(page, 'Group by Host');
      const host = new URL(bad).host;
      await until('the tree grouped by host', async () => (await treeRows(page, host)).length > 0);
      // The README's pictures (dark theme): the tree beside the decorated file, and a hover.
      await screenshot(page, shots, 'readme-tree-and-decorations', { x: 0, y: 0, width: 1150, height: 250 });
      const r = await textRect(page, bad);
      await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
      const hover = page.locator('.monaco-hover', { hasText: 'Probe again' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      const hb = await hover.boundingBox();
      await screenshot(page, shots, 'readme-hover', { x: Math.max(0, hb.x - 20), y: Math.max(0, hb.y - 20), width: hb.width + 40, height: hb.height + r.height + 50 });
      await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
      await runCommand(page, 'Connection Doctor: Explain Result');
      const body = webviewFrame(page).locator('body');
      await until('the explanation page', async () => (await body.innerText().catch(() => '')).includes(knowledge['tls.reset'].title), { timeout: 15_000 });
      const wb = await page.locator('iframe.webview.ready').last().boundingBox();
      await screenshot(page, shots, 'readme-explanation', { x: wb.x, y: wb.y, width: wb.width, height: Math.min(wb.height, 620) });
      // Results are written to workspace state a second after the last one arrived.
      await new Promise((res) => setTimeout(res, 3000));

      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(page, 'Developer: Reload Window').catch(() => undefined);
      await reloaded;
      await waitForWorkbench(page);

      const deco = await until('the kept ✗ decoration, with its age', async () => (await afterDecorations(page, bad)).find((t) => t.startsWith('✗') && AGE.test(t)), { timeout: 60_000 });
      assert.match(deco, /TLS reset/);
      const page2 = await until('the restored page says how old its result is', async () => {
        const text = await webviewFrame(page).locator('body').innerText().catch(() => '');
        return /before the window was reloaded/.test(text) && text;
      }, { timeout: 30_000 });
      assert.ok(page2.includes(knowledge['tls.reset'].title), 'the restored page lost its diagnosis');
      await showResults(page);
      // Grouped by host still: the host is a group row of its own, the URL row under it says tls.reset and its age.
      const rows = await until('the tree, grouped by host, with the kept results and their age', async () => {
        const rs = await treeRows(page, '');
        const group = rs.some((t) => t.startsWith(host));
        const entry = rs.find((t) => /tls\.reset/.test(t) && AGE.test(t));
        return group && entry && rs;
      }, { timeout: 30_000 });
      assert.ok(rows.some((t) => /ok 200/.test(t) && AGE.test(t)), `the healthy result is missing: ${rows.join(' / ')}`);
      await screenshot(page, shots, 'after-reload-dark');
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problem = await until('the Problems entry for the kept failure', async () => (await problemRows(page)).find((t) => /before reload/.test(t)), { timeout: 15_000 });
      assert.match(problem, /TLS/);
    },
  },
];
