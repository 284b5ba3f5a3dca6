// Issue 18, defect 1: a hostile server's redirects into the cloud metadata service (every spelling of it, a
// name that rebinds to it) and from a public address into private or loopback ranges are never followed.
// Proven in a throwaway network namespace: real traps listen on 169.254.169.254, fd00:ec2::254, a private
// and a loopback address, and iptables counters on the prober's OUTPUT chain show that not one packet left
// for them. Plus the policy's own spelling rules, without a network.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { addressClass, canonicalHost, forbiddenHost, unmapped } from '../../src/probe/destination-policy';
import type { Result } from '../../src/vocabulary/types';
import { whyUnprobeable } from '../../src/probe/validate';
import { CLI, assertBuilt } from '../support/cli';
import { LOCATIONS } from '../support/metadata-trap';

const TRAP_SCRIPT = path.resolve(__dirname, '../support/metadata-trap.js');

interface TrapRun {
  code: number | null;
  stdout: string;
  stderr: string;
  packets: Record<string, number>;
  trapHits: string[];
}

function runInNamespace(extra: string[] = []): TrapRun {
  const r = spawnSync('unshare', ['--net', process.execPath, TRAP_SCRIPT, CLI, ...extra], { encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.status, 0, `namespace run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as TrapRun;
}

describe('destination policy (issue 18: redirects into metadata services)', function () {
  this.timeout(120_000);

  describe('in a throwaway network namespace with trap listeners and packet counters', () => {
    let run: TrapRun;
    let byKey: Map<string, Result>;
    before(function () {
      if (process.getuid?.() !== 0 || spawnSync('unshare', ['--net', 'true']).status !== 0) {
        console.log('    (skipped: needs root for unshare --net and iptables)');
        this.skip();
      }
      assertBuilt();
      run = runInNamespace();
      const doc = JSON.parse(run.stdout) as { results: Result[] };
      byKey = new Map(doc.results.map((r) => [r.url.replace(/^http:\/\/198\.51\.100\.1\//, ''), r]));
    });

    it('not one packet and not one connection reached any trap', () => {
      assert.ok(Object.keys(run.packets).length >= 5, `counters read: ${JSON.stringify(run.packets)}`);
      for (const [dest, n] of Object.entries(run.packets)) assert.equal(n, 0, `${n} packets sent to ${dest}`);
      assert.deepEqual(run.trapHits, []);
    });

    for (const key of Object.keys(LOCATIONS).filter((k) => k !== 'allowed')) {
      it(`${key} (${LOCATIONS[key]}): http.redirect-blocked with the Location, exit 1`, () => {
        const r = byKey.get(key);
        assert.ok(r, `no result for ${key}: ${run.stderr}`);
        assert.equal(r.id, 'http.redirect-blocked', `${key}: ${r.id} ${r.error ?? ''}`);
        assert.equal(r.ok, false);
        assert.equal(r.redirects?.length, 1);
        assert.match(r.error ?? '', /not followed/);
        assert.ok(r.title.length > 0 && r.remediation.length > 0, 'knowledge entry');
        assert.equal(run.code, 1);
      });
    }

    it('a public-to-public redirect is still followed (the policy blocks places, not redirects)', () => {
      const r = byKey.get('allowed');
      assert.equal(r?.id, 'ok', r?.error);
      assert.equal(r?.redirects?.[0]?.location, 'http://198.51.100.1/landed');
    });

    it("nothing a trap would have said, and no body sample, reaches the JSON (no --include-body)", () => {
      assert.doesNotMatch(run.stdout, /AccessKeyId|SecretAccessKey|landed safely/);
      assert.doesNotMatch(run.stdout, /bodySample/);
    });

    it('--include-body keeps the sample of what the user asked for (and still nothing from a trap)', () => {
      const withBody = runInNamespace(['--include-body']);
      assert.match(withBody.stdout, /landed safely/);
      assert.doesNotMatch(withBody.stdout, /AccessKeyId/);
      for (const [dest, n] of Object.entries(withBody.packets)) assert.equal(n, 0, `${n} packets sent to ${dest}`);
    });
  });

  describe('spellings', () => {
    it('every spelling of 169.254.169.254 is the metadata address', () => {
      for (const h of ['169.254.169.254', '2852039166', '0xa9fea9fe', '0251.0376.0251.0376', '169.254.169.254.', '0xA9.0xFE.0xA9.0xFE']) {
        assert.equal(canonicalHost(h), '169.254.169.254', h);
        assert.ok(forbiddenHost(h), h);
      }
      for (const h of ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '[::ffff:a9fe:a9fe]', '64:ff9b::a9fe:a9fe', '::169.254.169.254', '0:0:0:0:0:ffff:a9fe:a9fe']) {
        assert.equal(unmapped(h), '169.254.169.254', h);
        assert.equal(addressClass(h), 'metadata', h);
      }
      for (const h of ['fd00:ec2::254', 'fe80::1', 'FE80::abcd', 'metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', '169.254.1.1']) assert.ok(forbiddenHost(h), h);
    });

    it('ordinary addresses are not blocked, and are classed right', () => {
      for (const h of ['127.0.0.1', 'example.com', '93.184.216.34', '::1', '10.0.0.1', 'metadata.example.com']) assert.equal(forbiddenHost(h), undefined, h);
      assert.equal(addressClass('::1'), 'loopback');
      assert.equal(addressClass('::ffff:10.1.2.3'), 'private');
      assert.equal(addressClass('fd12::1'), 'private');
      assert.equal(addressClass('8.8.8.8'), 'public');
    });

    it("the user's own URL naming the metadata service is refused before anything connects (exit-2 class)", () => {
      assert.match(whyUnprobeable('http://169.254.169.254/latest/meta-data/') ?? '', /destination policy/);
      assert.match(whyUnprobeable('http://[fd00:ec2::254]/') ?? '', /destination policy/);
      assert.match(whyUnprobeable('http://metadata.google.internal/') ?? '', /destination policy/);
      assert.equal(whyUnprobeable('http://127.0.0.1:8080/'), null);
    });
  });
});
