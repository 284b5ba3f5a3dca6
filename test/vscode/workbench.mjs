// Drives the code-server workbench in Debian's Chromium with playwright-core (never `playwright install`).
// Selectors are the ones verified in /work/shared/vscode-offline.md.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium with HOME inside the run folder; the caller closes it. */
export async function launchBrowser(prov, runDir) {
  const home = join(runDir.dir, 'chromium-home');
  mkdirSync(home, { recursive: true });
  return chromium.launch({
    executablePath: prov.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, TMPDIR: runDir.tmp, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
    timeout: 30_000,
  });
}

export async function newPage(browser, { colorScheme = 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme });
  // The clipboard API is used by "Copy as curl"; grant it so it cannot prompt.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
  return context.newPage();
}

/** Waits until the workbench has restored its editors and views. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.waitForFunction(() => window.driver !== undefined, undefined, { timeout });
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
}

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** Runs a command from the palette by its full title, e.g. "Connection Doctor: Probe URL…". */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  // The palette lists the commands known when it opens; an extension still loading adds its own later,
  // so reopen it until the command shows up.
  const t0 = Date.now();
  for (let attempt = 1; ; attempt++) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    try {
      // A row's aria-label is the title, maybe followed by ", <keybinding>" or ", similar commands".
      await pickQuickInput(page, `>${title}`, (label) => label === title || label.startsWith(`${title}, `), { timeout: 3000 });
      break;
    } catch (e) {
      if (Date.now() - t0 > timeout || attempt >= 100) throw e;
    }
  }
  const input = page.locator(QUICK_INPUT);
  await until(`palette closed after "${title}"`, async () =>
    !(await input.isVisible()) || (await input.inputValue().catch(() => '')) !== `>${title}`, { timeout: 5000 });
}

/** Types into the open quick input, then clicks the row whose aria-label satisfies `want`. */
export async function pickQuickInput(page, text, want, { timeout = 15_000 } = {}) {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(text);
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const index = await until(`a quick pick row for "${text}"`, async () => {
    const labels = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
    return labels.findIndex(want) + 1;
  }, { timeout });
  await rows.nth(index - 1).click();
}

/**
 * Presses Enter in an input box until it closes: an extension's validateInput answers asynchronously, and
 * Enter is ignored while the previous value's validation message still stands.
 */
export async function acceptInputBox(page) {
  const input = page.locator(QUICK_INPUT);
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.keyboard.press('Enter');
    if (await input.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false)) return;
  }
  throw new Error(`the input box did not accept "${await input.inputValue()}"`);
}

/** Waits for an input box opened by a command (the quick input no longer holds the palette's ">…" text). */
export async function waitForInputBox(page, { timeout = 10_000 } = {}) {
  const input = page.locator(QUICK_INPUT);
  await until('the input box', async () => (await input.isVisible()) && !(await input.inputValue()).startsWith('>'), { timeout });
  return input;
}

export async function closeQuickInput(page) {
  if (await page.locator(QUICK_INPUT).isVisible().catch(() => false)) await page.keyboard.press('Escape');
}

/** Opens a workspace file through Quick Open and waits for its editor tab to be active. */
export async function openFile(page, name, { timeout = 15_000 } = {}) {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  await pickQuickInput(page, name, (label) => label.includes(name), { timeout });
  await page.locator(`.tab.active[aria-label^="${name}"]`).first().waitFor({ timeout });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout });
}

/** Runs `fn` with a cap on how long it may take, so no UI wait can hang the run. */
export async function withTimeout(ms, what, fn) {
  let timer;
  try {
    return await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Screen rectangle of `text` in the visible editor lines (Monaco splits a line into token spans). */
export async function textRect(page, text) {
  return page.evaluate((t) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const at = (line.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(t);
      if (at < 0) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let pos = 0;
      let started = false;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent.length;
        if (!started && at < pos + len) {
          range.setStart(n, at - pos);
          started = true;
        }
        if (started && at + t.length <= pos + len) {
          range.setEnd(n, at + t.length - pos);
          const b = range.getBoundingClientRect();
          return { x: b.x, y: b.y, width: b.width, height: b.height };
        }
        pos += len;
      }
    }
    return null;
  }, text);
}

/** The `after` decoration texts on the editor line that contains `lineText` (getComputedStyle '::after'). */
export async function afterDecorations(page, lineText) {
  return page.evaluate((t) => {
    const out = [];
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      if (!(line.textContent ?? '').replace(/\u00a0/g, ' ').includes(t)) continue;
      for (const span of line.querySelectorAll('span')) {
        const c = getComputedStyle(span, '::after').content;
        if (c && c !== 'none' && c !== 'normal') out.push(c.replace(/^"|"$/g, '').replace(/\\"/g, '"'));
      }
    }
    return out;
  }, lineText);
}

/** Polls until `fn()` returns a truthy value; returns it, or throws naming `what` after `timeout` ms. */
export async function until(what, fn, { timeout = 20_000, interval = 50 } = {}) {
  const t0 = Date.now();
  let last;
  for (let i = 0; Date.now() - t0 < timeout && i < 100_000; i++) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`${what}: not seen within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** Text (label + description) of every tree row whose label contains `needle`. */
export async function treeRows(page, needle) {
  return page.evaluate((n) => [...document.querySelectorAll('.monaco-list-row[role="treeitem"]')]
    .map((r) => `${r.getAttribute('aria-label') ?? ''} | ${r.innerText.replace(/\s+/g, ' ')}`)
    .filter((t) => t.includes(n)), needle);
}

/** Clicks an entry of the open context menu (VS Code draws it in a shadow root; Playwright pierces it). */
export async function clickMenuItem(page, label, { timeout = 10_000 } = {}) {
  const item = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: label }).first();
  await item.waitFor({ state: 'visible', timeout });
  // A click that lands while the menu is still laying itself out is swallowed: retry until the menu closes.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await item.hover();
    await item.click();
    if (await item.waitFor({ state: 'hidden', timeout: 1500 }).then(() => true, () => false)) return;
  }
  throw new Error(`context menu item "${label}" did not respond to clicks`);
}

/** The explanation webview's document (outer iframe → #active-frame). */
export const webviewFrame = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

/** Saves a screenshot (of `clip`, a page rectangle, when given) under test-results/screenshots/ and returns its path. */
export async function screenshot(page, dir, name, clip) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, ...(clip ? { clip } : {}) });
  return path;
}
