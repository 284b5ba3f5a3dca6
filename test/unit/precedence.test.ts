// diagnosis-ids.md "Precedence when evidence points two ways": each rule, with the response bytes that decide it.
import * as assert from 'node:assert/strict';
import { classifyFailure, classifyStatus, type FailureFacts } from '../../src/probe/classify';
import { fingerprint } from '../../src/probe/fingerprint';
import { HandshakeScan } from '../../src/probe/tls-records';

interface StatusRow {
  rule: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  id: string;
}

const STATUS_ROWS: StatusRow[] = [
  {
    rule: 'a gateway failure page beats Retry-After (Varnish stock 503)',
    status: 503,
    headers: { Server: 'Varnish', 'Retry-After': '5', 'X-Varnish': '2', Via: '1.1 varnish (Varnish/7.1)' },
    body: '<title>503 Backend fetch failed</title><p>Backend fetch failed</p><h3>Guru Meditation:</h3>',
    id: 'http.upstream-failure',
  },
  {
    rule: 'a 503 whose only signal is Retry-After is a rate limit / unavailable',
    status: 503,
    headers: { 'Retry-After': '120', 'Content-Type': 'text/plain' },
    body: 'Service temporarily overloaded',
    id: 'http.rate-limited',
  },
  {
    rule: 'a 429 stays a rate limit even from a gateway',
    status: 429,
    headers: { Server: 'Varnish', 'X-Varnish': '5' },
    body: 'Too many requests',
    id: 'http.rate-limited',
  },
  {
    rule: 'an origin JSON 403 with Cloudflare headers is the origin\'s refusal',
    status: 403,
    headers: { Server: 'cloudflare', 'CF-RAY': '8e7d6c5b4a392817-FRA', 'cf-cache-status': 'DYNAMIC', 'Content-Type': 'application/json' },
    body: '{"error":"permission denied for this API key"}',
    id: 'http.client-error',
  },
  {
    rule: 'S3 AccessDenied relayed by CloudFront is not a WAF block',
    status: 403,
    headers: { Server: 'AmazonS3', 'X-Cache': 'Error from cloudfront', Via: '1.1 abc.cloudfront.net (CloudFront)', 'X-Amz-Cf-Id': 'x' },
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    id: 'http.client-error',
  },
  {
    rule: 'a Cloudflare 1020 block page is a WAF block',
    status: 403,
    headers: { Server: 'cloudflare', 'CF-RAY': '8e7d6c5b4a392817-FRA' },
    body: '<title>Attention Required! | Cloudflare</title>Error code 1020',
    id: 'http.waf-blocked',
  },
  {
    rule: 'an AWS WAF block header is a WAF block',
    status: 403,
    headers: { 'x-amzn-waf-action': 'block' },
    body: '<html>Forbidden</html>',
    id: 'http.waf-blocked',
  },
  {
    rule: 'Caddy\'s empty 502 is a gateway failure',
    status: 502,
    headers: { Server: 'Caddy' },
    body: '',
    id: 'http.upstream-failure',
  },
];

describe('classification precedence (diagnosis-ids.md)', () => {
  for (const row of STATUS_ROWS) {
    it(row.rule, () => {
      const fp = fingerprint({ status: row.status, headers: row.headers, body: row.body });
      assert.equal(classifyStatus(row.status, fp, 'https'), row.id, JSON.stringify(fp));
    });
  }

  const base: FailureFacts = { phase: 'response', reset: false, fin: true, viaProxy: false };
  const alertRows: { rule: string; facts: FailureFacts; id: string }[] = [
    { rule: 'TLS 1.3 certificate_required read at the first response read', facts: { ...base, code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }, id: 'tls.client-cert-required' },
    { rule: 'bad_certificate after the handshake', facts: { ...base, phase: 'request', code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' }, id: 'tls.client-cert-required' },
    { rule: 'protocol_version read after the handshake is still a TLS failure', facts: { ...base, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }, id: 'tls.protocol-mismatch' },
    { rule: 'TLS 1.2 handshake_failure right after a CertificateRequest', facts: { ...base, phase: 'tls', alert: 'handshake_failure', certificateRequested: true }, id: 'tls.client-cert-required' },
    { rule: 'handshake_failure without a CertificateRequest stays a handshake failure', facts: { ...base, phase: 'tls', alert: 'handshake_failure' }, id: 'tls.handshake-failure' },
    { rule: 'a plain FIN before the response is still http.closed', facts: { ...base, code: 'UND_ERR_SOCKET' }, id: 'http.closed' },
  ];
  for (const row of alertRows) {
    it(row.rule, () => assert.equal(classifyFailure(row.facts), row.id));
  }
});

describe('HandshakeScan', () => {
  const record = (type: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([type, 3, 3, payload.length >> 8, payload.length & 0xff]), payload]);
  const message = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type, 0, body.length >> 8, body.length & 0xff]), body]);

  it('sees a CertificateRequest split across records and chunks', () => {
    const flight = Buffer.concat([message(2, Buffer.alloc(70)), message(11, Buffer.alloc(900)), message(13, Buffer.alloc(40)), message(14, Buffer.alloc(0))]);
    const wire = Buffer.concat([record(22, flight.subarray(0, 500)), record(22, flight.subarray(500))]);
    const scan = new HandshakeScan();
    for (let i = 0; i < wire.length; i += 37) scan.onData(wire.subarray(i, i + 37));
    assert.equal(scan.certificateRequested, true);
  });

  it('does not read past the first encrypted record (TLS 1.3)', () => {
    const scan = new HandshakeScan();
    scan.onData(Buffer.concat([record(22, message(2, Buffer.alloc(70))), record(20, Buffer.from([1])), record(23, message(13, Buffer.alloc(10)))]));
    assert.equal(scan.certificateRequested, false);
  });
});
