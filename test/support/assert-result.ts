// Assertions on a probe Result that print the evidence (phases, errors, findings) when they fail.
import assert from 'node:assert/strict';
import type { DiagnosisId, Finding, PhaseName } from '../../src/vocabulary/ids';
import type { PhaseResult, Result } from '../../src/vocabulary/types';

/** The result in a few lines: what a failing assertion should show. */
export function describeResult(r: Result): string {
  const phases = r.phases.map((p) => {
    const code = httpCode(p);
    const extra = [p.errorCode, p.error, p.alert, p.note, code === undefined ? '' : `HTTP ${code}`].filter(Boolean).join(' ');
    return `  ${p.phase}: ${p.status}${extra ? ` (${extra})` : ''}`;
  });
  return [`${r.url} → ${r.id} [${r.findings.join(', ')}] failedPhase=${r.failedPhase ?? '-'} error=${r.error ?? '-'}`, ...phases].join('\n');
}

/** The HTTP status code the phase recorded, if any. */
export function httpCode(p: PhaseResult): number | undefined {
  return p.httpStatus;
}

export function phase(r: Result, name: PhaseName): PhaseResult {
  const p = r.phases.find((x) => x.phase === name);
  assert.ok(p, `no ${name} phase in\n${describeResult(r)}`);
  return p;
}

export interface Expected {
  /** The phase that failed; null when none should have. */
  failedPhase?: PhaseName | null;
  /** Findings that must be present. */
  findings?: Finding[];
  /** Findings that must be absent. */
  notFindings?: Finding[];
}

export function assertDiagnosis(r: Result, id: DiagnosisId, want: Expected = {}): void {
  const why = describeResult(r);
  assert.equal(r.id, id, why);
  assert.equal(r.ok, id === 'ok', `ok flag\n${why}`);
  if (want.failedPhase !== undefined) {
    const failed = r.phases.filter((p) => p.status === 'failed').map((p) => p.phase);
    if (want.failedPhase === null) assert.deepEqual(failed, [], `no phase should fail\n${why}`);
    else {
      assert.deepEqual(failed, [want.failedPhase], `failed phases\n${why}`);
      if (r.failedPhase !== undefined) assert.equal(r.failedPhase, want.failedPhase, `failedPhase\n${why}`);
    }
  }
  for (const f of want.findings ?? []) assert.ok(r.findings.includes(f), `finding ${f} missing\n${why}`);
  for (const f of want.notFindings ?? []) assert.ok(!r.findings.includes(f), `finding ${f} unexpected\n${why}`);
}
