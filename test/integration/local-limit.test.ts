// Issue 18, defect 5: the client's own exhaustion (out of file descriptors, out of ephemeral ports) is
// tcp.local-limit, not a network failure, and the engine runs fewer probes at once when it sees it.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Result } from '../../src/vocabulary/types';
import { CLI, assertBuilt } from '../support/cli';

function ids(results: Result[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.id] = (out[r.id] ?? 0) + 1;
  return out;
}

describe('tcp.local-limit (issue 18: the client ran out of descriptors or ports)', function () {
  this.timeout(120_000);
  let server: http.Server;
  let port: number;
  before(async () => {
    assertBuilt();
    server = http.createServer((_req, res) => void setTimeout(() => res.end('ok'), 20));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('out of file descriptors (prlimit --nofile=30): EMFILE is tcp.local-limit, and lowering concurrency lets most probes through', async function () {
    if (spawnSync('prlimit', ['--version']).status !== 0) {
      console.log('    (skipped: prlimit (util-linux) is missing)');
      this.skip();
    }
    const urls = Array.from({ length: 200 }, (_, i) => `http://127.0.0.1:${port}/${i}`);
    // Asynchronously: the server answering these probes lives in this process.
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = execFile('prlimit', ['--nofile=30:30', process.execPath, CLI, 'probe', '--json', '--no-differential', '--proxy', '', '--concurrency', '64', '--per-host', '64', ...urls], {
        encoding: 'utf8', timeout: 90_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
      }, (_e, stdout) => resolve({ status: child.exitCode, stdout }));
    });
    const { results } = JSON.parse(r.stdout) as { results: Result[] };
    const count = ids(results);
    assert.equal(results.length, 200);
    assert.ok(count['tcp.local-limit'] > 0, JSON.stringify(count));
    assert.equal(count['tcp.unreachable'], undefined, `the client's limit called a network failure: ${JSON.stringify(count)}`);
    const limited = results.find((x) => x.id === 'tcp.local-limit')!;
    assert.equal(limited.phases.find((p) => p.phase === 'connect')?.errorCode, 'EMFILE');
    assert.ok(limited.remediation.some((s) => /ulimit -n/.test(s)), 'how to raise the limit');
    // At 64 at once under a 30-descriptor limit nearly every probe fails; halving on each local-limit lets
    // the rest through one by one (without it: about 11 of 200 ok).
    assert.ok((count.ok ?? 0) >= 100, `concurrency was not lowered: ${JSON.stringify(count)}`);
    assert.equal(r.status, 1);
  });

  it('out of ephemeral ports (a netns whose every local port is reserved): EADDRNOTAVAIL is tcp.local-limit', function () {
    if (process.getuid?.() !== 0 || spawnSync('unshare', ['--net', 'true']).status !== 0) {
      console.log('    (skipped: needs root for unshare --net)');
      this.skip();
    }
    const setup = 'ip link set lo up && sysctl -qw net.ipv4.ip_local_port_range="40000 40001" && sysctl -qw net.ipv4.ip_local_reserved_ports=40000-40001';
    const r = spawnSync('unshare', ['--net', 'sh', '-c', `${setup} && exec "${process.execPath}" "${CLI}" probe --json --proxy '' --timeout 2000 http://127.0.0.1:8080/`], { encoding: 'utf8', timeout: 30_000 });
    const { results } = JSON.parse(r.stdout) as { results: Result[] };
    assert.equal(results[0].id, 'tcp.local-limit', results[0].error);
    assert.equal(results[0].phases.find((p) => p.phase === 'connect')?.errorCode, 'EADDRNOTAVAIL');
    assert.match(results[0].remediation.join(' '), /ip_local_port_range/);
  });
});
