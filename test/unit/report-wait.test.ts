// The human report's Retry-After line: a rate limit only with rate-limit evidence (review 3.19; Varnish's stock
// 503 carries Retry-After: 5 and is a gateway failure, not a limit).
import assert from 'node:assert/strict';
import { formatResult } from '../../src/cli/report';
import { painter } from '../../src/cli/style';
import { applyKnowledge } from '../../src/probe/knowledge';
import type { DiagnosisId } from '../../src/vocabulary/ids';
import type { Result } from '../../src/vocabulary/types';

const withRetryAfter = (id: DiagnosisId, status: number): Result =>
  applyKnowledge({
    url: 'http://cache.example.test/',
    id,
    ok: false,
    findings: [],
    phases: [{ phase: 'response', status: 'failed', ms: 1, httpStatus: status }],
    rateLimit: { retryAfterSec: 5, sources: ['retry-after'] },
    title: '',
    explanation: '',
    remediation: [],
  });

describe('report: Retry-After', () => {
  it('on a gateway failure it is a request to wait, said not to be a rate limit', () => {
    const text = formatResult(withRetryAfter('http.upstream-failure', 503), painter(false), { verbose: true });
    assert.match(text, /asks to wait: retry after 5 s \(retry-after; not a rate limit here\)/);
    assert.doesNotMatch(text, /rate limit:/);
  });

  it('on a rate limit it stays the rate limit line', () => {
    const text = formatResult(withRetryAfter('http.rate-limited', 429), painter(false), { verbose: true });
    assert.match(text, /rate limit: retry after 5 s \(retry-after\)/);
  });
});
