import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adversarial, bundle } from '../support/extract-inputs';
import { extractUrls } from '../../src/discover/extract';
import { extractUrlsFromBytes } from '../../src/discover/extract-bytes';

// The scan reads files as bytes and decodes only windows around each "://": whatever the windows' size,
// it must report exactly what extractUrls reports on the decoded text (url-rules.md R2–R9), positions included.
const sameAsText = (text: string, window?: number): void => {
  const expected = extractUrls(Buffer.from(text).toString('utf8'));
  assert.deepEqual(extractUrlsFromBytes(Buffer.from(text), window), expected);
  // Handed out a window at a time (how the JSON scan keeps a file of a million URLs small): the same URLs, in order.
  const streamed: unknown[] = [];
  assert.deepEqual(extractUrlsFromBytes(Buffer.from(text), window, (urls) => streamed.push(...urls)), []);
  assert.deepEqual(streamed, expected);
};

/** Small windows, so candidates, placeholders and R9's look-back cross window ends all the time. */
const WINDOWS = [1, 16, 300, 333, 517, 4096, undefined];

describe('extractUrlsFromBytes: a file searched as bytes, decoded in windows', () => {
  const pieces = fc.constantFrom(
    'http://', 'https://a.b', 'postgres://u:p@h:5432/db', ',https://x.y', 'mongodb://a,b:1,c/', 'http://[::1]:80/', 'HTTP://Up.Case/',
    '${HOST}', '${A b}', '$X', '%(name)s', '%20', '%s', '{', '}', '(', ')', '[', ']', 'xmlns="', '"$schema": "', 'xsi:schemaLocation="',
    ' ', '\n', '\r\n', '"', "'", '.', '?', '#', '/', '@', ':', '8080', 'x'.repeat(300), ' '.repeat(40), 'abc+def://', '=',
  );
  const texts = fc.array(pieces, { maxLength: 200 }).map((p) => p.join(''));

  it('reports what extractUrls reports on the decoded text, for any window size', () => {
    fc.assert(fc.property(texts, fc.constantFrom(...WINDOWS), (text, window) => sameAsText(text, window)), { numRuns: 3000 });
  });

  it('a minified line and the adversarial lines, cut into many windows', () => {
    for (const make of [bundle, ...adversarial]) {
      const text = make(200_000);
      for (const window of [512, 4096, undefined]) sameAsText(text, window);
    }
  });

  it('text that is not ASCII, has a BOM, or has a schemaLocation spanning lines is decoded whole, with the same answer', () => {
    sameAsText('\ufeffhttp://a.example/ and ünïcode http://b.example/😀 http://c.example/\n');
    sameAsText('<x xsi:schemaLocation="http://ns.example/a\n  http://ns.example/a.xsd"/>\nhttp://d.example/\n');
    sameAsText('bad utf-8 \xff http://e.example/'.replace(/./g, (c) => c), 64);
    assert.deepEqual(extractUrlsFromBytes(Buffer.from([0x68, 0xff, 0x20, ...Buffer.from('http://f.example/')])), extractUrls('h\ufffd http://f.example/'));
  });

  it('hands out a file of many URLs in many small pieces', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `https://h${i % 50}.example/p/${i}`).join('\n');
    const sizes: number[] = [];
    extractUrlsFromBytes(Buffer.from(text), undefined, (urls) => sizes.push(urls.length));
    assert.equal(sizes.reduce((a, b) => a + b, 0), 20_000);
    assert.ok(sizes.length >= 8 && Math.max(...sizes) < 5000, `pieces of ${sizes.slice(0, 5).join(', ')}…`);
  });

  it('lines and columns count from the file, not from the window', () => {
    const text = `${'filler line\n'.repeat(5000)}${'x'.repeat(100_000)} http://far.example/path\nhttp://next.example/\n`;
    const found = extractUrlsFromBytes(Buffer.from(text));
    assert.deepEqual(found.map((u) => [u.url, u.line, u.column, u.offset]), [
      ['http://far.example/path', 5001, 100_002, 60_000 + 100_001],
      ['http://next.example/', 5002, 1, text.indexOf('http://next')],
    ]);
  });
});
