// An error message in the integrated terminal is a link: Ctrl+click probes the host:port it names and opens the
// explanation with the message beside what the probe found.
import assert from 'node:assert/strict';
import { runCommand, screenshot, until, webviewFrame } from '../workbench.mjs';

/** The terminal row (DOM renderer) that shows `needle`, as a box in page coordinates. */
async function terminalTextRect(page, needle) {
  return page.evaluate((n) => {
    for (const row of document.querySelectorAll('.terminal-wrapper .xterm-rows > div')) {
      const text = row.textContent.replace(/\u00a0/g, ' ');
      const at = text.indexOf(n);
      if (at < 0) continue;
      // Spans of one style each: find the one holding the needle's first character.
      let seen = 0;
      for (const span of row.querySelectorAll('span')) {
        const len = span.textContent.length;
        if (seen + len > at) {
          const r = span.getBoundingClientRect();
          const cell = r.width / Math.max(1, len);
          return { x: r.x + (at - seen + 2) * cell, y: r.y + r.height / 2 };
        }
        seen += len;
      }
      const r = row.getBoundingClientRect();
      return { x: r.x + 20, y: r.y + r.height / 2 };
    }
    return undefined;
  }, needle);
}

export const tests = [
  {
    name: 'an error line in the terminal is a link that opens the diagnosis beside the message',
    async run({ page, cases, shots }) {
      const u = new URL(cases['tls.reset'].url);
      const message = `curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${u.hostname}:${u.port}`;
      await runCommand(page, 'Terminal: Create New Terminal');
      await page.locator('.terminal-wrapper.active .xterm').first().waitFor({ timeout: 20_000 });
      await page.locator('.terminal-wrapper.active .xterm-helper-textarea').first().focus();
      // Printed by the shell, as a failing command would print it (split so the typed command line does not match).
      await page.keyboard.type(`printf '%s%s\\n' 'curl: (35) OpenSSL SSL_connect: SSL_' 'ERROR_SYSCALL in connection to ${u.hostname}:${u.port}'`);
      await page.keyboard.press('Enter');
      const at = await until('the message printed in the terminal', () => terminalTextRect(page, message), { timeout: 20_000 });
      // Hover, as a user does: the link is detected on hover and underlined; Ctrl+click follows it. Link detection
      // is lazy and can miss the first hover on a loaded machine: like a user, hover and click again (3 tries).
      const body = webviewFrame(page).locator('body');
      const shown = async () => /your error message/i.test(await body.innerText({ timeout: 1_000 }).catch(() => ''));
      for (let attempt = 1; attempt <= 3 && !(await shown()); attempt++) {
        await page.mouse.move(at.x - 8, at.y);
        await page.mouse.move(at.x, at.y);
        await until('the link under the mouse', () => page.evaluate(() => !!document.querySelector('.terminal-wrapper .xterm-screen .xterm-underline-5, .terminal-wrapper .xterm-link-layer, .xterm-hover, .terminal-wrapper .xterm-cursor-pointer')), { timeout: 10_000 }).catch(() => undefined);
        await page.keyboard.down('Control');
        await page.mouse.move(at.x + 1, at.y);
        await page.mouse.click(at.x + 1, at.y);
        await page.keyboard.up('Control');
        await until('the explanation with the message', shown, { timeout: attempt === 3 ? 30_000 : 12_000 }).catch((e) => {
          if (attempt === 3) throw e;
        });
      }
      const text = await body.innerText();
      assert.ok(text.includes(message), 'the user’s message is shown');
      assert.match(text, /The probe from here finds tls\.reset: that is what the message meant \(not tls\.closed\)/);
      await screenshot(page, shots, 'webview-from-terminal-error');
      await runCommand(page, 'Terminal: Kill All Terminals').catch(() => undefined);
    },
  },
];
