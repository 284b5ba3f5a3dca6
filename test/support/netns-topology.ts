// A routed topology of network namespaces for packet-evidence tests:
//   client — r1 — fw — r2 — server
// veth pairs created inside the namespaces (nothing in the host's), forwarding routers so TTLs decrement, and no
// route out: the namespaces are joined only to each other. Names carry the branch prefix and our pid.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const NODES = ['client', 'r1', 'fw', 'r2', 'server'] as const;
export type Node = (typeof NODES)[number];

/** Addresses: link i is 10.77.<i+1>.0/24 between NODES[i] (.1) and NODES[i+1] (.2). */
export const ADDR = {
  client: '10.77.1.1',
  r1: '10.77.1.2',
  fw: '10.77.2.2',
  r2: '10.77.3.2',
  server: '10.77.4.2',
} as const;

export class Topology {
  readonly prefix = `cd-packets-${process.pid}`;
  private children: ChildProcess[] = [];

  ns(n: Node): string {
    return `${this.prefix}-${n}`;
  }

  /** Runs a command inside a namespace; throws with its stderr on failure. */
  exec(n: Node, cmd: string[], timeout = 10_000): string {
    return execFileSync('ip', ['netns', 'exec', this.ns(n), ...cmd], { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  create(): void {
    for (const n of NODES) {
      execFileSync('ip', ['netns', 'add', this.ns(n)], { timeout: 10_000 });
      this.exec(n, ['ip', 'link', 'set', 'lo', 'up']);
    }
    // Link i: NODES[i] side "right", NODES[i+1] side "left"; both created inside the namespaces.
    for (let i = 0; i < NODES.length - 1; i++) {
      const [a, b] = [NODES[i], NODES[i + 1]];
      execFileSync('ip', ['-n', this.ns(a), 'link', 'add', 'right', 'type', 'veth', 'peer', 'name', 'left', 'netns', this.ns(b)], { timeout: 10_000 });
      this.exec(a, ['ip', 'addr', 'add', `10.77.${i + 1}.1/24`, 'dev', 'right']);
      this.exec(b, ['ip', 'addr', 'add', `10.77.${i + 1}.2/24`, 'dev', 'left']);
      this.exec(a, ['ip', 'link', 'set', 'right', 'up']);
      this.exec(b, ['ip', 'link', 'set', 'left', 'up']);
    }
    // Routers forward; every node routes the far subnets toward the other end of the chain.
    for (const n of ['r1', 'fw', 'r2'] as const) this.exec(n, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (let i = 0; i < NODES.length; i++) {
      for (let link = 0; link < NODES.length - 1; link++) {
        if (link === i - 1 || link === i) continue; // directly connected
        const subnet = `10.77.${link + 1}.0/24`;
        const via = link > i ? `10.77.${i + 1}.2` : `10.77.${i}.1`;
        this.exec(NODES[i], ['ip', 'route', 'add', subnet, 'via', via]);
      }
    }
  }

  /** A long-running process inside a namespace, stopped by destroy(). */
  start(n: Node, cmd: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(n), ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    return child;
  }

  destroy(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const n of NODES) spawnSync('ip', ['netns', 'del', this.ns(n)], { timeout: 10_000 });
  }
}

/** Undefined when the topology can be built here, else a one-line reason to skip. */
export function whyNoTopology(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, iptables, tcpdump)';
  for (const [bin, pkg] of [['iptables', 'iptables'], ['tcpdump', 'tcpdump'], ['traceroute', 'traceroute'], ['openssl', 'openssl'], ['timeout', 'coreutils'], ['ip', 'iproute2']]) {
    if (!['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(`${d}/${bin}`))) return `${bin} missing (Debian: apt-get install ${pkg})`;
  }
  return undefined;
}
