// Packet evidence (--capture, --trace) in a routed topology of namespaces: client — r1 — fw — r2 — server.
// The firewall forges a RST for one SNI, an ICMP error for another and a RST for one port (iptables REJECT);
// the server resets one port itself. Debian's tcpdump and traceroute run inside the client namespace with the engine.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Result } from '../../src/vocabulary/types';
import { ADDR, Topology, whyNoTopology } from '../support/netns-topology';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SERVER_TTL_AT_CLIENT = 61; // 64 − r2 − fw − r1
const FW_TTL_AT_CLIENT = 63; // 64 − r1

describe('packet evidence in a routed namespace topology (--capture, --trace)', function () {
  this.timeout(180_000);
  const topo = new Topology();
  let dir = '';
  let ca = '';

  function probe(url: string, extra: string[] = []): { results: Result[] } {
    const host = new URL(url).hostname;
    const port = new URL(url).port || '443';
    const out = topo.exec('client', ['node', CLI, 'probe', '--json', '--capture', '--timeout', '2500', '--ca', ca, '--resolve', `${host}:${port}:${ADDR.server}`, ...extra, url], 120_000);
    return JSON.parse(out) as { results: Result[] };
  }
  function probeFailing(url: string, extra: string[] = []): Result {
    try {
      return probe(url, extra).results[0];
    } catch (e) {
      const stdout = (e as { stdout?: string }).stdout;
      if (!stdout) throw e;
      return (JSON.parse(stdout) as { results: Result[] }).results[0];
    }
  }

  before(function () {
    const why = whyNoTopology();
    if (why) {
      console.log(`    skipping packet evidence: ${why}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'cd-packets-'));
    ca = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=ok.test',
      '-addext', 'subjectAltName=DNS:ok.test,DNS:blocked.test,DNS:icmp.test,DNS:reset.test,DNS:port.test', '-keyout', path.join(dir, 'key.pem'), '-out', ca], { stdio: 'ignore', timeout: 20_000 });
    topo.create();
    // The server: a TLS server on 443; a socket that resets on the first bytes on 4444.
    // (Node's https server, not openssl s_server: s_server serves one connection at a time, and the connection the
    // firewall cut on the client's side stays open on the server's, so the differential probes would queue behind it.)
    const https = `require('https').createServer({cert:require('fs').readFileSync(${JSON.stringify(ca)}),key:require('fs').readFileSync(${JSON.stringify(path.join(dir, 'key.pem'))})},(q,s)=>s.end('ok')).listen(443)`;
    topo.start('server', ['node', '-e', https]);
    topo.start('server', ['node', '-e', "require('net').createServer((s)=>s.once('data',()=>s.resetAndDestroy())).listen(4444)"]);
    // The firewall: forged RST on the SNI blocked.test, forged ICMP on icmp.test, RST for every SYN to 8443.
    const fw = (rule: string[]): string => topo.exec('fw', ['iptables', '-A', 'FORWARD', '-p', 'tcp', ...rule]);
    fw(['--dport', '443', '-m', 'string', '--string', 'blocked.test', '--algo', 'bm', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    fw(['--dport', '443', '-m', 'string', '--string', 'icmp.test', '--algo', 'bm', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
    fw(['--dport', '8443', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
    // ICMP rejections (section 5 #7): an ACL on the path, and the server's own host firewall — firewalld's
    // icmp-host-prohibited, and iptables' default REJECT (icmp-port-unreachable).
    fw(['--dport', '8081', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited']);
    topo.exec('server', ['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '8082', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited']);
    topo.exec('server', ['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '8083', '-j', 'REJECT']);
    // Both servers listening before the first probe (bounded wait).
    for (let i = 0; i < 100; i++) {
      const ss = topo.exec('server', ['ss', '-ltnH']);
      if (/:443\b/.test(ss) && /:4444\b/.test(ss)) break;
      execFileSync('sleep', ['0.1']);
    }
  });

  after(() => {
    topo.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a reachable server: the SYN-ACK is 3 hops away, no finding', () => {
    const r = probe('https://ok.test/').results[0];
    assert.equal(r.id, 'ok');
    assert.equal(r.capture?.status, 'captured');
    assert.deepEqual(r.capture?.synAck, { ttl: SERVER_TTL_AT_CLIENT, hops: 3, src: ADDR.server });
    assert.ok(!r.findings.includes('reset-injected'));
  });

  it('a RST forged by the firewall for one SNI: reset-injected, RST 1 hop vs SYN-ACK 3 hops', () => {
    const r = probeFailing('https://blocked.test/');
    assert.equal(r.id, 'tls.reset');
    assert.ok(r.findings.includes('reset-injected'), r.findings.join(','));
    assert.deepEqual(r.capture?.synAck, { ttl: SERVER_TTL_AT_CLIENT, hops: 3, src: ADDR.server });
    // The forged RST carries the server's address: only its TTL gives it away.
    assert.deepEqual(r.capture?.ender, { flags: 'RST', ttl: FW_TTL_AT_CLIENT, hops: 1, src: ADDR.server });
    const ev = r.evidence?.find((e) => e.finding === 'reset-injected')?.detail ?? '';
    assert.match(ev, /TTL 63 .*1 hop.* SYN-ACK TTL 61 .*3 hops/);
    assert.match(ev, /your own network/);
    // The sender is on your side: the top culprit says so (the reset-injected rule, or sni-dependent's egress filter).
    assert.match(r.culprits?.[0].title ?? '', /own network's firewall|filter on your side/i);
    assert.ok(r.capture?.packets.some((p) => p.dir === 'out' && p.flags === 'SYN'));
    assert.ok(r.findings.includes('sni-dependent'), 'the differential probes without the SNI get through the firewall');
  });

  it('the human report of the forged RST shows the packet table and the finding', () => {
    let text = '';
    try {
      text = topo.exec('client', ['node', CLI, 'probe', '--capture', '--timeout', '2500', '--ca', ca, '--resolve', `blocked.test:443:${ADDR.server}`, 'https://blocked.test/'], 120_000);
    } catch (e) {
      text = (e as { stdout?: string }).stdout ?? '';
    }
    console.log(text.replace(/^/gm, '      '));
    assert.match(text, /reset-injected/);
    assert.match(text, /SYN-ACK\s+TTL 61 \(~3 hops\)/);
    assert.match(text, /RST\s+TTL 63 \(~1 hop\)/);
  });

  it('an ICMP error forged by the firewall for one SNI: reset-injected, ICMP 1 hop vs SYN-ACK 3 hops', () => {
    const r = probeFailing('https://icmp.test/', ['--no-differential']);
    assert.equal(r.id, 'tls.timeout', 'an ICMP error on an established connection is a soft error: TCP retransmits until the timeout');
    assert.ok(r.findings.includes('reset-injected'), r.findings.join(','));
    assert.deepEqual(r.capture?.synAck, { ttl: SERVER_TTL_AT_CLIENT, hops: 3, src: ADDR.server });
    assert.deepEqual(r.capture?.ender, { flags: 'ICMP 3/13', ttl: FW_TTL_AT_CLIENT, hops: 1, src: ADDR.fw });
  });

  it('a RST the server sends itself: same distance as the SYN-ACK, no reset-injected', () => {
    const r = probeFailing('https://reset.test:4444/', ['--no-differential']);
    assert.equal(r.id, 'tls.reset');
    assert.deepEqual(r.capture?.synAck, { ttl: SERVER_TTL_AT_CLIENT, hops: 3, src: ADDR.server });
    assert.equal(r.capture?.ender?.hops, 3);
    assert.ok(!r.findings.includes('reset-injected'), r.findings.join(','));
  });

  it('a RST forged for a port answers the SYN: its distance is recorded, no SYN-ACK to compare, no finding', () => {
    const r = probeFailing('https://port.test:8443/', ['--no-differential']);
    assert.equal(r.id, 'tcp.refused');
    assert.equal(r.capture?.synAck, undefined);
    assert.deepEqual(r.capture?.ender, { flags: 'RST-ACK', ttl: FW_TTL_AT_CLIENT, hops: 1, src: ADDR.server });
    assert.ok(!r.findings.includes('reset-injected'));
  });

  it('icmp-host-prohibited from the server itself (firewalld): tcp.unreachable, its host firewall first — not a missing route', () => {
    const r = probeFailing('http://hostfw.test:8082/', ['--no-differential']);
    assert.equal(r.id, 'tcp.unreachable');
    assert.equal(r.capture?.ender?.flags, 'ICMP 3/10');
    assert.equal(r.capture?.ender?.src, ADDR.server);
    assert.match(r.culprits?.[0].title ?? '', /^Host firewall on the server rejecting with icmp-host-prohibited/, JSON.stringify(r.culprits));
    assert.ok(r.remediation.some((s) => /firewall-cmd --list-all/.test(s)), r.remediation.join('\n'));
  });

  it('icmp-host-prohibited from the firewall on the way: tcp.unreachable, the ACL on the path first, named by its address', () => {
    const r = probeFailing('http://acl.test:8081/', ['--no-differential']);
    assert.equal(r.id, 'tcp.unreachable');
    assert.deepEqual(r.capture?.ender, { flags: 'ICMP 3/10', ttl: FW_TTL_AT_CLIENT, hops: 1, src: ADDR.fw });
    assert.match(r.culprits?.[0].title ?? '', /^Router ACL answering with ICMP/, JSON.stringify(r.culprits));
    assert.match(r.culprits?.[0].why ?? '', new RegExp(`came from ${ADDR.fw.replace(/\./g, '\\.')}, not from the server`));
  });

  it('iptables\' default REJECT on the server (ICMP port-unreachable): tcp.refused, a REJECT rule first, not a closed port', () => {
    const r = probeFailing('http://reject.test:8083/', ['--no-differential']);
    assert.equal(r.id, 'tcp.refused');
    assert.equal(r.capture?.ender?.flags, 'ICMP 3/3');
    assert.match(r.culprits?.[0].title ?? '', /^Firewall REJECT rule answering with ICMP port-unreachable/, JSON.stringify(r.culprits));
  });

  it('--trace names the hop at the forged RST\'s distance: the firewall', () => {
    const r = probeFailing('https://blocked.test/', ['--trace', '--no-differential']);
    assert.equal(r.trace?.status, 'traced', r.trace?.note);
    assert.equal(r.trace?.senderHop, 2);
    assert.deepEqual(r.trace?.hops.slice(0, 4).map((h) => h.address), [ADDR.r1, ADDR.fw, ADDR.r2, ADDR.server]);
    assert.match(r.trace?.note ?? '', /SYN-flood/);
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during a captured probe leaves no tcpdump running`, async () => {
      topo.exec('fw', ['iptables', '-I', 'FORWARD', '-p', 'tcp', '--dport', '9999', '-j', 'DROP']);
      const child = spawn('ip', ['netns', 'exec', topo.ns('client'), 'node', CLI, 'probe', '--capture', '--timeout', '60000', '--resolve', `drop.test:9999:${ADDR.server}`, 'http://drop.test:9999/'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Wait (bounded) until tcpdump runs inside the client namespace, then signal the engine only.
      let seen = false;
      for (let i = 0; i < 100 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = /tcpdump/.test(psIn(topo.ns('client')));
      }
      assert.ok(seen, 'tcpdump was started');
      child.kill(sig);
      const code = await exited;
      assert.equal(code, 130);
      assert.doesNotMatch(psIn(topo.ns('client')), /tcpdump|timeout/);
      topo.exec('fw', ['iptables', '-D', 'FORWARD', '-p', 'tcp', '--dport', '9999', '-j', 'DROP']);
    });
  }
});

/** Command names of the processes in one namespace. */
function psIn(ns: string): string {
  const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5_000 }).split('\n').filter(Boolean);
  return pids.map((pid) => {
    try {
      return execFileSync('cat', [`/proc/${pid}/comm`], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  }).join(' ');
}

describe('packet evidence on loopback (IPv4 and IPv6)', function () {
  this.timeout(60_000);
  before(function () {
    const why = whyNoTopology();
    if (why) {
      console.log(`    skipping loopback capture: ${why}`);
      this.skip();
    }
  });

  for (const host of ['127.0.0.1', '::1']) {
    it(`${host}: a server that resets on the first bytes; both packets 0 hops, no reset-injected`, async () => {
      const net = await import('node:net');
      const { probeUrl } = await import('../../src/probe/probe');
      const server = net.createServer((s) => s.once('data', () => s.resetAndDestroy()));
      await new Promise<void>((r) => server.listen(0, host, () => r()));
      try {
        const port = (server.address() as { port: number }).port;
        const r = await probeUrl(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`, { capture: true, differential: false, timeoutMs: 3000 });
        assert.equal(r.id, 'http.reset');
        assert.equal(r.capture?.status, 'captured', r.capture?.note);
        assert.deepEqual(r.capture?.synAck, { ttl: 64, hops: 0, src: host });
        assert.equal(r.capture?.ender?.hops, 0);
        assert.match(r.capture?.ender?.flags ?? '', /^RST/);
        assert.ok(!r.findings.includes('reset-injected'));
      } finally {
        server.close();
      }
    });
  }
});

describe('packet capture without permission', function () {
  this.timeout(60_000);
  it('says once how to permit it and probes on (run as nobody)', async function () {
    if (process.getuid?.() !== 0) {
      console.log('    skipping capture-permission test: needs root to drop to nobody');
      this.skip();
    }
    const net = await import('node:net');
    const server = net.createServer((s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      // Async: the server answering the probe runs in this process.
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const { stdout: out } = await promisify(execFile)('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', CLI, 'probe', '--capture', `http://127.0.0.1:${port}/a`, `http://127.0.0.1:${port}/b`], { encoding: 'utf8', timeout: 30_000 });
      assert.match(out, /2 probed, 2 ok/);
      assert.equal(out.match(/CAP_NET_RAW/g)?.length, 1, out);
      assert.equal(out.match(/not captured \(not-permitted\)/g)?.length, 2);
    } finally {
      server.close();
    }
  });
});

describe('packet capture and cancellation in the engine', function () {
  this.timeout(60_000);
  it('aborting a captured probe stops its tcpdump', async function () {
    if (whyNoTopology()) {
      console.log('    skipping engine cancel test: needs root and tcpdump');
      this.skip();
    }
    const net = await import('node:net');
    const { probeUrl } = await import('../../src/probe/probe');
    const { runningCaptures } = await import('../../src/probe/capture');
    const sockets: import('node:net').Socket[] = [];
    const server = net.createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const ac = new AbortController();
      const port = (server.address() as { port: number }).port;
      const pending = probeUrl(`http://127.0.0.1:${port}/`, { capture: true, differential: false, timeoutMs: 30_000, signal: ac.signal });
      for (let i = 0; i < 100 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(runningCaptures(), 1, 'tcpdump runs while the probe waits');
      ac.abort();
      const r = await pending;
      assert.equal(r.ok, false);
      assert.equal(runningCaptures(), 0);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
