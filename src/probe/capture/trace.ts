// The path (--trace): a TCP traceroute to the URL's port, one probe per hop, spaced, bounded in hops and time.
// Path probes are SYNs: sent in a burst they can trip SYN-flood protection and change what they measure.
import { execFile } from 'node:child_process';
import type { CaptureEvidence, TraceEvidence, TraceHop } from '../../vocabulary/capture';

export const MAX_TRACE_HOPS = 20;
/** Between probes (traceroute -z takes ms above 10). */
export const TRACE_SPACING_MS = 250;
const WAIT_S = 1;
export const TRACE_WARNING = 'path probes are TCP SYNs; sent in bursts they can trip SYN-flood protection, so they go one at a time, spaced';

export async function traceTo(address: string, port: number, capture: CaptureEvidence | undefined, signal?: AbortSignal): Promise<TraceEvidence> {
  const tool = 'traceroute -T';
  const args = ['-T', '-p', String(port), '-n', '-q', '1', '-N', '1', '-w', String(WAIT_S), '-z', String(TRACE_SPACING_MS), '-m', String(MAX_TRACE_HOPS)];
  if (address.includes(':')) args.unshift('-6');
  args.push(address);
  const budgetMs = MAX_TRACE_HOPS * (WAIT_S * 1000 + TRACE_SPACING_MS) + 5_000;
  const { code, stdout, stderr } = await new Promise<{ code: number | string | null; stdout: string; stderr: string }>((resolve) => {
    execFile('traceroute', args, { timeout: budgetMs, maxBuffer: 64 * 1024, signal, killSignal: 'SIGKILL' }, (err, out, errOut) => {
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, stdout: String(out), stderr: String(errOut) });
    });
  });
  if (code === 'ENOENT') return { status: 'unavailable', tool, hops: [], note: 'traceroute is not installed (Debian/Ubuntu: apt-get install traceroute)' };
  if (/not permitted|permission|root/i.test(stderr) && !stdout.trim()) {
    return { status: 'not-permitted', tool, hops: [], note: 'TCP traceroute needs root or CAP_NET_RAW (sudo setcap cap_net_raw+ep "$(command -v traceroute)")' };
  }
  const hops = parseTraceroute(stdout, address);
  if (hops.length === 0) return { status: 'failed', tool, hops, note: `traceroute gave no hops${stderr.trim() ? `: ${stderr.trim().split('\n')[0].slice(0, 200)}` : ''}` };
  const ev: TraceEvidence = { status: 'traced', tool, hops, note: TRACE_WARNING };
  // hop estimate = routers between; the sender is the next hop after them.
  if (capture?.ender) ev.senderHop = capture.ender.hops + 1;
  return ev;
}

/** ` 3  10.0.0.1  0.512 ms` / ` 4  *` → hops. */
export function parseTraceroute(text: string, destination: string): TraceHop[] {
  const hops: TraceHop[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const hop: TraceHop = { hop: Number(m[1]) };
    const addr = /^([0-9a-f.:]+)\s+([\d.]+)\s*ms/i.exec(m[2].trim());
    if (addr) {
      hop.address = addr[1];
      hop.rttMs = Number(addr[2]);
      if (addr[1] === destination) hop.reached = true;
    }
    hops.push(hop);
  }
  return hops;
}

/** The hop at the sender's distance, in words. */
export function senderHopLine(t: TraceEvidence): string | undefined {
  if (t.senderHop === undefined) return undefined;
  const h = t.hops.find((x) => x.hop === t.senderHop);
  return `hop ${t.senderHop} (at the ending packet's distance): ${h?.address ?? 'did not answer'}`;
}
