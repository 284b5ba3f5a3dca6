// A hostile block page (headers and body full of <script> / <img onerror> payloads) shown in the
// explanation webview must stay text: nothing runs, and the payload is readable as characters.
import assert from 'node:assert/strict';
import { openFile, screenshot, until } from '../workbench.mjs';
import { explainUrl } from './explain.mjs';

/** What executed payloads would change, read inside the webview document. */
const sideEffects = () => ({
  globals: Object.keys(window).filter((k) => /pwn|xss|hostile/i.test(k)),
  title: document.title,
  handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
  // VS Code injects its own inline API script, so look for the payload's, not for inline scripts in general.
  foreignScripts: [...document.scripts].filter((s) => /pwn|xss|hostile|alert\(/i.test(s.outerHTML)).map((s) => s.outerHTML.slice(0, 80)),
  hostileImages: [...document.images].filter((i) => !/vscode|^data:/.test(i.getAttribute('src') ?? '')).length,
});

export const tests = [
  {
    name: 'hostile block page in the webview: no payload executes, the payload shows as text',
    async run({ page, cases, shots }) {
      assert.ok(cases.hostile, 'the fault lab has no hostile block page case (name matching /hostile|xss|payload/)');
      const dialogs = [];
      const onDialog = (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      };
      page.on('dialog', onDialog);
      try {
        await openFile(page, 'services.md');
        const body = await explainUrl(page, cases.hostile.url);
        await until('the hostile page content in the webview', async () => /<script|onerror/i.test(await body.innerText()), { timeout: 15_000 });
        // Give a payload that would run on a timer or on image error a moment to do so.
        await page.waitForTimeout(1000);
        const fx = await body.evaluate(sideEffects);
        assert.deepEqual(fx.globals, [], `payload set globals: ${fx.globals}`);
        assert.doesNotMatch(fx.title, /pwn|xss|hostile/i, `payload changed document.title to "${fx.title}"`);
        assert.deepEqual(fx.handlers, [], `inline handlers in the DOM: ${fx.handlers}`);
        assert.deepEqual(fx.foreignScripts, [], 'a payload <script> became an element');
        assert.equal(fx.hostileImages, 0, 'an <img> from the payload became an element');
        assert.deepEqual(dialogs, [], `payload opened dialogs: ${dialogs}`);
        assert.doesNotMatch(await page.title(), /pwn|xss/i, 'a payload changed the workbench title');
        const text = await body.innerText();
        assert.match(text, /<script/i, 'the <script> payload is not shown as text');
        await screenshot(page, shots, 'webview-hostile-dark');
      } finally {
        page.off('dialog', onDialog);
      }
    },
  },
];
