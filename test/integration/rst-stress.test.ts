// A RST right behind the request head is http.reset every time. It used to be http.closed now and then:
// over TLS the lab's session ticket and its RST arrive together, libuv reads the ticket, sees the hang-up
// and reports EOF — the ECONNRESET stays unread in the kernel (wire.ts, askForReset). That needs the lab
// in another process (in one process the event loop serialises the two) and probes in parallel.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import type { ProbeOptions } from '../../src/vocabulary/types';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');
const RUNS = 500;
const AT_ONCE = 8;

interface LabCaseJson {
  name: string;
  url: string;
  options: ProbeOptions;
  expect: { id: string };
}

/** `conndoc lab --json` in its own process; resolves with its cases once the listing is complete. */
function startLabProcess(): Promise<{ child: ChildProcess; cases: LabCaseJson[] }> {
  const child = spawn(process.execPath, [CLI, 'lab', '--json', '--for', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('the lab did not list its cases within 60 s')), 60_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stderr!.on('data', (b: Buffer) => (err += b));
    child.once('exit', (code) => fail(new Error(`the lab exited (${code}) before listing its cases: ${err.trim().slice(0, 300)}`)));
    child.stdout!.on('data', (b: Buffer) => {
      out += b;
      if (!out.endsWith('}\n')) return;
      try {
        const doc = JSON.parse(out) as { cases: LabCaseJson[] };
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, cases: doc.cases });
      } catch {
        /* not complete yet */
      }
    });
  });
}

describe(`a RST right after the request head: ${RUNS} probes, ${AT_ONCE} at once, lab in another process`, function () {
  this.timeout(600_000);
  let lab: { child: ChildProcess; cases: LabCaseJson[] } | undefined;
  before(async () => {
    lab = await startLabProcess();
  });
  after(() => {
    lab?.child.kill('SIGTERM');
  });

  for (const name of ['http-reset-tls', 'http-reset']) {
    it(`${name}: every probe says http.reset (none http.closed)`, async () => {
      const c = lab!.cases.find((k) => k.name === name);
      assert.ok(c, `the lab has no case ${name}`);
      assert.equal(c.expect.id, 'http.reset');
      const ids = new Map<string, number>();
      const examples = new Map<string, string>();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < RUNS) {
          next++;
          const r = await probeUrl(c.url, { ...c.options, differential: false });
          ids.set(r.id, (ids.get(r.id) ?? 0) + 1);
          if (r.id !== 'http.reset' && !examples.has(r.id)) examples.set(r.id, `${r.failedPhase}: ${r.error}`);
        }
      };
      await Promise.all(Array.from({ length: AT_ONCE }, worker));
      const got = Object.fromEntries(ids);
      assert.deepEqual(got, { 'http.reset': RUNS }, `${JSON.stringify(got)}; e.g. ${[...examples].map(([id, e]) => `${id} (${e})`).join('; ')}`);
    });
  }
});
