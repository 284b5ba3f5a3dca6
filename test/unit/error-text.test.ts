// The error-message table: every entry's real example is read back as that entry, the clients the issue names
// are covered, host and port come out of each client's wording, and narrowing (alerts, statuses) picks one id.
import assert from 'node:assert/strict';
import { readErrorMessage, MAX_MESSAGE_CHARS } from '../../src/error-text/read';
import { CLIENTS, ERROR_PATTERNS } from '../../src/error-text/table';
import { isDiagnosisId } from '../../src/vocabulary/ids';

describe('error-message table', () => {
  it('has at least 80 messages, across every client the reader names', () => {
    const examples = ERROR_PATTERNS.reduce((n, p) => n + p.examples.length, 0);
    assert.ok(ERROR_PATTERNS.length >= 80, `${ERROR_PATTERNS.length} entries`);
    assert.ok(examples >= 100, `${examples} examples`);
    for (const c of CLIENTS) assert.ok(ERROR_PATTERNS.some((p) => p.client === c), `no entry for ${c}`);
  });

  it('every entry has a source, a meaning and only known ids', () => {
    for (const p of ERROR_PATTERNS) {
      assert.ok(p.source.length > 5 && p.meaning.length > 10, p.name);
      assert.ok(p.ids.length > 0, p.name);
      // tls.client-cert-required and tcp.local-limit are contract ids that land with their issues.
      for (const id of p.ids) assert.ok(isDiagnosisId(id) || id === 'tls.client-cert-required' || id === 'tcp.local-limit', `${p.name}: ${id}`);
    }
    const names = ERROR_PATTERNS.map((p) => p.name);
    assert.equal(new Set(names).size, names.length, 'entry names are unique');
  });

  for (const p of ERROR_PATTERNS) {
    for (const example of p.examples) {
      it(`${p.client}: ${p.name} ← ${JSON.stringify(example.slice(0, 70))}`, () => {
        const r = readErrorMessage(example);
        assert.ok(r.matches.some((m) => m.name === p.name), `not matched; read as ${r.matches.map((m) => m.name).join(' | ')}`);
        if (p.wrapper) {
          // A wrapper names the tool; what failed is the line inside it.
          assert.equal(r.client, p.client);
        } else {
          assert.equal(r.matches[0].name, p.name, `primary is ${r.matches[0].name}`);
          for (const id of r.ids) assert.ok(p.ids.includes(id), `${id} is not one of ${p.name}'s`);
        }
        assert.ok(r.ids.length > 0);
      });
    }
  }
});

describe('readErrorMessage', () => {
  it('SSL_ERROR_SYSCALL stands for a reset or a close, and says that only the wire tells them apart', () => {
    const r = readErrorMessage('curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443');
    assert.deepEqual(r.ids, ['tls.reset', 'tls.closed']);
    assert.equal(r.client, 'curl');
    assert.match(r.matches[0].hides ?? '', /RST.*FIN/);
    assert.deepEqual([r.host, r.port, r.url], ['api.example.com', 443, 'https://api.example.com/']);
  });

  it('"socket hang up" with code ECONNRESET is a close, not a reset (Node names a FIN that way)', () => {
    const r = readErrorMessage("Error: socket hang up\n    at connResetException (node:internal/errors:720:14) {\n  code: 'ECONNRESET'\n}");
    assert.equal(r.ids[0], 'http.closed');
    assert.ok(!r.matches.some((m) => m.name === 'ECONNRESET'));
  });

  it('a wrapper (git, docker, kubectl, npm) names the tool; the line inside it decides the ids', () => {
    const git = readErrorMessage("fatal: unable to access 'https://git.example.com/repo.git/': SSL certificate problem: unable to get local issuer certificate");
    assert.equal(git.client, 'git');
    assert.deepEqual(git.ids, ['tls.cert-untrusted']);
    assert.equal(git.url, 'https://git.example.com/repo.git/');
    const kube = readErrorMessage('Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout');
    assert.equal(kube.client, 'kubectl');
    assert.deepEqual(kube.ids, ['tcp.timeout']);
    assert.deepEqual([kube.host, kube.port, kube.url], ['10.0.0.1', 6443, 'https://10.0.0.1:6443/']);
    const npm = readErrorMessage('npm ERR! code SELF_SIGNED_CERT_IN_CHAIN\nnpm ERR! errno SELF_SIGNED_CERT_IN_CHAIN\nnpm ERR! request to https://registry.npmjs.org/left-pad failed, reason: self-signed certificate in certificate chain');
    assert.equal(npm.client, 'npm');
    assert.deepEqual(npm.ids, ['tls.cert-untrusted']);
    assert.equal(npm.host, 'registry.npmjs.org');
  });

  it('specific lines narrow each other: Python CERTIFICATE_VERIFY_FAILED + "unable to get local issuer" → untrusted only', () => {
    const r = readErrorMessage("requests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.corp.example', port=8443): Max retries exceeded with url: /simple/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))");
    assert.equal(r.client, 'python');
    assert.deepEqual(r.ids, ['tls.cert-untrusted']);
    assert.deepEqual([r.host, r.port, r.url], ['pypi.corp.example', 8443, 'https://pypi.corp.example:8443/']);
  });

  it('a TLS alert name or an HTTP status in the message picks one id', () => {
    assert.deepEqual(readErrorMessage('remote error: tls: protocol version not supported').ids, ['tls.protocol-mismatch']);
    assert.deepEqual(readErrorMessage('javax.net.ssl.SSLHandshakeException: Received fatal alert: unrecognized_name').ids, ['tls.sni-rejected']);
    assert.deepEqual(readErrorMessage('remote error: tls: certificate required').ids, ['tls.client-cert-required']);
    assert.deepEqual(readErrorMessage('curl: (56) CONNECT tunnel failed, response 407').ids, ['proxy.auth-required']);
    assert.deepEqual(readErrorMessage('curl: (22) The requested URL returned error: 429').ids, ['http.rate-limited']);
    assert.deepEqual(readErrorMessage('curl: (22) The requested URL returned error: 404').ids, ['http.client-error']);
  });

  it('host and port from each client’s wording; well-known service ports probe as their scheme', () => {
    const cases: [string, string | undefined, number | undefined, string | undefined][] = [
      ['curl: (7) Failed to connect to db.internal port 5432 after 3 ms: Connection refused', 'db.internal', 5432, 'postgres://db.internal:5432'],
      ['Error: connect ECONNREFUSED ::1:6379', '::1', 6379, 'redis://[::1]:6379'],
      ["Error: connect ECONNREFUSED 127.0.0.1:6379", '127.0.0.1', 6379, 'redis://127.0.0.1:6379'],
      ['dial tcp [2001:db8::1]:443: connect: connection refused', '2001:db8::1', 443, 'https://[2001:db8::1]/'],
      ['curl: (6) Could not resolve host: api.example.invalid', 'api.example.invalid', 80, 'http://api.example.invalid/'],
      ['ssh: connect to host git.example.com port 22: Connection refused', 'git.example.com', 22, undefined],
      ['GET https://app.example.com:8443/api/v1?x=1 net::ERR_CERT_AUTHORITY_INVALID', 'app.example.com', 8443, 'https://app.example.com:8443/api/v1'],
      ['net::ERR_CONNECTION_RESET', undefined, undefined, undefined],
    ];
    for (const [text, host, port, url] of cases) {
      const r = readErrorMessage(text);
      assert.deepEqual([r.host, r.port, r.url], [host, port, url], text);
    }
  });

  it('text that is no known error reads as nothing, and a huge paste is cut, not choked on', () => {
    const none = readErrorMessage('Build succeeded in 3.2 s');
    assert.deepEqual([none.ids, none.matches, none.client], [[], [], undefined]);
    const huge = readErrorMessage(`${'x'.repeat(5_000_000)} ECONNREFUSED`);
    assert.equal(huge.message.length, MAX_MESSAGE_CHARS);
    const early = readErrorMessage(`curl: (52) Empty reply from server\n${'y'.repeat(5_000_000)}`);
    assert.deepEqual(early.ids, ['http.closed']);
  });
});

describe('where the error starts on a line', () => {
  it('past a prompt or a log prefix, at the client’s own words', () => {
    const cases: [string, string][] = [
      ['$ curl: (52) Empty reply from server', 'curl: (52) Empty reply from server'],
      ['2026-12-04T18:00:01Z ERROR upstream: Error: connect ECONNREFUSED 127.0.0.1:5432', 'Error: connect ECONNREFUSED 127.0.0.1:5432'],
      ['[worker 3] GET https://x.example/ net::ERR_CONNECTION_RESET', 'net::ERR_CONNECTION_RESET'],
    ];
    for (const [line, from] of cases) assert.equal(line.slice(readErrorMessage(line).at), from);
  });
});
