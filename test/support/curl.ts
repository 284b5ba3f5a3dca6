// curl as the second opinion: run it against the same real server and map its exit code to the class of
// diagnosis ids it corresponds to (field-notes.md A.6 crosswalk).
import { spawn } from 'node:child_process';

export interface CurlOutcome {
  exit: number;
  /** %{http_code}: 0 when no response came. */
  httpCode: number;
  /** curl -v's trace (stderr), for failure messages. */
  trace: string;
}

/** Runs `curl -sv` with `args` (URL included); loopback only, bounded by --max-time. */
export function curl(args: string[], maxTimeSec = 10): Promise<CurlOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sv', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', String(maxTimeSec), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', ALL_PROXY: '', all_proxy: '' },
    });
    let out = '';
    let trace = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (trace += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ exit: code ?? -1, httpCode: Number(out) || 0, trace }));
  });
}

/** curl exit code → the diagnosis ids that name the same wire event (A.6 crosswalk). */
export const CURL_EXIT_IDS: Record<number, RegExp> = {
  1: /^http\.not-http$/, // "Received HTTP/0.9 when not allowed": bytes that are no HTTP response
  6: /^dns\./,
  7: /^(tcp\.refused|tcp\.unreachable|proxy\.unreachable)$/,
  18: /^http\.body-truncated$/, // partial file
  28: /\.timeout$/,
  35: /^tls\./,
  52: /^http\.closed$/,
  56: /^(http\.reset|proxy\.(denied|auth-required|tunnel-failed))$/,
  60: /^tls\.cert-/,
};
