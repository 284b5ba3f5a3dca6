// One capture per probe connection: tcpdump on just this 4-tuple (and ICMP errors quoting it), started before
// our SYN and stopped with the probe. We choose the local port up front so the filter can name all four.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, isIP } from 'node:net';
import { readPcap } from './pcap';
import { packetsOfInterest, summarise } from './ttl';
import type { CaptureEvidence } from '../../vocabulary/capture';

const START_TIMEOUT_MS = 5_000;
/** Packets the kernel has but tcpdump has not written yet: a short wait after the probe, before stopping. */
const DRAIN_MS = 150;
const MAX_PCAP_BYTES = 2 * 1024 * 1024;
const SNAPLEN = 256;

/** Every tcpdump we started and have not seen exit: killed on the way out, whatever the way. */
const running = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

/** How many of our tcpdumps are alive (tests assert 0 after cancel). */
export function runningCaptures(): number {
  return running.size;
}

let toldHowToPermit = false;
/** Once tcpdump said "not permitted", later probes do not spawn it again (no cost per probe in the editor). */
let refused = false;
const HOW_TO_PERMIT =
  'packet capture needs root or CAP_NET_RAW: run as root, or `sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"` ' +
  '(and be in a group allowed to run it); probing goes on without packet evidence';

/** A free local port for the probe's socket, so the capture filter can name the whole 4-tuple. */
export async function freeLocalPort(family: 4 | 6): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: family === 6 ? '::' : '0.0.0.0', exclusive: true }, () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The BPF filter: our TCP 4-tuple, and ICMP errors quoting a packet from our port (checked again when read). */
export function captureFilter(remote: string, remotePort: number, localPort: number): string {
  const tcp = `(tcp and host ${remote} and port ${remotePort} and port ${localPort})`;
  if (isIP(remote) === 6) {
    // ICMPv6 error types 1–4; the quoted IPv6 header (40) follows the ICMPv6 header (8): its TCP source port at 88.
    return `${tcp} or (icmp6 and ip6[40] >= 1 and ip6[40] <= 4 and ip6[88:2] == ${localPort})`;
  }
  // ICMP unreachable / quench / time exceeded / parameter problem; the quoted IPv4 header (20, no options) at 8:
  // its destination at icmp[24:4], the quoted TCP source port at icmp[28:2].
  const hex = `0x${remote.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('')}`;
  return `${tcp} or (icmp and (icmp[0] == 3 or icmp[0] == 4 or icmp[0] == 11 or icmp[0] == 12) and icmp[24:4] == ${hex} and icmp[28:2] == ${localPort})`;
}

export interface CaptureSession {
  localPort: number;
  /** Stops tcpdump and reads what it caught. Safe to call twice. */
  stop(): Promise<CaptureEvidence>;
}

function unavailable(status: CaptureEvidence['status'], note: string): CaptureSession {
  const ev: CaptureEvidence = { status, note, packets: [] };
  return { localPort: 0, stop: async () => ev };
}

/**
 * Starts tcpdump for one connection and waits until it says it is listening. `lifetimeMs` bounds tcpdump
 * by `timeout(1)` too, so not even a killed Node process leaves one running for long.
 */
export async function startCapture(remote: string, remotePort: number, lifetimeMs: number, signal?: AbortSignal): Promise<CaptureSession> {
  if (refused) return unavailable('not-permitted', 'packet capture not permitted');
  const family = isIP(remote) === 6 ? 6 : 4;
  let localPort: number;
  try {
    localPort = await freeLocalPort(family);
  } catch (e) {
    return unavailable('failed', `no free local port for the capture: ${(e as Error).message}`);
  }
  const seconds = Math.max(5, Math.ceil(lifetimeMs / 1000) + 5);
  const args = ['-k', '2', String(seconds), 'tcpdump', '-i', 'any', '-n', '-U', '--immediate-mode', '-s', String(SNAPLEN), '-w', '-', captureFilter(remote, remotePort, localPort)];
  let child: ChildProcess;
  try {
    child = spawn('timeout', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return unavailable('unavailable', `tcpdump could not be started: ${(e as Error).message}`);
  }
  track(child);
  const chunks: Buffer[] = [];
  let bytes = 0;
  child.stdout?.on('data', (b: Buffer) => {
    if (bytes + b.length > MAX_PCAP_BYTES) return;
    chunks.push(b);
    bytes += b.length;
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
    const onAbort = (): void => resolve(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr?.on('data', (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString('utf8');
      if (/listening on/.test(stderr)) resolve(true);
    });
    void exited.then(() => resolve(false));
    void exited.finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
    if (signal?.aborted) resolve(false);
  });

  let stopped: Promise<CaptureEvidence> | undefined;
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(t);
  };
  if (!listening) {
    await kill();
    const text = stderr.trim().split('\n').filter((l) => !/^tcpdump: (listening|data link)/.test(l)).pop() ?? '';
    if (/permission|not permitted|capture on/i.test(text)) {
      const note = toldHowToPermit ? 'packet capture not permitted' : HOW_TO_PERMIT;
      toldHowToPermit = true;
      refused = true;
      return unavailable('not-permitted', note);
    }
    if (/not found|No such file/i.test(text) || (await exited) === 127) return unavailable('unavailable', 'tcpdump is not installed (Debian/Ubuntu: apt-get install tcpdump)');
    return unavailable('failed', `tcpdump did not start${text ? `: ${text.slice(0, 200)}` : signal?.aborted ? ': cancelled' : ''}`);
  }
  return {
    localPort,
    stop: () =>
      (stopped ??= (async (): Promise<CaptureEvidence> => {
        await new Promise((r) => setTimeout(r, DRAIN_MS));
        await kill();
        const ev: CaptureEvidence = { status: 'captured', tool: 'tcpdump', localPort, packets: [] };
        try {
          ev.packets = packetsOfInterest(readPcap(Buffer.concat(chunks)), { remote, remotePort, localPort });
        } catch (e) {
          return { status: 'failed', note: `could not read the capture: ${(e as Error).message}`, packets: [] };
        }
        return summarise(ev);
      })()),
  };
}
