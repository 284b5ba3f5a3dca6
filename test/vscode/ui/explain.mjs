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
  const light = /light/i.test(theme);
  await until(`theme ${theme} applied`, () => page.evaluate((l) =>
    document.querySelector('.monaco-workbench')?.classList.contains(l ? 'vs' : 'vs-dark'), light), { timeout: 10_000 });
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
