// The macOS and Windows readers, on the text their tools print (scutil --proxy, reg query). The GNOME
// reader runs against the real gsettings in test/integration/real-environment.test.ts.
import assert from 'node:assert/strict';
import { parseScutil, parseWindowsRegistry } from '../../src/probe/proxy/system';

describe('system proxy settings', () => {
  it('macOS scutil --proxy: HTTPS proxy, PAC and exceptions', () => {
    const text = `<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
    2 : corp.example
  }
  FTPPassive : 1
  HTTPEnable : 1
  HTTPPort : 8080
  HTTPProxy : proxy.corp.example
  HTTPSEnable : 1
  HTTPSPort : 8443
  HTTPSProxy : secure.corp.example
  ProxyAutoConfigEnable : 1
  ProxyAutoConfigURLString : http://wpad.corp.example/proxy.pac
  SOCKSEnable : 0
}`;
    assert.deepEqual(parseScutil(text), {
      from: 'macos',
      pac: 'http://wpad.corp.example/proxy.pac',
      http: 'http://proxy.corp.example:8080',
      https: 'http://secure.corp.example:8443',
      socks: undefined,
      bypass: ['*.local', '169.254/16', 'corp.example'],
    });
    assert.equal(parseScutil('<dictionary> {\n  HTTPEnable : 0\n}'), undefined);
  });

  it('Windows Internet Settings: one server for all, per-protocol servers, AutoConfigURL', () => {
    const one = `HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings
    ProxyEnable    REG_DWORD    0x1
    ProxyServer    REG_SZ    proxy.corp.example:8080
    ProxyOverride    REG_SZ    *.corp.example;<local>`;
    assert.deepEqual(parseWindowsRegistry(one), { from: 'windows', pac: undefined, bypass: ['*.corp.example'], http: 'http://proxy.corp.example:8080', https: 'http://proxy.corp.example:8080' });
    const per = `    ProxyEnable    REG_DWORD    0x1
    ProxyServer    REG_SZ    http=h.example:80;https=s.example:443;socks=k.example:1080
    AutoConfigURL    REG_SZ    http://wpad.example/wpad.dat`;
    const r = parseWindowsRegistry(per);
    assert.equal(r?.https, 'http://s.example:443');
    assert.equal(r?.socks, 'socks4://k.example:1080');
    assert.equal(r?.pac, 'http://wpad.example/wpad.dat');
    assert.equal(parseWindowsRegistry('    ProxyEnable    REG_DWORD    0x0\n    ProxyServer    REG_SZ    p:1'), undefined);
  });
});
