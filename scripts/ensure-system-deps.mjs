// Installs the Debian packages the test run needs (real servers, ripgrep, Chromium) when they are missing.
// Only as root on Debian; otherwise it says which suites will skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  ['nginx', 'nginx-light'], ['haproxy', 'haproxy'], ['squid', 'squid'], ['sshd', 'openssh-server'],
  ['redis-server', 'redis-server'], ['rg', 'ripgrep'], ['curl', 'curl'], ['openssl', 'openssl'],
  ['chromium', 'chromium'], ['ip', 'iproute2'], ['prometheus', 'prometheus'], ['iptables', 'iptables'],
];
const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/bin', '/usr/local/sbin'];

const found = (bin) => SBIN.some((d) => existsSync(`${d}/${bin}`));
const missing = NEEDS.filter(([bin]) => !found(bin)).map(([, pkg]) => pkg);
// code-server's kerberos addon builds from source against these headers.
if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');

if (missing.length === 0) process.exit(0);
const isRoot = process.getuid?.() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.warn(`ensure-system-deps: missing ${missing.join(', ')}; not root on Debian, so the suites that need them will skip.`);
  process.exit(0);
}
console.log(`ensure-system-deps: apt-get install ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
