// NXDOMAIN vs NODATA against a real dnsmasq: through --dns-server (c-ares), and through the system resolver, which
// reports both as ENOTFOUND — there the probe asks the configured servers itself. The system-resolver case runs in
// a throwaway network + mount namespace whose /etc/resolv.conf (bind-mounted, that namespace only) names dnsmasq.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probeUrl } from '../../src/probe/probe';
import type { Result } from '../../src/vocabulary/types';
import { describeResult } from '../support/assert-result';
import { freePort, needBinaries, type RealServer, scratchDir, startDaemon, BINARIES } from '../support/real-servers';

const RECORDS = ['--local=/conndoc.test/', '--txt-record=nodata.conndoc.test,hello', '--host-record=ok.conndoc.test,127.0.0.1'];
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

describe('real dnsmasq: NXDOMAIN vs NODATA', function () {
  this.timeout(30_000);
  let dnsmasq: RealServer | undefined;
  let port = 0;

  before(async function () {
    needBinaries(this, 'real dnsmasq', 'dnsmasq');
    port = await freePort();
    const args = ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', ...RECORDS];
    if (process.getuid?.() === 0) args.push('--user=root');
    // dnsmasq serves UDP and TCP on the port: waiting for the TCP listener is waiting for it to be up.
    dnsmasq = await startDaemon('dnsmasq', scratchDir('dnsmasq'), BINARIES.dnsmasq.file, args, [port]);
  });
  after(async () => dnsmasq?.stop());

  it('--dns-server: a name with only a TXT record → dns.no-address; an unknown name → dns.not-found', async () => {
    const opts = { proxy: null, timeoutMs: 3000, dnsServer: `127.0.0.1:${port}` };
    const nodata = await probeUrl('http://nodata.conndoc.test/', opts);
    assert.equal(nodata.id, 'dns.no-address', describeResult(nodata));
    const nx = await probeUrl('http://nx.conndoc.test/', opts);
    assert.equal(nx.id, 'dns.not-found', describeResult(nx));
  });

  it('system resolver (getaddrinfo says ENOTFOUND for both; its servers asked directly): NODATA → dns.no-address, NXDOMAIN → dns.not-found, each answer in the note', async function () {
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/unshare')) {
      console.log('      skipping: needs root and unshare for a namespace with its own /etc/resolv.conf');
      return this.skip();
    }
    if (!existsSync(CLI)) {
      console.log('      skipping: dist/cli.js not built (npm run build)');
      return this.skip();
    }
    const dir = scratchDir('resolv');
    const resolv = path.join(dir, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    // A name only /etc/hosts knows (dnsmasq says NXDOMAIN for it): getaddrinfo's answer must stand.
    const hosts = path.join(dir, 'hosts');
    writeFileSync(hosts, '127.0.0.1 localhost\n127.0.0.1 hosts-only.conndoc.test\n');
    const script = [
      'ip link set lo up',
      `mount --bind ${resolv} /etc/resolv.conf`,
      `mount --bind ${hosts} /etc/hosts`,
      `${BINARIES.dnsmasq.file} --keep-in-foreground --port=53 --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts --user=root --pid-file=${dir}/dnsmasq.pid ${RECORDS.join(' ')} & sleep 0.5`,
      `"${process.execPath}" ${CLI} probe --json --timeout 3000 http://nodata.conndoc.test/ http://nx.conndoc.test/ http://hosts-only.conndoc.test:9/`,
      'kill $!',
      'exit 0',
    ].join('; ');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('unshare', ['--net', '--mount', 'sh', '-c', script], { timeout: 20_000, maxBuffer: 4 << 20 }, (err, out) => (out ? resolve(out) : reject(err ?? new Error('no output')))),
    );
    const [nodata, nx, hostsOnly] = (JSON.parse(stdout) as { results: Result[] }).results;
    assert.equal(nodata.id, 'dns.no-address', describeResult(nodata));
    // The evidence names the server and what it answered for each record type.
    assert.match(nodata.phases[0].note ?? '', /configured DNS \(127\.0\.0\.1\) answered A: NODATA, AAAA: NODATA — the name exists with no address/);
    assert.equal(nx.id, 'dns.not-found', describeResult(nx));
    assert.match(nx.phases[0].note ?? '', /configured DNS \(127\.0\.0\.1\) answered A: NXDOMAIN, AAAA: NXDOMAIN — the name does not exist/);
    // /etc/hosts answered: no direct question, no note, the connection was tried (nothing listens on port 9).
    assert.equal(hostsOnly.phases[0].status, 'ok', describeResult(hostsOnly));
    assert.deepEqual(hostsOnly.phases[0].addresses, [{ address: '127.0.0.1', family: 4 }]);
    assert.equal(hostsOnly.phases[0].note, undefined);
    assert.equal(hostsOnly.id, 'tcp.refused', describeResult(hostsOnly));
  });
});
