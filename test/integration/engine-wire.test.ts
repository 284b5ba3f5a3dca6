// The engine tells a RST from a FIN from silence, foreign bytes from closes, in TLS and in HTTP,
// against small loopback servers that do exactly one of those things.
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import * as tls from 'node:tls';
import { gzipSync } from 'node:zlib';
import { probeUrl } from '../../src/probe/probe';
import type { Result } from '../../src/vocabulary/types';
import { OK_RESPONSE, Servers, selfSigned } from './engine-servers';

const quick = { timeoutMs: 2000, proxy: null, differential: false };
const phaseOf = (r: Result, name: string) => r.phases.find((p) => p.phase === name)!;
const failed = (r: Result): string[] => r.phases.filter((p) => p.status === 'failed').map((p) => p.phase);

describe('engine: TLS handshake failures on the wire', function () {
  this.timeout(20000);
  const servers = new Servers();
  let pki: { key: string; cert: string };
  before(() => {
    pki = selfSigned();
  });
  after(() => servers.close());

  it('a RST on the ClientHello is tls.reset, right after our bytes (immediate-reset)', async () => {
    const port = await servers.raw((s) => s.once('data', () => s.resetAndDestroy()));
    const r = await probeUrl(`https://localhost:${port}/`, { ...quick, resolve: { [`localhost:${port}`]: ['127.0.0.1'] } });
    assert.equal(r.id, 'tls.reset', r.error);
    assert.deepEqual(failed(r), ['tls']);
    assert.ok(r.findings.includes('immediate-reset'), r.findings.join());
    assert.ok(r.resetTiming && r.resetTiming.afterLastWriteMs < 50);
  });

  it('a FIN on the ClientHello is tls.closed', async () => {
    const port = await servers.raw((s) => s.once('data', () => s.end()));
    const r = await probeUrl(`https://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'tls.closed', r.error);
  });

  it('no answer to the ClientHello is tls.timeout', async () => {
    const port = await servers.raw(() => undefined);
    const r = await probeUrl(`https://127.0.0.1:${port}/`, { ...quick, timeoutMs: 300 });
    assert.equal(r.id, 'tls.timeout', r.error);
    assert.ok(phaseOf(r, 'tls').ms >= 300 && phaseOf(r, 'tls').ms < 1500);
  });

  it('an SSH banner is tls.not-tls, with the bytes shown', async () => {
    const port = await servers.raw((s) => s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    const r = await probeUrl(`https://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'tls.not-tls', r.error);
    assert.match(phaseOf(r, 'tls').unexpectedBytes ?? '', /^SSH-2\.0-OpenSSH/);
  });

  it('a reset only for one SNI is sni-dependent (the variant without SNI completes)', async () => {
    // A filter in front of a real TLS server: it resets any ClientHello naming blocked.test.
    const backend = await servers.tls(pki);
    const port = await servers.raw((s) => {
      s.once('data', (hello: Buffer) => {
        if (hello.includes('blocked.test')) s.resetAndDestroy();
        else servers.pipeTo(s, backend, hello);
      });
    });
    const r = await probeUrl(`https://blocked.test:${port}/`, { ...quick, differential: true, resolve: { [`blocked.test:${port}`]: ['127.0.0.1'] } });
    assert.equal(r.id, 'tls.reset', r.error);
    assert.ok(r.findings.includes('sni-dependent'), JSON.stringify(r.variants));
    assert.ok(!r.findings.includes('alpn-dependent'));
    assert.ok((r.variants ?? []).length <= 6);
  });

  it('a self-signed certificate is tls.cert-untrusted; --insecure goes on and still reports it', async () => {
    const server = tls.createServer({ key: pki.key, cert: pki.cert }, (s) => s.resume().end(OK_RESPONSE));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await probeUrl(`https://localhost:${port}/`, { ...quick, resolve: { [`localhost:${port}`]: ['127.0.0.1'] } });
      assert.equal(r.id, 'tls.cert-untrusted', r.error);
      assert.equal(phaseOf(r, 'tls').certError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      const insecure = await probeUrl(`https://localhost:${port}/`, { ...quick, insecure: true, resolve: { [`localhost:${port}`]: ['127.0.0.1'] } });
      assert.equal(insecure.id, 'ok', insecure.error);
      assert.equal(phaseOf(insecure, 'tls').certError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      assert.ok(phaseOf(insecure, 'tls').certificates?.[0].san.includes('DNS:localhost'));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('speaks HTTP/2 when ALPN says h2, and trusts --ca', async () => {
    const server = http2.createSecureServer({ key: pki.key, cert: pki.cert }, (_q, res) => res.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await probeUrl(`https://localhost:${port}/`, { ...quick, ca: [pki.cert], resolve: { [`localhost:${port}`]: ['127.0.0.1'] } });
      assert.equal(r.id, 'ok', r.error);
      assert.equal(phaseOf(r, 'tls').alpn, 'h2');
      assert.equal(phaseOf(r, 'response').httpVersion, '2');
      assert.equal(phaseOf(r, 'body').bodySample, 'hi');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('engine: HTTP failures on the wire', function () {
  this.timeout(20000);
  const servers = new Servers();
  after(() => servers.close());

  it('a RST after the request is http.reset in the response phase (immediate-reset)', async () => {
    const port = await servers.http((s) => s.resetAndDestroy());
    const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'http.reset', r.error);
    assert.deepEqual(failed(r), ['response']);
    assert.equal(r.failedPhase, 'response');
    assert.ok(r.findings.includes('immediate-reset'));
  });

  it('a RST 400 ms after the request is a delayed-reset', async () => {
    const port = await servers.http((s) => setTimeout(() => s.resetAndDestroy(), 400));
    const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'http.reset', r.error);
    assert.ok(r.findings.includes('delayed-reset'), r.findings.join());
    assert.ok(r.resetTiming!.afterLastWriteMs >= 350);
  });

  it('a FIN before any response byte is http.closed', async () => {
    const port = await servers.http((s) => s.end());
    const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'http.closed', r.error);
    assert.deepEqual(failed(r), ['response']);
  });

  it('silence after the request is http.timeout', async () => {
    const port = await servers.http(() => undefined);
    const r = await probeUrl(`http://127.0.0.1:${port}/`, { ...quick, timeoutMs: 300 });
    assert.equal(r.id, 'http.timeout', r.error);
  });

  it('an SSH banner on an http port is http.not-http', async () => {
    const port = await servers.raw((s) => {
      s.write('SSH-2.0-OpenSSH_9.2p1\r\n');
      s.once('data', () => s.end('Invalid SSH identification string.\r\n'));
    });
    const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'http.not-http', r.error);
    assert.match(phaseOf(r, 'response').unexpectedBytes ?? '', /^SSH-2\.0/);
  });

  it('a RST or a FIN in the middle of the body is http.body-truncated', async () => {
    for (const cut of ['rst', 'fin'] as const) {
      const port = await servers.http((s) => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(100));
        setTimeout(() => (cut === 'rst' ? s.resetAndDestroy() : s.end()), 50);
      });
      const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
      assert.equal(r.id, 'http.body-truncated', `${cut}: ${r.error}`);
      assert.deepEqual(failed(r), ['body']);
    }
  });

  it('a body that drips forever is http.body-timeout within the phase timeout', async () => {
    const port = await servers.http((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('x')), 50);
      s.on('close', () => clearInterval(t));
    });
    const r = await probeUrl(`http://127.0.0.1:${port}/`, { ...quick, timeoutMs: 500 });
    assert.equal(r.id, 'http.body-timeout', r.error);
    assert.ok(phaseOf(r, 'body').ms < 1000, `body phase ${phaseOf(r, 'body').ms} ms`);
  });

  it('stops reading at the body cap: ok, cappedByUs, not truncated', async () => {
    const port = await servers.http((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n' + 'y'.repeat(300000)));
    const r = await probeUrl(`http://127.0.0.1:${port}/`, { ...quick, maxBodyBytes: 1000 });
    assert.equal(r.id, 'ok', r.error);
    assert.equal(phaseOf(r, 'body').cappedByUs, true);
    assert.equal(phaseOf(r, 'body').bytes, 1000);
  });

  it('fingerprints a gzip block page, and inflates a gzip bomb no further than the cap', async () => {
    const page = gzipSync('<title>Attention Required! | Cloudflare</title><p>Sorry, you have been blocked</p>');
    const bomb = gzipSync(Buffer.alloc(20e6, 'a'));
    const port = await servers.http((s, head) => {
      const b = head.startsWith('GET /bomb') ? bomb : page;
      s.end(Buffer.concat([Buffer.from(`HTTP/1.1 403 Forbidden\r\nContent-Encoding: gzip\r\nContent-Length: ${b.length}\r\n\r\n`), b]));
    });
    const r = await probeUrl(`http://127.0.0.1:${port}/`, quick);
    assert.equal(r.id, 'http.waf-blocked', r.error);
    assert.ok(r.findings.includes('vendor:cloudflare'));
    // 1,000 compressed bytes inflate to ~1 MB; the sample stops at the same 1,000-byte cap.
    const b = await probeUrl(`http://127.0.0.1:${port}/bomb`, { ...quick, maxBodyBytes: 1000 });
    assert.equal(phaseOf(b, 'body').cappedByUs, true);
    assert.equal(phaseOf(b, 'body').bodySample, 'a'.repeat(1000));
  });

  it('redirects: a loop is http.redirect-loop; a redirect to ftp:// ends cleanly', async () => {
    const loop = await servers.http((s, head) => {
      const next = head.startsWith('GET /a ') ? '/b' : '/a';
      s.end(`HTTP/1.1 302 Found\r\nLocation: ${next}\r\nContent-Length: 0\r\n\r\n`);
    });
    const r = await probeUrl(`http://127.0.0.1:${loop}/a`, quick);
    assert.equal(r.id, 'http.redirect-loop', r.error);
    assert.equal(r.redirects?.length, 2);
    const ftp = await servers.http((s) => s.end('HTTP/1.1 301 Moved\r\nLocation: ftp://files.example/x\r\nContent-Length: 0\r\n\r\n'));
    const f = await probeUrl(`http://127.0.0.1:${ftp}/`, quick);
    assert.equal(f.id, 'ok');
    assert.match(f.error ?? '', /ftp:/);
  });

  it('a redis:// URL is probed through connect and says the HTTP phases do not apply', async () => {
    const port = await servers.raw(() => undefined);
    const r = await probeUrl(`redis://:secret@127.0.0.1:${port}/0`, quick);
    assert.equal(r.id, 'ok', r.error);
    assert.equal(r.url, `redis://:***@127.0.0.1:${port}/0`);
    assert.equal(phaseOf(r, 'response').status, 'skipped');
    assert.match(phaseOf(r, 'response').note ?? '', /not applicable/);
  });
});
