// Bundles every entry point into dist/. `--production` minifies; source maps always.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node entries: [source, output name]. Missing sources are skipped so the tree builds while it grows. */
const nodeEntries = [
  // `conndoc`: a small launcher that runs the command line through V8's code cache (src/cli/launch.ts).
  ['src/cli/launch.ts', 'cli'],
  ['src/cli/main.ts', 'cli-main'],
  ['src/extension/extension.ts', 'extension'],
  ['src/server/server.ts', 'server'],
  ['src/discover/worker.ts', 'discover-worker'],
  ['bench/bench.ts', 'bench'],
];
const browserEntries = [['src/webview/main.ts', 'webview']];

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  outdir: 'dist',
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
};

const contexts = [];
const node = nodeEntries.filter(([src]) => existsSync(src));
if (node.length) {
  contexts.push(await esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(node.map(([src, out]) => [out, src])),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }));
}
const browser = browserEntries.filter(([src]) => existsSync(src));
if (browser.length) {
  contexts.push(await esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(browser.map(([src, out]) => [out, src])),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }));
}

// The UI-side companion (companion/, its own .vsix): the engine for desktop VS Code, a fetch for a web UI.
if (existsSync('src/companion/node.ts')) {
  const companion = { ...common, outdir: 'companion/dist', external: ['vscode'], format: 'cjs' };
  contexts.push(await esbuild.context({ ...companion, entryPoints: { node: 'src/companion/node.ts' }, platform: 'node', target: 'node20' }));
  contexts.push(await esbuild.context({ ...companion, entryPoints: { browser: 'src/companion/browser.ts' }, platform: 'browser', target: 'es2022' }));
}

// The PAC evaluator's QuickJS binary is read at run time from beside the bundle (the .vsix ships no node_modules).
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/quickjs-wasi/quickjs.wasm', 'dist/quickjs.wasm');
mkdirSync('companion/dist', { recursive: true });
copyFileSync('node_modules/quickjs-wasi/quickjs.wasm', 'companion/dist/quickjs.wasm');

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
