// Probing from the editor: the context menu on a URL, and the palette's "Probe URL…" input.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
 * first moment the ✓ decoration on `url`'s line is rendered: checked on every DOM mutation in the editor that shows
 * the URL and on every animation frame (a decoration can arrive as a style rule without a mutation), so the number
 * is the user's wait with no automation round trips in it.
 */
async function watchProbeToDecoration(page, url) {
  await page.evaluate((u) => {
    const w = (window.__cdWatch = { clickAt: 0, decoAt: 0 });
    const onLine = () => [...document.querySelectorAll('.monaco-editor .view-line')].filter((l) => l.textContent.replace(/\u00a0/g, ' ').includes(u));
    const shown = () => onLine().some((line) => [...line.querySelectorAll('span')].some((s) => getComputedStyle(s, '::after').content.includes('✓')));
    const check = () => {
      if (!w.clickAt || w.decoAt) return;
      if (shown()) {
        w.decoAt = performance.now();
        obs.disconnect();
      }
    };
    const obs = new MutationObserver(check);
    const frame = () => {
      check();
      if (!w.decoAt) requestAnimationFrame(frame);
    };
    document.addEventListener('mouseup', (e) => {
      const item = e.composedPath().find((n) => n instanceof Element && n.classList.contains('action-item'));
      if (w.clickAt || !item?.textContent.includes('Probe URL at Cursor')) return;
      w.clickAt = performance.now();
      const editor = onLine()[0]?.closest('.monaco-editor') ?? document.body;
      obs.observe(editor, { subtree: true, childList: true, attributes: true, characterData: true });
      requestAnimationFrame(frame);
    }, true);
  }, url);
  return async () =>
    page.evaluate(() => {
      const w = window.__cdWatch;
      const wall = (t) => new Date(performance.timeOrigin + t).toISOString().slice(11, 23);
      return w.decoAt ? { ms: Math.round(w.decoAt - w.clickAt), click: wall(w.clickAt), shown: wall(w.decoAt) } : undefined;
    });
}

/** One timed "Probe URL at Cursor" on `url` (its ✓ must not be showing yet); returns [click → ✓ ms, decoration text]. */
async function timedProbe(page, url) {
  const elapsed = await watchProbeToDecoration(page, url);
  await probeAtCursor(page, url);
  const deco = await until('the ✓ decoration after the URL', async () => (await afterDecorations(page, url)).find((t) => t.includes('✓')));
  const t = await until('the page timed the ✓', elapsed, { timeout: 5000 });
  if (process.env.CD_VSCODE_TRACE) console.log(`  click at ${t.click}, ✓ shown at ${t.shown}: ${t.ms} ms`);
  return [t.ms, deco];
}

/** The extension's log lines about probing (its output channel's file in the server's user data), for CD_VSCODE_TRACE=1. */
function probeLogLines(server) {
  const ud = server.runDir.userData;
  return readdirSync(ud, { recursive: true })
    .filter((p) => String(p).endsWith('Connection Doctor.log'))
    .flatMap((p) => readFileSync(join(ud, String(p)), 'utf8').split('\n'))
    .filter((l) => /probe|→/.test(l));
}

/** The probe's own time in a decoration such as `✓ 200 · 84 ms` or `✓ 200 · 3.2 ms`. */
const probeMsOf = (deco) => Number(/· (\d+(?:\.\d)?) ms/.exec(deco)?.[1]);

/** Timed repeats: one sample on a machine shared with other work says little, the median of a few says more. */
const REPEATS = 5;

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
    async run({ page, server, cases, shots, metrics }) {
      const url = cases.ok.url;
      await openFile(page, 'services.md');
      const [first, deco] = await timedProbe(page, url);
      assert.match(deco, /✓ \d{3} · \d+(\.\d)? ms/);
      const samples = [[first, probeMsOf(deco)]];
      for (let i = 1; i < REPEATS; i++) {
        await runCommand(page, 'Connection Doctor: Clear Results');
        await until('the decoration cleared', async () => !(await afterDecorations(page, url)).some((t) => t.includes('✓')));
        const [ms, text] = await timedProbe(page, url);
        samples.push([ms, probeMsOf(text)]);
      }
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      metrics.probeToDecorationMs = median(samples.map((s) => s[0]));
      metrics.probeMs = median(samples.map((s) => s[1]));
      metrics.probeToDecorationSamples = samples.map((s) => s[0]);
      if (process.env.CD_VSCODE_TRACE) console.log(probeLogLines(server).join('\n'));
      await showResults(page);
      // The row's description reads like "ok 200 · 84 ms".
      const row = await until('a Results row for the URL with its status', async () =>
        (await treeRows(page, new URL(url).host)).find((t) => /\bok 200\b.*\bms\b/.test(t)));
      assert.match(row, /ok 200/);
      await screenshot(page, shots, 'tree-and-decoration-dark');
    },
  },
];
