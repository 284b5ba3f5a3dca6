import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adversarial, bundle } from '../support/extract-inputs';
import { extractUrls, extractUrlsInRange } from '../../src/discover/extract';

const urls = (text: string): string[] => extractUrls(text).map((u) => u.url);

/** [text, the urls reported]: each case is one `it`, named by its text. */
function table(title: string, cases: [string, string[]][]): void {
  describe(title, () => {
    for (const [text, want] of cases) {
      it(JSON.stringify(text).slice(0, 110), () => assert.deepEqual(urls(text), want));
    }
  });
}

describe('extractUrls (url-rules.md)', () => {
  table('R3 schemes', [
    ['http://a.example/', ['http://a.example/']],
    ['https://a.example', ['https://a.example']],
    ['ws://a.example:8080/socket', ['ws://a.example:8080/socket']],
    ['wss://a.example/socket', ['wss://a.example/socket']],
    ['postgres://db/app', ['postgres://db/app']],
    ['postgresql://db:5432/app', ['postgresql://db:5432/app']],
    ['mysql://root@db:3306/x', ['mysql://root@db:3306/x']],
    ['redis://cache:6379/0', ['redis://cache:6379/0']],
    ['rediss://cache:6380', ['rediss://cache:6380']],
    ['amqp://mq:5672/vhost', ['amqp://mq:5672/vhost']],
    ['amqps://mq:5671', ['amqps://mq:5671']],
    ['mongodb://db:27017/app', ['mongodb://db:27017/app']],
    ['mongodb+srv://cluster0.example.net/app', ['mongodb+srv://cluster0.example.net/app']],
    ['nats://nats:4222', ['nats://nats:4222']],
    ['HTTP://A.EXAMPLE/X', ['HTTP://A.EXAMPLE/X']],
    ['Https://a.example', ['Https://a.example']],
    ['MongoDB+SRV://c.example', ['MongoDB+SRV://c.example']],
    ['git+https://github.com/a/b.git', []],
    ['sparse+https://index.crates.io/', []],
    ['postgresql+asyncpg://u:p@db/app', []],
    ['xhttp://a.example', []],
    ['1http://a.example', []],
    ['Xhttps://a.example', []],
    ['jdbc:postgresql://db:5432/app', ['postgresql://db:5432/app']],
    ['jdbc:mysql://db:3306/app?useSSL=false', ['mysql://db:3306/app?useSSL=false']],
    ['jdbc:sqlserver://db:1433;databaseName=x', []],
    ['scm:git:https://github.com/a/b.git', ['https://github.com/a/b.git']],
    ['git::https://example.com/mod.git', ['https://example.com/mod.git']],
    ['url=https://a.example/x', ['https://a.example/x']],
    ['${API_URL:-http://localhost:3000}', ['http://localhost:3000']],
    ['_http://a.example', ['http://a.example']],
    ['-http://a.example', ['http://a.example']],
    ['.https://a.example', ['https://a.example']],
    ['@http://a.example', ['http://a.example']],
    ['ftp://a.example file:///etc/x ssh://git@h tcp://h:1 s3://b/k smtp://m:25 PLAINTEXT://k:9092 mailto:a@b.c', []],
    ['//cdn.example/x.js', []],
    ['bootstrap.servers=k1:9092,k2:9092', []],
    ['upstream app { server backend1:8080; }', []],
    ['server web1 10.0.0.1:80 check', []],
    ['http:/a.example http:a.example http//a.example', []],
    ['http:://a.example', []],
    ['https', []],
    ['://', []],
  ]);

  table('R4 where a URL ends', [
    ['see https://x.example/a.', ['https://x.example/a']],
    ['proxy_pass http://backend:8080;', ['http://backend:8080']],
    ['<https://x.example>', ['https://x.example']],
    ['[docs](https://x.example/a)', ['https://x.example/a']],
    ['[Fish](https://en.wikipedia.org/wiki/Fish_(disambiguation))', ['https://en.wikipedia.org/wiki/Fish_(disambiguation)']],
    ['(https://x.example/a).', ['https://x.example/a']],
    ['**https://x.example**', ['https://x.example']],
    ['https://x.example/cb?next=https://y.example/', ['https://x.example/cb?next=https://y.example/']],
    ['http://es01:9200,http://es02:9200', ['http://es01:9200', 'http://es02:9200']],
    ['http://es01:9200,HTTPS://es02:9200', ['http://es01:9200', 'HTTPS://es02:9200']],
    ['http://a.example/x,y', ['http://a.example/x,y']],
    ['http://a.example/x,git+https://b.example', ['http://a.example/x,git+https://b.example']],
    ['http://a.example/x,ftp://b.example', ['http://a.example/x,ftp://b.example']],
    ['http://a.example/x,', ['http://a.example/x']],
    ['https://a.example/-._~:/?#@!&*+=;,z', ['https://a.example/-._~:/?#@!&*+=;,z']],
    ['https://a.example/p%20q%2F', ['https://a.example/p%20q%2F']],
    ['https://a.example/100%', ['https://a.example/100']],
    ['https://a.example/100% off', ['https://a.example/100']],
    ['https://a.example/a%zz', ['https://a.example/a']], // "%z" is a printf placeholder: cut before it
    ['https://a.example/a%%', ['https://a.example/a']],
    ['https://a.example/a%2', ['https://a.example/a']],
    ['https://a.example/a$/b', ['https://a.example/a$/b']],
    ['https://a.example/a$', ['https://a.example/a$']],
    ['https://a.example/a$-b', ['https://a.example/a$-b']],
    ['https://a.example/(x)', ['https://a.example/(x)']],
    ['https://a.example/[x]', ['https://a.example/[x]']],
    ['https://a.example/x)', ['https://a.example/x']],
    ['https://a.example/x]', ['https://a.example/x']],
    ['https://a.example/(x]', ['https://a.example/(x']],
    ['https://a.example/([x])', ['https://a.example/([x])']],
    ['https://a.example/a_(b)_c)', ['https://a.example/a_(b)_c']],
    ['(see https://a.example/(x))', ['https://a.example/(x)']],
    ['https://bücher.example/Straße', ['https://bücher.example/Straße']],
    ['https://пример.испытание/путь', ['https://пример.испытание/путь']],
    ['https://例え.jp/パス', ['https://例え.jp/パス']],
    ['https://a.example/x²', ['https://a.example/x²']],
    ['https://a.example/é', ['https://a.example/é']],
    ['https://a.example/x—y', ['https://a.example/x']],
    ['https://a.example/x。', ['https://a.example/x']],
    ['https://a.example/x：y', ['https://a.example/x']],
    ['«https://a.example/x»', ['https://a.example/x']],
    ['https://a.example/x\u00a0y', ['https://a.example/x']],
    ['https://a.example/x😀y', ['https://a.example/x']],
    ['https://a.example/𝐀', ['https://a.example/𝐀']],
    ['"https://a.example/x"', ['https://a.example/x']],
    ["'https://a.example/x'", ['https://a.example/x']],
    ['`https://a.example/x`', ['https://a.example/x']],
    ['https://a.example/x\\n', ['https://a.example/x']],
    ['https://a.example/x^y', ['https://a.example/x']],
    ['https://a.example/x|y', ['https://a.example/x']],
    ['https://a.example/x}', ['https://a.example/x']],
    ['https://a.example/x y', ['https://a.example/x']],
    ['https://a.example/x\ty', ['https://a.example/x']],
    ['https://a.example/x\ry', ['https://a.example/x']],
    ['https://a.example/x\u0001y', ['https://a.example/x']],
    ['https://a.example/x\ny', ['https://a.example/x']],
    ['https://a.example/x.,:;!?*', ['https://a.example/x']],
    ['https://a.example/x?', ['https://a.example/x']],
    ['https://a.example/x!', ['https://a.example/x']],
    ['https://a.example/x:', ['https://a.example/x']],
    ['https://a.example/x=', ['https://a.example/x=']],
    ['https://a.example/x#', ['https://a.example/x#']],
    ['https://a.example/x/', ['https://a.example/x/']],
    ['https://a.example:', ['https://a.example']],
    ['https://a.example:8443.', ['https://a.example:8443']],
    ['https://a.example?', ['https://a.example']],
    ['https://a.example:?', ['https://a.example']],
    ['Visit https://a.example/docs, then https://b.example/!', ['https://a.example/docs', 'https://b.example/']],
    ['https://a.example/a&amp;b=1', ['https://a.example/a&amp;b=1']],
    ['href="https://a.example/?a=1&amp;b=2"', ['https://a.example/?a=1&amp;b=2']],
  ]);

  table('R5 host', [
    ['http://', []],
    ['https:///x', []],
    ['http://:8080', []],
    ['http://*:5000', []],
    ['http://+:80', []],
    ['http://localhost:port/', []],
    ['http://$HOST:8080/', []],
    ['https://<your-domain>/', []],
    ['http:// a.example', []],
    ['http://-/', []],
    ['http://.../x', []],
    ['http://_/x', []],
    ['http://~', []],
    ['http://a/', ['http://a/']],
    ['http://1/', ['http://1/']],
    ['http://a_b-c.d~e/', ['http://a_b-c.d~e/']],
    ['http://127.0.0.1:8080/x', ['http://127.0.0.1:8080/x']],
    ['http://[::1]/', ['http://[::1]/']],
    ['http://[::1]:8080/x', ['http://[::1]:8080/x']],
    ['http://[2001:db8::1]:443', ['http://[2001:db8::1]:443']],
    ['http://[::ffff:127.0.0.1]/', ['http://[::ffff:127.0.0.1]/']],
    ['http://[fe80::1%25eth0]:80/', ['http://[fe80::1%25eth0]:80/']],
    ['http://[not-an-ip]/', []],
    ['http://[::1/', []],
    ['http://[::1]x/', []],
    ['http://[::1]:/', []],
    ['http://a:/x', []],
    ['http://a:8080x/', []],
    ['http://a:80:90/', []],
    ['http://a:99999/', ['http://a:99999/']],
    ['http://a;b/', []],
    ['http://a&b/', []],
    ['http://a%2Eb/', []],
    ['http://a(b)/', []],
    ['mongodb://admin:p@ss@db:27017', ['mongodb://admin:***@db:27017']],
    ['mongodb://db1:27017,db2:27017,db3:27017/app?replicaSet=rs0', ['mongodb://db1:27017,db2:27017,db3:27017/app?replicaSet=rs0']],
    ['mongodb://u:p@db1,db2/app', ['mongodb://u:***@db1,db2/app']],
    ['mongodb://db1,,db2/app', []],
    ['mongodb://db1:27017,:27018/app', []],
    ['mongodb://db1,[::1]:27018/app', ['mongodb://db1,[::1]:27018/app']],
    ['http://user@', []],
    ['http://user@/x', []],
    ['http://@a.example/', ['http://@a.example/']],
  ]);

  table('R6 placeholders', [
    ['https://${DOMAIN}', []],
    ['https://api.${DOMAIN}/v1', []],
    ['http://{host}:{port}/', []],
    ['http://localhost:${PORT}/x', []],
    ['http://%s:%d/', []],
    ['"http://{{ .Release.Name }}-api:8080"', []],
    ['http://$HOST/x', []],
    ['http://$(HOST)/x', []],
    ['http://a.$1/x', []],
    ['http://{}/x', []],
    ['http://a:%(port)d/x', []],
    ['http://host{x}', []],
    ['http://host:8080{x}/', []],
    ['postgres://app:${PGPASSWORD}@db:5432/app', ['postgres://app:***@db:5432/app']],
    ['postgres://${PGUSER}:${PGPASSWORD}@db:5432/app', ['postgres://${PGUSER}:***@db:5432/app']],
    ['postgres://${CREDS}@db/app', ['postgres://${CREDS}@db/app']],
    ['postgres://${A:-x}@db/app', ['postgres://${A:-x}@db/app']],
    ['amqp://{user}:{pass}@mq:5672/', ['amqp://{user}:***@mq:5672/']],
    ['redis://:$REDIS_PASSWORD@cache:6379', ['redis://:***@cache:6379']],
    ['http://%s:%s@h/x', ['http://%s:***@h/x']],
    ['`https://api.example.com/orders/${id}/items`', ['https://api.example.com/orders/']],
    ['f"https://api.example.com/u/{uid}"', ['https://api.example.com/u/']],
    ['https://auth.example.com/start?rd=$escaped_request_uri', ['https://auth.example.com/start?rd=']],
    ['https://a.example/{{ .Values.path }}', ['https://a.example/']],
    ['https://a.example/x/{}', ['https://a.example/x/']],
    ['rewrite ^ https://a.example/{R:1} permanent;', ['https://a.example/']],
    ['$"https://a.example/{cfg["A:B"]}/x"', ['https://a.example/']],
    ['https://a.example/${{ secrets.X }}', ['https://a.example/']],
    ['https://a.example/$(PORT)/x', ['https://a.example/']],
    ['https://a.example/$request_uri', ['https://a.example/']],
    ['https://a.example/$1', ['https://a.example/']],
    ['https://a.example/x.$1', ['https://a.example/x']],
    ['https://a.example/%s', ['https://a.example/']],
    ['https://a.example/u/%d.', ['https://a.example/u/']],
    ['https://a.example/q?x=%(name)s', ['https://a.example/q?x=']],
    ['https://a.example/q?x=%-10.3f', ['https://a.example/q?x=']],
    ['https://a.example/q?x=%+d', ['https://a.example/q?x=']],
    ['https://a.example/q?x=%#x', ['https://a.example/q?x=']],
    ['https://a.example/q?x=%5d', ['https://a.example/q?x=%5d']], // "%5d" is an escape
    ['https://a.example/q?x=%5s', ['https://a.example/q?x=']],
    ['https://a.example/a.{b}', ['https://a.example/a']],
    ['https://a.example/a?{b}', ['https://a.example/a']],
    ['https://a.example?q={x}', ['https://a.example?q=']],
    ['https://a.example#{x}', ['https://a.example#']],
    ['https://a.example/{unclosed', ['https://a.example/']],
    ['https://a.example/x{unclosed/y', ['https://a.example/x']],
    ['https://a.example/x${unclosed', ['https://a.example/x']],
    ['https://a.example/x$(unclosed', ['https://a.example/x']],
    ['https://a.example/x{a\n}', ['https://a.example/x']],
    ['https://a.example/x}y', ['https://a.example/x']],
    ['https://a.example/{a{b}c}d', ['https://a.example/']],
    ['http://a.example{', ['http://a.example']],
    ['http://a.example${', ['http://a.example']],
    ['http://x/${Y:-http://a:1}', ['http://x/', 'http://a:1']],
    ['http://a/b$http://c', ['http://a/b', 'http://c']],
    ['http://{h}/?next=http://b.example/', ['http://b.example/']],
  ]);

  table('R7 redaction', [
    ['https://user:secret@host/', ['https://user:***@host/']],
    ['redis://:pw@cache:6379', ['redis://:***@cache:6379']],
    ['https://key@sentry.example/1', ['https://key@sentry.example/1']],
    ['https://user:@host/', ['https://user:***@host/']],
    ['https://u:a:b@host/', ['https://u:***@host/']],
    ['https://u:p%40ss@host/', ['https://u:***@host/']],
    ['https://u:p@host/x@y', ['https://u:***@host/x@y']],
    ['HTTPS://Ex.COM/%7Euser/a&amp;b', ['HTTPS://Ex.COM/%7Euser/a&amp;b']],
    ['https://xn--bcher-kva.example/', ['https://xn--bcher-kva.example/']],
  ]);

  table('R8 scanning order', [
    ['http://a.example/?redirect_uri=https://b.example/cb', ['http://a.example/?redirect_uri=https://b.example/cb']],
    ['${X:-http://a:1}', ['http://a:1']],
    ['http://$H/?u=http://b.example/', ['http://b.example/']],
    ['http://:80/http://b.example', ['http://b.example']],
    ['http://https://b.example', ['https://b.example']],
    ['http://a.example http://a.example', ['http://a.example', 'http://a.example']],
    ['http://a.example/x.https://b.example', ['http://a.example/x.https://b.example']],
  ]);

  table('R9 identifiers, not endpoints', [
    ['<svg xmlns="http://www.w3.org/2000/svg">', []],
    ["<x xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>", []],
    ['<x xmlns = "http://a.example/ns" xmlns:p = \'http://b.example/ns\'>', []],
    ['<xs:schema targetNamespace="http://a.example/ns">', []],
    ['<xs:import namespace="http://a.example/ns" schemaLocation="http://a.example/x.xsd"/>', ['http://a.example/x.xsd']],
    ['<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><a href="https://a.example/">', ['https://a.example/']],
    ['<a xsi:schemaLocation="http://ns1.example/ns http://ns1.example/ns.xsd http://ns2.example/ns http://ns2.example/ns.xsd"/>',
      ['http://ns1.example/ns.xsd', 'http://ns2.example/ns.xsd']],
    ['<a xsi:schemaLocation="\n   http://ns1.example/ns\n   http://ns1.example/ns.xsd\n   http://ns2.example/ns   http://ns2.example/ns.xsd">',
      ['http://ns1.example/ns.xsd', 'http://ns2.example/ns.xsd']],
    ["<a foo:schemaLocation = 'urn:x http://loc.example/x.xsd http://ns.example/y http://loc.example/y.xsd'>",
      ['http://loc.example/x.xsd', 'http://loc.example/y.xsd']],
    ['<a schemaLocation="http://ns.example/ns http://loc.example/x.xsd">', ['http://ns.example/ns', 'http://loc.example/x.xsd']],
    ['<a xsi:noNamespaceSchemaLocation="http://loc.example/x.xsd">', ['http://loc.example/x.xsd']],
    ['"$schema": "https://json.schemastore.org/package.json"', []],
    ['{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://a.example/s.json","$ref":"https://a.example/r.json"}',
      ['https://a.example/r.json']],
    ['$schema: https://json.schemastore.org/github-workflow.json', []],
    ["'$id': 'https://a.example/id'", []],
    ['# yaml-language-server: $schema=https://json.schemastore.org/x.json', []],
    ['"$schema" : "https://a.example/s"', []],
    ['"schema": "https://a.example/s"', ['https://a.example/s']],
    ['"my$schema": "https://a.example/s"', ['https://a.example/s']],
    ['<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
      ['http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd']],
    ['// SPDX-License-Identifier: Apache-2.0 https://www.apache.org/licenses/LICENSE-2.0', ['https://www.apache.org/licenses/LICENSE-2.0']],
    ['document.createElementNS("http://www.w3.org/2000/svg", "svg")', ['http://www.w3.org/2000/svg']],
    ['see http://localhost:3000 and https://example.com', ['http://localhost:3000', 'https://example.com']],
    ['data-namespace="http://a.example/ns"', ['http://a.example/ns']],
    ['xmlns="prefix http://a.example/ns"', ['http://a.example/ns']],
    ['<x xmlns:a="http://a.example/ns" href="http://a.example/ns">', ['http://a.example/ns']],
  ]);

  describe('R1/R2 positions', () => {
    const at = (text: string) => extractUrls(text).map((u) => [u.line, u.column, u.offset, u.length]);

    it('lines and columns are 1-based and point at the scheme', () => {
      assert.deepEqual(at('http://a.example\n  x https://b.example/'), [[1, 1, 0, 16], [2, 5, 21, 18]]);
    });
    it('a BOM is not part of the text', () => {
      assert.deepEqual(at('\ufeffhttp://a.example x'), [[1, 1, 1, 16]]);
      assert.deepEqual(at('\ufeff\nhttp://a.example'), [[2, 1, 2, 16]]);
    });
    it('CRLF line ends: \\r is neither in the URL nor counted on the next line', () => {
      assert.deepEqual(extractUrls('a\r\nb http://a.example\r\nhttp://b.example\r\n').map((u) => [u.url, u.line, u.column]),
        [['http://a.example', 2, 3], ['http://b.example', 3, 1]]);
    });
    it('a lone \\r ends a URL but not a line', () => {
      assert.deepEqual(extractUrls('http://a.example\rhttp://b.example').map((u) => [u.url, u.line, u.column]),
        [['http://a.example', 1, 1], ['http://b.example', 1, 18]]);
    });
    it('columns count code points: astral characters count once, tabs once', () => {
      assert.deepEqual(at('😀😀 http://a.example'), [[1, 4, 5, 16]]);
      assert.deepEqual(at('\t\thttp://a.example'), [[1, 3, 2, 16]]);
      assert.deepEqual(at('é😀x\n😀https://a.example/ü'), [[2, 2, 7, 19]]);
      assert.deepEqual(at('😀 http://a.example 😀 http://b.example'), [[1, 3, 3, 16], [1, 22, 23, 16]]);
    });
    it('the jdbc: prefix is not part of the URL', () => {
      assert.deepEqual(at('url=jdbc:postgresql://db:5432/app'), [[1, 10, 9, 24]]);
    });
    it('every occurrence is reported', () => {
      assert.deepEqual(at('http://a.example http://a.example\nhttp://a.example'), [[1, 1, 0, 16], [1, 18, 17, 16], [2, 1, 34, 16]]);
    });
    it('length is of the URL as written, before redaction', () => {
      const [u] = extractUrls('x https://user:secret@h.example/p y');
      assert.equal(u.url, 'https://user:***@h.example/p');
      assert.equal(u.length, 'https://user:secret@h.example/p'.length);
      assert.equal(u.offset, 2);
    });
  });

  describe('fields', () => {
    it('scheme is lower-case, host and port are parsed, probeUrl has no userinfo', () => {
      const [u] = extractUrls('HTTPS://admin:hunter2@API.Example.com:8443/v1?q=1#f');
      assert.equal(u.scheme, 'https');
      assert.equal(u.host, 'API.Example.com');
      assert.equal(u.port, 8443);
      assert.equal(u.url, 'HTTPS://admin:***@API.Example.com:8443/v1?q=1#f');
      assert.equal(u.probeUrl, 'HTTPS://API.Example.com:8443/v1?q=1#f');
      assert.equal(u.hosts, undefined);
    });
    it('no secret reaches probeUrl, even one without a colon', () => {
      const [u] = extractUrls('https://ghp_token123@github.example/x');
      assert.equal(u.url, 'https://ghp_token123@github.example/x');
      assert.equal(u.probeUrl, 'https://github.example/x');
    });
    it('replica sets list every host', () => {
      const [u] = extractUrls('mongodb://u:p@a.example:27017,b.example,[::1]:27019/db');
      assert.deepEqual(u.hosts, [{ host: 'a.example', port: 27017 }, { host: 'b.example' }, { host: '[::1]', port: 27019 }]);
      assert.equal(u.host, 'a.example');
      assert.equal(u.probeUrl, 'mongodb://a.example:27017,b.example,[::1]:27019/db');
    });
    it('IPv6 literals keep their brackets in host', () => {
      const [u] = extractUrls('ws://[::1]:9000/');
      assert.equal(u.host, '[::1]');
      assert.equal(u.port, 9000);
    });
  });

  describe('file types people keep endpoints in', () => {
    it('.env, YAML, TOML, INI, nginx, Dockerfile, shell, Markdown, HTML, source', () => {
      const text = [
        'DATABASE_URL=postgres://app:s3cret@db.internal:5432/app',
        'REDIS_URL="redis://cache:6379/0"',
        'api:',
        '  url: https://api.example.com/v2 # prod',
        '[server]',
        'endpoint = "http://127.0.0.1:8080/health"',
        'upstream backend { server 10.0.0.2:8080; }',
        'location / { proxy_pass http://backend; }',
        'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1',
        'curl -sS "https://get.example.sh/install?v=${VERSION}" | sh',
        'See [the docs](https://docs.example.com/guide#setup).',
        '<script src="https://cdn.example.com/lib.min.js"></script>',
        'const ws = new WebSocket(`wss://${host}/live`); fetch("https://api.example.com/orders/" + id);',
        "conn = psycopg.connect('postgresql://%s:%s@%s/db' % (u, p, h))",
      ].join('\n');
      assert.deepEqual(extractUrls(text).map((u) => [u.line, u.column, u.url]), [
        [1, 14, 'postgres://app:***@db.internal:5432/app'],
        [2, 12, 'redis://cache:6379/0'],
        [4, 8, 'https://api.example.com/v2'],
        [6, 13, 'http://127.0.0.1:8080/health'],
        [8, 25, 'http://backend'],
        [9, 25, 'http://localhost:8080/'],
        [10, 11, 'https://get.example.sh/install?v='],
        [11, 16, 'https://docs.example.com/guide#setup'],
        [12, 14, 'https://cdn.example.com/lib.min.js'],
        [13, 56, 'https://api.example.com/orders/'],
      ]);
    });
  });

  describe('extractUrlsInRange', () => {
    it('finds the URLs of the given lines with whole-text positions', () => {
      const text = 'http://a.example\nx http://b.example\n\thttp://c.example\nhttp://d.example';
      assert.deepEqual(extractUrlsInRange(text, 2, 3).map((u) => [u.url, u.line, u.column, u.offset]),
        [['http://b.example', 2, 3, 19], ['http://c.example', 3, 2, 37]]);
      assert.deepEqual(extractUrlsInRange(text, 4, 9).map((u) => u.line), [4]);
      assert.deepEqual(extractUrlsInRange(text, 7, 9), []);
    });
  });

  describe('robustness', () => {
    const pieces = fc.constantFrom(
      'http://', 'https://', 'HTTPS://', 'mongodb+srv://', 'jdbc:postgresql://', 'git+', 'x', ':', '//', '/', '?', '#', '@',
      ':pw@', 'a.example', '[::1]', '[', ']', '(', ')', '{', '}', '${', '$(', '$', '%', '%2F', '%s', '%(n)d', '{{ .V }}',
      ',', ',http://', '.', ';', '*', ' ', '\t', '\n', '\r\n', '\r', '"', "'", '`', '<', '>', '\\', 'é', '😀', '\ud800', '\udc00',
      '\ufeff', '—', 'xmlns="', 'x:schemaLocation="', '"$schema": "', '$id=', '8080', 'ü',
    );
    const texts = fc.oneof(
      fc.array(pieces, { maxLength: 60 }).map((p) => p.join('')),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.tuple(fc.string({ maxLength: 10 }), fc.array(pieces, { maxLength: 30 })).map(([s, p]) => s + p.join('')),
    );

    it('never throws and returns in-bounds positions consistent with the text', () => {
      fc.assert(fc.property(texts, (text) => {
        let prevEnd = 0;
        for (const u of extractUrls(text)) {
          assert.ok(u.offset >= prevEnd && u.length > 0 && u.offset + u.length <= text.length, 'in bounds, in order, no overlap');
          prevEnd = u.offset + u.length;
          const before = text.slice(0, u.offset).replace(/^\ufeff/, '');
          const lines = before.split('\n');
          assert.equal(u.line, lines.length);
          assert.equal(u.column, [...lines[lines.length - 1]].length + 1);
          const written = text.slice(u.offset, u.offset + u.length);
          assert.equal(written.slice(0, u.scheme.length).toLowerCase(), u.scheme);
          // Only a placeholder in the userinfo may hold such characters (R6).
          if (!/[{(]/.test(written)) assert.ok(!/[\s"'<>`\\^|}]/.test(written), 'no terminator inside');
          if (!written.includes('@')) assert.equal(u.url, written);
          assert.ok(!u.probeUrl.includes('@') || written.split('@').length > 2 || /[/?#]/.test(written), 'userinfo is dropped');
        }
      }), { numRuns: 3000 });
    });

    it('the password never survives in url or probeUrl', () => {
      fc.assert(fc.property(
        fc.constantFrom('http', 'postgres', 'redis', 'mongodb+srv'),
        fc.stringMatching(/^[a-z]{0,6}$/),
        fc.stringMatching(/^[A-Za-z0-9!*~-]{1,12}$/),
        fc.constantFrom('h.example', 'db:5432', '[::1]:1', 'a,b:2'),
        fc.constantFrom('', '/x', '?q=1', '#f'),
        (scheme, user, pw, host, rest) => {
          const found = extractUrls(`x=${scheme}://${user}:zz${pw}@${host}${rest}\n`);
          assert.equal(found.length, 1);
          assert.ok(!found[0].url.includes(`zz${pw}`) && !found[0].probeUrl.includes(`zz${pw}`));
          assert.equal(found[0].url, `${scheme}://${user}:***@${host}${rest}`);
        },
      ));
    });
  });

  describe('cost', () => {
    // Linear time is measured by `npm run bench` (4x the input → the time ratio, printed); here every adversarial
    // input only has to finish: a quadratic scan of these would run for hours and trip mocha's timeout.
    it('a 6 MB single-line bundle is scanned to the end', function () {
      this.timeout(60_000);
      const found = extractUrls(bundle(6 * 1024 * 1024));
      assert.ok(found.length > 100_000, `found ${found.length}`);
      assert.ok(found.every((u) => u.line === 1 && u.column >= 1));
    });

    it('adversarial lines of 2 MB finish, with positions in bounds', function () {
      this.timeout(120_000);
      for (const make of adversarial) {
        const text = make(2_000_000);
        for (const u of extractUrls(text)) assert.ok(u.offset >= 0 && u.offset + u.length <= text.length);
      }
    });
  });
});
