// Issue 5, hostile servers: whatever a server sends — endless headers, a multi-megabyte header line, an
// endless body, compression bombs, garbage, one byte a second, nothing at all, redirects anywhere — a probe
// ends within its timeouts, the process memory stays flat, and the result is one clear diagnosis id.
//
// First the lab's own hostile cases (src/lab/hostile-cases.ts), each checked for time, memory and its id; then
// minimal servers written here for what the lab does not cover (an endless header line, TLS and chunked
// variants, slowloris on the body and on TLS, redirects to port 0 and other unprobeable places). Each of these
// reports how many bytes it got to write before the client hung up: that is how a test tells "we stopped
// reading at the cap" from "we read it all".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { startLab, type Lab } from '../../src/lab';
import { makePki, type KeyCert } from '../../src/lab/pki';
import { DIAGNOSIS_IDS, type DiagnosisId } from '../../src/vocabulary/ids';
import { probeUrl } from '../../src/probe/probe';
import type { PhaseResult, ProbeOptions, Result } from '../../src/vocabulary/types';
import { runCli } from '../support/cli';
import { ConnCount, MiB, Tracker, rssPeak, stallServer, tinyHttp } from '../support/loopback';

const TIMEOUT = 1500;
/** Generous: a probe of a stalling server takes about one phase timeout, far below this. */
const BOUND_MS = 3 * TIMEOUT + 2000;
const RSS_LIMIT = 64 * MiB;

interface Written {
  bytes: number;
}

type Feed = (socket: net.Socket, written: Written) => void;

/** Writes chunks from `next` for as long as the peer reads them (with backpressure), until it goes away. */
function pump(socket: net.Socket, written: Written, next: () => Buffer | null, gapMs = 0): void {
  let stopped = false;
  socket.once('close', () => (stopped = true));
  const go = (): void => {
    while (!stopped) {
      const chunk = next();
      if (!chunk) {
        socket.end();
        return;
      }
      written.bytes += chunk.length;
      const more = socket.write(chunk);
      if (gapMs) {
        setTimeout(go, gapMs);
        return;
      }
      if (!more) {
        socket.once('drain', go);
        return;
      }
    }
  };
  go();
}

/** A server that waits for the request head, then runs `feed`; tracks bytes written per server. */
async function hostile(tracker: Tracker, feed: Feed, opts: { tls?: KeyCert; onConnect?: boolean } = {}): Promise<{ port: number; written: Written }> {
  const written: Written = { bytes: 0 };
  const onSocket = (socket: net.Socket): void => {
    tracker.socket(socket);
    if (opts.onConnect) return feed(socket, written);
    let head = '';
    const onData = (c: Buffer): void => {
      head += c.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.resume();
      feed(socket, written);
    };
    socket.on('data', onData);
  };
  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert, ALPNProtocols: ['http/1.1'] }, onSocket)
    : net.createServer(onSocket);
  return { port: await tracker.listen(server, '127.0.0.1'), written };
}

const repeat = (s: string | Buffer, times = Infinity): (() => Buffer | null) => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1');
  let n = 0;
  return () => (n++ < times ? b : null);
};
const then = (...gens: (() => Buffer | null)[]): (() => Buffer | null) => {
  let i = 0;
  return () => {
    while (i < gens.length) {
      const c = gens[i]();
      if (c) return c;
      i++;
    }
    return null;
  };
};
const once = (s: string | Buffer): (() => Buffer | null) => repeat(s, 1);

interface Probed {
  r: Result;
  ms: number;
  rss: number;
}

async function probe(url: string, opts: ProbeOptions = {}): Promise<Probed> {
  const gauge = rssPeak();
  const t0 = Date.now();
  const r = await probeUrl(url, { timeoutMs: TIMEOUT, differential: false, proxy: null, includeBody: true, ...opts });
  const ms = Date.now() - t0;
  return { r, ms, rss: gauge.stop() };
}

function phase(r: Result, name: PhaseResult['phase']): PhaseResult {
  const p = r.phases.find((x) => x.phase === name);
  assert.ok(p, `phase ${name}`);
  return p;
}

function assertBounded(p: Probed, ids: DiagnosisId[], what: string): void {
  assert.ok((DIAGNOSIS_IDS as readonly string[]).includes(p.r.id), `${what}: a diagnosis id, got ${p.r.id}`);
  assert.ok(ids.includes(p.r.id), `${what}: expected ${ids.join(' or ')}, got ${p.r.id} (${p.r.error ?? ''})`);
  assert.ok(p.ms < BOUND_MS, `${what}: took ${p.ms} ms`);
  assert.ok(p.rss < RSS_LIMIT, `${what}: RSS grew ${(p.rss / MiB).toFixed(1)} MiB`);
}

describe('hostile servers', function () {
  this.timeout(60_000);
  const tracker = new Tracker();
  let pki: Awaited<ReturnType<typeof makePki>>;

  before(async () => {
    pki = await makePki();
  });
  after(() => tracker.close());

  describe("the lab's hostile cases", () => {
    let lab: Lab | undefined;
    after(() => lab?.close());

    it('every hostile-* case ends within its timeouts, memory flat, with the id the lab expects', async function () {
      this.timeout(180_000);
      lab = await startLab();
      const cases = lab.cases.filter((c) => c.name.startsWith('hostile-'));
      assert.ok(cases.length >= 10, `the lab has ${cases.length} hostile cases`);
      for (const c of cases) {
        const p = await probe(c.url, { ...c.options, differential: false });
        const timeout = c.options.timeoutMs ?? 10_000;
        assert.equal(p.r.id, c.expect.id, `${c.name}: ${p.r.error ?? ''}`);
        assert.ok(p.ms < 3 * timeout + 2000, `${c.name}: took ${p.ms} ms`);
        assert.ok(p.rss < RSS_LIMIT, `${c.name}: RSS grew ${(p.rss / MiB).toFixed(1)} MiB`);
        const body = phase(p.r, 'body');
        if (/endless-body|huge-body/.test(c.name)) {
          assert.equal(body.cappedByUs, true, `${c.name}: truncated by us`);
          assert.equal(body.bytes, 64 * 1024, c.name);
          assert.ok(p.ms < timeout, `${c.name}: the cap ended it, not the timer`);
        }
        if (/bomb/.test(c.name)) assert.ok((body.bytes ?? 0) <= 64 * 1024 && (body.bodySample ?? '').length <= 64 * 1024, `${c.name}: inflation capped`);
      }
    });
  });

  describe('headers that never end', () => {
    it('endless header lines: capped at the header limit, http.not-http, well before the timeout', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\n'), repeat(`X-Fill: ${'a'.repeat(1000)}\r\n`))));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.not-http'], 'endless headers');
      assert.ok(p.ms < TIMEOUT, `the cap ended it, not the timer (${p.ms} ms)`);
      assert.equal(p.r.failedPhase, 'response');
      assert.ok(s.written.bytes < 16 * MiB, `we stopped reading: the server wrote ${s.written.bytes} bytes`);
    });

    it('one 4 MB header line: http.not-http, memory flat', async () => {
      const s = await hostile(tracker, (sock, w) =>
        pump(sock, w, then(once('HTTP/1.1 200 OK\r\nX-Big: '), repeat('b'.repeat(64 * 1024), 64), once('\r\nContent-Length: 0\r\n\r\n'))));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.not-http'], '4 MB header line');
    });

    it('a header line that never ends (1 GiB and more): stopped at the cap, memory flat', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\nX-Big: '), repeat('c'.repeat(64 * 1024), 16 * 1024))));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.not-http'], 'endless header line');
      assert.ok(s.written.bytes < 16 * MiB, `we stopped reading: the server wrote ${s.written.bytes} bytes`);
    });

    it('the same over TLS', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\n'), repeat(`X-Fill: ${'a'.repeat(1000)}\r\n`))), { tls: pki.good });
      const p = await probe(`https://127.0.0.1:${s.port}/`, { insecure: true });
      assertBounded(p, ['http.not-http'], 'endless headers over TLS');
      assert.ok(s.written.bytes < 16 * MiB, `we stopped reading: the server wrote ${s.written.bytes} bytes`);
    });
  });

  describe('bodies that never end', () => {
    const ZEROS = Buffer.alloc(64 * 1024);

    for (const [name, head] of [
      ['a 1 GiB Content-Length body', `HTTP/1.1 200 OK\r\nContent-Length: ${1024 * MiB}\r\n\r\n`],
      ['an endless close-delimited body', 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n'],
    ] as const) {
      it(`${name}: the body phase stops at the cap, truncated by us, not http.body-truncated`, async () => {
        const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once(head), repeat(ZEROS, 16 * 1024))));
        const p = await probe(`http://127.0.0.1:${s.port}/`);
        assertBounded(p, ['ok'], name);
        const body = phase(p.r, 'body');
        assert.equal(body.status, 'ok');
        assert.equal(body.cappedByUs, true, 'the result says we stopped at our cap');
        assert.equal(body.bytes, 64 * 1024);
        assert.ok(p.ms < TIMEOUT, `the cap ended it, not the timer (${p.ms} ms)`);
        assert.ok(s.written.bytes < 16 * MiB, `we hung up: the server wrote ${s.written.bytes} bytes`);
      });
    }

    it('an endless chunked body with a larger cap (8 MiB): stops there, memory flat', async () => {
      const chunk = Buffer.concat([Buffer.from(`${ZEROS.length.toString(16)}\r\n`), ZEROS, Buffer.from('\r\n')]);
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), repeat(chunk))));
      const p = await probe(`http://127.0.0.1:${s.port}/`, { maxBodyBytes: 8 * MiB });
      assertBounded(p, ['ok'], 'endless chunked body');
      assert.equal(phase(p.r, 'body').bytes, 8 * MiB);
      assert.equal(phase(p.r, 'body').cappedByUs, true);
    });

    it('a gzip bomb (1 GiB of zeros in 1 KB members): inflation capped', async () => {
      const member = zlib.gzipSync(Buffer.alloc(MiB));
      const s = await hostile(tracker, (sock, w) =>
        pump(sock, w, then(once('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n'), repeat(member, 1024))));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['ok'], 'gzip bomb');
      const body = phase(p.r, 'body');
      assert.ok((body.bytes ?? 0) <= 64 * 1024, `body bytes ${body.bytes}`);
      assert.ok((body.bodySample ?? '').length <= 64 * 1024);
    });

    it('a brotli bomb (512 MiB of zeros in a few hundred bytes): inflation capped', async () => {
      const bomb = await brotliBomb(512);
      const s = await hostile(tracker, (sock, w) =>
        pump(sock, w, once(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: ${bomb.length}\r\n\r\n`), bomb]))));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['ok'], 'brotli bomb');
      assert.ok((phase(p.r, 'body').bodySample ?? '').length <= 64 * 1024);
    });
  });

  describe('garbage', () => {
    const GARBAGE = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 197 + 13) & 0xff));

    it('garbage right after the TCP handshake: http.not-http for http, tls.not-tls for https', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, repeat(GARBAGE, 64)), { onConnect: true });
      assertBounded(await probe(`http://127.0.0.1:${s.port}/`), ['http.not-http'], 'garbage on http');
      const p = await probe(`https://127.0.0.1:${s.port}/`, { insecure: true });
      assertBounded(p, ['tls.not-tls'], 'garbage on https');
      assert.ok(phase(p.r, 'tls').unexpectedBytes, 'the bytes are shown as evidence');
    });

    it('endless garbage after the TCP handshake: still bounded', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, repeat(GARBAGE)), { onConnect: true });
      assertBounded(await probe(`http://127.0.0.1:${s.port}/`), ['http.not-http'], 'endless garbage on http');
      assertBounded(await probe(`https://127.0.0.1:${s.port}/`, { insecure: true }), ['tls.not-tls'], 'endless garbage on https');
    });

    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      it(`raw garbage in the TCP stream after a valid ${maxVersion} handshake: http.not-http at once, not a timeout`, async () => {
        // A box in the path (a relay here) lets the handshake through, then writes bytes that are not TLS records.
        const server = tls.createServer({ key: pki.good.key, cert: pki.good.cert, ALPNProtocols: ['http/1.1'], maxVersion }, (c) => {
          c.on('error', () => undefined);
          c.on('data', () => c.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
        });
        const upstream = await tracker.listen(server, '127.0.0.1');
        const relay = net.createServer((client) => {
          const up = tracker.socket(net.connect(upstream, '127.0.0.1'));
          let records = Buffer.alloc(0);
          let appData = false; // the client has sent an application-data record: the handshake is behind us
          client.on('data', (d: Buffer) => {
            up.write(d);
            records = Buffer.concat([records, d]);
            while (!appData && records.length >= 5 && records.length >= 5 + records.readUInt16BE(3)) {
              appData = records[0] === 0x17;
              records = records.subarray(5 + records.readUInt16BE(3));
            }
          });
          up.on('data', (d: Buffer) => client.write(appData ? Buffer.alloc(512, 0x41) : d));
        });
        const port = await tracker.listen(relay, '127.0.0.1');
        const p = await probe(`https://127.0.0.1:${port}/`, { insecure: true });
        assertBounded(p, ['http.not-http'], `garbage after ${maxVersion}`);
        assert.equal(phase(p.r, 'tls').tlsVersion, maxVersion);
        assert.ok(p.ms < TIMEOUT, `the error ended it, not the timer (${p.ms} ms)`);
      });
    }

    it('garbage after a valid TLS handshake: http.not-http', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, repeat(GARBAGE, 64)), { tls: pki.good });
      const p = await probe(`https://127.0.0.1:${s.port}/`, { insecure: true });
      assertBounded(p, ['http.not-http'], 'garbage after TLS');
      assert.equal(phase(p.r, 'tls').status, 'ok');
    });
  });

  describe('servers that are slow on purpose', () => {
    it('slowloris headers (a byte every 200 ms, forever): the response phase times out on its total time', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\n'), repeat('X')), 200));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.timeout'], 'slowloris headers');
      assert.ok(p.ms >= TIMEOUT - 50, `no earlier than the timeout (${p.ms} ms)`);
      assert.ok(phase(p.r, 'response').ms < TIMEOUT + 1000, `response phase ${phase(p.r, 'response').ms} ms`);
    });

    it('1xx responses forever (103 Early Hints flood): the header timer still fires, http.timeout', async () => {
      const hint = 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n';
      const s = await hostile(tracker, (sock, w) => pump(sock, w, repeat(hint.repeat(64)), 5));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.timeout'], '1xx flood');
    });

    it('one 103 Early Hints, then the real 200: ok, status 200', async () => {
      const s = await hostile(tracker, (sock, w) =>
        pump(sock, w, once('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['ok'], '103 then 200');
      assert.equal(phase(p.r, 'response').status, 'ok');
      assert.equal(phase(p.r, 'body').bytes, 2);
    });

    it('slowloris body (headers, then a byte every 200 ms): http.body-timeout on the total body time', async () => {
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n'), repeat('Y')), 200));
      const p = await probe(`http://127.0.0.1:${s.port}/`);
      assertBounded(p, ['http.body-timeout'], 'slowloris body');
      assert.ok(phase(p.r, 'body').ms < TIMEOUT + 1000, `body phase ${phase(p.r, 'body').ms} ms`);
    });

    it('slowloris TLS (the handshake answered a byte at a time): tls.timeout', async () => {
      // A handshake record announcing 16 KiB (a ServerHello), then its body one byte at a time.
      const record = once(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, 0x02]));
      const s = await hostile(tracker, (sock, w) => pump(sock, w, then(record, repeat(Buffer.from([0]))), 200), { onConnect: true });
      assertBounded(await probe(`https://127.0.0.1:${s.port}/`, { insecure: true }), ['tls.timeout'], 'slowloris TLS');
    });

    it('a server that accepts and never reads: request bounded, http.timeout / tls.timeout', async () => {
      const count = new ConnCount();
      const port = await stallServer(tracker, '127.0.0.1', count, false);
      assertBounded(await probe(`http://127.0.0.1:${port}/`), ['http.timeout'], 'never reads (http)');
      assertBounded(await probe(`https://127.0.0.1:${port}/`, { insecure: true }), ['tls.timeout'], 'never reads (https)');
      // Requests far over the socket buffers are no longer possible: URLs over 8 KiB are refused before any contact
      // (hostile-text.test.ts).
    });
  });

  describe('a hostile proxy', () => {
    const cases: [string, Feed][] = [
      ['endless CONNECT answer headers', (sock, w) => pump(sock, w, then(once('HTTP/1.1 200 OK\r\n'), repeat(`X-A: ${'a'.repeat(1000)}\r\n`)))],
      ['garbage for an answer', (sock, w) => pump(sock, w, repeat(Buffer.alloc(64 * 1024, 0xfe)))],
      ['an answer dripped a byte every 200 ms', (sock, w) => pump(sock, w, repeat('H'), 200)],
      ['no answer at all', () => undefined],
    ];
    for (const [name, feed] of cases) {
      it(`${name}: proxy.tunnel-failed within the timeout`, async () => {
        const s = await hostile(tracker, feed);
        const p = await probe('https://127.0.0.1:9/', { proxy: `http://127.0.0.1:${s.port}` });
        assertBounded(p, ['proxy.tunnel-failed'], name);
        assert.ok(s.written.bytes < 16 * MiB, `we stopped reading: the proxy wrote ${s.written.bytes} bytes`);
      });
    }
  });

  describe('over HTTP/2 (ALPN h2)', () => {
    async function h2(handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void): Promise<number> {
      const server = http2.createSecureServer({ key: pki.good.key, cert: pki.good.cert }, handler);
      server.on('sessionError', () => undefined);
      return tracker.listen(server, '127.0.0.1');
    }

    it('an endless body: stopped at the cap, truncated by us', async () => {
      const port = await h2((_req, res) => {
        res.writeHead(200);
        res.on('error', () => undefined);
        const zeros = Buffer.alloc(64 * 1024);
        const go = (): void => {
          while (!res.destroyed && !res.writableEnded) if (!res.write(zeros)) return void res.once('drain', go);
        };
        go();
      });
      const p = await probe(`https://127.0.0.1:${port}/`, { insecure: true });
      assertBounded(p, ['ok'], 'h2 endless body');
      assert.equal(phase(p.r, 'response').httpVersion, '2');
      assert.equal(phase(p.r, 'body').cappedByUs, true);
      assert.equal(phase(p.r, 'body').bytes, 64 * 1024);
    });

    it('a response that never comes: http.timeout', async () => {
      const port = await h2(() => undefined);
      assertBounded(await probe(`https://127.0.0.1:${port}/`, { insecure: true }), ['http.timeout'], 'h2 stall');
    });

    it('headers far over any cap (2,000 × 100 bytes): a clear id, memory flat', async () => {
      const port = await h2((_req, res) => {
        const headers: Record<string, string> = {};
        for (let i = 0; i < 2000; i++) headers[`x-filler-${i}`] = 'a'.repeat(100);
        try {
          res.writeHead(200, headers);
          res.end('ok');
        } catch {
          res.destroy();
        }
      });
      assertBounded(await probe(`https://127.0.0.1:${port}/`, { insecure: true }), ['http.not-http', 'http.closed', 'http.reset'], 'h2 huge headers');
    });
  });

  describe("a server's bytes never drive the user's terminal", () => {
    // ESC ] 0 (retitle), ESC [2J (clear), OSC 52 (write the clipboard), a C1 CSI, a bidi override.
    const NASTY = '\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m';
    const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/;

    it('status text and block page full of escape sequences: conndoc prints them as visible escapes', async () => {
      const page = Buffer.from(`<title>Attention Required! | Cloudflare \u202eevil${NASTY}</title>Sorry, you have been blocked`);
      const port = await tinyHttp(tracker, '127.0.0.1', {
        respond: () => Buffer.concat([
          Buffer.from(`HTTP/1.1 403 Forbidden ${NASTY}\r\nServer: cloudflare\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n`, 'latin1'),
          page,
        ]),
      });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'conndoc-esc-'));
      writeFileSync(path.join(dir, 'site.env'), `SITE=http://127.0.0.1:${port}/\n`);
      for (const args of [['probe', `http://127.0.0.1:${port}/`], ['scan', dir]]) {
        const run = await runCli([...args, '--proxy', '', '--no-differential'], { deadlineMs: 20_000, env: { NO_COLOR: '1' } });
        assert.equal(run.code, 1, run.stderr);
        const bad = UNSAFE.exec(run.stdout + run.stderr);
        assert.ok(!bad, `a raw control character U+${bad?.[0].charCodeAt(0).toString(16)} reached the terminal:\n${JSON.stringify(run.stdout)}`);
        assert.match(run.stdout, /\\x1b\]0;pwned/, 'the escape is shown as text');
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it('a control byte inside a header: the response is malformed, http.not-http (not a close)', async () => {
      const port = await tinyHttp(tracker, '127.0.0.1', { respond: () => `HTTP/1.1 200 OK\r\nServer: a\x1b[31mb\r\nContent-Length: 2\r\n\r\nok` });
      const p = await probe(`http://127.0.0.1:${port}/`);
      assertBounded(p, ['http.not-http'], 'control byte in a header');
    });
  });

  describe('redirects', () => {
    const redirect = (location: string): string =>
      `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;

    it('across hosts and schemes: http://127.0.0.1 → http://127.0.0.2 → https://127.0.0.1, each hop recorded', async () => {
      const end = await tinyHttp(tracker, '127.0.0.1', { tls: pki.good });
      const mid = await tinyHttp(tracker, '127.0.0.2', { respond: () => redirect(`https://127.0.0.1:${end}/end`) });
      const start = await tinyHttp(tracker, '127.0.0.1', { respond: () => redirect(`http://127.0.0.2:${mid}/mid`) });
      const p = await probe(`http://127.0.0.1:${start}/`, { insecure: true });
      assertBounded(p, ['ok'], 'cross-host/scheme redirects');
      assert.deepEqual(p.r.redirects?.map((h) => h.location), [`http://127.0.0.2:${mid}/mid`, `https://127.0.0.1:${end}/end`]);
      assert.equal(phase(p.r, 'tls').status, 'ok', 'the last hop was TLS');
    });

    for (const location of ['redis://127.0.0.1:PORT/0', 'ftp://127.0.0.1:PORT/', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.example']) {
      it(`to a non-HTTP scheme (${location.replace(':PORT', '')}): not followed, a clear id, nothing connects there`, async () => {
        const count = new ConnCount();
        const trap = await stallServer(tracker, '127.0.0.1', count);
        const port = await tinyHttp(tracker, '127.0.0.1', { respond: () => redirect(location.replace('PORT', String(trap))) });
        const p = await probe(`http://127.0.0.1:${port}/`);
        assertBounded(p, ['http.redirect-blocked'], location); // diagnosis-ids.md: a non-web scheme is blocked
        assert.equal(p.r.redirects?.length, 1);
        assert.match(p.r.error ?? '', /not followed/);
        assert.equal(count.total, 0, 'no connection to the non-HTTP target');
      });
    }

    for (const location of ['http://127.0.0.1:0/', 'http://[::1]:0/x', 'http://0.0.0.0:0/', 'http://%zz/', 'https://[::1/']) {
      it(`to an unprobeable URL (${location}): the probe still ends with a clear id`, async () => {
        const port = await tinyHttp(tracker, '127.0.0.1', { respond: () => redirect(location) });
        const p = await probe(`http://127.0.0.1:${port}/`);
        assertBounded(p, DIAGNOSIS_IDS.slice() as DiagnosisId[], location);
        assert.ok(p.r.redirects === undefined || p.r.redirects.length <= 1);
      });
    }

    it('an endless chain of new URLs: http.redirect-loop after the limit', async () => {
      let n = 0;
      const port = await tinyHttp(tracker, '127.0.0.1', { respond: () => redirect(`/hop${++n}`) });
      const p = await probe(`http://127.0.0.1:${port}/`);
      assertBounded(p, ['http.redirect-loop'], 'endless chain');
      assert.ok(n <= 12, `${n} requests`);
    });
  });
});

async function brotliBomb(mib: number): Promise<Buffer> {
  const enc = zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } });
  const out: Buffer[] = [];
  enc.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((r) => enc.once('end', r));
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < mib; i++) if (!enc.write(zeros)) await new Promise((r) => enc.once('drain', r));
  enc.end();
  await done;
  return Buffer.concat(out);
}
