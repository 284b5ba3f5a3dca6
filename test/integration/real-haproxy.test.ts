// The engine against a real HAProxy on loopback: its own error pages, rejects and resets decide the ids.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { probeUrl } from '../../src/probe/probe';
import { probeAll } from '../../src/probe/schedule';
import type { ProbeOptions } from '../../src/vocabulary/types';
import { assertDiagnosis, describeResult, httpCode, phase } from '../support/assert-result';
import { CURL_EXIT_IDS, curl } from '../support/curl';
import { freePort, freePorts, needBinaries, type RealServer, scratchDir, startHaproxy } from '../support/real-servers';
import { ThrowawayCa } from '../support/throwaway-ca';
import { tinyTcpServer, type TinyTcpServer } from '../support/tiny-tcp-server';

describe('real haproxy', function () {
  this.timeout(20_000);
  let haproxy: RealServer | undefined;
  let garbage: TinyTcpServer | undefined;
  let silent: TinyTcpServer | undefined;
  let caDir = '';
  let ca: ThrowawayCa;
  let tlsOrigin: https.Server | undefined;
  // no server up, invalid answers (502), a silent back end (504), connection reject, reject after a delay,
  // silent drop, deny, stick-table limit, TLS in front of nothing, TLS passed through unless the SNI / the
  // ALPN offer is banned
  let [noServer, badGateway, slow, reject, lateReject, drop, deny, limited, tlsDead, sniFilter, alpnFilter] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const base: ProbeOptions = { proxy: null, timeoutMs: 5000 };

  before(async function () {
    needBinaries(this, 'real haproxy', 'haproxy', 'openssl', 'curl');
    caDir = scratchDir('haproxy-ca');
    ca = new ThrowawayCa(caDir);
    const leaf = ca.issue('localhost', { san: ['DNS:localhost', 'IP:127.0.0.1'] });
    const deadPort = await freePort();
    // A back end that answers every request with bytes that are no HTTP: HAProxy says 502.
    garbage = await tinyTcpServer((sock) => {
      sock.resume(); // read the request, so HAProxy's FIN is seen and the socket closes
      sock.end('this is not HTTP\r\n\r\n');
    });
    // A back end that accepts and never answers: HAProxy gives up after `timeout server` with a 504.
    silent = await tinyTcpServer();
    // The TLS origin behind HAProxy's SNI filter.
    const named = ca.issue('allowed.test', { san: ['DNS:allowed.test', 'DNS:blocked.test', 'IP:127.0.0.1'] });
    tlsOrigin = https.createServer({ cert: readFileSync(named.certFile), key: readFileSync(named.keyFile) }, (_q, res) => void res.end('hello\n'));
    await new Promise<void>((r) => tlsOrigin!.listen(0, '127.0.0.1', r));
    const originPort = (tlsOrigin.address() as AddressInfo).port;
    [noServer, badGateway, slow, reject, lateReject, drop, deny, limited, tlsDead, sniFilter, alpnFilter] = await freePorts(11);
    haproxy = await startHaproxy(
      scratchDir('haproxy'),
      `defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  retries 0

frontend no_server
  bind 127.0.0.1:${noServer}
  default_backend all_down
backend all_down
  server app1 127.0.0.1:${deadPort} disabled

frontend bad_gateway
  bind 127.0.0.1:${badGateway}
  default_backend garbage
backend garbage
  server app1 127.0.0.1:${garbage.port}

frontend slow
  bind 127.0.0.1:${slow}
  default_backend silent
backend silent
  timeout server 500ms
  server app1 127.0.0.1:${silent.port}

frontend reject_all
  mode tcp
  bind 127.0.0.1:${reject}
  tcp-request connection reject

frontend reject_late
  mode tcp
  bind 127.0.0.1:${lateReject}
  tcp-request inspect-delay 500ms
  tcp-request content reject if WAIT_END

frontend drop_all
  bind 127.0.0.1:${drop}
  http-request silent-drop

# TLS passes through untouched (mode tcp) unless the ClientHello names blocked.test.
frontend sni_filter
  mode tcp
  bind 127.0.0.1:${sniFilter}
  tcp-request inspect-delay 2s
  tcp-request content reject if { req.ssl_sni -i blocked.test }
  tcp-request content accept if { req.ssl_hello_type 1 }
  default_backend tls_origin

frontend alpn_filter
  mode tcp
  bind 127.0.0.1:${alpnFilter}
  tcp-request inspect-delay 2s
  tcp-request content reject if { req.ssl_alpn h2 }
  tcp-request content accept if { req.ssl_hello_type 1 }
  default_backend tls_origin
backend tls_origin
  mode tcp
  server origin 127.0.0.1:${originPort}

frontend deny_all
  bind 127.0.0.1:${deny}
  http-request deny

frontend limited
  bind 127.0.0.1:${limited}
  stick-table type ip size 1k expire 60s store http_req_rate(60s)
  http-request track-sc0 src
  http-request deny deny_status 429 if { sc_http_req_rate(0) gt 1 }
  http-request return status 200 content-type text/plain string "fine"

frontend tls_to_nothing
  mode tcp
  bind 127.0.0.1:${tlsDead} ssl crt ${leaf.bundleFile}
  default_backend nothing
backend nothing
  mode tcp
  server app1 127.0.0.1:${deadPort}
`,
      [noServer, badGateway, slow, reject, lateReject, drop, deny, limited, tlsDead, sniFilter, alpnFilter],
    );
  });

  after(async () => {
    await haproxy?.stop();
    tlsOrigin?.closeAllConnections();
    await Promise.all([garbage?.close(), silent?.close(), new Promise<void>((r) => (tlsOrigin ? tlsOrigin.close(() => r()) : r()))]);
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  it('a backend with no server up → 503 "No server is available" → http.upstream-failure, vendor:haproxy', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${noServer}/`, base), curl([`http://127.0.0.1:${noServer}/`])]);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['vendor:haproxy'] });
    assert.equal(httpCode(phase(r, 'response')), 503, describeResult(r));
    assert.equal(c.httpCode, 503, c.trace);
  });

  it('a backend that answers garbage → 502 → http.upstream-failure, vendor:haproxy', async () => {
    const r = await probeUrl(`http://127.0.0.1:${badGateway}/`, base);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['vendor:haproxy'] });
    assert.equal(httpCode(phase(r, 'response')), 502, describeResult(r));
  });

  it('a back end that never answers → 504 "didn\'t respond in time" → http.upstream-failure, vendor:haproxy', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${slow}/`, base), curl([`http://127.0.0.1:${slow}/`])]);
    assertDiagnosis(r, 'http.upstream-failure', { findings: ['vendor:haproxy'] });
    assert.equal(httpCode(phase(r, 'response')), 504, describeResult(r));
    assert.equal(c.httpCode, 504, c.trace);
  });

  // On the wire: SYN, SYN/ACK, ACK, then HAProxy's RST at once. The handshake completed, so this is no
  // refusal; curl calls it exit 7, 55 or 56 depending on when the RST lands, always "reset by peer".
  it('`tcp-request connection reject` → RST after the handshake → http.reset, immediate-reset (not tcp.refused)', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${reject}/`, base), curl([`http://127.0.0.1:${reject}/`])]);
    assertDiagnosis(r, 'http.reset', { findings: ['immediate-reset'] });
    assert.match(c.trace, /reset by peer/i);
  });

  it('the same reject under https:// → tls.reset, immediate-reset', async () => {
    const r = await probeUrl(`https://127.0.0.1:${reject}/`, base);
    assertDiagnosis(r, 'tls.reset', { findings: ['immediate-reset'] });
  });

  // Unlike nginx's generic 403 page (also served for file permissions, autoindex off), HAProxy's
  // "Request forbidden by administrative rules." is only ever a rule of the proxy in the path: a block by
  // the security layer, which the knowledge base (vendors.ts) records as a haproxy block page.
  it('`http-request deny` → 403 "forbidden by administrative rules" → http.waf-blocked, vendor:haproxy', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${deny}/`, base), curl([`http://127.0.0.1:${deny}/`])]);
    assertDiagnosis(r, 'http.waf-blocked', { findings: ['vendor:haproxy'] });
    assert.equal(httpCode(phase(r, 'response')), 403, describeResult(r));
    assert.equal(c.httpCode, 403, c.trace);
  });

  // `tcp-request content reject` closes with a FIN once the inspect delay is over, nothing sent: curl
  // says 52 over http and, during a TLS handshake, the bare SSL_ERROR_SYSCALL of the design's field notes.
  it('`tcp-request content reject` after an inspect delay, http:// → http.closed (curl: 52)', async () => {
    const [r, c] = await Promise.all([probeUrl(`http://127.0.0.1:${lateReject}/`, base), curl([`http://127.0.0.1:${lateReject}/`])]);
    assertDiagnosis(r, 'http.closed', { failedPhase: 'response' });
    assert.equal(c.exit, 52, c.trace);
  });

  it('the same under https:// → a FIN during the handshake → tls.closed (curl: 35 SSL_ERROR_SYSCALL)', async () => {
    const [r, c] = await Promise.all([probeUrl(`https://127.0.0.1:${lateReject}/`, { ...base, differential: false }), curl([`https://127.0.0.1:${lateReject}/`])]);
    assertDiagnosis(r, 'tls.closed', { failedPhase: 'tls' });
    assert.equal(c.exit, 35, c.trace);
    assert.match(c.trace, /SSL_ERROR_SYSCALL/);
  });

  // silent-drop forgets the connection without a word when HAProxy may use TCP_REPAIR (root): the client
  // waits in vain (curl: 28). Unprivileged, it falls back to a RST with a TTL too low to travel, which
  // loopback still delivers (curl: 56). Either way the engine must name what curl saw in the same run.
  it('`http-request silent-drop` → http.timeout when nothing comes back, http.reset when the RST arrives', async () => {
    const url = `http://127.0.0.1:${drop}/`;
    const [r, c] = await Promise.all([probeUrl(url, { ...base, timeoutMs: 1500 }), curl([url], 1.5)]);
    assert.ok(c.exit === 28 || c.exit === 56, `curl exit ${c.exit}\n${c.trace}`);
    assertDiagnosis(r, c.exit === 28 ? 'http.timeout' : 'http.reset', { failedPhase: 'response' });
    assert.match(r.id, CURL_EXIT_IDS[c.exit]);
  });

  // The textbook SNI filter: a middlebox reading the ClientHello closes on one name. The same address
  // completes the handshake without SNI, which is what makes it sni-dependent.
  it('an SNI filter closing on blocked.test → tls.closed + sni-dependent (curl: 35); allowed.test is ok', async () => {
    const resolve = { [`blocked.test:${sniFilter}`]: ['127.0.0.1'], [`allowed.test:${sniFilter}`]: ['127.0.0.1'] };
    const opts = { ...base, ca: [ca.caPem], resolve };
    const [r, c, allowed] = await Promise.all([
      probeUrl(`https://blocked.test:${sniFilter}/`, opts),
      curl(['--cacert', ca.caFile, '--resolve', `blocked.test:${sniFilter}:127.0.0.1`, `https://blocked.test:${sniFilter}/`]),
      probeUrl(`https://allowed.test:${sniFilter}/`, opts),
    ]);
    assertDiagnosis(r, 'tls.closed', { failedPhase: 'tls', findings: ['sni-dependent'] });
    assert.ok((r.variants ?? []).some((v) => /^sni=/.test(v.variant) && v.id === 'ok'), describeResult(r));
    assert.equal(c.exit, 35, c.trace);
    assertDiagnosis(allowed, 'ok', { failedPhase: null });
  });

  it('a filter closing on an h2 ALPN offer → tls.closed + alpn-dependent (http/1.1 alone gets through)', async () => {
    const r = await probeUrl(`https://127.0.0.1:${alpnFilter}/`, { ...base, ca: [ca.caPem] });
    assertDiagnosis(r, 'tls.closed', { failedPhase: 'tls', findings: ['alpn-dependent'] });
    assert.deepEqual(phase(r, 'tls').alpnOffered, ['h2', 'http/1.1'], describeResult(r));
  });

  it('a stick-table rate limit with --repeat 3 → 429 → http.rate-limited, rate-limit-suspected', async () => {
    const [r] = await probeAll([`http://127.0.0.1:${limited}/`], { ...base, repeat: 3 });
    const why = describeResult(r);
    assert.deepEqual((r.attempts ?? []).map((a) => a.id), ['ok', 'http.rate-limited', 'http.rate-limited'], why);
    assertDiagnosis(r, 'http.rate-limited', { findings: ['rate-limit-suspected'] });
  });

  it('TLS terminated in front of a dead backend → handshake ok, then the close → http.closed (curl: 52)', async () => {
    const [r, c] = await Promise.all([
      probeUrl(`https://127.0.0.1:${tlsDead}/`, { ...base, ca: [ca.caPem] }),
      curl(['--cacert', ca.caFile, `https://127.0.0.1:${tlsDead}/`]),
    ]);
    assertDiagnosis(r, 'http.closed', { failedPhase: 'response' });
    assert.equal(phase(r, 'tls').status, 'ok', describeResult(r));
    assert.equal(c.exit, 52, c.trace);
  });
});
