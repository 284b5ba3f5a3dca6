// Issue 18, defects 6–8 and the URL cap: impossible status codes, control and bidi characters from a server
// or the command line, IDN hosts that impersonate ASCII ones, and URLs too long to be meant.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Result } from '../../src/vocabulary/types';
import { terminalSafe, withPunycode } from '../../src/cli/terminal-safe';
import { parseJson, runCli } from '../support/cli';

/** Raw ESC, C1, or any bidi / invisible format character: what must never reach a terminal. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

describe('text from outside is text (issue 18)', function () {
  this.timeout(60_000);
  const servers: net.Server[] = [];
  const serve = (response: string): Promise<number> =>
    new Promise((resolve) => {
      const s = net.createServer((sock) => {
        sock.on('error', () => undefined);
        sock.once('data', () => sock.end(response));
      });
      servers.push(s);
      s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
    });
  after(() => servers.forEach((s) => s.close()));

  for (const code of ['000', '099']) {
    it(`status ${code}: http.not-http with what was received, not the parser's assertion`, async () => {
      const port = await serve(`HTTP/1.1 ${code} Nope\r\nContent-Length: 2\r\n\r\nok`);
      const run = await runCli(['probe', '--json', '--proxy', '', `http://127.0.0.1:${port}/`]);
      const r = parseJson<{ results: Result[] }>(run).results[0];
      assert.equal(r.id, 'http.not-http', r.error);
      assert.match(r.error ?? '', new RegExp(`impossible HTTP status code ${code}`));
      assert.doesNotMatch(JSON.stringify(r), /false == true|ERR_ASSERTION/);
      assert.match(r.phases.find((p) => p.phase === 'response')?.unexpectedBytes ?? '', new RegExp(`^HTTP/1.1 ${code} Nope`));
    });
  }

  it("U+061C and other bidi marks in a server's reason phrase reach the terminal escaped", async () => {
    const port = await serve('HTTP/1.1 500 Bad\u061c\u200f\u2067news\u2069\x1b]0;pwned\x07\r\nContent-Length: 2\r\n\r\nok');
    const run = await runCli(['probe', '--proxy', '', '--no-differential', `http://127.0.0.1:${port}/`]);
    // The reason phrase arrives as latin1 bytes; whatever they decode to, nothing raw is printed.
    assert.doesNotMatch(run.stdout, RAW, JSON.stringify(run.stdout.slice(0, 400)));
    assert.match(run.stdout, /HTTP\/1\.1 500/);
  });

  const evil = '\x1b]0;pwned\x07\u202egnp.exe\u061c\u2066';
  for (const [what, args] of [
    ['an unknown command', [`frob${evil}`]],
    ['a bad URL', ['probe', `http://exa${evil}mple.test:99999/`]],
    ['--proxy', ['probe', '--proxy', `ftp://${evil}`, 'http://127.0.0.1:1/']],
    ['--dns-server', ['probe', '--dns-server', `1.1.1.1${evil}`, 'http://127.0.0.1:1/']],
    ['--resolve', ['probe', '--resolve', `a.test:80:${evil}`, 'http://127.0.0.1:1/']],
  ] as const) {
    it(`${what} echoed with ESC/OSC/bidi escaped, exit 2`, async () => {
      const run = await runCli([...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.doesNotMatch(run.stderr, RAW, JSON.stringify(run.stderr));
      assert.match(run.stderr, /\\x1b\]0;pwned\\x07\\u202e/);
    });
  }

  it('an IDN host is shown with its punycode beside it', async () => {
    const port = await serve('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const run = await runCli(['probe', '--proxy', '', '--resolve', `xn--pple-43d.test:${port}:127.0.0.1`, `http://\u0430pple.test:${port}/`]);
    assert.match(run.stdout, /\u0430pple\.test = xn--pple-43d\.test/, run.stdout.slice(0, 300));
    assert.equal(withPunycode('http://apple.test/'), 'http://apple.test/', 'an ASCII host is shown as it is');
  });

  it('a URL longer than 8 KiB is reported as too long, never probed (exit 2)', async () => {
    const run = await runCli(['probe', `http://127.0.0.1:1/${'a'.repeat(9000)}`]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /URL too long \(more than 8192 characters\): not probed/);
    assert.ok(run.stderr.length < 600, 'the echo is cut');
  });

  it('terminalSafe escapes every C0/C1 control and format character, keeps text', () => {
    assert.equal(terminalSafe('a\tb\nc'), 'a\tb\nc');
    assert.equal(terminalSafe('\x9b31m'), '\\x9b31m');
    assert.equal(terminalSafe('\u061c\u200e\u200f\u202a\u2069\ufeff\u{e0041}'), '\\u061c\\u200e\\u200f\\u202a\\u2069\\ufeff\\u{e0041}');
    assert.equal(terminalSafe('bücher ✓ 日本'), 'bücher ✓ 日本');
  });
});
