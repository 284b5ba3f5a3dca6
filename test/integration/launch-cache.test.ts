// The `conndoc` launcher (src/cli/launch.ts) runs the command line through V8's code cache, kept in the
// user's cache folder: it must give the same answers cached or not, survive a broken cache, and never read a
// cache from a folder someone else could write to.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';

describe('conndoc launcher: the compile cache', function () {
  this.timeout(60_000);
  let home: string;
  let ws: string;
  const caches = (): string[] => {
    try {
      return readdirSync(path.join(home, 'conndoc')).filter((f) => f.endsWith('.cache'));
    } catch {
      return [];
    }
  };
  // Node 22 keeps its own cache (module.enableCompileCache); this one is Node 20's.
  const builtIn = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const scan = () => runCli(['scan', '--no-probe', '--json', ws], { env: { XDG_CACHE_HOME: home } });

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'conndoc-cache-'));
    ws = mkdtempSync(path.join(tmpdir(), 'conndoc-cache-ws-'));
    writeFileSync(path.join(ws, 'a.env'), 'API=https://api.example.com/v1\nDB=postgres://u:secret@db:5432/x\n');
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  });

  it('the first run writes a cache only its user can read; the next runs give the same output', async function () {
    if (builtIn) this.skip();
    const first = await scan();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(caches().length, 1, 'one cache file after the first run');
    const file = path.join(home, 'conndoc', caches()[0]);
    assert.equal(statSync(file).mode & 0o077, 0, 'the cache is not readable by others');
    assert.equal(statSync(path.join(home, 'conndoc')).mode & 0o077, 0, 'nor its folder');
    const before = readFileSync(file);
    const second = await scan();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.ok(readFileSync(file).equals(before), 'an accepted cache is not rewritten');
    assert.match(first.stdout, /"url":"postgres:\/\/u:\*\*\*@db:5432\/x"/);
  });

  it('probing and scanning each keep their own cache, accepted run after run (V8 flags are part of it)', async function () {
    if (builtIn) this.skip();
    // A probe runs under flags a scan without probes does not: data made under the other flags is refused.
    const probe = () => runCli(['probe', 'http://127.0.0.1:1/'], { env: { XDG_CACHE_HOME: home } });
    assert.equal((await probe()).code, 1);
    assert.equal((await scan()).code, 0);
    assert.equal(caches().length, 2, caches().join(', '));
    const state = () => caches().map((f) => { const file = path.join(home, 'conndoc', f); return `${f} ${statSync(file).mtimeMs} ${readFileSync(file).length}`; });
    const before = state();
    const again = await probe();
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, /tcp\.refused/);
    assert.equal((await scan()).code, 0);
    assert.deepEqual(state(), before, 'a cache was refused and written again');
  });

  it('a broken cache is replaced, and the command still answers', async function () {
    if (builtIn) this.skip();
    await scan();
    const file = path.join(home, 'conndoc', caches()[0]);
    writeFileSync(file, Buffer.from('not V8 cached data at all'));
    const run = await scan();
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /api\.example\.com/);
    assert.ok(readFileSync(file).length > 1000, 'the broken cache was written again');
  });

  it('a cache folder others can write to is neither read nor written', async function () {
    if (builtIn) this.skip();
    mkdirSync(path.join(home, 'conndoc'), { mode: 0o777 });
    chmodSync(path.join(home, 'conndoc'), 0o777);
    const planted = path.join(home, 'conndoc', 'planted.cache');
    writeFileSync(planted, 'x');
    const run = await scan();
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(caches(), ['planted.cache'], 'nothing was written beside a file others could have planted');
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const run = await runCli(['--version'], { env: { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(caches(), []);
  });
});
