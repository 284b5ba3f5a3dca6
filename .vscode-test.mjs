// The extension-host suite on desktop VS Code (where @vscode/test-cli can download it): `npx vscode-test`.
// Here (offline) the same suite runs in code-server: `node test/vscode/run.mjs`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/vscode/suite/**/*.test.js',
  workspaceFolder: './test/vscode/fixture',
  mocha: { ui: 'tdd', timeout: 60000 },
  launchArgs: ['--disable-extensions'],
});
