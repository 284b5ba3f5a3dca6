// The engine against the fault lab: every case probed as a user would, asserting the diagnosis id, the
// findings that must be present and the phase that failed; every id and finding reached; phase timing
// attributed to the phases where the lab injected its delays.
import assert from 'node:assert/strict';
import { Test } from 'mocha';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import { DIAGNOSIS_IDS, FINDINGS, VENDORS } from '../../src/vocabulary/ids';
import type { Result } from '../../src/vocabulary/types';
import { startLab, type Lab, type LabCase } from '../../src/lab';

let lab: Lab;

/** Why this machine cannot run a case, or null when it can. */
function cannotRun(c: LabCase): string | null {
  if (c.requires === 'root') {
    if (process.getuid?.() !== 0) return 'needs root for a throwaway network namespace';
    if (spawnSync('unshare', ['--net', 'true']).status !== 0) return 'unshare --net is not permitted here';
  }
  return null;
}

/** Runs the probe inside a fresh network namespace prepared by the case's own commands. */
function probeInNetns(c: LabCase): Promise<Result> {
  const probeModule = path.resolve(__dirname, '../../src/probe/probe.js');
  const script = `require(${JSON.stringify(probeModule)}).probeUrl(process.env.LAB_URL, JSON.parse(process.env.LAB_OPTIONS))` +
    `.then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exitCode = 1; })`;
  const setup = (c.netns ?? []).join(' && ');
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--net', 'sh', '-c', `${setup} && exec "$0" -e "$1"`, process.execPath, script], {
      env: { ...process.env, LAB_URL: c.url, LAB_OPTIONS: JSON.stringify(c.options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.stdout.on('data', (b: Buffer) => (out += b));
    child.stderr.on('data', (b: Buffer) => (err += b));
    child.once('close', (code) => {
      clearTimeout(timer);
      try { resolve(JSON.parse(out) as Result); } catch { reject(new Error(`netns probe exited ${code}: ${err.trim().slice(0, 500)}`)); }
    });
  });
}

function summary(r: Result): string {
  const phases = r.phases.map((p) => `${p.phase}:${p.status}${p.errorCode ? `(${p.errorCode})` : ''}`).join(' ');
  return `got ${r.id} [${r.findings.join(', ')}] failedPhase=${r.failedPhase ?? '-'} | ${phases} | ${r.error ?? ''}`;
}

function failedPhaseOf(r: Result): string | undefined {
  return r.failedPhase ?? r.phases.find((p) => p.status === 'failed')?.phase;
}

/** Probes one case as a user would and checks id, findings, failed phase, and that it ended in bounded time. */
function caseTest(c: LabCase): (this: Mocha.Context) => Promise<void> {
  return async function () {
    const why = cannotRun(c);
    if (why) {
      this.test!.title += ` (skipped: ${why})`;
      this.skip();
    }
    const t0 = performance.now();
    const r = c.requires === 'root' ? await probeInNetns(c) : await probeUrl(c.url, c.options);
    const ms = performance.now() - t0;
    const got = summary(r);
    assert.equal(r.id, c.expect.id, got);
    for (const f of c.expect.findings) assert.ok(r.findings.includes(f), `missing finding ${f}: ${got}`);
    if (c.expect.failedPhase) assert.equal(failedPhaseOf(r), c.expect.failedPhase, got);
    if (c.expect.id === 'ok') assert.equal(r.ok, true, got);
    // A probe ends within its timeouts: seven phases, repeats and the bounded variant probes, generously.
    const bound = (c.options.timeoutMs ?? 10000) * 7 * (c.options.repeat ?? 1) + 15000;
    assert.ok(ms < bound, `took ${Math.round(ms)} ms (bound ${bound})`);
  };
}

describe('engine against the fault lab', function () {
  this.timeout(60000);

  before(async function () {
    lab = await startLab();
    // One test per case, added once the lab is up (mocha reads a suite's tests after its before hooks).
    const suite = this.test?.parent;
    assert.ok(suite);
    for (const c of lab.cases) suite.addTest(new Test(`${c.name} → ${c.expect.id}${c.expect.findings.length ? ` [${c.expect.findings.join(', ')}]` : ''}`, caseTest(c)));
  });
  after(async () => {
    await lab?.close();
  });

  it('every diagnosis id, every finding and every vendor is reached by at least one case', () => {
    const ids = new Set(lab.cases.map((c) => c.expect.id));
    const findings = new Set(lab.cases.flatMap((c) => c.expect.findings));
    assert.deepEqual(DIAGNOSIS_IDS.filter((id) => !ids.has(id)), [], 'ids without a case');
    // Reached by real-software suites, not the loopback lab: vantage-dependent needs a second machine
    // (vantage-ssh.test.ts, real sshd), reset-injected a routed path (packet-evidence.test.ts, namespaces), and
    // client-dependent a server that judges the User-Agent (real-gateways.test.ts, nginx).
    const multiVantage = new Set<string>(['vantage-dependent', 'reset-injected', 'client-dependent']);
    assert.deepEqual(FINDINGS.filter((f) => !findings.has(f) && !multiVantage.has(f)), [], 'findings without a case');
    assert.deepEqual(VENDORS.filter((v) => !findings.has(`vendor:${v}`)), [], 'vendors without a case');
  });

  it('attributes injected delays to the response and body phases', async () => {
    const c = lab.cases.find((x) => x.name === 'timing-delays');
    assert.ok(c?.delays);
    const r = await probeUrl(c.url, c.options);
    assert.equal(r.id, 'ok', summary(r));
    const ms = (phase: string): number => r.phases.find((p) => p.phase === phase)?.ms ?? 0;
    const injected = c.delays;
    // Each phase holds its injected delay; 50 ms of slack because a busy event loop can note a phase boundary
    // late (moving time from one phase to the next), never lose it: the two together hold the whole sum.
    for (const phase of ['response', 'body'] as const) {
      const want = injected[phase] ?? 0;
      assert.ok(ms(phase) >= want - 50, `${phase} phase ${ms(phase)} ms, injected ${want} ms`);
    }
    const total = (injected.response ?? 0) + (injected.body ?? 0);
    // Bounds no tighter than the lab's own delays: a phase holding the other phase's delay too would reach the total.
    for (const phase of ['response', 'body'] as const) {
      assert.ok(ms(phase) < total, `${phase} phase ${ms(phase)} ms holds the other phase's delay too (total ${total} ms)`);
    }
    const smallest = Math.min(injected.response ?? Infinity, injected.body ?? Infinity);
    assert.ok(ms('response') + ms('body') >= total - 5, `response + body ${ms('response') + ms('body')} ms, injected ${total} ms`);
    for (const phase of ['dns', 'connect', 'proxy', 'tls', 'request'] as const) {
      assert.ok(ms(phase) < smallest, `${phase} phase ${ms(phase)} ms: none of the injected delay belongs here`);
    }
  });
});
