// This computer's side of a remote window when the UI runs in desktop VS Code (Remote-SSH, WSL, Dev Containers):
// a Node extension host on this computer, so the same engine probes here, phase by phase.
import * as vscode from 'vscode';
import { probeUrl } from '../probe/probe';
import { LOCAL_PROBE_COMMAND, sightings, type Sighting } from '../protocol-sides';

export function activate(ctx: vscode.ExtensionContext): void {
  ctx.subscriptions.push(vscode.commands.registerCommand(LOCAL_PROBE_COMMAND, (urls: unknown) => sightings(urls, probeHere)));
}

async function probeHere(url: string): Promise<Sighting> {
  const t0 = performance.now();
  try {
    const r = await probeUrl(url);
    return { url, by: 'engine', reached: r.ok, ms: performance.now() - t0, detail: r.ok ? 'ok' : `${r.id} — ${r.title}`, id: r.id };
  } catch (e) {
    return { url, by: 'engine', reached: undefined, ms: performance.now() - t0, detail: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
