// The Toolchain section as a user sees it: code-server's HOME is the run's own, so the ~/.npmrc written here is
// the only npm configuration; choosing npm in the user settings puts its registry at the top of the Results view.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenshot, treeRows, until } from '../workbench.mjs';
import { showResults } from './probe.mjs';

const TOKEN = 'PLANTED-UI-NPM-TOKEN';

export const tests = [
  {
    name: 'choosing npm in the settings lists its registry from ~/.npmrc at the top of the Results view, probed',
    async run({ page, server, cases, shots }) {
      const u = new URL(cases.ok.url);
      const npmrc = join(server.runDir.home, '.npmrc');
      writeFileSync(npmrc, `registry=${cases.ok.url}\n//${u.host}/:_authToken=${TOKEN}\n`);
      // A machine setting: in code-server (a remote window) those live in the machine's settings, not the browser's.
      const settings = join(server.runDir.userData, 'Machine/settings.json');
      const before = existsSync(settings) ? readFileSync(settings, 'utf8') : '{}';
      mkdirSync(join(server.runDir.userData, 'Machine'), { recursive: true });
      try {
        // As a user editing settings.json: VS Code picks the change up from the file.
        writeFileSync(settings, JSON.stringify({ ...JSON.parse(before), 'connectionDoctor.toolchain.tools': ['npm'] }, null, 2));
        await showResults(page);
        const row = await until('the npm row with its result', async () => (await treeRows(page, 'npm registry, from ~/.npmrc line 1')).find((r) => / ok/.test(r)), { timeout: 30_000 });
        assert.ok(row, 'the registry row shows ok');
        const all = await treeRows(page, '');
        // treeRows gives "aria-label | text": the text is what is drawn.
        const section = all.findIndex((r) => r.split(' | ').pop().startsWith('Toolchain'));
        assert.ok(section >= 0 && section < all.findIndex((r) => r.includes('npm registry, from')), `the section heads its rows: ${all.slice(0, 4).join(' || ')}`);
        assert.ok(all.some((r) => r.includes('Files read') && r.includes('~/.npmrc')), 'the files read are listed');
        assert.ok(!all.some((r) => r.includes(TOKEN)), 'the token is not shown');
        await screenshot(page, shots, 'toolchain-section');
      } finally {
        writeFileSync(settings, before);
        rmSync(npmrc, { force: true });
      }
    },
  },
];
