// mocha's spec reporter, plus the counts in machine-readable form for scripts/test.mjs: when
// CD_TEST_COUNTS names a file, the run's passed/failed/skipped numbers (and skipped titles) go there as JSON.
'use strict';
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class CountingSpec extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, skipped: 0, skippedTitles: [] };
    runner.on(EVENT_TEST_PASS, () => counts.passed++);
    // Failures include hooks: a failing `before` fails its suite once, its tests never run.
    runner.on(EVENT_TEST_FAIL, () => counts.failed++);
    runner.on(EVENT_TEST_PENDING, (test) => {
      counts.skipped++;
      counts.skippedTitles.push(test.fullTitle());
    });
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.CD_TEST_COUNTS;
      if (file) writeFileSync(file, JSON.stringify(counts));
    });
  }
}

module.exports = CountingSpec;
