// Scan speed and memory against ripgrep on the same files, measured in the same run.
// The workspace (20,000 files, ~300 MB) is generated deterministically from a seed and cached in the
// temp folder under a version key; CONNDOC_BENCH_CLEAN=1 (or deleteScanBenchWorkspace) removes it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Bump when the generator changes, so a stale cached workspace is not reused. */
const VERSION = 'v2';
const SEED = 0xc0ffee;
const TOTAL_FILES = 20_000;
const RUNS = 3;

export interface ScanBench {
  ours_ms: number;
  rg_ms: number;
  ratio: number;
  /** CPU time (user + system, all threads): the fairer comparison on a shared, busy machine. */
  ours_cpu_ms: number;
  rg_cpu_ms?: number;
  cpu_ratio?: number;
  peak_rss_mib: number;
  files: number;
  bytes: number;
  urls: number;
}

/** Sparse: about one text line in thirty holds a URL (~700 URLs per MiB overall); dense: one in twenty (~1,000
 *  per MiB), denser than issue 17's config-heavy monorepo (~800 URLs per MB). */
export type Density = 'sparse' | 'dense';
const URL_LINE_ODDS: Record<Density, number> = { sparse: 1 / 30, dense: 1 / 20 };
let density: Density = 'sparse';

const cacheRoot = (): string => join(tmpdir(), `conndoc-scan-bench-${VERSION}${density === 'dense' ? '-dense20' : ''}`);

export function deleteScanBenchWorkspace(): void {
  rmSync(cacheRoot(), { recursive: true, force: true });
}

// ---- the workspace ----

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('service api client server request response timeout retry config value name port host user path token ' +
  'cache queue worker handler router session index default enabled level format output input buffer stream').split(' ');
const SCHEMES = ['https', 'http', 'https', 'postgres', 'redis', 'wss', 'mongodb', 'amqp', 'mysql', 'nats'];

interface Gen {
  r: () => number;
  pick<T>(xs: T[]): T;
  int(n: number): number;
}

function gen(seed: number): Gen {
  const r = prng(seed);
  return { r, pick: (xs) => xs[Math.floor(r() * xs.length)], int: (n) => Math.floor(r() * n) };
}

function url(g: Gen): string {
  const s = g.pick(SCHEMES);
  const host = `${g.pick(WORDS)}-${g.int(500)}.${g.pick(['example.com', 'internal', 'svc.cluster.local', 'example.org'])}`;
  const port = g.r() < 0.5 ? `:${1024 + g.int(60000)}` : '';
  const cred = g.r() < 0.1 ? `${g.pick(WORDS)}:pw${g.int(1e6)}@` : '';
  const path = g.r() < 0.7 ? `/${g.pick(WORDS)}/${g.pick(WORDS)}${g.r() < 0.3 ? `?${g.pick(WORDS)}=${g.int(100)}` : ''}` : '';
  return `${s}://${cred}${host}${port}${path}`;
}

const words = (g: Gen, n: number): string => Array.from({ length: n }, () => g.pick(WORDS)).join(' ');

/** One line of a file of this kind; about one in thirty holds a URL. */
const LINE: Record<string, (g: Gen, withUrl: boolean) => string> = {
  env: (g, u) => `${g.pick(WORDS).toUpperCase()}_${g.int(99)}=${u ? url(g) : words(g, 1)}`,
  yaml: (g, u) => `${'  '.repeat(g.int(3))}${g.pick(WORDS)}: ${u ? url(g) : words(g, 2)}`,
  json: (g, u) => `  "${g.pick(WORDS)}": "${u ? url(g) : words(g, 3)}",`,
  toml: (g, u) => `${g.pick(WORDS)} = "${u ? url(g) : words(g, 2)}"`,
  ini: (g, u) => `${g.pick(WORDS)}.${g.pick(WORDS)}=${u ? url(g) : g.int(1e5)}`,
  xml: (g, u) => (u ? `  <endpoint xmlns:x="http://ns.example/${g.int(9)}" href="${url(g)}"/>` : `  <${g.pick(WORDS)}>${words(g, 3)}</${g.pick(WORDS)}>`),
  conf: (g, u) => `\t${u ? `proxy_pass ${url(g)};` : `${g.pick(WORDS)} ${g.int(1000)};`}`,
  Dockerfile: (g, u) => (u ? `RUN curl -fsSL ${url(g)} | sh` : `ENV ${g.pick(WORDS).toUpperCase()}=${words(g, 1)}`),
  sh: (g, u) => (u ? `curl -sS "${url(g)}" -o /tmp/${g.pick(WORDS)}` : `echo "${words(g, 4)}" >> "$LOG"`),
  md: (g, u) => (u ? `See [${words(g, 2)}](${url(g)}) for ${words(g, 3)}.` : `${words(g, 10)}.`),
  html: (g, u) => (u ? `<a href="${url(g)}">${words(g, 2)}</a>` : `<p class="${g.pick(WORDS)}">${words(g, 8)}</p>`),
  ts: (g, u) => (u ? `  const ${g.pick(WORDS)} = await fetch(\`${url(g)}/\${id}\`);` : `  if (${g.pick(WORDS)}.${g.pick(WORDS)} > ${g.int(100)}) return ${g.pick(WORDS)}(${g.pick(WORDS)});`),
  py: (g, u) => (u ? `    ${g.pick(WORDS)} = requests.get(f"${url(g)}/{key}")` : `    ${g.pick(WORDS)} = ${g.pick(WORDS)}.${g.pick(WORDS)}(${g.int(10)})`),
  go: (g, u) => (u ? `\t${g.pick(WORDS)} := "${url(g)}"` : `\tif err := ${g.pick(WORDS)}(ctx); err != nil { return err }`),
  java: (g, u) => (u ? `    String ${g.pick(WORDS)} = "jdbc:${url(g)}";` : `    ${g.pick(WORDS)}.${g.pick(WORDS)}(${g.pick(WORDS)}, ${g.int(100)});`),
};
const KINDS = Object.keys(LINE);
const FILE_NAME: Record<string, string> = { env: '.env', Dockerfile: 'Dockerfile', conf: 'nginx.conf' };

function textFile(g: Gen, kind: string, bytes: number): string {
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    const l = LINE[kind](g, g.r() < URL_LINE_ODDS[density]);
    lines.push(l);
    n += l.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function bundle(g: Gen, bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const p = g.r() < 0.01
      ? `var ${g.pick(WORDS)}${g.int(1e4)}="${url(g)}";`
      : `function ${g.pick(WORDS)}${g.int(1e4)}(e,t){return e.${g.pick(WORDS)}?t[${g.int(64)}]:{${g.pick(WORDS)}:e,${g.pick(WORDS)}:!0}}`;
    parts.push(p);
    n += p.length;
  }
  return parts.join('');
}

function binary(g: Gen, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) b.writeUInt32LE(Math.floor(g.r() * 2 ** 32), i);
  b[16] = 0;
  return b;
}

/** Writes the workspace unless a complete one for this VERSION is cached. */
export function ensureScanBenchWorkspace(): { root: string; files: number; bytes: number } {
  const cache = cacheRoot();
  const root = join(cache, 'ws');
  const marker = join(cache, 'complete.json');
  if (existsSync(marker)) return { root, ...JSON.parse(readFileSync(marker, 'utf8')) };
  rmSync(cache, { recursive: true, force: true });
  const g = gen(SEED);
  let files = 0;
  let bytes = 0;
  const put = (rel: string, content: string | Buffer): void => {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
    files++;
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };
  // Skipped by both tools: node_modules and .git at several depths.
  for (let i = 0; i < 1000; i++) put(`${i % 2 ? `pkg${i % 13}/` : ''}node_modules/m${i % 97}/f${i}.js`, textFile(g, 'ts', 2000 + g.int(6000)));
  for (let i = 0; i < 300; i++) put(`${i % 3 ? `sub${i % 5}/` : ''}.git/objects/${i % 41}/o${i}`, binary(g, 1000 + g.int(4000)));
  for (let i = 0; i < 300; i++) put(`assets/a${i % 17}/img${i}.png`, binary(g, 20_000 + g.int(80_000)));
  for (let i = 0; i < 24; i++) put(`web/dist/chunk${i}.min.js`, bundle(g, 3_000_000 + g.int(3_000_000)));
  const rest = TOTAL_FILES - files;
  for (let i = 0; i < rest; i++) {
    const kind = g.pick(KINDS);
    const size = Math.floor(800 * Math.exp(g.r() * 3.6)); // 0.8–29 KB, most of them small
    // About 1,700 folders of a dozen files, as in a real monorepo.
    const dir = `${g.pick(['svc', 'app', 'lib', 'deploy', '.github', 'config', 'docs'])}${g.int(10)}/${g.pick(['src', 'lib', 'test', 'conf', 'docs', 'pkg'])}${g.int(4)}`;
    put(`${dir}/${FILE_NAME[kind] ? `${i}.${FILE_NAME[kind]}` : `f${i}.${kind}`}`, textFile(g, kind, size));
  }
  writeFileSync(marker, JSON.stringify({ files, bytes }));
  return { root, files, bytes };
}

// ---- the measurement ----

const URL_REGEX = String.raw`(?i)(?:https?|wss?|postgres(?:ql)?|mysql|rediss?|amqps?|mongodb(?:\+srv)?|nats)://[^\s"'<>` + '`' + String.raw`\\^|{}]+`;

/** Wall time of a child whose stdout is drained and thrown away. */
function timeChild(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; out: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let out = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (out += d.length));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0 && code !== 1) reject(new Error(`${cmd} exited with ${code}: ${stderr.slice(0, 300)}`));
      else resolvePromise({ ms, out, stderr });
    });
  });
}

function ensureRipgrep(): string {
  if (spawnSync('rg', ['--version']).status === 0) return 'rg';
  execFileSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'ignore' });
  return 'rg';
}

export async function runScanBench(which: Density = 'sparse'): Promise<ScanBench> {
  density = which;
  if (process.env.CONNDOC_BENCH_CLEAN) deleteScanBenchWorkspace();
  const ws = ensureScanBenchWorkspace();
  const rg = ensureRipgrep();
  // Next to this file in dist/ when bundled; dist/cli.js from the repository root otherwise.
  const cli = existsSync(join(__dirname, 'cli.js')) ? join(__dirname, 'cli.js') : resolve('dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  // Peak RSS and CPU time of the whole scan process (worker threads included), written at exit.
  const usageFile = join(cacheRoot(), 'usage');
  const preload = join(cacheRoot(), 'usage.js');
  writeFileSync(preload, `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(${JSON.stringify(usageFile)}, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) / 1000); });\n`);
  // ripgrep's CPU time through GNU time, when it is installed.
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const rgTimeFile = join(cacheRoot(), 'rg-time');

  const ours = (): ReturnType<typeof timeChild> => timeChild(process.execPath, ['--require', preload, cli, 'scan', '--no-probe', '--json', ws.root]);
  const rgArgs = ['-o', '--hidden', '--no-ignore', '-g', '!node_modules', '-g', '!.git', URL_REGEX, ws.root];
  const theirs = (): ReturnType<typeof timeChild> =>
    gnuTime ? timeChild(gnuTime, ['-f', '%U %S', '-o', rgTimeFile, rg, ...rgArgs]) : timeChild(rg, rgArgs);

  // Warm the page cache for both, then alternate runs and keep each side's best.
  await theirs();
  await ours();
  let oursMs = Infinity;
  let rgMs = Infinity;
  let peakKib = 0;
  let oursCpu = Infinity;
  let rgCpu = Infinity;
  for (let i = 0; i < RUNS; i++) {
    rgMs = Math.min(rgMs, (await theirs()).ms);
    if (gnuTime) {
      const [user, sys] = readFileSync(rgTimeFile, 'utf8').trim().split(/\s+/).map(Number);
      rgCpu = Math.min(rgCpu, (user + sys) * 1000);
    }
    oursMs = Math.min(oursMs, (await ours()).ms);
    const [rss, cpu] = readFileSync(usageFile, 'utf8').split(' ').map(Number);
    peakKib = Math.max(peakKib, rss);
    oursCpu = Math.min(oursCpu, cpu);
  }
  const urls = (JSON.parse(await new Promise<string>((res) => {
    const c = spawn(process.execPath, [cli, 'scan', '--no-probe', '--json', ws.root], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    c.stdout.on('data', (d: Buffer) => chunks.push(d));
    c.on('close', () => res(Buffer.concat(chunks).toString()));
  })) as { urls: unknown[] }).urls.length;
  const cpu = gnuTime ? { rg_cpu_ms: rgCpu, cpu_ratio: oursCpu / rgCpu } : {};
  return { ours_ms: oursMs, rg_ms: rgMs, ratio: oursMs / rgMs, ours_cpu_ms: oursCpu, ...cpu, peak_rss_mib: peakKib / 1024, files: ws.files, bytes: ws.bytes, urls };
}
