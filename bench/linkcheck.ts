// A workspace link check against linkinator at equal concurrency, measured in the same run (issue 17).
// 200 Markdown files with 2,000 links to 1,000 distinct loopback URLs, served by the probe bench's server in
// a child process. linkinator is installed from npm into the bench's cache (not a dependency of the product).
// linkinator sends HEAD over ~16 kept-alive connections for the 1,000 URLs, while every probe opens its own
// (each URL's connect is measured): the same check against a server that closes every connection after its
// answer, so that both open one per URL, is the like-for-like figure printed beside it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVERS } from './probe';

const FILES = 200;
const LINKS_PER_FILE = 10;
const DISTINCT = 1000;
const CONCURRENCY = 16;
const RUNS = 3;
const LINKINATOR = 'linkinator@6';

export interface LinkCheckBench {
  links: number;
  distinct: number;
  ours_ms: number;
  linkinator_ms: number;
  ratio: number;
  /** Against the server that closes each connection: both clients open one per URL. */
  ours_fresh_ms: number;
  linkinator_fresh_ms: number;
  ratio_fresh: number;
}

const cache = (): string => join(tmpdir(), 'conndoc-linkcheck-bench');

function ensureLinkinator(): string {
  const bin = join(cache(), 'tool', 'node_modules', '.bin', 'linkinator');
  if (existsSync(bin)) return bin;
  mkdirSync(join(cache(), 'tool'), { recursive: true });
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(cache(), 'tool'), LINKINATOR], { stdio: 'ignore', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install ${LINKINATOR} from npm (exit ${r.status})`);
  return bin;
}

function writeWorkspace(port: number): string {
  const root = join(cache(), `ws-${port}`);
  rmSync(root, { recursive: true, force: true });
  for (let f = 0; f < FILES; f++) {
    const lines = [`# Page ${f}`, ''];
    // Each distinct URL is linked from two files, as docs sites link the same pages from several places.
    for (let i = 0; i < LINKS_PER_FILE; i++) {
      const n = (f * LINKS_PER_FILE + i) % DISTINCT;
      lines.push(`- see [item ${n}](http://127.0.0.1:${port}/item/${n}) for details`);
    }
    mkdirSync(join(root, `section${f % 10}`), { recursive: true });
    writeFileSync(join(root, `section${f % 10}`, `page${f}.md`), `${lines.join('\n')}\n`);
  }
  return root;
}

function timed(cmd: string, args: string[], cwd: string): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.once('error', rej);
    // 0: every link fine; 1: some failed (not expected here, but still a finished check).
    c.once('exit', (code) => (code === 0 || code === 1 ? res(performance.now() - t0) : rej(new Error(`${cmd} exited with ${code}: ${err.slice(0, 300)}`))));
  });
}

/** Both checkers over one workspace, warmed up, then alternating: each one's best of RUNS. */
async function compare(root: string, cli: string, linkinator: string): Promise<{ ours: number; theirs: number }> {
  // The same concurrency, and for ours the same per-host bound (every URL is on one host:port).
  const ours = (): Promise<number> =>
    timed(process.execPath, [cli, 'scan', '--json', '--concurrency', String(CONCURRENCY), '--per-host', String(CONCURRENCY), root], root);
  const theirs = (): Promise<number> => timed(linkinator, ['**/*.md', '--markdown', '--concurrency', String(CONCURRENCY), '--format', 'json'], root);
  await ours();
  await theirs();
  let oursMs = Infinity;
  let theirMs = Infinity;
  for (let i = 0; i < RUNS; i++) {
    oursMs = Math.min(oursMs, await ours());
    theirMs = Math.min(theirMs, await theirs());
  }
  rmSync(root, { recursive: true, force: true });
  return { ours: oursMs, theirs: theirMs };
}

export async function runLinkCheckBench(): Promise<LinkCheckBench> {
  const linkinator = ensureLinkinator();
  const cli = existsSync(join(__dirname, 'cli.js')) ? join(__dirname, 'cli.js') : resolve('dist/cli.js');
  const server: ChildProcess = spawn(process.execPath, ['-e', SERVERS], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const { fast, closing } = await new Promise<{ fast: number; closing: number }>((res, rej) => {
      server.once('message', (m) => res(m as { fast: number; closing: number }));
      server.once('exit', (code) => rej(new Error(`bench server exited with ${code}`)));
    });
    const kept = await compare(writeWorkspace(fast), cli, linkinator);
    const fresh = await compare(writeWorkspace(closing), cli, linkinator);
    return {
      links: FILES * LINKS_PER_FILE,
      distinct: DISTINCT,
      ours_ms: kept.ours,
      linkinator_ms: kept.theirs,
      ratio: kept.ours / kept.theirs,
      ours_fresh_ms: fresh.ours,
      linkinator_fresh_ms: fresh.theirs,
      ratio_fresh: fresh.ours / fresh.theirs,
    };
  } finally {
    server.kill();
  }
}
