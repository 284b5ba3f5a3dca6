// Real daemons (nginx, haproxy, squid, sshd, redis) started on 127.0.0.1 for the integration tests:
// each in the foreground as a child of the test run, with its own config and a fresh temp dir, never the
// system service. Where real software defines the behaviour, the engine is checked against it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const STOP_GRACE_MS = 3000;
const START_TIMEOUT_MS = 10_000;
const OUTPUT_CAP = 64 * 1024;

/** Where each binary lives on Debian, and the package that installs it. */
export const BINARIES = {
  nginx: { file: '/usr/sbin/nginx', pkg: 'nginx-light' },
  haproxy: { file: '/usr/sbin/haproxy', pkg: 'haproxy' },
  squid: { file: '/usr/sbin/squid', pkg: 'squid' },
  sshd: { file: '/usr/sbin/sshd', pkg: 'openssh-server' },
  'ssh-keygen': { file: '/usr/bin/ssh-keygen', pkg: 'openssh-client' },
  'redis-server': { file: '/usr/bin/redis-server', pkg: 'redis-server' },
  openssl: { file: '/usr/bin/openssl', pkg: 'openssl' },
  curl: { file: '/usr/bin/curl', pkg: 'curl' },
  prometheus: { file: '/usr/bin/prometheus', pkg: 'prometheus' },
  ssh: { file: '/usr/bin/ssh', pkg: 'openssh-client' },
  iptables: { file: '/usr/sbin/iptables', pkg: 'iptables' },
  ip: { file: '/usr/bin/ip', pkg: 'iproute2' },
} as const;
export type Binary = keyof typeof BINARIES;

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Undefined when every binary is there (installing missing ones with apt-get when we are root on Debian),
 * else a one-line reason to skip the suite.
 */
export function missingBinaries(...names: Binary[]): string | undefined {
  let missing = names.filter((n) => !existsSync(BINARIES[n].file));
  if (missing.length === 0) return undefined;
  const pkgs = [...new Set(missing.map((n) => BINARIES[n].pkg))];
  if (isRoot() && existsSync('/etc/debian_version')) {
    process.stderr.write(`real-servers: installing ${pkgs.join(' ')} with apt-get\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 100_000 });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'ignore', env, timeout: 200_000 });
    missing = names.filter((n) => !existsSync(BINARIES[n].file));
    if (missing.length === 0) return undefined;
  }
  return `${missing.join(', ')} not installed (Debian: apt-get install ${pkgs.join(' ')})`;
}

/** In a mocha `before`: skips the suite with a one-line reason when a binary is missing and cannot be installed. */
export function needBinaries(ctx: Mocha.Context, suite: string, ...names: Binary[]): void {
  ctx.timeout(330_000); // apt-get may run first (update and install are bounded at 300 s together)
  const why = missingBinaries(...names);
  if (why) {
    console.log(`    skipping ${suite}: ${why}`);
    ctx.skip();
  }
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

const scratch = new Set<string>();

/** A fresh temp dir, removed by the daemon's stop() or the test's after hook, or at exit at the latest. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `conndoc-${prefix}-`));
  scratch.add(dir);
  return dir;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

const live = new Set<ChildProcess>();
const killAll = (): void => {
  for (const child of live) killGroup(child, 'SIGKILL');
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
};
// Last resort when the run ends without its after hooks. The daemons lead their own process groups, so a
// Ctrl-C on the terminal does not reach them: pass it on, then let the signal end us as it would have.
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAll();
    process.kill(process.pid, sig);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the daemon leads its own process group: workers go too
  } catch {
    /* already gone */
  }
}

/** One running daemon. `stop()` is SIGTERM, then SIGKILL after 3 s; it also removes its temp dir. */
export class RealServer {
  private out = '';
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    live.add(child);
    const keep = (b: Buffer): void => {
      if (this.out.length < OUTPUT_CAP) this.out += b.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => live.delete(child));
  }

  /** What the daemon printed (capped), for failure messages. */
  output(): string {
    return this.out;
  }

  async waitForPorts(ports: number[]): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (const port of ports) {
      while (!(await accepts(port))) {
        if (this.child.exitCode !== null || this.child.signalCode !== null)
          throw new Error(`${this.name} exited before listening on ${port}:\n${this.out.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`${this.name} not listening on ${port} after ${START_TIMEOUT_MS} ms:\n${this.out.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async stop(): Promise<void> {
    killGroup(this.child, 'SIGTERM');
    const grace = setTimeout(() => killGroup(this.child, 'SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
    killGroup(this.child, 'SIGKILL'); // stray members of the group (sshd session children, nginx workers)
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Spawns `file args` in its own process group and waits until every port accepts. */
export async function startDaemon(name: string, dir: string, file: string, args: string[], ports: number[]): Promise<RealServer> {
  const child = spawn(file, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('error', () => undefined); // surfaced by waitForPorts as an early exit
  const server = new RealServer(name, dir, child);
  try {
    await server.waitForPorts(ports);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/**
 * nginx with `httpBody` inside its http block (server blocks listening on 127.0.0.1:PORT), every path in
 * the temp dir. `dir` is made by the caller (scratchDir) so the config can name files in it.
 */
export async function startNginx(dir: string, httpBody: string, ports: number[]): Promise<RealServer> {
  const conf = path.join(dir, 'nginx.conf');
  for (const d of ['logs', 'tmp']) mkdirSync(path.join(dir, d), { recursive: true });
  chmodSync(dir, 0o755); // workers run as nobody when the master is root; they need to reach temp paths
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${httpBody}
}
`,
  );
  const args = ['-c', conf, '-p', `${dir}/`, '-e', `${dir}/logs/error.log`, '-g', 'daemon off;'];
  return startDaemon('nginx', dir, BINARIES.nginx.file, args, ports);
}

/** haproxy in the foreground (-db) with `body` after a global section that logs to stderr. */
export async function startHaproxy(dir: string, body: string, ports: number[]): Promise<RealServer> {
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(cfg, `global\n  log stderr format raw local0 info\n  pidfile ${dir}/haproxy.pid\n${body}\n`);
  return startDaemon('haproxy', dir, BINARIES.haproxy.file, ['-f', cfg, '-db'], ports);
}

/**
 * squid -N, one `http_port 127.0.0.1:PORT name=NAME` per entry of `ports` (so `rules` can tell them apart
 * with `acl x myportname NAME`), no cache, then `rules` (acls, auth_param, http_access).
 */
export async function startSquid(dir: string, ports: Record<string, number>, rules: string): Promise<RealServer> {
  const conf = path.join(dir, 'squid.conf');
  let user = '';
  if (isRoot()) {
    // squid will not keep root: it switches to cache_effective_user, who must write logs and pid here.
    const name = spawnSync('id', ['-u', 'proxy']).status === 0 ? 'proxy' : 'nobody'; // Debian's squid runs as proxy
    user = `cache_effective_user ${name}`;
    const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const httpPorts = Object.entries(ports).map(([name, port]) => `http_port 127.0.0.1:${port} name=${name}`);
  writeFileSync(
    conf,
    `${httpPorts.join('\n')}
${user}
pid_filename ${dir}/squid.pid
cache_log ${dir}/cache.log
access_log stdio:${dir}/access.log
cache_store_log none
coredump_dir ${dir}
cache deny all
cache_mem 8 MB
shutdown_lifetime 0 seconds
# Only loopback targets here; a resolver that is never asked keeps squid off the network.
dns_nameservers 127.0.0.1
${rules}
`,
  );
  return startDaemon('squid', dir, BINARIES.squid.file, ['-N', '-f', conf], Object.values(ports));
}

/** sshd -D -e on 127.0.0.1:PORT with a fresh host key; nobody can log in, it only shows its banner. */
export async function startSshd(dir: string, port: number): Promise<RealServer> {
  const key = path.join(dir, 'host_ed25519');
  execFileSync(BINARIES['ssh-keygen'].file, ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  // As root sshd insists on its privilege-separation directory; Debian's service unit normally makes it.
  if (isRoot() && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const cfg = path.join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    `ListenAddress 127.0.0.1:${port}
HostKey ${key}
PidFile ${dir}/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
PermitRootLogin no
StrictModes no
DenyUsers *
`,
  );
  return startDaemon('sshd', dir, BINARIES.sshd.file, ['-D', '-e', '-f', cfg], [port]);
}

export async function startRedis(dir: string, port: number): Promise<RealServer> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', ''];
  return startDaemon('redis', dir, BINARIES['redis-server'].file, args, [port]);
}
