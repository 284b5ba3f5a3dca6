// A hostile block page (headers and body full of <script> / <img onerror> payloads) shown in the
// explanation webview must stay text: nothing runs, and the payload is readable as characters.
import assert from 'node:assert/strict';
import { openFile, screenshot, until, webviewFrame } from '../workbench.mjs';
import { explainUrl } from './explain.mjs';

/**
 * Installed in every frame the page loads from now on, the webview's included: the lab's payloads call alert(),
 * which the sandboxed webview would swallow silently, so count the calls instead.
 */
function countAlerts() {
  window.__cdHookInstalled = true;
  window.__cdAlerts = [];
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (msg) => {
      window.__cdAlerts.push(`${name}(${msg})`);
    };
  }
}

/** What executed or executable payloads leave behind, read inside the webview document. */
const sideEffects = () => ({
  hooked: window.__cdHookInstalled === true,
  calls: window.__cdAlerts ?? [],
  handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
  // VS Code injects its own inline API script, so look for the payload's, not for inline scripts in general.
  payloadScripts: [...document.scripts].filter((s) => /alert\(/.test(s.textContent)).length,
  payloadElements: document.querySelectorAll('img[src="x"], svg[onload], iframe, a[href^="javascript:"]').length,
});

export const tests = [
  {
    name: 'hostile block page in the webview: no payload executes, the payload shows as text',
    async run({ page, cases, shots }) {
      assert.ok(cases.hostile, 'the fault lab has no hostile script page case');
      await page.context().addInitScript(countAlerts);
      await openFile(page, 'services.md');
      const body = await explainUrl(page, cases.hostile.url);
      await until('the hostile page content in the webview', async () => /<script|onerror/i.test(await body.innerText()), { timeout: 15_000 });
      // Give a payload that would run on image error or load a moment to do so.
      await page.waitForTimeout(1000);
      const fx = await body.evaluate(sideEffects);
      assert.ok(fx.hooked, 'the alert counter is not installed in the webview, so this test could not see a payload run');
      assert.deepEqual(fx.calls, [], `payload code ran: ${fx.calls}`);
      assert.deepEqual(fx.handlers, [], `inline handlers in the DOM: ${fx.handlers}`);
      assert.equal(fx.payloadScripts, 0, 'a payload <script> became an element');
      assert.equal(fx.payloadElements, 0, 'payload <img>/<svg>/<iframe>/javascript: link became elements');
      const text = await body.innerText();
      assert.match(text, /<script>alert\(/, 'the <script> payload is not shown as text');
      await webviewFrame(page).getByText('<script>alert(', { exact: false }).first().scrollIntoViewIfNeeded();
      await screenshot(page, shots, 'webview-hostile-dark');
    },
  },
];
