// The explanation webview: content for a tls.reset lab URL, in dark and light themes.
import assert from 'node:assert/strict';
import { openFile, runCommand, screenshot, textRect, until, webviewFrame, afterDecorations } from '../workbench.mjs';
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

const THEMES = ['Dark Modern', 'Light Modern', 'Dark High Contrast', 'Light High Contrast'];

/**
 * Switches the colour theme with the picker, by keyboard: the picker previews each row it passes, and a click on
 * a row that is re-rendering never lands. Typing the name leaves the match focused; Enter takes it.
 */
export async function setTheme(page, theme) {
  const hc = /high contrast/i.test(theme);
  const light = /light/i.test(theme);
  const cls = hc ? (light ? 'hc-light' : 'hc-black') : light ? 'vs' : 'vs-dark';
  const applied = () => page.evaluate((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cls);
  if (await applied()) return;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // A webview that takes the focus as it loads closes the picker: open it again.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Preferences: Color Theme');
    if (await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) break;
    if (attempt >= 4) throw new Error('the colour theme picker did not stay open');
  }
  await input.fill(theme);
  await until(`"${theme}" focused in the theme picker`, () => page.evaluate((t) => {
    const row = document.querySelector('.quick-input-widget .monaco-list-row.focused');
    return (row?.getAttribute('aria-label') ?? '').startsWith(t);
  }, theme), { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await until(`theme ${theme} applied`, applied, { timeout: 15_000 });
}

/** WCAG contrast of the first `selector` in the page against what is behind it (the first opaque background up). */
async function contrast(page, selector) {
  return webviewFrame(page).locator(selector).first().evaluate((el) => {
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
  {
    name: 'the explanation page is legible in dark, light, dark high contrast and light high contrast',
    async run({ page, cases, shots }) {
      await openFile(page, 'services.md');
      await explainUrl(page, cases['tls.reset'].url);
      // The URL at the top and the explanation's text, each against what is behind it: WCAG AA, 4.5:1.
      const checks = { 'the URL': '.url code', 'the body text': '.explanation p' };
      try {
        for (const theme of THEMES) {
          await setTheme(page, theme);
          // The page restyles after the workbench: wait for its body to carry the new theme kind.
          const kind = /high contrast/i.test(theme) ? (/light/i.test(theme) ? 'vscode-high-contrast-light' : 'vscode-high-contrast') : /light/i.test(theme) ? 'vscode-light' : 'vscode-dark';
          await until(`the page in ${theme}`, () => webviewFrame(page).locator('body').evaluate((b, k) => b.classList.contains(k) && (k !== 'vscode-high-contrast' || !b.classList.contains('vscode-high-contrast-light')), kind).catch(() => false), { timeout: 10_000 });
          for (const [what, selector] of Object.entries(checks)) {
            const c = await until(`${what}'s colours in ${theme}`, () => contrast(page, selector).catch(() => undefined), { timeout: 10_000 });
            assert.ok(c.ratio >= 4.5, `${theme}: ${what} is ${c.fg} on ${c.bg}, contrast ${c.ratio.toFixed(2)} (WCAG AA needs 4.5)`);
          }
          await screenshot(page, shots, `webview-${theme.toLowerCase().replace(/ /g, '-')}`);
        }
      } finally {
        await setTheme(page, 'Dark Modern');
      }
    },
  },
];
