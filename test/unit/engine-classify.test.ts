// Classification and redaction: the pure decisions the engine's ids rest on.
import assert from 'node:assert/strict';
import { classifyFailure, classifyStatus, type FailureFacts } from '../../src/probe/classify';
import { redactUrl } from '../../src/vocabulary/redact';
import { parseTarget, proxyFor } from '../../src/probe/target';

const facts = (f: Partial<FailureFacts> & Pick<FailureFacts, 'phase'>): FailureFacts => ({ reset: false, fin: false, viaProxy: false, ...f });
const noFp = { vendors: [] };

describe('classify', () => {
  it('tells RST from FIN from silence during the TLS handshake', () => {
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'ECONNRESET', reset: true })), 'tls.reset');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'ECONNRESET', fin: true })), 'tls.closed');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'ETIMEDOUT' })), 'tls.timeout');
  });

  it('names foreign bytes before any version complaint', () => {
    const ssh = Buffer.from('SSH-2.0-OpenSSH_9.2\r\n');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'ERR_SSL_WRONG_VERSION_NUMBER', firstBytes: ssh })), 'tls.not-tls');
    assert.equal(classifyFailure(facts({ phase: 'response', code: 'UND_ERR_SOCKET', fin: true, firstBytes: ssh })), 'http.not-http');
    assert.equal(classifyFailure(facts({ phase: 'response', code: 'UND_ERR_SOCKET', fin: true, firstBytes: Buffer.from('HTTP/1.1 200') })), 'http.closed');
  });

  it('maps alerts and certificate errors precisely', () => {
    assert.equal(classifyFailure(facts({ phase: 'tls', alert: 'unrecognized_name' })), 'tls.sni-rejected');
    assert.equal(classifyFailure(facts({ phase: 'tls', alert: 'no_application_protocol' })), 'tls.alpn-rejected');
    assert.equal(classifyFailure(facts({ phase: 'tls', alert: 'protocol_version' })), 'tls.protocol-mismatch');
    assert.equal(classifyFailure(facts({ phase: 'tls', alert: 'handshake_failure' })), 'tls.handshake-failure');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'CERT_HAS_EXPIRED' })), 'tls.cert-expired');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'CERT_NOT_YET_VALID' })), 'tls.cert-not-yet-valid');
    assert.equal(classifyFailure(facts({ phase: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' })), 'tls.cert-hostname');
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      assert.equal(classifyFailure(facts({ phase: 'tls', code })), 'tls.cert-untrusted', code);
    }
  });

  it('blames the proxy for connect failures through it, and reads its CONNECT answer', () => {
    assert.equal(classifyFailure(facts({ phase: 'connect', code: 'ECONNREFUSED', viaProxy: true })), 'proxy.unreachable');
    assert.equal(classifyFailure(facts({ phase: 'connect', code: 'ECONNREFUSED' })), 'tcp.refused');
    assert.equal(classifyFailure(facts({ phase: 'proxy', code: 'EPROXYSTATUS', proxyStatus: 407 })), 'proxy.auth-required');
    assert.equal(classifyFailure(facts({ phase: 'proxy', code: 'EPROXYSTATUS', proxyStatus: 403 })), 'proxy.denied');
    assert.equal(classifyFailure(facts({ phase: 'proxy', code: 'EPROXYCLOSED', fin: true })), 'proxy.tunnel-failed');
  });

  it('classifies statuses', () => {
    assert.equal(classifyStatus(200, noFp, 'https'), 'ok');
    assert.equal(classifyStatus(401, noFp, 'https'), 'http.auth-required');
    assert.equal(classifyStatus(503, { vendors: [], rateLimit: { retryAfterSec: 5, sources: ['retry-after'] } }, 'https'), 'http.rate-limited');
    assert.equal(classifyStatus(503, noFp, 'https'), 'http.upstream-failure');
    assert.equal(classifyStatus(522, noFp, 'https'), 'http.upstream-failure');
    assert.equal(classifyStatus(403, { vendors: [{ name: 'cloudflare', evidence: 'cf-ray' }] }, 'https'), 'http.waf-blocked');
    assert.equal(classifyStatus(404, { vendors: [{ name: 'nginx', evidence: 'server' }] }, 'https'), 'http.client-error');
    assert.equal(classifyStatus(500, noFp, 'https'), 'http.server-error');
    assert.equal(classifyStatus(426, noFp, 'wss'), 'ok');
  });
});

describe('redactUrl and targets', () => {
  it('redacts the password only', () => {
    assert.equal(redactUrl('https://user:secret@host/x'), 'https://user:***@host/x');
    assert.equal(redactUrl('redis://:pw@cache:6379'), 'redis://:***@cache:6379');
    assert.equal(redactUrl('mongodb://admin:p@ss@db:27017'), 'mongodb://admin:***@db:27017');
    assert.equal(redactUrl('https://key@sentry.example/1'), 'https://key@sentry.example/1');
    assert.equal(redactUrl('https://x.example/a?u=b:c@d'), 'https://x.example/a?u=b:c@d');
  });

  it('parses default ports, multi-host authorities and IPv6 literals', () => {
    assert.equal(parseTarget('postgresql://db/app').port, 5432);
    assert.equal(parseTarget('amqps://mq').port, 5671);
    const m = parseTarget('mongodb://a:1,b:2/db');
    assert.equal(m.host, 'a');
    assert.equal(m.port, 1);
    assert.match(m.note ?? '', /first/);
    assert.equal(parseTarget('http://[::1]:8080/').host, '::1');
    assert.equal(parseTarget('wss://x.example/s').tls, true);
  });

  it('takes the proxy from the environment unless NO_PROXY matches', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.internal,localhost:8443' };
    assert.equal(proxyFor(parseTarget('https://api.example/'), undefined, env), 'http://p:3128');
    assert.equal(proxyFor(parseTarget('https://svc.internal/'), undefined, env), undefined);
    assert.equal(proxyFor(parseTarget('https://localhost:8443/'), undefined, env), undefined);
    assert.equal(proxyFor(parseTarget('https://api.example/'), '', env), undefined);
    assert.equal(proxyFor(parseTarget('http://api.example/'), undefined, env), undefined);
  });
});
