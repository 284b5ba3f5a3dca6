// What any LSP client shows as it is: Markdown escaped only where it would start Markdown, lines within 120
// columns; and the settings section read the way editors send it.
import assert from 'node:assert/strict';
import { settingsFromConfig } from '../../src/protocol-config';
import { mdEscape, wrap } from '../../src/server/markdown';

describe('server Markdown for terminal editors', () => {
  it('leaves addresses, codes and parentheses as typed; escapes what would start Markdown', () => {
    assert.equal(mdEscape('connect to 127.0.0.1:8443 failed (ECONNRESET) - retry!'), 'connect to 127.0.0.1:8443 failed (ECONNRESET) - retry!');
    assert.equal(mdEscape('a *b* [c](d) <e> `f` x|y ~~z~~ snake_case _em_'), 'a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\` x\\|y \\~\\~z\\~\\~ snake_case \\_em\\_');
    assert.equal(mdEscape('# not a heading'), '\\# not a heading');
    assert.equal(mdEscape('1. not a list'), '\\1. not a list');
    assert.equal(mdEscape('- not a list'), '\\- not a list');
    assert.equal(mdEscape('AT&amp;T'), 'AT\\&amp;T');
  });

  it('wraps at spaces within 120 columns; a single long word stays whole', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    assert.ok(wrap(long).split('\n').every((l) => l.length <= 120));
    assert.equal(wrap(long).replace(/\n/g, ' '), long);
    const url = `https://example.com/${'a'.repeat(200)}`;
    assert.equal(wrap(url), url);
  });
});

describe('settings from a client', () => {
  it('VS Code keys, nested or dotted, wrapped in connectionDoctor or not; unknown and wrong-typed keys ignored', () => {
    const want = { timeoutMs: 5000, severities: ['error'], resolve: { 'a.test:443': ['127.0.0.1', '::1'] } };
    assert.deepEqual(settingsFromConfig({ connectionDoctor: { timeout: 5000, problems: { severities: ['error', 'bogus'] }, resolve: { 'a.test:443': '127.0.0.1, ::1' } } }), want);
    assert.deepEqual(settingsFromConfig({ timeout: 5000, 'problems.severities': ['error'], resolve: { 'a.test:443': ['127.0.0.1', '::1'] } }), want);
    assert.deepEqual(settingsFromConfig({ timeout: 'soon', probeOnOpen: 'yes', colour: 'red', perHost: 0 }), { perHost: 1 });
    assert.deepEqual(settingsFromConfig(null), {});
  });
});
