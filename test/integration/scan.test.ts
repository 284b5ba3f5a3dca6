import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { scanPaths, type ScanResult } from '../../src/discover/scan';
import { dedupeTargets } from '../../src/discover/targets';
import { scanToJson } from '../../src/discover/file';

/** The fixture: path → content. Every file type of issue 3, hidden folders, and what R1 skips. */
const FILES: Record<string, string | Buffer> = {
  '.env': 'API_URL=https://api.example.com/v1\nDATABASE_URL=postgres://app:s3cret@db.internal:5432/app\n',
  '.github/workflows/ci.yml': '# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json\non: push\nenv:\n  HEALTH: http://localhost:8080/health\n',
  '.vscode/settings.json': '{\n  "$schema": "https://a.example/schema.json",\n  "rest.url": "https://staging.example.com/"\n}\n',
  'config/app.toml': '[db]\nurl = "mysql://root@mysql:3306/shop"\n',
  'config/app.ini': '[cache]\nredis=redis://:pw@cache:6379/0\n',
  'config/app.properties': 'spring.datasource.url=jdbc:postgresql://pg:5432/app\nkafka.bootstrap.servers=k1:9092,k2:9092\n',
  'pom.xml': '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
    '  xsi:schemaLocation="http://maven.apache.org/POM/4.0.0\n    https://maven.apache.org/xsd/maven-4.0.0.xsd">\n' +
    '  <url>https://repo.example.org/maven2</url>\n</project>\n',
  'deploy/nginx.conf': 'upstream app { server 10.0.0.2:8080; }\nserver {\n\tlocation / { proxy_pass http://app; }\n}\n',
  'deploy/haproxy.cfg': 'backend web\n  server web1 10.0.0.3:80 check\n',
  'deploy/Dockerfile': 'FROM node:20\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n',
  'scripts/run.sh': '#!/bin/sh\ncurl -sS "https://get.example.sh/install?v=${VERSION}" | sh\nexport X=${API:-http://127.0.0.1:9000}\n',
  'README.md': '# Demo\n\nSee [the docs](https://docs.example.com/guide#setup).\n',
  'web/index.html': '<html xmlns="http://www.w3.org/1999/xhtml"><script src="https://cdn.example.com/lib.js"></script></html>\n',
  'src/main.py': 'BASE = f"https://api.example.com/u/{uid}"\nAMQP = "amqp://guest:guest@rabbit:5672/"\n',
  'src/bundle.min.js': 'var a="wss://live.example.com/s",b=`https://${h}/x`,c="nats://nats:4222";',
  'src/crlf.txt': '\ufeffline one\r\n\t\u00e9 https://crlf.example/\u00fc\r\n',
  'src/invalid-utf8.txt': Buffer.concat([Buffer.from('a'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' http://after-bad-bytes.example/\n')]),
  'docs/api.md': 'Production: https://prod.example.com/api\n',
  'ignored.txt': 'http://ignored.example/\n',
  'build/out.txt': 'http://built.example/\n',
  '.gitignore': 'ignored.txt\nbuild/\n',
  // R1 skips:
  'node_modules/pkg/index.js': 'module.exports = "https://npm.example/";\n',
  'src/node_modules/x/y.js': '"https://nested-npm.example/"\n',
  '.git/config': '[remote "origin"]\n\turl = https://git.example/repo.git\n',
  'src/.git/HEAD': 'https://nested-git.example/\n',
  'assets/logo.png': Buffer.concat([Buffer.from('https://before-nul.example/ '), Buffer.from([0, 1, 2])]),
};

/** Exactly what the rules say about FILES (no excludes, no .gitignore): file, line, column, url. */
const EXPECTED: [string, number, number, string][] = [
  ['.env', 1, 9, 'https://api.example.com/v1'],
  ['.env', 2, 14, 'postgres://app:***@db.internal:5432/app'],
  ['.github/workflows/ci.yml', 4, 11, 'http://localhost:8080/health'],
  ['.vscode/settings.json', 3, 16, 'https://staging.example.com/'],
  ['README.md', 3, 16, 'https://docs.example.com/guide#setup'],
  ['build/out.txt', 1, 1, 'http://built.example/'],
  ['config/app.ini', 2, 7, 'redis://:***@cache:6379/0'],
  ['config/app.properties', 1, 28, 'postgresql://pg:5432/app'],
  ['config/app.toml', 2, 8, 'mysql://root@mysql:3306/shop'],
  ['deploy/Dockerfile', 2, 25, 'http://localhost:3000/'],
  ['deploy/nginx.conf', 3, 26, 'http://app'],
  ['docs/api.md', 1, 13, 'https://prod.example.com/api'],
  ['ignored.txt', 1, 1, 'http://ignored.example/'],
  ['pom.xml', 3, 5, 'https://maven.apache.org/xsd/maven-4.0.0.xsd'],
  ['pom.xml', 4, 8, 'https://repo.example.org/maven2'],
  ['scripts/run.sh', 2, 11, 'https://get.example.sh/install?v='],
  ['scripts/run.sh', 3, 17, 'http://127.0.0.1:9000'],
  ['src/bundle.min.js', 1, 8, 'wss://live.example.com/s'],
  ['src/bundle.min.js', 1, 56, 'nats://nats:4222'],
  ['src/crlf.txt', 2, 4, 'https://crlf.example/ü'],
  ['src/invalid-utf8.txt', 1, 6, 'http://after-bad-bytes.example/'],
  ['src/main.py', 1, 10, 'https://api.example.com/u/'],
  ['src/main.py', 2, 9, 'amqp://guest:***@rabbit:5672/'],
  ['web/index.html', 1, 57, 'https://cdn.example.com/lib.js'],
];

describe('scanPaths on a fixture workspace', function () {
  this.timeout(30_000);
  let ws: string;

  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'conndoc-scan-'));
    for (const [p, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(ws, p)), { recursive: true });
      writeFileSync(join(ws, p), content);
    }
    symlinkSync(join(ws, 'README.md'), join(ws, 'link-to-readme.md'));
    symlinkSync(join(ws, 'src'), join(ws, 'link-to-src'));
    symlinkSync('loop', join(ws, 'loop'));
    symlinkSync(join(ws, 'nowhere'), join(ws, 'dangling'));
  });
  after(() => {
    try {
      chmodSync(join(ws, 'secret.txt'), 0o644);
    } catch {
      // only created by the permission test
    }
    rmSync(ws, { recursive: true, force: true });
  });

  /** [file relative to the workspace, line, column, url], sorted. */
  const answer = (r: ScanResult): [string, number, number, string][] =>
    r.urls.map((u): [string, number, number, string] => [relative(ws, resolve(u.file)), u.line, u.column, u.url])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  const skippedFiles = (r: ScanResult): Record<string, string> =>
    Object.fromEntries(r.skipped.map((s) => [relative(ws, resolve(s.file)), s.reason]));

  it('reports exactly what R1–R9 say, with file, line and column', async () => {
    const r = await scanPaths([ws]);
    assert.deepEqual(answer(r), EXPECTED);
    const skipped = skippedFiles(r);
    assert.match(skipped['assets/logo.png'], /binary/);
    for (const link of ['link-to-readme.md', 'link-to-src', 'loop', 'dangling']) assert.match(skipped[link], /symbolic link/);
    assert.equal(r.files, Object.keys(FILES).filter((f) => !/node_modules|\.git\//.test(f)).length);
  });

  it('paths are relative to the current directory, absolute outside it', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(ws);
      const r = await scanPaths(['config']);
      assert.deepEqual(r.urls.map((u) => u.file).sort(), ['config/app.ini', 'config/app.properties', 'config/app.toml']);
      process.chdir(join(ws, 'config'));
      const r2 = await scanPaths([join(ws, 'README.md')]);
      assert.deepEqual(r2.urls.map((u) => u.file), [join(ws, 'README.md')]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('honours excludes (picomatch; a glob without "/" matches a name at any depth)', async () => {
    const r = await scanPaths([ws], { excludes: ['*.min.js', 'docs/**', 'config'] });
    const files = new Set(answer(r).map((a) => a[0]));
    for (const gone of ['src/bundle.min.js', 'docs/api.md', 'config/app.ini', 'config/app.toml']) assert.ok(!files.has(gone), gone);
    assert.equal(answer(r).length, EXPECTED.length - 2 - 1 - 3);
  });

  it('honours .gitignore files only when asked', async () => {
    const r = await scanPaths([ws], { gitignore: true });
    assert.deepEqual(answer(r), EXPECTED.filter((e) => e[0] !== 'ignored.txt' && e[0] !== 'build/out.txt'));
  });

  it('a file can be scanned on its own; a root link is followed', async () => {
    const r = await scanPaths([join(ws, 'pom.xml'), join(ws, 'link-to-src')]);
    assert.deepEqual(r.urls.map((u) => u.url).slice(0, 2), ['https://maven.apache.org/xsd/maven-4.0.0.xsd', 'https://repo.example.org/maven2']);
    assert.equal(r.urls.length, 2 + EXPECTED.filter((e) => e[0].startsWith('src/')).length);
  });

  it('a path that does not exist is one clear error', async () => {
    await assert.rejects(scanPaths([ws, join(ws, 'no-such-dir')]), (e: Error) => /no-such-dir: no such file or directory$/.test(e.message) && !e.message.includes('\n'));
  });

  it('caps the bytes read per file and says so', async () => {
    const r = await scanPaths([join(ws, '.env')], { maxFileBytes: 40 });
    assert.deepEqual(r.urls.map((u) => u.url), ['https://api.example.com/v1']);
    assert.match(r.skipped[0].reason, /truncated: scanned the first 40 of \d+ bytes/);
  });

  it('reads a file bigger than its read buffer to the end, and one exactly at the cap whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conndoc-big-'));
    try {
      // 3 MiB (past the 1 MiB a thread's buffer starts at), a URL in its last line.
      const filler = `${'x'.repeat(1023)}\n`.repeat(3 * 1024);
      writeFileSync(join(dir, 'big.txt'), `${filler}see https://end.example/last\n`);
      const line = 'https://cap.example/\n';
      writeFileSync(join(dir, 'cap.txt'), line);
      const r = await scanPaths([join(dir, 'big.txt')], { workers: 0 });
      assert.deepEqual(r.urls.map((u) => [u.url, u.line]), [['https://end.example/last', 3 * 1024 + 1]]);
      assert.deepEqual(r.skipped, []);
      const exact = await scanPaths([join(dir, 'cap.txt')], { workers: 0, maxFileBytes: line.length });
      assert.deepEqual([exact.urls.map((u) => u.url), exact.skipped], [['https://cap.example/'], []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unreadable file is skipped with a reason, the rest is scanned', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads anything
    writeFileSync(join(ws, 'secret.txt'), 'http://secret.example/\n');
    chmodSync(join(ws, 'secret.txt'), 0);
    try {
      const r = await scanPaths([ws]);
      assert.match(skippedFiles(r)['secret.txt'], /permission denied/);
      assert.deepEqual(answer(r), EXPECTED);
    } finally {
      chmodSync(join(ws, 'secret.txt'), 0o644);
      rmSync(join(ws, 'secret.txt'));
    }
  });

  describe('many files (worker threads)', () => {
    let big: string;
    before(() => {
      big = join(ws, 'many');
      for (let i = 0; i < 300; i++) {
        mkdirSync(join(big, `d${i % 7}`), { recursive: true });
        // 20 KB a file: past the first 4 MiB, worker threads start.
        writeFileSync(join(big, `d${i % 7}`, `f${i}.txt`), `${'x'.repeat(i)}\nhttp://h${i}.example:${1000 + i}/p?q=${i} http://h${i}.example:${1000 + i}/p?q=${i}#again\n${'y'.repeat(20_000)}\n`);
      }
    });
    after(() => rmSync(big, { recursive: true, force: true }));

    it('threads and the in-thread fallback give the same answer, in walk order, with progress', async () => {
      const seen: number[] = [];
      const threaded = await scanPaths([big], { workers: 2, onProgress: (p) => seen.push(p.files) });
      const inline = await scanPaths([big], { workers: 0 });
      assert.equal(threaded.files, 300);
      assert.equal(threaded.urls.length, 600);
      assert.deepEqual(threaded, inline);
      assert.equal(seen[seen.length - 1], 300);
      assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), 'progress only grows');
      const f7 = threaded.urls.find((u) => u.file.endsWith('f7.txt'))!;
      assert.deepEqual([f7.line, f7.column, f7.url], [2, 1, 'http://h7.example:1007/p?q=7']);
    });

    it('dedupeTargets: one target per distinct URL (fragment ignored), every location kept', async () => {
      const r = await scanPaths([big]);
      const targets = dedupeTargets(r.urls);
      assert.equal(targets.length, 300);
      const t = targets.find((x) => x.probeUrl === 'http://h9.example:1009/p?q=9')!;
      assert.equal(t.locations.length, 2);
      assert.deepEqual(t.locations.map((l) => l.column), [1, 'http://h9.example:1009/p?q=9 '.length + 1]);
    });

    it('a batch of big files is shared out between threads and still comes out in walk order, as objects and as JSON', async () => {
      // Past the in-thread start (4 MiB), a batch of 16 files of 600 KB: a worker hands back what follows
      // its first megabyte.
      const dir = join(big, 'zz-bundles');
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 24; i++) writeFileSync(join(dir, `b${String(i).padStart(2, '0')}.js`), `${'var a=1;'.repeat(75_000)}"https://cdn${i}.example/x.js"\n`);
      try {
        const json = async (workers: number): Promise<string> => {
          let out = '';
          await scanPaths([big], { workers, json: { separator: ',', write: (entries) => (out += `[${entries}]`) } });
          return out;
        };
        const threaded = await scanPaths([big], { workers: 2 });
        assert.deepEqual(threaded, await scanPaths([big], { workers: 0 }));
        assert.deepEqual(threaded.urls.slice(-24).map((u) => u.host), Array.from({ length: 24 }, (_, i) => `cdn${i}.example`));
        const chunks = await json(2);
        assert.equal(JSON.parse(`[${chunks.replace(/\]\[/g, '],[')}]`).flat().length, 624);
        assert.equal(chunks.replace(/\]\[/g, ','), (await json(0)).replace(/\]\[/g, ','));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a file of very many URLs is written as it is read, in walk order, by threads and in this thread alike', async () => {
      // Three files of 30,000 URLs (about 3 MB of JSON each) after the 6 MB of small files: worker threads scan
      // them, and their entries come out in pieces, ahead of each batch's reply, never as one string per file.
      const dir = join(big, 'zz-lists');
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 3; f++) {
        writeFileSync(join(dir, `list${f}.txt`), Array.from({ length: 30_000 }, (_, i) => `https://list${f}-${i % 97}.example/item/${i}`).join('\n'));
      }
      try {
        const json = async (workers: number): Promise<string[]> => {
          const writes: string[] = [];
          await scanPaths([big], { workers, json: { separator: ',', write: (entries) => writes.push(entries) } });
          return writes;
        };
        const threaded = await json(2);
        const inline = await json(0);
        assert.equal(threaded.join(','), inline.join(','));
        const urls = (JSON.parse(`[${threaded.join(',')}]`) as { url: string; file: string; line: number }[]);
        assert.equal(urls.length, 600 + 90_000);
        const last = urls.slice(-90_000);
        assert.deepEqual(last.map((u) => `${u.file.slice(-9)}:${u.line}`).filter((_, i) => i % 30_000 === 0), ['list0.txt:1', 'list1.txt:1', 'list2.txt:1']);
        assert.deepEqual(last[29_999], { url: `https://list0-${29_999 % 97}.example/item/29999`, file: last[0].file, line: 30_000, column: 1 });
        for (const writes of [threaded, inline]) assert.ok(Math.max(...writes.map((w) => w.length)) < 2.5 * 2 ** 20, `one write of ${Math.max(...writes.map((w) => w.length))} characters`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a batch scanned again after its thread failed part-way writes only what the thread had not', () => {
      const dir = join(big, 'zz-again');
      mkdirSync(dir, { recursive: true });
      const files = [0, 1].map((f) => {
        const file = join(dir, `list${f}.txt`);
        writeFileSync(file, Array.from({ length: 25_000 }, (_, i) => `https://again${f}.example/item/${i}`).join('\n'));
        return file;
      });
      try {
        const pieces: string[] = [];
        const all = scanToJson(files, 1 << 30, ',', Infinity, (entries) => pieces.push(entries));
        const whole = [...pieces, all.entries].filter(Boolean).join(',');
        assert.ok(pieces.length >= 2, `${pieces.length} pieces ahead of the reply`);
        // The failed thread had sent its first piece: the second scan starts right after it.
        const sent = (JSON.parse(`[${pieces[0]}]`) as unknown[]).length;
        const rest: string[] = [];
        const again = scanToJson(files, 1 << 30, ',', Infinity, (entries) => rest.push(entries), sent);
        assert.equal([pieces[0], ...rest, again.entries].filter(Boolean).join(','), whole);
        assert.equal((JSON.parse(`[${whole}]`) as unknown[]).length, 50_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('stops when aborted and returns what it has', async () => {
      const ac = new AbortController();
      ac.abort();
      const r = await scanPaths([big], { signal: ac.signal });
      assert.ok(r.files < 300);
    });
  });
});

describe('dedupeTargets', () => {
  const at = (url: string, file = 'f', line = 1) => ({ url, probeUrl: url.replace(/\/\/[^/@]*@/, '//'), file, line, column: 1, character: 0, offset: 0, length: url.length, scheme: url.slice(0, url.indexOf(':')).toLowerCase(), host: 'h' });

  it('web targets keep path and query, drop userinfo and fragment; other schemes are scheme://host:port', () => {
    const t = dedupeTargets([
      at('https://u:***@API.example.com/a?x=1#one'), at('https://api.example.com/a?x=1#two', 'g', 5), at('https://api.example.com/b'),
      at('postgres://u:***@db:5432/app'), at('postgres://db:5432/other', 'h', 9), at('redis://cache:6379/0'),
      at('mongodb://a:1,b:2/db?replicaSet=r'),
    ]);
    assert.deepEqual(t.map((x) => [x.probeUrl, x.locations.map((l) => `${l.file}:${l.line}`)]), [
      ['https://API.example.com/a?x=1', ['f:1', 'g:5']],
      ['https://api.example.com/b', ['f:1']],
      ['postgres://db:5432', ['f:1', 'h:9']],
      ['redis://cache:6379', ['f:1']],
      ['mongodb://a:1,b:2', ['f:1']],
    ]);
    assert.equal(t[0].url, 'https://u:***@API.example.com/a?x=1#one');
  });
});
