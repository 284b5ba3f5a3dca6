// Probe throughput against curl on the same 1,000 loopback URLs, and phase-timing accuracy against
// injected delays. The servers run in a worker thread so neither client shares their event loop.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { probeAll } from '../src/probe/schedule';
import { probeUrl } from '../src/probe/probe';

const URLS = 1000;
const CONCURRENCY = 16;
// Long enough that timer jitter on a busy machine stays small beside it.
const DELAY_MS = 500;
const TIMING_RUNS = 5;
const RUNS = 3;

// Plain JS for the worker: a fast server, and one that waits DELAY_MS before the headers and mid-body.
const SERVERS = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const D = ${DELAY_MS};
// A minimal HTTP/1.1 responder (keep-alive, one fixed answer per request): the server's own cost
// per connection stays small, so the numbers compare the two clients, not node:http.
const net = require('node:net');
const ANSWER = 'HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\nok';
const fast = net.createServer((sock) => {
  let pending = '';
  sock.on('error', () => {});
  sock.on('data', (d) => {
    pending += d.toString('latin1');
    let i;
    while ((i = pending.indexOf('\\r\\n\\r\\n')) >= 0) {
      const close = /\\nconnection: *close/i.test(pending.slice(0, i));
      pending = pending.slice(i + 4);
      if (close) return sock.end(ANSWER);
      sock.write(ANSWER);
    }
  });
});
const slow = http.createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 8192 });
    res.write('a'.repeat(4096));
    setTimeout(() => res.end('b'.repeat(4096)), D);
  }, D);
});
fast.listen(0, '127.0.0.1', () => slow.listen(0, '127.0.0.1', () =>
  parentPort.postMessage({ fast: fast.address().port, slow: slow.address().port })));
parentPort.on('message', (m) => { if (m === 'stop') { fast.close(); slow.close(); slow.closeAllConnections(); parentPort.close(); } });
`;

export interface ProbeBench {
  ours_ms: number;
  curl_ms: number;
  ratio: number;
  phase_error_pct: number;
  /** curl sending `Connection: close`, so that it too opens one connection per URL as every probe does. */
  curl_fresh_ms: number;
  ratio_fresh: number;
}

export async function runProbeBench(): Promise<ProbeBench> {
  const worker = new Worker(SERVERS, { eval: true });
  try {
    const ports = await new Promise<{ fast: number; slow: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const urls = Array.from({ length: URLS }, (_, i) => `http://127.0.0.1:${ports.fast}/item/${i}`);

    // Warm both clients first (JIT, undici's parser, curl's binary in the page cache), then take the
    // median of alternating runs: the machine is shared, so a single run mostly measures the neighbours.
    const opts = { concurrency: CONCURRENCY, perHost: CONCURRENCY, differential: false, proxy: null };
    await probeAll(urls, opts);
    await runCurl(urls.slice(0, 100));
    const ours: number[] = [];
    const curls: number[] = [];
    const fresh: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      const results = await probeAll(urls, opts);
      ours.push(performance.now() - t0);
      const bad = results.filter((r) => r.id !== 'ok');
      if (bad.length) throw new Error(`${bad.length} of ${URLS} probes did not end ok (e.g. ${bad[0].id}: ${bad[0].error})`);
      curls.push(await runCurl(urls));
      fresh.push(await runCurl(urls, ['-H', 'Connection: close']));
    }
    const ours_ms = median(ours);
    const curl_ms = median(curls);
    const curl_fresh_ms = median(fresh);

    const errors: number[] = [];
    for (let i = 0; i < TIMING_RUNS; i++) {
      const r = await probeUrl(`http://127.0.0.1:${ports.slow}/`, { differential: false, proxy: null });
      const ms = (phase: string): number => r.phases.find((p) => p.phase === phase)?.ms ?? NaN;
      errors.push(Math.abs(ms('response') - DELAY_MS) / DELAY_MS, Math.abs(ms('body') - DELAY_MS) / DELAY_MS);
    }
    const phase_error_pct = (100 * errors.reduce((a, b) => a + b, 0)) / errors.length;
    return { ours_ms, curl_ms, ratio: ours_ms / curl_ms, phase_error_pct, curl_fresh_ms, ratio_fresh: ours_ms / curl_fresh_ms };
  } finally {
    worker.postMessage('stop');
    await worker.terminate();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** curl --parallel over the same URLs from a config file; resolves with the wall time in ms. */
async function runCurl(urls: string[], extra: string[] = []): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conndoc-bench-'));
  const config = path.join(dir, 'urls.curl');
  fs.writeFileSync(config, urls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join(''));
  try {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('curl', ['-s', '--parallel', '--parallel-max', String(CONCURRENCY), ...extra, '-K', config], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))));
    });
    return performance.now() - t0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
