#!/usr/bin/env node
// `npm test`: build, the checks (types, lint, import direction), then every suite in order — unit,
// integration, vscode — and one closing line that sums them all: "N passed, M failed" (", K skipped" when
// any test was skipped; skipped tests and suites are named on the line above). Exits 1 when anything failed, when a check
// failed, or when a suite that should run ran no test.
// CD_TEST_SKIP=vscode,integration skips whole suites on purpose (named on the line above the total).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUITES = ['unit', 'integration', 'vscode'];
const CHECKS = ['typecheck', 'lint', 'check:imports'];
const SUITE_TIMEOUT_MS = 60 * 60_000; // a hung suite ends the run instead of holding CI forever

const skipWanted = new Set((process.env.CD_TEST_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean));
for (const s of skipWanted) {
  if (!SUITES.includes(s)) {
    console.error(`npm test: CD_TEST_SKIP names no suite: ${s} (suites: ${SUITES.join(', ')})`);
    process.exit(2);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
function run(cmd, args, env = process.env, timeout = SUITE_TIMEOUT_MS) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, timeout, killSignal: 'SIGKILL' });
  if (r.error) console.error(`npm test: ${[cmd, ...args].join(' ')}: ${r.error.message}`);
  return r.status === 0;
}

const lines = [];
let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];

// Steps without which no suite means anything: a failure here stops the run.
for (const [name, cmd, args] of [
  ['system packages', process.execPath, ['scripts/ensure-system-deps.mjs']],
  ['build', npm, ['run', 'build']],
  ['compile', npm, ['run', 'compile']],
]) {
  if (!run(cmd, args)) {
    console.log(`\n${name} failed: no suite ran (${SUITES.join(', ')})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

// Checks count one test each: a lint error fails `npm test` like a failing test does.
const checkMarks = [];
for (const check of CHECKS) {
  const ok = run(npm, ['run', '--silent', check]);
  checkMarks.push(`${check.replace(/^check:/, '')} ${ok ? '✔' : '✖'}`);
  if (ok) passed++;
  else failed++;
}
lines.push(`checks: ${checkMarks.join('  ')}`);

const countsDir = mkdtempSync(join(tmpdir(), 'cd-test-counts-'));
try {
  for (const suite of SUITES) {
    if (skipWanted.has(suite)) {
      skippedNames.push(`${suite} (CD_TEST_SKIP)`);
      lines.push(`${suite}: skipped (CD_TEST_SKIP)`);
      continue;
    }
    const file = join(countsDir, `${suite}.json`);
    const ok = run(npm, ['run', `test:${suite}`], { ...process.env, CD_TEST_COUNTS: file });
    let c;
    try {
      c = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      c = undefined; // the suite ended before it could report
    }
    if (!c || c.passed + c.failed === 0) {
      failed++;
      lines.push(`${suite}: ran no test (exit ${ok ? 0 : 'non-zero'}) — counted as 1 failed`);
      continue;
    }
    // A suite that exits non-zero with no failing test (a crash after the last test) still fails the run.
    const crashed = !ok && c.failed === 0;
    passed += c.passed;
    failed += c.failed + (crashed ? 1 : 0);
    skipped += c.skipped;
    if (c.skipped) skippedNames.push(`${suite}: ${c.skippedTitles.map((t) => `"${t}"`).join(', ')}`);
    lines.push(`${suite}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}${crashed ? ' — exited non-zero, counted as 1 failed' : ''}`);
  }
} finally {
  rmSync(countsDir, { recursive: true, force: true });
}

console.log(`\n${lines.join('\n')}`);
if (skippedNames.length) console.log(`skipped: ${skippedNames.join('; ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
