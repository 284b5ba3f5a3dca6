// This computer's side of a remote window when the UI is a browser (code-server, vscode.dev + a tunnel): a web
// worker, no sockets. It can only fetch: a response (opaque across origins: no status, no phases) or a failure
// the browser does not explain. Enough to tell "this computer reaches it" from "it does not".
import * as vscode from 'vscode';
import { LOCAL_PROBE_COMMAND, sightings, type Sighting } from '../protocol-sides';

const TIMEOUT_MS = 10_000;

export function activate(ctx: vscode.ExtensionContext): void {
  ctx.subscriptions.push(vscode.commands.registerCommand(LOCAL_PROBE_COMMAND, (urls: unknown) => sightings(urls, reach)));
}

async function reach(url: string): Promise<Sighting> {
  const t0 = performance.now();
  const seen = (reached: boolean | undefined, detail: string): Sighting => ({ url, by: 'browser', reached, ms: performance.now() - t0, detail });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return seen(undefined, 'not a URL this browser can fetch');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return seen(undefined, `a browser cannot open ${u.protocol.slice(0, -1)}:// connections`);
  // The workbench's content security policy lets a web extension fetch https anywhere, plain http only on loopback.
  if (u.protocol === 'http:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname)) return seen(undefined, 'the web editor lets this side fetch plain http only from localhost');
  try {
    // no-cors: any answer counts, whatever its origin headers; no cookies of this browser are sent.
    // (cache is a browser's RequestInit field; the project's types are Node's.)
    await fetch(u, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) } as RequestInit);
    return seen(true, 'a server answered (the browser shows no status across origins)');
  } catch (e) {
    const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
    return seen(false, timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : 'the browser could not fetch it (it does not say whether DNS, the connection or TLS failed)');
  }
}
