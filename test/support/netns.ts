// Network namespaces for tests that need routing: named `cd-<branch>-<pid>-<name>`, each deleted by
// cleanup() (and at exit at the latest). Nothing here touches the root namespace's interfaces or rules.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

const IP = '/usr/bin/ip';
const made = new Set<string>();
const children = new Set<ChildProcess>();

export function ip(...args: string[]): string {
  return execFileSync(IP, args, { encoding: 'utf8', timeout: 10_000 });
}

/** Runs a command inside the namespace and returns its stdout (10 s bound). */
export function inNs(ns: string, file: string, ...args: string[]): string {
  return execFileSync(IP, ['netns', 'exec', ns, file, ...args], { encoding: 'utf8', timeout: 10_000 });
}

export function addNs(name: string): string {
  ip('netns', 'add', name);
  made.add(name);
  inNs(name, IP, 'link', 'set', 'lo', 'up');
  return name;
}

/** A veth pair between two namespaces, each end with an address (CIDR), both up. */
export function link(a: { ns: string; dev: string; addr: string }, b: { ns: string; dev: string; addr: string }): void {
  ip('link', 'add', a.dev, 'netns', a.ns, 'type', 'veth', 'peer', 'name', b.dev, 'netns', b.ns);
  for (const end of [a, b]) {
    inNs(end.ns, IP, 'addr', 'add', end.addr, 'dev', end.dev);
    inNs(end.ns, IP, 'link', 'set', end.dev, 'up');
  }
}

/** A long-running process inside the namespace (its own process group); resolves once `ready` appears in its output. */
export function spawnInNs(ns: string, file: string, args: string[], ready: RegExp, timeoutMs = 10_000): Promise<ChildProcess> {
  const child = spawn(IP, ['netns', 'exec', ns, file, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} in ${ns} not ready after ${timeoutMs} ms: ${out.slice(0, 2000)}`)), timeoutMs);
    const onData = (b: Buffer): void => {
      if (out.length < 65536) out += b.toString('utf8');
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} in ${ns} exited (${code}) before ready: ${out.slice(0, 2000)}`));
    });
  });
}

/** Pids running inside the namespace right now. */
export function pidsIn(ns: string): number[] {
  return ip('netns', 'pids', ns).split('\n').filter(Boolean).map(Number);
}

/** Kills what runs in our namespaces, then deletes them (their veths and iptables rules go with them). */
export function cleanup(): void {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const ns of made) {
    try {
      for (const pid of pidsIn(ns)) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    try {
      ip('netns', 'del', ns);
    } catch {
      /* gone */
    }
    made.delete(ns);
  }
}
process.once('exit', cleanup);
