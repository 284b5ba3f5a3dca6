import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCommandLine, parseDnsServer, parseResolve, UsageError } from '../../src/cli/args';

describe('conndoc argument parsing', () => {
  it('reads every contract option into probe options', () => {
    const c = parseCommandLine([
      'probe', '--json', '--timeout', '2500', '--resolve', 'api.example.com:443:127.0.0.1,::1', '--resolve', 'b.test:80:[::1]',
      '--dns-server', '127.0.0.1:5353', '--proxy', 'http://127.0.0.1:3128', '--insecure', '--repeat', '3',
      '--concurrency', '8', '--per-host', '2', 'https://api.example.com/',
    ]);
    assert.equal(c.command, 'probe');
    assert.equal(c.json, true);
    assert.deepEqual(c.positionals, ['https://api.example.com/']);
    assert.deepEqual(c.probe, {
      timeoutMs: 2500, repeat: 3, concurrency: 8, perHost: 2,
      resolve: { 'api.example.com:443': ['127.0.0.1', '::1'], 'b.test:80': ['::1'] },
      dnsServer: '127.0.0.1:5353', proxy: 'http://127.0.0.1:3128', insecure: true,
    });
  });

  it("treats --proxy '' as no proxy", () => {
    assert.equal(parseCommandLine(['probe', '--proxy', '', 'http://x.test/']).probe.proxy, null);
  });

  it('reads scan flags and defaults the path list to empty (the command uses .)', () => {
    const c = parseCommandLine(['scan', '--no-probe', '--exclude', 'dist/**', '--exclude', '*.min.js', '--gitignore', '--sarif', 'out.sarif']);
    assert.deepEqual(c.scan, { noProbe: true, excludes: ['dist/**', '*.min.js'], gitignore: true, sarif: 'out.sarif', maxFileBytes: undefined, toolchain: false, tools: undefined });
    assert.deepEqual(c.positionals, []);
  });

  for (const [argv, message] of [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['probe'], /at least one URL/],
    [['probe', '--timeout', 'soon', 'http://x/'], /--timeout takes a whole number/],
    [['probe', '--timeout', '0', 'http://x/'], /--timeout/],
    [['probe', '--timeout', '-5', 'http://x/'], /--timeout is followed by '-5', which starts with a dash: write --timeout=-5/],
    [['probe', '--timeout=-5', 'http://x/'], /--timeout takes a whole number from 1 to 3600000, not '-5'/],
    [['probe', '--bogus', 'http://x/'], /bogus/],
    [['probe', '--resolve', 'nohostport', 'http://x/'], /--resolve takes host:port:address/],
    [['probe', '--resolve', 'h:99999:127.0.0.1', 'http://x/'], /--resolve/],
    [['probe', '--resolve', 'h:80:not-an-ip', 'http://x/'], /not an IP address/],
    [['probe', '--dns-server', 'dns.example', 'http://x/'], /--dns-server takes ip\[:port\]/],
    [['probe', '--ca', '/nonexistent/ca.pem', 'http://x/'], /--ca: cannot read \/nonexistent\/ca.pem: ENOENT/],
    [['probe', '--ca', '/etc/hostname', 'http://x/'], /--ca: \/etc\/hostname holds no PEM certificate/],
    [['probe', '--ca', '/dev/null', 'http://x/'], /--ca: \/dev\/null holds no PEM certificate/],
    [['probe', '--proxy', 'ftp://127.0.0.1:21', 'http://x/'], /--proxy takes an http/],
    [['probe', '--pac', 'ftp://wpad.test/proxy.pac', 'http://x/'], /--pac takes an http\(s\):\/\/ URL or a file/],
    [['env', 'a', 'b'], /env takes at most one sample URL/],
    [['probe', '--no-probe', 'http://x/'], /go with 'scan' only/],
    [['explain', 'a', 'b'], /at most one id/],
  ] as const) {
    it(`rejects ${JSON.stringify(argv)} with one clear line`, () => {
      assert.throws(() => parseCommandLine(argv), (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      });
    });
  }

  it('accepts IPv6 DNS servers with and without a port', () => {
    assert.equal(parseDnsServer('::1'), '::1');
    assert.equal(parseDnsServer('[::1]:5353'), '[::1]:5353');
    assert.throws(() => parseDnsServer('[::1]:70000'), UsageError);
  });

  it('normalises --resolve keys like curl (lower-case host, numeric port)', () => {
    assert.deepEqual(parseResolve('API.Example.com:0443:127.0.0.2'), ['api.example.com:443', ['127.0.0.2']]);
  });

  it('keys --resolve by the ASCII form of an IDN host, as the engine looks names up', () => {
    assert.deepEqual(parseResolve('Bücher.example:80:127.0.0.1'), ['xn--bcher-kva.example:80', ['127.0.0.1']]);
  });

  it('never throws anything but a one-line UsageError on arbitrary argv (fuzz)', () => {
    const token = fc.oneof(
      fc.constantFrom('probe', 'scan', 'explain', 'lab', 'demo', 'help', 'version', '--json', '--timeout', '--resolve', '--dns-server', '--proxy',
        '--repeat', '--concurrency', '--per-host', '--no-probe', '--sarif', '--exclude', '--insecure', '--gitignore', '--max-file-bytes',
        '--max-body-bytes', '--no-differential', '--ca', '--version', '-V', '--', '-', '-h', '', '--timeout=', '--resolve=h:1:'),
      fc.string(),
      fc.stringMatching(/^[a-z0-9:.,[\]-]{0,20}$/),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        try {
          parseCommandLine(argv);
        } catch (e) {
          assert.ok(e instanceof UsageError, `unexpected ${(e as Error)?.constructor?.name}: ${(e as Error).message}`);
          assert.ok(!e.message.includes('\n'));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never loops: huge and pathological arguments parse (or fail) in bounded time (fuzz)', () => {
    // Long runs of the characters the option patterns split on: where a backtracking regex would go quadratic.
    const big = fc.tuple(fc.constantFrom('a', ':', '[', ']', '1', ',', '.', '[::', 'h:1:'), fc.integer({ min: 1_000, max: 50_000 }), fc.constantFrom('', ':', ']', ':99999', 'x'))
      .map(([unit, n, tail]) => unit.repeat(Math.ceil(n / unit.length)) + tail);
    const flag = fc.constantFrom('--resolve', '--dns-server', '--proxy', '--timeout', '--repeat', '--exclude', '--sarif');
    fc.assert(
      fc.property(fc.constantFrom('probe', 'scan'), flag, big, (command, f, value) => {
        const t0 = performance.now();
        try {
          parseCommandLine([command, f, value, 'http://x.test/']);
        } catch (e) {
          assert.ok(e instanceof UsageError, `unexpected ${(e as Error)?.constructor?.name}`);
        }
        const ms = performance.now() - t0;
        assert.ok(ms < 250, `${f} with ${value.length} chars took ${ms.toFixed(0)} ms`);
      }),
      { numRuns: 300 },
    );
  });
});
