import * as assert from 'node:assert/strict';
import { isRateLimited, parseRateLimit, parseRetryAfter } from '../../src/probe/ratelimit';

// A fixed clock: 2026-11-22T12:00:00Z.
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const HTTP_NOW = new Date(NOW).toUTCString(); // "Sun, 22 Nov 2026 12:00:00 GMT"

describe('ratelimit', () => {
  it('returns nothing for a response without any rate-limit signal', () => {
    assert.equal(parseRateLimit({ status: 200, headers: { 'content-type': 'text/html' }, now: NOW }), undefined);
    assert.equal(isRateLimited(200, undefined), false);
    assert.equal(isRateLimited(503, parseRateLimit({ status: 503, headers: {}, now: NOW })), false);
  });

  it('reads a bare 429 as a rate limit', () => {
    const info = parseRateLimit({ status: 429, headers: {}, now: NOW });
    assert.deepEqual(info, { status: 429, sources: ['status 429'] });
    assert.equal(isRateLimited(429, info), true);
  });

  describe('Retry-After', () => {
    it('takes delay-seconds as is', () => {
      const info = parseRateLimit({ status: 429, headers: { 'Retry-After': '120' }, now: NOW });
      assert.equal(info?.retryAfterSec, 120);
      assert.ok(info?.sources.includes('retry-after'));
    });

    it('measures an HTTP-date against the given clock when there is no Date header', () => {
      const at = new Date(NOW + 90_000).toUTCString();
      assert.equal(parseRateLimit({ status: 503, headers: { 'retry-after': at }, now: NOW })?.retryAfterSec, 90);
    });

    it('measures an HTTP-date against the response Date header when present (server clock, not ours)', () => {
      const serverNow = NOW - 3600_000; // our clock is an hour ahead of the server's
      const headers = { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 30_000).toUTCString() };
      assert.equal(parseRateLimit({ status: 503, headers, now: NOW })?.retryAfterSec, 30);
    });

    it('clamps dates in the past to 0 and ignores garbage', () => {
      assert.equal(parseRetryAfter(new Date(NOW - 10_000).toUTCString(), NOW), 0);
      assert.equal(parseRetryAfter('soon', NOW), undefined);
      assert.equal(parseRetryAfter('Sunday, 22-Nov-26 12:00:45 GMT', NOW), 45); // RFC 850 form
    });

    it('makes a 503 with Retry-After a rate limit', () => {
      const info = parseRateLimit({ status: 503, headers: { 'Retry-After': '5' }, now: NOW });
      assert.equal(isRateLimited(503, info), true);
    });
  });

  describe('IETF RateLimit / RateLimit-Policy', () => {
    it('parses the -09+ list form with named policies and picks the tightest item', () => {
      const info = parseRateLimit({
        status: 200,
        headers: {
          'RateLimit-Policy': '"burst";q=100;w=60, "daily";q=1000;w=86400;qu="requests"',
          RateLimit: '"burst";r=50;t=30, "daily";r=900;t=3600',
        },
        now: NOW,
      });
      assert.equal(info?.remaining, 50);
      assert.equal(info?.resetSec, 30);
      assert.equal(info?.limit, 100);
      assert.equal(info?.policy, 'burst: 100 per 60 s; daily: 1000 requests per 86400 s');
      assert.deepEqual(info?.sources, ['ratelimit', 'ratelimit-policy']);
      assert.equal(isRateLimited(200, info), false);
    });

    it('parses the -07/-08 dictionary form', () => {
      const info = parseRateLimit({ status: 429, headers: { RateLimit: 'limit=10, remaining=0, reset=7', 'RateLimit-Policy': '10;w=1, 50;w=60' }, now: NOW });
      assert.equal(info?.limit, 10);
      assert.equal(info?.remaining, 0);
      assert.equal(info?.resetSec, 7);
      assert.equal(info?.policy, '10 per 1 s; 50 per 60 s');
    });

    it('tolerates a malformed header without throwing', () => {
      const info = parseRateLimit({ status: 200, headers: { RateLimit: '"unterminated;r=;t, ,,;;' }, now: NOW });
      assert.ok(info === undefined || Array.isArray(info.sources));
    });
  });

  it('parses the older RateLimit-Limit / -Remaining / -Reset headers', () => {
    const info = parseRateLimit({ status: 429, headers: { 'RateLimit-Limit': '100, 100;w=60', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '42' }, now: NOW });
    assert.equal(info?.limit, 100);
    assert.equal(info?.remaining, 0);
    assert.equal(info?.resetSec, 42);
    assert.deepEqual(info?.sources, ['status 429', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']);
  });

  describe('X-RateLimit-*', () => {
    it('converts GitHub\'s epoch-seconds reset into seconds from now, and a 403 at zero is a rate limit', () => {
      const reset = String(NOW / 1000 + 600);
      const info = parseRateLimit({
        status: 403,
        headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '60', 'x-ratelimit-reset': reset, 'x-ratelimit-resource': 'core' },
        now: NOW,
      });
      assert.equal(info?.limit, 60);
      assert.equal(info?.remaining, 0);
      assert.equal(info?.resetSec, 600);
      assert.ok(info?.sources.includes('x-ratelimit-used'));
      assert.equal(isRateLimited(403, info), true);
      assert.equal(isRateLimited(200, info), false);
    });

    it('uses the response Date for epoch resets when present', () => {
      const headers = { date: HTTP_NOW, 'x-ratelimit-reset': String(NOW / 1000 + 15) };
      assert.equal(parseRateLimit({ status: 200, headers, now: NOW + 999_000 })?.resetSec, 15);
    });

    it('reads small resets as delta seconds and Go-style durations (OpenAI)', () => {
      assert.equal(parseRateLimit({ status: 200, headers: { 'X-RateLimit-Reset': '20' }, now: NOW })?.resetSec, 20);
      const oa = parseRateLimit({ status: 429, headers: { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }, now: NOW });
      assert.equal(oa?.limit, 500);
      assert.equal(oa?.resetSec, 360);
    });
  });

  it('recognises Envoy\'s local rate limit', () => {
    const info = parseRateLimit({ status: 429, headers: { 'x-envoy-ratelimited': 'true', server: 'envoy' }, now: NOW });
    assert.ok(info?.sources.includes('x-envoy-ratelimited'));
    assert.equal(isRateLimited(429, info), true);
  });

  it('does not call Cloudflare\'s 429 managed challenge a rate limit', () => {
    const info = parseRateLimit({ status: 429, headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' }, now: NOW });
    assert.ok(info?.sources.includes('cf-mitigated'));
    assert.equal(isRateLimited(429, info), false);
  });
});
