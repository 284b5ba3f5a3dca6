#!/usr/bin/env node
// dist/cli.js, the `conndoc` command: runs the real command line (dist/cli-main.js) through V8's code cache.
// Compiling the 2 MB bundle took ~90 ms of every run (a third of `conndoc --version`, a sixth of a whole
// workspace scan); with the cache it takes a few. Node 22 has this built in (module.enableCompileCache); on
// Node 20 the bundle is compiled with vm.Script and its cached data is kept in the user's cache folder.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import * as vm from 'node:vm';
import { v8FlagsFor } from './v8-flags';

const main = join(__dirname, 'cli-main.js');
// Before anything is compiled: the flags are part of what the cached code must match.
const flags = v8FlagsFor(process.argv.slice(2));
for (const flag of flags) setFlagsFromString(flag);
const disabled = !!process.env.NODE_DISABLE_COMPILE_CACHE;
const builtIn = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;

if (disabled || builtIn) {
  builtIn?.();
  require(main);
} else {
  runCached();
}

/**
 * The cache is read only from a folder of the user's own that no one else may write to: cached data is
 * code V8 runs, so a file another user could plant would be theirs to run as you.
 */
function cacheFolder(): string | undefined {
  const root = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(root, 'conndoc');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
    return mine && (st.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

function runCached(): void {
  // The bundle starts with a hashbang, which is only allowed at the start of a file: blank it, keeping the line.
  const source = readFileSync(main, 'utf8').replace(/^#!.*/, '');
  const st = statSync(main);
  const dir = cacheFolder();
  // A new build, Node or V8 makes a new file; V8 also rejects data that does not match the source. Each set of
  // flags has its own file (V8 refuses data made under other flags), so probing and scanning do not take turns.
  const build = `cli-main-${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}-`;
  const file = dir && join(dir, `${build}${flags.map((f) => f.replace(/^--/, '')).join('+')}.cache`);
  let cachedData: Buffer | undefined;
  try {
    if (file) cachedData = readFileSync(file);
  } catch {
    // No cache yet.
  }
  const loader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script(Module.wrap(source), { filename: main, cachedData, ...(loader ? { importModuleDynamically: loader as never } : {}) });
  if (file && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so the functions the command compiled on the way are in it too.
    process.once('exit', () => {
      try {
        const tmp = `${file}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, file);
        // Older builds' caches are never read again.
        for (const f of readdirSync(dir)) if (/^cli-main-.*\.cache$/.test(f) && !f.startsWith(build)) rmSync(join(dir, f), { force: true });
      } catch {
        // A read-only or full disk: run uncached next time too.
      }
    });
  }
  // The bundle resolves through the require it is given, so its module needs no search paths of its own.
  const m = new Module(main, module);
  m.filename = main;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(m.exports, m.exports, createRequire(main), m, main, __dirname);
}
