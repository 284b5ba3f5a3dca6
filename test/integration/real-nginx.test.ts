// The engine against a real nginx on loopback: what nginx really does on the wire decides the expected id.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import { probeAll } from '../../src/probe/schedule';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { assertDiagnosis, describeResult, httpCode, phase } from '../support/assert-result';
import { CURL_EXIT_IDS, curl } from '../support/curl';
import { freePort, freePorts, needBinaries, type RealServer, scratchDir, startNginx } from '../support/real-servers';
import { ThrowawayCa } from '../support/throwaway-ca';
import { tinyTcpServer, type TinyTcpServer } from '../support/tiny-tcp-server';

const DAY = 86_400_000;
const BIG_BYTES = 1024 * 1024;

describe('real nginx', function () {
  this.timeout(20_000);
  let nginx: RealServer | undefined;
  let caDir = '';
  let ca: ThrowawayCa;
  let stall: TinyTcpServer | undefined;
  let shortBody: TinyTcpServer | undefined;
  let stalledBody: TinyTcpServer | undefined;
  // plain, trusted TLS, HTTP/2, expired, wrong name, TLS 1.1 only, a cipher Node never offers, one known
  // SNI name only, client certificate required
  let [http, tls, h2, expired, wrongName, oldTls, oddCipher, sniOnly, mtls] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  let deadPort = 0;
  const base: ProbeOptions = { proxy: null, timeoutMs: 5000, includeBody: true };
  let trusted: ProbeOptions;

  before(async function () {
    needBinaries(this, 'real nginx', 'nginx', 'openssl', 'curl');
    caDir = scratchDir('nginx-ca');
    ca = new ThrowawayCa(caDir);
    trusted = { ...base, ca: [ca.caPem] };
    const good = ca.issue('localhost', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    const old = ca.issue('localhost', { san: ['DNS:localhost', 'IP:127.0.0.1'], notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
    const wrong = ca.issue('wrong-name.example', { san: ['DNS:wrong-name.example'] });
    const known = ca.issue('known.test', { san: ['DNS:known.test'] });

    // The upstream that accepts and never answers: nginx gives up on it with a 504.
    stall = await tinyTcpServer();
    // Upstreams that promise 100000 body bytes, send 4000, then close / go silent.
    const promise = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n' + 'x'.repeat(4000);
    shortBody = await tinyTcpServer((sock) => sock.once('data', () => sock.end(promise)));
    stalledBody = await tinyTcpServer((sock) => sock.once('data', () => sock.write(promise)));
    deadPort = await freePort(); // nothing listens: connect refused, nginx answers 502
    [http, tls, h2, expired, wrongName, oldTls, oddCipher, sniOnly, mtls] = await freePorts(9);

    const dir = scratchDir('nginx');
    const www = path.join(dir, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'limited.txt'), 'fine\n');
    writeFileSync(path.join(www, 'limited-503.txt'), 'fine\n');
    writeFileSync(path.join(www, 'denied.txt'), 'secret\n');
    writeFileSync(path.join(www, 'big.bin'), Buffer.alloc(BIG_BYTES, 0x61));
    const tlsServer = (port: number, cert: { certFile: string; keyFile: string }, extra = '', listen = 'ssl'): string => `
  server {
    listen 127.0.0.1:${port} ${listen};
    ssl_certificate ${cert.certFile};
    ssl_certificate_key ${cert.keyFile};
    ${extra}
    location / { return 200 "hello over tls\\n"; }
    location = /dead { proxy_pass http://127.0.0.1:${deadPort}; }
  }`;
    nginx = await startNginx(
      dir,
      `
  limit_req_zone $binary_remote_addr zone=perip:1m rate=1r/m;
  limit_req_zone $binary_remote_addr zone=perip503:1m rate=1r/m;
  server {
    listen 127.0.0.1:${http};
    root ${www};
    location = / { return 200 "hello\\n"; }
    location = /close { return 444; }
    location = /to-tls { return 301 https://127.0.0.1:${tls}/; }
    location = /loop { return 302 /loop; }
    # Two layers that disagree on the scheme: this one sends /flip to https, the TLS server sends it back.
    location = /flip { return 301 https://127.0.0.1:${tls}/flip; }
    # A cookie check: redirect to the same URL, setting a cookie, until the cookie comes back.
    location = /cookie-check {
      if ($cookie_seen = "") { add_header Set-Cookie "seen=1; Path=/" always; return 302 /cookie-check; }
      return 200 "cookie seen\\n";
    }
    location = /dead { proxy_pass http://127.0.0.1:${deadPort}; }
    location = /slow { proxy_pass http://127.0.0.1:${stall.port}; proxy_read_timeout 1s; }
    location = /short-body { proxy_pass http://127.0.0.1:${shortBody.port}; }
    # Buffered, nginx would hold even the headers back while the upstream stalls (a plain http.timeout).
    location = /stalled-body { proxy_pass http://127.0.0.1:${stalledBody.port}; proxy_read_timeout 30s; proxy_buffering off; }
    location = /limited.txt { limit_req zone=perip; limit_req_status 429; }
    location = /limited-503.txt { limit_req zone=perip503; }
    location = /denied.txt { deny all; }
    location = /maintenance { add_header Retry-After 120 always; return 503; }
  }
  ${tlsServer(tls, good, `location = /flip { return 301 http://127.0.0.1:${http}/flip; }`)}
  ${tlsServer(h2, good, '', 'ssl http2')}
  ${tlsServer(expired, old)}
  ${tlsServer(wrongName, wrong)}
  ${tlsServer(oldTls, good, 'ssl_protocols TLSv1.1; ssl_ciphers DEFAULT:@SECLEVEL=0;')}
  ${tlsServer(oddCipher, good, 'ssl_protocols TLSv1.2; ssl_ciphers ECDHE-ECDSA-CAMELLIA128-SHA256;')}
  server { listen 127.0.0.1:${sniOnly} ssl default_server; ssl_reject_handshake on; }
  ${tlsServer(sniOnly, known, 'server_name known.test;')}
  ${tlsServer(mtls, good, `ssl_verify_client on; ssl_client_certificate ${ca.caFile};`)}
`,
      [http, tls, h2, expired, wrongName, oldTls, oddCipher, sniOnly, mtls],
    );
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all([stall?.close(), shortBody?.close(), stalledBody?.close()]);
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  it('200 over plain http is ok, every phase ok', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/`, base);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.equal(httpCode(phase(r, 'response')), 200, describeResult(r));
    assert.equal(phase(r, 'tls').status, 'skipped');
  });

  it('200 over https with the throwaway CA trusted is ok, TLS details recorded', async () => {
    const r = await probeUrl(`https://127.0.0.1:${tls}/`, trusted);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    const t = phase(r, 'tls');
    assert.equal(t.status, 'ok');
    assert.match(t.tlsVersion ?? '', /TLSv1\.[23]/, describeResult(r));
    assert.ok((t.certificates ?? []).length >= 1, 'peer certificate recorded');
  });

  it('nginx with http2 → ALPN h2 negotiated, ok; its 502 over h2 → http.upstream-failure', async () => {
    const r = await probeUrl(`https://127.0.0.1:${h2}/`, trusted);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.equal(phase(r, 'tls').alpn, 'h2', describeResult(r));
    const bad = await probeUrl(`https://127.0.0.1:${h2}/dead`, trusted);
    assertDiagnosis(bad, 'http.upstream-failure', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(bad, 'response')), 502, describeResult(bad));
  });

  it('a port nothing listens on → tcp.refused (curl: 7)', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${deadPort}/`, base), curl([`http://127.0.0.1:${deadPort}/`])]);
    assertDiagnosis(r, 'tcp.refused', { failedPhase: 'connect' });
    assert.equal(c.exit, 7, c.trace);
    assert.match(r.id, CURL_EXIT_IDS[7]);
  });

  it('the same server without the CA → tls.cert-untrusted (curl: exit 60)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${tls}/`, base), curl([`https://127.0.0.1:${tls}/`])]);
    assertDiagnosis(r, 'tls.cert-untrusted', { failedPhase: 'tls' });
    assert.equal(c.exit, 60, c.trace);
  });

  it('--insecure on the untrusted certificate → ok, the verification error still reported (curl -k: 200)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${tls}/`, { ...base, insecure: true }), curl(['-k', `https://127.0.0.1:${tls}/`])]);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.match(phase(r, 'tls').certError ?? '', /UNABLE_TO_VERIFY|SELF_SIGNED|ISSUER/, describeResult(r));
    assert.equal(c.httpCode, 200, c.trace);
  });

  // nginx listens on 127.0.0.1 only; the name also resolves to ::1, where nothing listens.
  it('a name whose ::1 address refuses and 127.0.0.1 answers → ok + address-dependent (curl falls back too)', async () => {
    const url = `http://app.test:${http}/`;
    const [r, c] = await Promise.all([
      probeUrl(url, { ...base, resolve: { [`app.test:${http}`]: ['::1', '127.0.0.1'] } }),
      curl(['--resolve', `app.test:${http}:[::1],127.0.0.1`, url]),
    ]);
    assertDiagnosis(r, 'ok', { failedPhase: null, findings: ['address-dependent'] });
    assert.equal(phase(r, 'connect').remoteAddress, '127.0.0.1', describeResult(r));
    assert.equal(c.httpCode, 200, c.trace);
  });

  it('an expired certificate → tls.cert-expired', async () => {
    const [r, c] = await Promise.all([
      probeUrl(`https://127.0.0.1:${expired}/`, trusted),
      curl(['--cacert', ca.caFile, `https://127.0.0.1:${expired}/`]),
    ]);
    assertDiagnosis(r, 'tls.cert-expired', { failedPhase: 'tls' });
    assert.equal(c.exit, 60, c.trace);
    assert.match(c.trace, /expired/i);
  });

  it('a certificate for another name → tls.cert-hostname', async () => {
    const [r, c] = await Promise.all([
      probeUrl(`https://127.0.0.1:${wrongName}/`, trusted),
      curl(['--cacert', ca.caFile, `https://127.0.0.1:${wrongName}/`]),
    ]);
    assertDiagnosis(r, 'tls.cert-hostname', { failedPhase: 'tls' });
    assert.equal(c.exit, 60, c.trace);
  });

  it('a server that speaks only TLS 1.1 → tls.protocol-mismatch (curl: exit 35)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${oldTls}/`, trusted), curl(['--tlsv1.2', '--cacert', ca.caFile, `https://127.0.0.1:${oldTls}/`])]);
    assertDiagnosis(r, 'tls.protocol-mismatch', { failedPhase: 'tls' });
    assert.match('tls.protocol-mismatch', CURL_EXIT_IDS[c.exit] ?? /^$/, `curl exit ${c.exit}\n${c.trace}`);
  });

  it('no cipher in common (TLS 1.2, CAMELLIA only) → tls.handshake-failure', async () => {
    const r = await probeUrl(`https://127.0.0.1:${oddCipher}/`, trusted);
    assertDiagnosis(r, 'tls.handshake-failure', { failedPhase: 'tls' });
    assert.equal(phase(r, 'tls').alert, 'handshake_failure', describeResult(r));
  });

  // `ssl_reject_handshake on` in the default server: any name but known.test gets the alert unrecognized_name.
  it('an SNI name the server does not know → tls.sni-rejected (curl: 35 unrecognized name); the known one is ok', async () => {
    const resolve = { [`other.test:${sniOnly}`]: ['127.0.0.1'], [`known.test:${sniOnly}`]: ['127.0.0.1'] };
    const [r, c, known] = await Promise.all([
      probeUrl(`https://other.test:${sniOnly}/`, { ...trusted, resolve }),
      curl(['--cacert', ca.caFile, '--resolve', `other.test:${sniOnly}:127.0.0.1`, `https://other.test:${sniOnly}/`]),
      probeUrl(`https://known.test:${sniOnly}/`, { ...trusted, resolve }),
    ]);
    // No variant (no SNI, a decoy name) completes either, so nothing makes it sni-dependent.
    assertDiagnosis(r, 'tls.sni-rejected', { failedPhase: 'tls', notFindings: ['sni-dependent'] });
    assert.equal(phase(r, 'tls').alert, 'unrecognized_name', describeResult(r));
    assert.equal(c.exit, 35, c.trace);
    assert.match(c.trace, /unrecognized name/);
    assertDiagnosis(known, 'ok', { failedPhase: null });
  });

  it('a client certificate required and none sent → nginx 400 "No required SSL certificate" → http.client-error', async () => {
    const r = await probeUrl(`https://127.0.0.1:${mtls}/`, trusted);
    assertDiagnosis(r, 'http.client-error', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 400, describeResult(r));
    assert.match(phase(r, 'body').bodySample ?? '', /No required SSL certificate was sent/, describeResult(r));
  });

  it('a 301 from http to https is followed → ok, the hop recorded', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/to-tls`, trusted);
    assertDiagnosis(r, 'ok', { failedPhase: null });
    assert.deepEqual(
      (r.redirects ?? []).map((h) => [h.status, h.location]),
      [[301, `https://127.0.0.1:${tls}/`]],
      describeResult(r),
    );
    assert.equal(phase(r, 'tls').status, 'ok', 'the phases are those of the last hop');
  });

  it('`return 302` to itself → http.redirect-loop (curl -L: 47 too many redirects)', async () => {
    const url = `http://127.0.0.1:${http}/loop`;
    const [r, c] = await Promise.all([probeUrl(url, base), curl(['-L', '--max-redirs', '10', url])]);
    assertDiagnosis(r, 'http.redirect-loop', { failedPhase: 'response' });
    assert.equal(c.exit, 47, c.trace);
  });

  it('http → https → http (/flip) → http.redirect-loop, the scheme-flip culprit first: TLS terminated, the app writes http://', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/flip`, trusted);
    assertDiagnosis(r, 'http.redirect-loop', { failedPhase: 'response' });
    assert.match(r.culprits?.[0]?.title ?? '', /^TLS terminated at the proxy \/ load balancer while the app behind it writes http:\/\//, describeResult(r));
    assert.match(r.verdict ?? '', new RegExp(`^the redirects loop http://127\\.0\\.0\\.1:${http}/flip → https://127\\.0\\.0\\.1:${tls}/flip → http://`), describeResult(r));
  });

  it('a cookie check (302 to itself with Set-Cookie) → a cookie-check culprit; curl with a cookie jar gets through (200)', async () => {
    const url = `http://127.0.0.1:${http}/cookie-check`;
    const r = await probeUrl(url, base);
    assertDiagnosis(r, 'http.redirect-loop', { failedPhase: 'response' });
    assert.match(r.culprits?.[0]?.title ?? '', /^Cookie check/, describeResult(r));
    const jarCommand = r.confirm?.find((c) => c.command.includes('-c /tmp/conndoc-jar'))?.command;
    assert.ok(jarCommand, describeResult(r));
    const jar = path.join(scratchDir('cookie-jar'), 'jar');
    const c = await curl(['-L', '--max-redirs', '10', '-c', jar, '-b', jar, url]);
    assert.equal(c.httpCode, 200, c.trace);
  });

  it('`return 444` closes without a response → http.closed (curl: 52 Empty reply)', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${http}/close`, base), curl([`http://127.0.0.1:${http}/close`])]);
    assertDiagnosis(r, 'http.closed', { failedPhase: 'response' });
    assert.equal(c.exit, 52, c.trace);
  });

  it('proxy_pass to a dead upstream → 502 → http.upstream-failure, vendor:nginx', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/dead`, base);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 502, describeResult(r));
  });

  it('an upstream that never answers → 504 → http.upstream-failure', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/slow`, base);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 504, describeResult(r));
  });

  // nginx has sent the headers and what it had when the upstream closes early; then it closes on us.
  it('an upstream that closes mid-body → http.body-truncated (curl: 18 partial file)', async () => {
    const url = `http://127.0.0.1:${http}/short-body`;
    const [r, c] = await Promise.all([probeUrl(url, base), curl([url])]);
    assertDiagnosis(r, 'http.body-truncated', { failedPhase: 'body', findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 200, describeResult(r));
    assert.equal(phase(r, 'body').bytes, 4000, describeResult(r));
    assert.equal(c.exit, 18, c.trace);
    assert.match(r.id, CURL_EXIT_IDS[18]);
  });

  it('an upstream that stalls mid-body, our timeout first → http.body-timeout (curl: 28)', async () => {
    const url = `http://127.0.0.1:${http}/stalled-body`;
    const [r, c] = await Promise.all([probeUrl(url, { ...base, timeoutMs: 1000 }), curl([url], 1)]);
    assertDiagnosis(r, 'http.body-timeout', { failedPhase: 'body' });
    assert.equal(httpCode(phase(r, 'response')), 200, describeResult(r));
    assert.equal(c.exit, 28, c.trace);
    assert.match(c.trace, /< HTTP\/1\.1 200/);
  });

  it('`deny all` → 403 → http.client-error: a plain nginx 403 is no WAF block', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/denied.txt`, base);
    assertDiagnosis(r, 'http.client-error', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 403, describeResult(r));
    // Its steps are about nginx's own refusal, not about upstream failures (review 3.22).
    assert.match(r.remediation.join('\n'), /access forbidden by rule/, r.remediation.join('\n'));
    assert.doesNotMatch(r.remediation.join('\n'), /names upstream failures/, r.remediation.join('\n'));
  });

  it('a maintenance 503 with Retry-After → maintenance or shedding load first, not "slow down" (RFC 9110)', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/maintenance`, base);
    assert.equal(httpCode(phase(r, 'response')), 503, describeResult(r));
    console.log(`      ${r.id}: ${r.verdict}`);
    assert.doesNotMatch(r.culprits?.[0]?.title ?? '', /Rate limiter/, describeResult(r));
    assert.doesNotMatch(r.remediation[0] ?? '', /Honour Retry-After|Lower concurrency/, r.remediation.join('\n'));
  });

  it('limit_req with --repeat 3: first passes, then 429 → http.rate-limited + rate-limit-suspected', async () => {
    const [r] = await probeAll([`http://127.0.0.1:${http}/limited.txt`], { ...base, repeat: 3 });
    const why = describeResult(r);
    assert.equal(r.attempts?.length, 3, why);
    assert.deepEqual((r.attempts ?? []).map((a) => a.id), ['ok', 'http.rate-limited', 'http.rate-limited'], why);
    assertDiagnosis(r, 'http.rate-limited', { findings: ['rate-limit-suspected'] });
  });

  // nginx's default limit_req_status is 503, with no Retry-After: by the contract a bare 503 is an
  // upstream failure, and it is the repeat that shows the limiter (early attempts pass, later ones fail).
  it('limit_req with its default 503, --repeat 3 → http.upstream-failure + rate-limit-suspected', async () => {
    const [r] = await probeAll([`http://127.0.0.1:${http}/limited-503.txt`], { ...base, repeat: 3 });
    const why = describeResult(r);
    assert.deepEqual((r.attempts ?? []).map((a) => a.id), ['ok', 'http.upstream-failure', 'http.upstream-failure'], why);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['rate-limit-suspected', 'vendor:nginx'] });
  });

  it('http:// to the https port → nginx 400 "plain HTTP request was sent to HTTPS port" → http.client-error', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${tls}/`, base), curl([`http://127.0.0.1:${tls}/`])]);
    assertDiagnosis(r, 'http.client-error', { findings: ['vendor:nginx'] });
    assert.equal(httpCode(phase(r, 'response')), 400, describeResult(r));
    assert.match(phase(r, 'body').bodySample ?? '', /plain HTTP request was sent to HTTPS port/, describeResult(r));
    assert.equal(c.httpCode, 400, c.trace);
    assert.match(r.remediation[0] ?? '', /^You: use https:\/\//, r.remediation.join('\n'));
  });

  it('https:// to the plain port → tls.not-tls (curl: 35 wrong version number)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${http}/`, base), curl([`https://127.0.0.1:${http}/`])]);
    assertDiagnosis(r, 'tls.not-tls', { failedPhase: 'tls' });
    assert.match(phase(r, 'tls').unexpectedBytes ?? '', /^HTTP\/1\.1 400/, describeResult(r));
    assert.equal(c.exit, 35, c.trace);
  });

  it('a 1 MiB body with a 16 KiB cap → ok, body capped by us (not http.body-truncated)', async () => {
    const r = await probeUrl(`http://127.0.0.1:${http}/big.bin`, { ...base, maxBodyBytes: 16 * 1024 });
    assertDiagnosis(r, 'ok', { failedPhase: null });
    const body = phase(r, 'body');
    assert.equal(body.cappedByUs, true, describeResult(r));
    assert.ok((body.bytes ?? 0) < BIG_BYTES, `read ${body.bytes} bytes past the cap`);
  });
});
