// Probing from the editor: the context menu on a URL, and the palette's "Probe URL…" input.
import assert from 'node:assert/strict';
import { acceptInputBox, afterDecorations, clickMenuItem, openFile, runCommand, screenshot, textRect, treeRows, until, waitForInputBox } from '../workbench.mjs';

/** Shows the Results view (its auto-generated focus command) so its rows are in the DOM. */
export async function showResults(page) {
  await runCommand(page, 'Connection Doctor: Focus on Results View');
  await page.locator('.monaco-list-row[role="treeitem"]').first().waitFor({ timeout: 10_000 }).catch(() => {});
}

/** Right-clicks inside `url` in the active editor and picks "Probe URL at Cursor". */
export async function probeAtCursor(page, url) {
  const r = await until(`${url} visible in the editor`, () => textRect(page, url));
  const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
  await page.mouse.click(x, y);
  // The menu item shows when the extension has set `connectionDoctor.onUrl` for the new cursor position,
  // a round trip through the extension host: like a user, open the menu again if it came up too early.
  for (let attempt = 1; ; attempt++) {
    await page.mouse.click(x, y, { button: 'right' });
    try {
      await clickMenuItem(page, 'Probe URL at Cursor', { timeout: 2000 });
      return;
    } catch (e) {
      if (attempt >= 5) throw new Error(`"Probe URL at Cursor" missing from the editor context menu on ${url} (${attempt} tries)`);
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Times, inside the page, the release of the mouse on "Probe URL at Cursor" (menu actions run on mouseup) to the
 * DOM mutation that shows a ✓ decoration on `url`'s line: no automation round trips in the number.
 */
async function watchProbeToDecoration(page, url) {
  await page.evaluate((u) => {
    const w = (window.__cdWatch = { clickAt: 0, decoAt: 0 });
    document.addEventListener('mouseup', (e) => {
      const item = e.composedPath().find((n) => n instanceof Element && n.classList.contains('action-item'));
      if (!w.clickAt && item?.textContent.includes('Probe URL at Cursor')) w.clickAt = performance.now();
    }, true);
    const shown = () => [...document.querySelectorAll('.monaco-editor .view-line')].some((line) =>
      line.textContent.replace(/\u00a0/g, ' ').includes(u) &&
      [...line.querySelectorAll('span')].some((s) => getComputedStyle(s, '::after').content.includes('✓')));
    const obs = new MutationObserver(() => {
      if (w.clickAt && shown()) {
        w.decoAt = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.querySelector('.monaco-editor .view-lines') ?? document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, url);
  return async () => page.evaluate(() => (window.__cdWatch.decoAt ? Math.round(window.__cdWatch.decoAt - window.__cdWatch.clickAt) : undefined));
}

export const tests = [
  {
    name: 'palette "Probe URL…" with a typed URL fills the Results tree',
    async run({ page, cases }) {
      const url = cases['tls.reset'].url;
      await runCommand(page, 'Connection Doctor: Probe URL…');
      const input = await waitForInputBox(page);
      await input.fill(url);
      await acceptInputBox(page);
      await showResults(page);
      const rows = await until('a Results row for the typed URL with its diagnosis', async () =>
        (await treeRows(page, new URL(url).host)).find((t) => /tls\.reset|TLS reset/i.test(t)));
      assert.match(rows, /tls\.reset|TLS reset/i);
    },
  },
  {
    name: 'right-click a URL → "Probe URL at Cursor" → decoration and tree row show the result',
    async run({ page, cases, shots, metrics }) {
      const url = cases.ok.url;
      await openFile(page, 'services.md');
      const elapsed = await watchProbeToDecoration(page, url);
      await probeAtCursor(page, url);
      const deco = await until('the ✓ decoration after the URL', async () =>
        (await afterDecorations(page, url)).find((t) => t.includes('✓')));
      metrics.probeToDecorationMs = await elapsed();
      metrics.probeMs = Number(/· (\d+) ms/.exec(deco)?.[1]);
      assert.match(deco, /✓ \d{3} · \d+ ms/);
      await showResults(page);
      // The row's description reads like "ok 200 · 84 ms".
      const row = await until('a Results row for the URL with its status', async () =>
        (await treeRows(page, new URL(url).host)).find((t) => /\bok 200\b.*\bms\b/.test(t)));
      assert.match(row, /ok 200/);
      await screenshot(page, shots, 'tree-and-decoration-dark');
    },
  },
];
