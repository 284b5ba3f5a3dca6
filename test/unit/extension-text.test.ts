// What the editor shows: copied curl commands, decoration text, tree descriptions and grouping.
import assert from 'node:assert/strict';
import { buildCurl } from '../../src/vocabulary/curl';
import { groupEntries, targetHealth } from '../../src/extension/grouping';
import { decorationText, describe as describeEntry, entryLabel } from '../../src/extension/labels';
import type { Result, UrlEntry } from '../../src/protocol';
import { ADHOC_URI } from '../../src/protocol-values';
import { redactText } from '../../src/vocabulary/redact';

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });

function result(over: Partial<Result>): Result {
  return { url: 'https://x.test/', id: 'ok', ok: true, findings: [], phases: [], title: 'OK', explanation: '', remediation: [], ...over };
}

function entry(id: string, uri: string, over: Partial<UrlEntry> = {}): UrlEntry {
  return { id, uri, url: 'https://x.test/', scheme: 'https', host: 'x.test', port: 443, range: range(0), state: 'done', ...over };
}

const OK = result({
  totalMs: 84.2,
  phases: [
    { phase: 'dns', status: 'ok', ms: 1 },
    { phase: 'response', status: 'ok', ms: 40, httpStatus: 200 },
  ],
});
const RESET = result({ id: 'tls.reset', ok: false, title: 'Connection reset during the TLS handshake', findings: ['sni-dependent', 'vendor:cloudflare'], totalMs: 3.04 });

describe('Copy as curl', () => {
  it('replaces a password with a placeholder the user fills in, never the password', () => {
    const cmd = buildCurl('https://alice:***@api.test:8443/v1?x=1');
    assert.equal(cmd, "curl -v -u alice:PASSWORD 'https://api.test:8443/v1?x=1'");
  });

  it('adds --resolve for the URL host and port, --cacert, -k and the proxy with its credentials as placeholders', () => {
    const cmd = buildCurl('https://api.test/health', {
      resolve: { 'api.test:443': ['127.0.0.1', '::1'], 'other.test:443': ['10.0.0.1'] },
      caFile: '/tmp/my ca.pem',
      insecure: true,
      proxy: 'http://bob:hunter2@proxy.corp:3128',
    });
    assert.equal(cmd, "curl -v --resolve 'api.test:443:127.0.0.1,[::1]' --cacert '/tmp/my ca.pem' -k --proxy http://proxy.corp:3128 --proxy-user bob:PASSWORD https://api.test/health");
    assert.ok(!cmd.includes('hunter2'));
  });

  it('keeps a token-only userinfo (not a password by url-rules R7) and maps ws to http', () => {
    assert.equal(buildCurl('wss://key@stream.test/feed'), 'curl -v https://key@stream.test/feed');
  });

  it('checks reachability of a database or broker with telnet://, without its credentials', () => {
    assert.equal(buildCurl('postgres://app:***@db.internal:5432/app'), 'curl -v -u app:PASSWORD telnet://db.internal:5432');
  });

  it('quotes shell metacharacters so pasting the command runs curl and nothing else', () => {
    const cmd = buildCurl("https://x.test/a;rm -rf ~'$(id)");
    assert.equal(cmd, `curl -v 'https://x.test/a;rm -rf ~'\\''$(id)'`);
  });
});

describe('decoration text and tree description', () => {
  it('shows status and time for a success, the short diagnosis and findings for a failure', () => {
    assert.equal(decorationText(entry('a', 'file:///a', { result: OK })), '✓ 200 · 84 ms');
    assert.equal(decorationText(entry('b', 'file:///a', { result: RESET })), '✗ TLS reset (SNI-dependent, cloudflare)');
    assert.equal(decorationText(entry('c', 'file:///a', { state: 'probing' })), '… probing');
    assert.equal(decorationText(entry('d', 'file:///a', { state: 'found' })), '');
  });

  it('describes a tree row as id · findings · time', () => {
    assert.equal(describeEntry(entry('b', 'file:///a', { result: RESET })), 'tls.reset · sni-dependent · vendor:cloudflare · 3 ms');
    assert.equal(describeEntry(entry('a', 'file:///a', { result: OK })), 'ok 200 · 84 ms');
  });
});

describe('tree row labels', () => {
  it('drop the scheme and credentials (the tooltip has the redacted URL), and the host under a host group', () => {
    const e = (url: string) => entry('x', 'file:///a', { url });
    assert.equal(entryLabel(e('https://tls-reset.lab.test:35121/'), 'file'), 'tls-reset.lab.test:35121');
    assert.equal(entryLabel(e('https://alice:***@api.test:8443/v1/items?q=1'), 'file'), 'api.test:8443/v1/items?q=1');
    assert.equal(entryLabel(e('https://alice:***@api.test:8443/v1/items?q=1'), 'status'), 'api.test:8443/v1/items?q=1');
    assert.equal(entryLabel(e('https://api.test:8443/v1/items?q=1'), 'host'), '/v1/items?q=1');
    assert.equal(entryLabel(e('https://api.test/'), 'host'), '/');
    assert.equal(entryLabel(e('postgres://app:***@db.internal:5432/main'), 'file'), 'db.internal:5432/main');
    assert.equal(entryLabel(e('mailto:x@y.test'), 'file'), 'mailto:x@y.test');
  });
});

describe('tree grouping', () => {
  const entries = [
    entry('1', 'file:///w/b.md', { result: OK, host: 'ok.test' }),
    entry('2', 'file:///w/a.md', { result: OK, host: 'ok.test', range: range(5) }),
    entry('3', 'file:///w/a.md', { result: RESET, host: 'bad.test', range: range(2) }),
    entry('4', 'file:///w/c.md', { state: 'found', host: 'never.test' }),
    entry('5', ADHOC_URI, { result: OK, host: 'typed.test', url: 'https://typed.test/' }),
  ];
  const rel = (u: string) => u.replace('file:///w/', '');

  it('by file: hand-probed first, then files with failures, entries in document order; unprobed URLs not listed', () => {
    const g = groupEntries(entries, 'file', rel);
    assert.deepEqual(g.map((x) => x.label), ['Probed by hand', 'a.md', 'b.md']);
    assert.deepEqual(g[1].entries.map((e) => e.id), ['3', '2']);
  });

  it('by host and by status', () => {
    assert.deepEqual(groupEntries(entries, 'host', rel).map((x) => `${x.label}=${x.entries.length}`), ['bad.test:443=1', 'ok.test:443=2', 'typed.test:443=1']);
    assert.deepEqual(groupEntries(entries, 'status', rel).map((x) => `${x.label}=${x.entries.length}`), ['Failing=1', 'OK=3']);
  });
});

describe('one target, counted and listed once', () => {
  // Typed into "Probe URL…" and written in services.md (and in notes.md): the same URL, failing.
  const url = 'https://bad.test:8443/';
  const entries = [
    entry('typed', ADHOC_URI, { url, host: 'bad.test', port: 8443, result: RESET }),
    entry('svc', 'file:///w/services.md', { url, host: 'bad.test', port: 8443, result: RESET, range: range(4) }),
    entry('notes', 'file:///w/notes.md', { url, host: 'bad.test', port: 8443, result: RESET }),
    entry('ok', 'file:///w/services.md', { url: 'https://ok.test/', host: 'ok.test', result: OK, range: range(2) }),
    entry('typed-only', ADHOC_URI, { url: 'https://elsewhere.test/', host: 'elsewhere.test', result: RESET }),
  ];
  const rel = (u: string) => u.replace('file:///w/', '');

  it('the tree lists a typed URL under the files where it is written, not again under "Probed by hand"', () => {
    const g = groupEntries(entries, 'file', rel);
    assert.deepEqual(g.map((x) => `${x.label}=${x.entries.map((e) => e.id).join(',')}`), ['Probed by hand=typed-only', 'notes.md=notes', 'services.md=ok,svc']);
  });

  it('a typed URL found in no probed file stays under "Probed by hand" until a file has a result for it', () => {
    const unprobedFile = [entries[0], entry('svc', 'file:///w/services.md', { url, state: 'found' })];
    assert.deepEqual(groupEntries(unprobedFile, 'file', rel).map((x) => x.label), ['Probed by hand']);
  });

  it('the status bar counts distinct failing URLs, and says in how many places they are', () => {
    const { counts, places } = targetHealth(entries);
    assert.deepEqual(counts, { ok: 1, failed: 2, probing: 0, unprobed: 0 });
    assert.equal(places, 4);
  });
});

describe('redaction of free text (logs)', () => {
  it('hides passwords in every URL of a message, including one with @ in the password', () => {
    const out = redactText('GET mongodb://admin:p@ss@db:27017/x failed; retry https://u:pw@h/ ok');
    assert.ok(!out.includes('p@ss') && !out.includes(':pw@'), out);
    assert.ok(out.includes('mongodb://admin:***@db:27017/x'), out);
  });
});

describe('the editor menu guess before the server answers', () => {
  it('is on inside a URL and off beside it or inside a longer scheme', async () => {
    const { looksLikeUrlAt } = await import('../../src/extension/url-hint');
    const line = 'api: "https://x.test/a" and git+https://y.test/';
    assert.equal(looksLikeUrlAt(line, line.indexOf('x.test')), true);
    assert.equal(looksLikeUrlAt(line, 2), false);
    assert.equal(looksLikeUrlAt(line, line.indexOf('y.test')), false);
  });
});
