// PAC files run in QuickJS (WebAssembly): the answer maps to a proxy URL, and a hostile PAC can neither
// reach Node nor hang the probe.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstProxy, pacFindProxy } from '../../src/probe/proxy/pac';

let dir: string | undefined;

function pacFile(name: string, body: string): string {
  dir ??= mkdtempSync(path.join(os.tmpdir(), 'conndoc-pac-'));
  const file = path.join(dir, `${name}.pac`);
  writeFileSync(file, body);
  return file;
}

describe('PAC evaluation', function () {
  this.timeout(20_000);
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('maps each PAC answer kind to a proxy URL', () => {
    assert.equal(firstProxy('PROXY p.test:3128; DIRECT'), 'http://p.test:3128');
    assert.equal(firstProxy('HTTPS p.test:443'), 'https://p.test:443');
    assert.equal(firstProxy('SOCKS5 s.test:1080'), 'socks5://s.test:1080');
    assert.equal(firstProxy('SOCKS s.test:1080'), 'socks5://s.test:1080');
    assert.equal(firstProxy('SOCKS4 s.test:1080'), 'socks4://s.test:1080');
    assert.equal(firstProxy('DIRECT'), undefined);
    assert.equal(firstProxy('  bogus; PROXY p.test:8080 '), 'http://p.test:8080');
  });

  it('runs the PAC functions (shExpMatch, dnsDomainIs, isPlainHostName, isInNet)', async () => {
    const file = pacFile('functions', `function FindProxyForURL(url, host) {
      if (isPlainHostName(host)) return "DIRECT";
      if (isInNet(host, "127.0.0.0", "255.0.0.0")) return "PROXY loop.test:1";
      if (dnsDomainIs(host, ".corp.test") && shExpMatch(url, "https://*")) return "PROXY corp.test:8080; DIRECT";
      return "SOCKS5 s.test:1080";
    }`);
    assert.deepEqual(await pacFindProxy(file, 'https://a.corp.test/x'), { value: 'PROXY corp.test:8080; DIRECT', proxy: 'http://corp.test:8080' });
    assert.equal((await pacFindProxy(file, 'http://intranet/')).proxy, undefined);
    assert.equal((await pacFindProxy(file, 'http://127.0.0.1:9/')).proxy, 'http://loop.test:1');
    assert.equal((await pacFindProxy(file, 'https://elsewhere.example/')).proxy, 'socks5://s.test:1080');
  });

  it('a PAC sees no Node: require, process and globalThis.process are not there', async () => {
    const file = pacFile('escape', `function FindProxyForURL(url, host) {
      return [typeof require, typeof process, typeof globalThis.process, typeof Buffer].join(",");
    }`);
    assert.equal((await pacFindProxy(file, 'https://x.test/')).value, 'undefined,undefined,undefined,undefined');
  });

  it('a PAC that loops forever is interrupted and reported, and the process goes on', async () => {
    const file = pacFile('loop', 'function FindProxyForURL(url, host) { while (true) {} }');
    await assert.rejects(pacFindProxy(file, 'https://x.test/'), /PAC FindProxyForURL failed: .*interrupted/);
  });

  it('a file without FindProxyForURL is refused with one line', async () => {
    const file = pacFile('empty', 'var x = 1;');
    await assert.rejects(pacFindProxy(file, 'https://x.test/'), /defines no FindProxyForURL/);
  });
});
