// Probe throughput against curl on the same 1,000 loopback URLs, and phase-timing accuracy against
// injected delays.
//
// Fairness: both clients get the same URLs, the same concurrency (16) and the same server, which runs
// in a child process of this one (so neither client shares its event loop, and this process's CPU time
// is our client's alone); curl runs as a child too. Both are warmed up first, then ours, curl and curl
// with a fresh connection per URL alternate RUNS times and each reports its median. Every probe opens
// its own connection by design (each URL's connect and TLS are measured), while curl --parallel reuses
// ~16 keep-alive connections for all 1,000 URLs: curl_fresh (`Connection: close`) is the like-for-like
// baseline, kept beside the target one. CPU time (user + system) is reported beside wall time: on a
// shared, busy machine wall time mostly measures the neighbours.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { probeAll } from '../src/probe/schedule';
import { probeUrl } from '../src/probe/probe';

const URLS = 1000;
const CONCURRENCY = 16;
// Long enough that timer jitter on a busy machine stays small beside it.
const DELAY_MS = 500;
const TIMING_RUNS = 5;
const RUNS = 5;
// Ours runs JavaScript that V8 compiles while it runs: the first thousand probes cost several times
// what later ones do (see ours_cold_ms), so the warm-up covers a few thousand before measuring.
const WARMUP_RUNS = 3;

// Plain JS for the child: a fast server, one that closes every connection after its answer (so a client that
// reuses connections opens one per URL all the same), and one that waits DELAY_MS before the headers and mid-body.
export const SERVERS = `
const http = require('node:http');
const D = ${DELAY_MS};
// A minimal HTTP/1.1 responder (keep-alive, one fixed answer per request; no body for HEAD, which link
// checkers send): the server's own cost per connection stays small, so the numbers compare the clients.
const net = require('node:net');
const HEAD = 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n';
const responder = (alwaysClose) => (sock) => {
  let pending = '';
  sock.on('error', () => {});
  sock.on('data', (d) => {
    pending += d.toString('latin1');
    let i;
    while ((i = pending.indexOf('\\r\\n\\r\\n')) >= 0) {
      const head = pending.slice(0, i);
      const close = alwaysClose || /\\nconnection: *close/i.test(head);
      const answer = HEAD + (alwaysClose ? 'Connection: close\\r\\n' : '') + '\\r\\n' + (head.startsWith('HEAD ') ? '' : 'ok');
      pending = pending.slice(i + 4);
      if (close) return sock.end(answer);
      sock.write(answer);
    }
  });
};
const fast = net.createServer(responder(false));
const closing = net.createServer(responder(true));
const slow = http.createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 8192 });
    res.write('a'.repeat(4096));
    setTimeout(() => res.end('b'.repeat(4096)), D);
  }, D);
});
fast.listen(0, '127.0.0.1', () => slow.listen(0, '127.0.0.1', () => closing.listen(0, '127.0.0.1', () =>
  process.send({ fast: fast.address().port, slow: slow.address().port, closing: closing.address().port }))));
// Ends with the bench: when the IPC channel closes, however the parent went.
process.on('disconnect', () => process.exit(0));
`;

export interface ProbeBench {
  ours_ms: number;
  curl_ms: number;
  ratio: number;
  phase_error_pct: number;
  /** curl sending `Connection: close`, so that it too opens one connection per URL as every probe does. */
  curl_fresh_ms: number;
  ratio_fresh: number;
  /** Our first (cold) run of the 1,000 URLs, before any warm-up: what a one-off `conndoc probe` pays. */
  ours_cold_ms: number;
  /** CPU time (user + system) per run of 1,000 URLs, medians; curl's when python3 or GNU time can read it. */
  ours_cpu_ms: number;
  curl_cpu_ms?: number;
  curl_fresh_cpu_ms?: number;
  cpu_ratio?: number;
  cpu_ratio_fresh?: number;
}

export async function runProbeBench(): Promise<ProbeBench> {
  const server: ChildProcess = spawn(process.execPath, ['-e', SERVERS], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const ports = await new Promise<{ fast: number; slow: number }>((resolve, reject) => {
      server.once('message', (m) => resolve(m as { fast: number; slow: number }));
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const urls = Array.from({ length: URLS }, (_, i) => `http://127.0.0.1:${ports.fast}/item/${i}`);

    const opts = { concurrency: CONCURRENCY, perHost: CONCURRENCY, differential: false, proxy: null };
    const probeRun = async (): Promise<Timed> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const results = await probeAll(urls, opts);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const bad = results.filter((r) => r.id !== 'ok');
      if (bad.length) throw new Error(`${bad.length} of ${URLS} probes did not end ok (e.g. ${bad[0].id}: ${bad[0].error})`);
      return { ms, cpuMs: (c.user + c.system) / 1000 };
    };
    // Warm both clients first (JIT, undici's parser, curl's binary in the page cache), then take the
    // median of alternating runs: the machine is shared, so a single run mostly measures the neighbours.
    const cold = await probeRun();
    for (let i = 1; i < WARMUP_RUNS; i++) await probeRun();
    await runCurl(urls);
    await runCurl(urls, ['-H', 'Connection: close']);
    const ours: Timed[] = [];
    const curls: Timed[] = [];
    const fresh: Timed[] = [];
    for (let run = 0; run < RUNS; run++) {
      ours.push(await probeRun());
      curls.push(await runCurl(urls));
      fresh.push(await runCurl(urls, ['-H', 'Connection: close']));
    }
    const ours_ms = median(ours.map((t) => t.ms));
    const curl_ms = median(curls.map((t) => t.ms));
    const curl_fresh_ms = median(fresh.map((t) => t.ms));
    const ours_cpu_ms = median(ours.map((t) => t.cpuMs!));
    const cpu: Partial<ProbeBench> = {};
    if (curls.every((t) => t.cpuMs !== undefined) && fresh.every((t) => t.cpuMs !== undefined)) {
      cpu.curl_cpu_ms = median(curls.map((t) => t.cpuMs!));
      cpu.curl_fresh_cpu_ms = median(fresh.map((t) => t.cpuMs!));
      cpu.cpu_ratio = ours_cpu_ms / cpu.curl_cpu_ms;
      cpu.cpu_ratio_fresh = ours_cpu_ms / cpu.curl_fresh_cpu_ms;
    }

    const errors: number[] = [];
    for (let i = 0; i < TIMING_RUNS; i++) {
      const r = await probeUrl(`http://127.0.0.1:${ports.slow}/`, { differential: false, proxy: null });
      const ms = (phase: string): number => r.phases.find((p) => p.phase === phase)?.ms ?? NaN;
      errors.push(Math.abs(ms('response') - DELAY_MS) / DELAY_MS, Math.abs(ms('body') - DELAY_MS) / DELAY_MS);
    }
    const phase_error_pct = (100 * errors.reduce((a, b) => a + b, 0)) / errors.length;
    return {
      ours_ms,
      curl_ms,
      ratio: ours_ms / curl_ms,
      phase_error_pct,
      curl_fresh_ms,
      ratio_fresh: ours_ms / curl_fresh_ms,
      ours_cold_ms: cold.ms,
      ours_cpu_ms,
      ...cpu,
    };
  } finally {
    server.kill();
  }
}

interface Timed {
  ms: number;
  cpuMs?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// curl's CPU time: getrusage(RUSAGE_CHILDREN) through python3 (microseconds), else GNU time (10 ms steps).
const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => fs.existsSync(p));
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
// python3 also times the wall itself, so its own start-up is not counted as curl's.
const RUSAGE_PY =
  'import resource, subprocess, sys, time\n' +
  't0 = time.perf_counter()\n' +
  'code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n' +
  'wall = time.perf_counter() - t0\n' +
  'r = resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
  'open(sys.argv[1], "w").write("%f %f %f" % (r.ru_utime, r.ru_stime, wall))\n' +
  'sys.exit(code)\n';

/** curl --parallel over the same URLs from a config file: wall time, and CPU time when it can be read. */
async function runCurl(urls: string[], extra: string[] = []): Promise<Timed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conndoc-bench-'));
  const config = path.join(dir, 'urls.curl');
  const usage = path.join(dir, 'usage');
  fs.writeFileSync(config, urls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join(''));
  const curlArgs = ['-s', '--parallel', '--parallel-max', String(CONCURRENCY), ...extra, '-K', config];
  try {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = PYTHON
        ? spawn(PYTHON, ['-c', RUSAGE_PY, usage, 'curl', ...curlArgs], { stdio: 'ignore' })
        : GNU_TIME
          ? spawn(GNU_TIME, ['-f', '%U %S', '-o', usage, 'curl', ...curlArgs], { stdio: 'ignore' })
          : spawn('curl', curlArgs, { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))));
    });
    const ms = performance.now() - t0;
    if (!PYTHON && !GNU_TIME) return { ms };
    const [user, sys, wall] = fs.readFileSync(usage, 'utf8').trim().split(/\s+/).map(Number);
    return { ms: wall === undefined ? ms : wall * 1000, cpuMs: (user + sys) * 1000 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
