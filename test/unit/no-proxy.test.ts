// NO_PROXY read as curl documents it (CURLOPT_NOPROXY), row by row; then the additions (ports, "*.").
import assert from 'node:assert/strict';
import { noProxyMatch } from '../../src/probe/proxy/no-proxy';
import { envProxy } from '../../src/probe/proxy/resolve';

// [NO_PROXY, host, port, bypassed?] — the first rows are the examples of curl's CURLOPT_NOPROXY page.
const CURL_TABLE: [string, string, number, boolean][] = [
  ['ample.com', 'ample.com', 443, true],
  ['ample.com', 'ample.com', 80, true], // "ample.com:80" in curl's words: the URL's port does not matter
  ['ample.com', 'www.ample.com', 443, true],
  ['ample.com', 'www.example.com', 443, false],
  ['ample.com', 'ample.com.org', 443, false],
  ['*', 'anything.example', 443, true],
  ['', 'ample.com', 443, false], // "" enables the proxy for every host
  ['example.com,::1,localhost', '::1', 443, true], // IPv6 without brackets
  ['example.com,::1,localhost', 'localhost', 8080, true],
  ['example.com,::1,localhost', '127.0.0.1', 443, false],
  ['192.168.0.0/16', '192.168.4.2', 443, true], // CIDR since 7.86.0
  ['192.168.0.0/16', '192.169.0.1', 443, false],
  ['.example.com', 'www.example.com', 443, true], // leading dot: a domain match…
  ['.example.com', 'example.com', 443, true], // …that covers the name itself
  ['example.com', 'notexample.com', 443, false],
  ['EXAMPLE.com', 'www.Example.COM', 443, true],
  ['example.com.', 'example.com', 443, true], // trailing dots ignored
  [' example.com , other.test ', 'x.other.test', 443, true],
  ['fd00::/8', 'fd12::1', 443, true],
  ['fd00::/8', 'fe80::1', 443, false],
  ['10.0.0.0/8', 'ten.example', 443, false], // CIDR entries match addresses only
  // Beyond curl: host:port (undici, Go), "*." prefix (common in the wild), bracketed IPv6.
  ['example.com:8443', 'example.com', 8443, true],
  ['example.com:8443', 'example.com', 443, false],
  ['*.example.com', 'api.example.com', 443, true],
  ['[::1]:8080', '::1', 8080, true],
  ['[::1]:8080', '::1', 9090, false],
];

describe('NO_PROXY with curl\'s semantics', () => {
  for (const [list, host, port, want] of CURL_TABLE) {
    it(`NO_PROXY='${list}' ${want ? 'bypasses' : 'keeps the proxy for'} ${host}:${port}`, () => {
      assert.equal(noProxyMatch(host, port, list) !== undefined, want);
    });
  }

  it('the environment\'s answer names the variable and the entry', () => {
    const env = { https_proxy: 'http://u:secret@proxy.test:3128', HTTP_PROXY: 'http://plain.test:80', ALL_PROXY: 'socks5h://s.test:1080', no_proxy: 'internal.test' };
    assert.deepEqual(envProxy('https://api.example/', env), { proxy: 'http://u:secret@proxy.test:3128', source: 'env', why: 'https_proxy=http://u:***@proxy.test:3128' });
    assert.equal(envProxy('http://api.example/', env)?.proxy, 'http://plain.test:80');
    assert.equal(envProxy('wss://api.example/', { ALL_PROXY: 'socks5h://s.test:1080' })?.proxy, 'socks5h://s.test:1080');
    assert.deepEqual(envProxy('https://a.internal.test/', env), { source: 'env', why: "https_proxy is set, but no_proxy entry 'internal.test' covers a.internal.test" });
    assert.equal(envProxy('https://api.example/', {}), undefined);
  });
});
