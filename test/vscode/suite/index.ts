// Entry of the extension-host suite (the @vscode/test-electron `run()` contract): code-server's extension host
// (test/vscode/run.mjs) or desktop VS Code (.vscode-test.mjs) loads this file and awaits run().
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // The remote console bridge does not format '%s': format here (vscode-offline.md).
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a) => console.log(format(...a));
  // CD_TEST_GREP (from CD_VSCODE_EXTHOST_GREP): only the matching tests, while working on them.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, ...(process.env.CD_TEST_GREP ? { grep: new RegExp(process.env.CD_TEST_GREP, 'i') } : {}) });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, f));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
