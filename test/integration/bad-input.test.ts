// Issue 5, bad input: the real `conndoc` (dist/cli.js) on files and URLs that are broken in every way a
// workspace manages — it finishes, says what it skipped, and never lets one bad item stop the rest.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Result } from '../../src/vocabulary/types';
import { parseJson, runCli, startCli } from '../support/cli';
import { ConnCount, Tracker, tinyHttp } from '../support/loopback';

interface ScanJson {
  urls: { url: string; file: string; line: number; column: number }[];
  results: Result[];
}

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

function workspace(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `conndoc-${prefix}-`));
  chmodSync(dir, 0o755); // readable by `nobody` for the permission cases
  return dir;
}

/** The scan's urls whose file is `name` (file paths may be absolute or relative, R2). */
const inFile = (doc: ScanJson, name: string): ScanJson['urls'] => doc.urls.filter((u) => path.basename(u.file) === name);

describe('bad input: conndoc scan and probe', function () {
  this.timeout(60_000);
  const tracker = new Tracker();
  const heads: string[] = [];
  let port = 0;
  let port6 = 0;
  let dir = '';

  before(async () => {
    port = await tinyHttp(tracker, '127.0.0.1', { onHead: (h) => heads.push(h) });
    port6 = await tinyHttp(tracker, '::1');
    dir = workspace('bad');
  });
  after(async () => {
    await tracker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a path that does not exist: exactly one line on stderr, exit 2', async () => {
    const run = await runCli(['scan', '--no-probe', path.join(dir, 'no-such-dir')], { deadlineMs: 15_000 });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
    assert.match(lines[0], /no-such-dir/);
  });

  it('an unwritable --sarif file: one line, exit 2, before any probe is made', async () => {
    const count = new ConnCount();
    const watched = await tinyHttp(tracker, '127.0.0.1', { counts: [count] });
    const ws = path.join(dir, 'sarif');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'a.env'), `A=http://127.0.0.1:${watched}/\n`);
    const run = await runCli(['scan', '--sarif', path.join(dir, 'no-such-dir', 'out.sarif'), ws], { deadlineMs: 15_000 });
    assert.equal(run.code, 2);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
    assert.match(run.stderr, /--sarif: cannot write .*ENOENT/);
    assert.equal(count.total, 0, 'nothing was probed');
  });

  it('a huge file is read up to the cap, with a note; binary files are skipped; invalid UTF-8 is still scanned', async () => {
    const ws = path.join(dir, 'files');
    mkdirSync(ws);
    const head = `http://127.0.0.1:${port}/head`;
    writeFileSync(path.join(ws, 'huge.txt'), `${head}\n${'y\n'.repeat(20_000)}http://127.0.0.1:${port}/tail\n`);
    writeFileSync(path.join(ws, 'binary.bin'), Buffer.concat([Buffer.from(`http://127.0.0.1:${port}/binary\n`), Buffer.from([0, 1, 2, 3])]));
    writeFileSync(
      path.join(ws, 'bad-utf8.txt'),
      Buffer.concat([
        Buffer.from([0xff, 0xfe, 0x80]),
        Buffer.from(` http://127.0.0.1:${port}/utf8a\n`),
        Buffer.from([0xc3]), // a truncated two-byte sequence
        Buffer.from(`\nnext http://127.0.0.1:${port}/utf8b\n`),
      ]),
    );
    const run = await runCli(['scan', '--no-probe', '--json', '--max-file-bytes', '4096', ws], { deadlineMs: 20_000 });
    assert.equal(run.code, 0);
    const doc = parseJson<ScanJson>(run);
    assert.deepEqual(inFile(doc, 'huge.txt').map((u) => u.url), [head], 'the head of a huge file is scanned, the tail past the cap is not');
    assert.deepEqual(inFile(doc, 'binary.bin'), [], 'binary files are skipped (R1)');
    const utf8 = inFile(doc, 'bad-utf8.txt').map((u) => [u.url, u.line]);
    assert.deepEqual(utf8, [[`http://127.0.0.1:${port}/utf8a`, 1], [`http://127.0.0.1:${port}/utf8b`, 3]]);

    const human = await runCli(['scan', '--no-probe', '--max-file-bytes', '4096', ws], { deadlineMs: 20_000 });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /huge\.txt: [^\n]*truncated[^\n]*4096/, `the cut-short file is named, with why:\n${human.stdout}`);
    assert.match(run.stderr, /huge\.txt: [^\n]*truncated/, 'with --json, the note goes to stderr');
  });

  it('unreadable files and folders are skipped and the rest is scanned', async function () {
    const ws = path.join(dir, 'perm');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'open.env'), `A=http://127.0.0.1:${port}/open\n`);
    writeFileSync(path.join(ws, 'secret.env'), `B=http://127.0.0.1:${port}/secret\n`);
    mkdirSync(path.join(ws, 'locked'));
    writeFileSync(path.join(ws, 'locked', 'inner.env'), `C=http://127.0.0.1:${port}/inner\n`);
    chmodSync(path.join(ws, 'open.env'), 0o644);
    chmodSync(path.join(ws, 'secret.env'), 0o000);
    chmodSync(path.join(ws, 'locked'), 0o000);
    chmodSync(ws, 0o755);
    // root reads anything, so as root the CLI runs as `nobody`, for whom chmod 000 means what it says.
    const as = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    try {
      const run = await runCli(['scan', '--no-probe', '--json', ws], { deadlineMs: 20_000, ...as, cwd: os.tmpdir() });
      assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
      assert.match(run.stderr, /secret\.env: [^\n]*(permission|EACCES)/);
      const doc = parseJson<ScanJson>(run);
      assert.deepEqual(doc.urls.map((u) => u.url), [`http://127.0.0.1:${port}/open`]);
      const human = await runCli(['scan', '--no-probe', ws], { deadlineMs: 20_000, ...as, cwd: os.tmpdir() });
      assert.match(human.stdout, /secret\.env: [^\n]*(permission|EACCES)/, `names the unreadable file:\n${human.stdout}`);
      assert.match(human.stdout, /locked: [^\n]*(permission|EACCES)/, 'and the unreadable folder');
    } finally {
      chmodSync(path.join(ws, 'secret.env'), 0o644);
      chmodSync(path.join(ws, 'locked'), 0o755);
    }
  });

  it('symbolic link loops are not followed and files behind links are not scanned twice', async () => {
    const ws = path.join(dir, 'links');
    mkdirSync(path.join(ws, 'real'), { recursive: true });
    writeFileSync(path.join(ws, 'real', 'a.env'), `A=http://127.0.0.1:${port}/linked\n`);
    symlinkSync('.', path.join(ws, 'real', 'loop'));
    symlinkSync('..', path.join(ws, 'real', 'up'));
    symlinkSync('b', path.join(ws, 'a'));
    symlinkSync('a', path.join(ws, 'b'));
    symlinkSync('self', path.join(ws, 'self'));
    symlinkSync('real', path.join(ws, 'alias'));
    const run = await runCli(['scan', '--no-probe', '--json', ws], { deadlineMs: 20_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parseJson<ScanJson>(run).urls.map((u) => u.url), [`http://127.0.0.1:${port}/linked`]);
  });

  it("file names carrying terminal escape sequences (an untrusted repository's) are printed as visible escapes", async () => {
    const ws = path.join(dir, 'names');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'a\x1b]0;pwned\x07\x1b[2J.env'), `U=http://127.0.0.1:${port}/named\n`);
    const run = await runCli(['scan', '--no-probe', ws], { deadlineMs: 20_000, env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, JSON.stringify(run.stdout));
    assert.match(run.stdout, /a\\x1b\]0;pwned\\x07\\x1b\[2J\.env/);
  });

  it('a file listing 100,000 URLs: the human report comes in seconds, like the JSON one', async () => {
    const ws = path.join(dir, 'list');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'urls.txt'), Array.from({ length: 100_000 }, (_, i) => `http://h${i % 50}.test/p${i}\n`).join(''));
    for (const json of [true, false]) {
      const run = await runCli(['scan', '--no-probe', ...(json ? ['--json'] : []), ws], { deadlineMs: 30_000 });
      assert.equal(run.code, 0, `exit ${run.code} ${run.signal ?? ''} after ${run.ms} ms`);
      assert.ok(run.ms < 15_000, `${json ? 'JSON' : 'human'} report took ${run.ms} ms`);
      assert.match(run.stdout, json ? /"line": ?100000/ : /100000 URLs in 1 of 1 files/);
    }
  });

  it('`conndoc scan | head`: a reader that goes away early ends the run quietly, no EPIPE stack trace', async () => {
    const ws = path.join(dir, 'pipe-reader');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'urls.txt'), Array.from({ length: 20_000 }, (_, i) => `http://h${i}.test/\n`).join(''));
    for (const json of [false, true]) {
      const cli = startCli(['scan', '--no-probe', ...(json ? ['--json'] : []), ws], { deadlineMs: 20_000 });
      cli.child.stdout!.once('data', () => cli.child.stdout!.destroy());
      const run = await cli.done;
      assert.equal(run.code, 0, `exit ${run.code} ${run.signal ?? ''}: ${run.stderr.slice(0, 300)}`);
      assert.doesNotMatch(run.stderr, /EPIPE|Unhandled|\n\s+at /, run.stderr.slice(0, 300));
    }
  });

  it('FIFOs and devices are never opened: a FIFO in the tree or as the path does not hang the scan', async () => {
    const ws = path.join(dir, 'fifo');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'a.env'), `A=http://127.0.0.1:${port}/beside-a-fifo\n`);
    execFileSync('mkfifo', [path.join(ws, 'pipe.env')]);
    const inTree = await runCli(['scan', '--no-probe', '--json', ws], { deadlineMs: 15_000 });
    assert.equal(inTree.code, 0, `exit ${inTree.code} ${inTree.signal ?? ''}`);
    assert.deepEqual(parseJson<ScanJson>(inTree).urls.map((u) => u.url), [`http://127.0.0.1:${port}/beside-a-fifo`]);
    for (const p of [path.join(ws, 'pipe.env'), '/dev/zero']) {
      const run = await runCli(['scan', '--no-probe', '--json', p], { deadlineMs: 15_000 });
      assert.ok(run.code === 0 || run.code === 2, `${p}: exit ${run.code} ${run.signal ?? ''}`);
    }
  });

  it('files vanishing mid-scan: no crash, every file that stayed is reported', async () => {
    const ws = path.join(dir, 'vanish');
    const gone = path.join(ws, 'gone');
    mkdirSync(gone, { recursive: true });
    mkdirSync(path.join(ws, 'stay'));
    const stay: string[] = [];
    for (let i = 0; i < 50; i++) {
      const url = `http://127.0.0.1:${port}/stay${i}`;
      stay.push(url);
      writeFileSync(path.join(ws, 'stay', `s${i}.env`), `U=${url}\n`);
    }
    const names: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const sub = path.join(gone, `d${i % 40}`);
      if (i < 40) mkdirSync(sub);
      names.push(path.join(sub, `g${i}.txt`));
      writeFileSync(names[i], `see http://127.0.0.1:${port}/gone${i} and more text\n`.repeat(20));
    }
    const cli = startCli(['scan', '--no-probe', '--json', ws], { deadlineMs: 30_000 });
    // Delete while the scan walks and reads: files, then whole folders, yielding to let both run.
    let exited = false;
    void cli.done.then(() => (exited = true));
    for (let i = names.length - 1; i >= 0 && !exited; i--) {
      try {
        unlinkSync(names[i]);
      } catch { /* already gone */ }
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    rmSync(gone, { recursive: true, force: true });
    const run = await cli.done;
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /\bat .*\(.*:\d+:\d+\)|TypeError|Unhandled/, 'no stack trace');
    const found = new Set(parseJson<ScanJson>(run).urls.map((u) => u.url));
    for (const u of stay) assert.ok(found.has(u), `${u} is reported`);
  });

  it('IDN hosts are reported as written by discovery', async () => {
    const ws = path.join(dir, 'idn-list');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'idn.md'), `Shop: http://bücher.example:${port}/straße and done\n`);
    const run = await runCli(['scan', '--no-probe', '--json', ws], { deadlineMs: 20_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(parseJson<ScanJson>(run).urls.map((u) => [u.url, u.line, u.column]), [[`http://bücher.example:${port}/straße`, 1, 7]]);
  });

  it('scan: a URL with a port out of range gets one clear line, the other URLs (IPv6, IDN) are probed and printed', async () => {
    const ws = path.join(dir, 'mixed');
    mkdirSync(ws);
    writeFileSync(
      path.join(ws, 'urls.env'),
      [
        `OK=http://127.0.0.1:${port}/ok`,
        `RANGE=http://127.0.0.1:99999/range`,
        `V6=http://[::1]:${port6}/v6`,
        `IDN=http://bücher.example:${port}/idn`,
        '',
      ].join('\n'),
    );
    heads.length = 0;
    const args = ['scan', '--json', '--timeout', '3000', '--resolve', `xn--bcher-kva.example:${port}:127.0.0.1`, ws];
    const run = await runCli(args, { deadlineMs: 30_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `one stderr line for the one bad URL:\n${run.stderr}`);
    assert.match(lines[0], /99999/);
    assert.match(lines[0], /range|port/i);
    assert.match(lines[0], /urls\.env:2:7/, 'says where the URL is');
    const doc = parseJson<ScanJson>(run);
    const byUrl = new Map(doc.results.map((r) => [r.url, r]));
    assert.equal(byUrl.get(`http://127.0.0.1:${port}/ok`)?.id, 'ok');
    assert.equal(byUrl.get(`http://[::1]:${port6}/v6`)?.id, 'ok');
    assert.equal(doc.results.length, 3, doc.results.map((r) => r.url).join(', '));
    const idn = doc.results.find((r) => /\/idn$/.test(r.url));
    assert.equal(idn?.id, 'ok', JSON.stringify(idn?.phases));
    assert.ok(heads.some((h) => new RegExp(`^host: xn--bcher-kva\\.example:${port}\\r?$`, 'im').test(h)), 'the Host header carries the punycode name');

    const human = await runCli(args.filter((a) => a !== '--json'), { deadlineMs: 30_000 });
    assert.match(human.stdout, new RegExp(`\\[::1\\]:${port6}/v6`));
    assert.match(human.stdout, /3 probed, 3 ok/);
  });

  it('--resolve accepts the host as written in the file (Unicode IDN) and probes its punycode form', async () => {
    heads.length = 0;
    const run = await runCli(['probe', '--json', '--timeout', '3000', '--resolve', `bücher.example:${port}:127.0.0.1`, `http://bücher.example:${port}/u`], { deadlineMs: 20_000 });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.ok(heads.some((h) => /^host: xn--bcher-kva\.example/im.test(h)));
  });

  it('probe: each malformed URL gets one line on stderr, the good ones are still probed and printed', async () => {
    const bad = ['http://127.0.0.1:99999/', 'http://[::1::2]/', 'not a url', 'ftp://127.0.0.1/', 'http://'];
    const good = [`http://127.0.0.1:${port}/a`, `http://[::1]:${port6}/b`];
    const run = await runCli(['probe', '--json', '--timeout', '3000', good[0], ...bad, good[1]], { deadlineMs: 20_000 });
    assert.equal(run.code, 2, 'bad input makes the exit status 2');
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, bad.length, run.stderr);
    bad.forEach((u, i) => assert.ok(lines[i].includes(u), `line ${i} names ${u}: ${lines[i]}`));
    const doc = parseJson<{ results: Result[] }>(run);
    assert.deepEqual(doc.results.map((r) => [r.url, r.id]), good.map((u) => [u, 'ok']));
  });
});
