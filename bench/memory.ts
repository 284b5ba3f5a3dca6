// Memory with hostile volumes (issue 18): peak RSS of the real CLI probing 100,000 URLs (--json, streamed),
// scanning one 200 MB file that is a single line, and listing one file of a million URLs. Targets: ≤ 200 MiB each.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface MemoryBench {
  probe_100k_peak_mib: number;
  probe_100k_ms: number;
  probe_100k_results: number;
  one_line_scan_peak_mib: number;
  one_line_no_probe_peak_mib: number;
  /** `scan --json --no-probe` of one 48 MiB file holding 1,000,000 URLs, one a line. */
  million_urls_peak_mib: number;
  million_urls_listed: number;
}

const root = join(tmpdir(), 'conndoc-memory-bench-v1');
const URLS = 100_000;
const MILLION = 1_000_000;

function cliPath(): string {
  const cli = existsSync(join(__dirname, 'cli.js')) ? join(__dirname, 'cli.js') : resolve('dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  return cli;
}

/** Runs the CLI with stdout counted (never kept) and returns its peak RSS (whole process) in MiB. */
function peakOf(args: string[], key = '"id": '): Promise<{ mib: number; ms: number; ids: number }> {
  const usage = join(root, 'usage');
  const preload = join(root, 'usage.js');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(usage)}, String(process.resourceUsage().maxRSS)));\n`);
  return new Promise((resolvePromise, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--require', preload, cliPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let ids = 0; // results (or entries) written, by their key; a key split across two chunks is missed, rarely
    child.stdout.on('data', (d: Buffer) => { ids += d.toString('latin1').split(key).length - 1; });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`conndoc ${args[0]} exited with ${code}`));
      resolvePromise({ mib: Number(readFileSync(usage, 'utf8')) / 1024, ms: Date.now() - t0, ids });
    });
  });
}

async function writeLines(file: string, lines: (i: number) => string, n: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) if (!out.write(lines(i))) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

export async function runMemoryBench(): Promise<MemoryBench> {
  mkdirSync(root, { recursive: true });
  // 100,000 distinct URLs on a loopback server: too many for argv, so they come from a file through scan,
  // which probes each distinct URL once and streams each result (--json) as it completes.
  const server = http.createServer((_req, res) => res.end('ok'));
  server.keepAliveTimeout = 1;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const urlsDir = join(root, `urls-${port}`);
  mkdirSync(urlsDir, { recursive: true });
  await writeLines(join(urlsDir, 'urls.txt'), (i) => `http://127.0.0.1:${port}/item/${i}\n`, URLS);
  const probe = await peakOf(['scan', '--json', '--proxy', '', '--concurrency', '64', '--per-host', '64', urlsDir]);
  server.close();

  // One 200 MB line: "http://" then 200 MiB of letters. The URL is cut at 8 KiB and reported as too long.
  const lineDir = join(root, 'one-line');
  mkdirSync(lineDir, { recursive: true });
  const big = join(lineDir, 'one-line.txt');
  if (!existsSync(big)) {
    const chunk = 'a'.repeat(1 << 20);
    await writeLines(big, (i) => (i === 0 ? `see http://127.0.0.1:9/${chunk}` : chunk), 200);
  }
  const scan = await peakOf(['scan', '--json', '--proxy', '', lineDir]);
  const noProbe = await peakOf(['scan', '--json', '--no-probe', lineDir]);

  const millionDir = join(root, 'million');
  mkdirSync(millionDir, { recursive: true });
  const list = join(millionDir, 'urls.txt');
  if (!existsSync(list)) await writeLines(list, (i) => `https://host-${i % 5000}.example.com/path/${i}?q=${i}\n`, MILLION);
  const million = await peakOf(['scan', '--json', '--no-probe', millionDir], '"url":');
  return {
    probe_100k_peak_mib: probe.mib,
    probe_100k_ms: probe.ms,
    probe_100k_results: probe.ids,
    one_line_scan_peak_mib: scan.mib,
    one_line_no_probe_peak_mib: noProbe.mib,
    million_urls_peak_mib: million.mib,
    million_urls_listed: million.ids,
  };
}
