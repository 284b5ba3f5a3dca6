// Runs an extension-host test module (the @vscode/test-electron `run()` contract) inside code-server's
// real extension host: the workbench loads it from the `payload` query and reports through the
// smoke-test driver's window.codeAutomationExit / codeAutomationLog hooks.
import { payloadUrl } from './codeserver.mjs';
import { newPage } from './workbench.mjs';

/** The workbench's own console chatter, which arrives through the same hook as the suite's output. */
const WORKBENCH_NOISE = /^\s+at |^(Unable to read file|Ignoring fetching|Creating a socket|Resolv(ing|ed) connection token|Updating additional builtin|No default agent|Unable to resolve resource)|^\[(AgentHost|RemoteAgentHost|reconnection-grace|Service Worker|AccountPolicyGate|lifecycle|ChatModelSelection)/;

/**
 * Resolves with { code, passed, failed, lines } once the tests call back, or code 1 with a timeout line.
 * `passed`/`failed` come from mocha's summary ("N passing", "N failing") when the suite prints one.
 */
export async function runExtensionTests(browser, server, { folder, extensionDevelopmentPath, extensionTestsPath, env, timeout = 120_000, echo = true }) {
  const page = await newPage(browser);
  const lines = [];
  const print = (line) => {
    lines.push(line);
    if (echo && !WORKBENCH_NOISE.test(line)) console.log(`  │ ${line}`);
  };
  let finish;
  const done = new Promise((resolve) => {
    finish = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (level, msg) => {
    for (const l of String(msg).replace(/\n$/, '').split('\n')) print(l);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  page.on('pageerror', (e) => print(`[page error] ${e.message}`));

  const timer = setTimeout(() => {
    print(`[harness] extension-host suite did not finish within ${timeout / 1000} s`);
    finish(1);
  }, timeout);
  try {
    await page.goto(payloadUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, env }));
    const code = await done;
    const text = lines.join('\n');
    // mocha's summary lines only (a test's own log line may say "3 failing"), the last one printed.
    const count = (re) => Number([...text.matchAll(re)].at(-1)?.[1] ?? 0);
    return { code, passed: count(/^\s*(\d+) passing\b/gm), failed: count(/^\s*(\d+) failing\b/gm), lines, page };
  } finally {
    clearTimeout(timer);
    await page.context().close().catch(() => {});
  }
}
