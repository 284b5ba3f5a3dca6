// The Toolchain section's request: read the tools the user opted into, probe each endpoint as that tool would.
// Only the extension's timeout, name overrides and limits apply: its CA file, insecure flag and proxy are the
// extension's own, not the tool's, so they are left out (VS Code's own endpoint takes VS Code's live proxy).
import * as os from 'node:os';
import type { CancellationToken } from 'vscode-languageserver/node';
import { TOOLS, readToolchain, type ToolEndpoint } from '../discover/toolchain';
import { probeToolchain } from '../probe/toolchain';
import type { Settings, ToolchainParams, ToolchainResponse, ToolchainRow } from '../protocol';

export async function answerToolchain(p: ToolchainParams, s: Settings, token: CancellationToken, log: (msg: string) => void): Promise<ToolchainResponse> {
  if (!s.trusted) {
    log('toolchain: not read, the workspace is not trusted');
    return { filesRead: [], home: '', rows: [], untrusted: true };
  }
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [k, v] of Object.entries(p.env ?? {})) env[k] = v === '' ? undefined : v;
  const home = p.home || env.HOME || os.homedir();
  const tools = TOOLS.filter((t) => p.tools.includes(t));
  const inv = readToolchain({ home, env, workspaces: p.folders, tools });
  if (s.proxy) for (const e of inv.endpoints.filter((x) => x.tool === 'vscode')) e.proxy = { url: s.proxy, from: { file: 'VS Code settings', key: 'http.proxy' } };
  log(`toolchain: read ${inv.filesRead.length ? inv.filesRead.join(', ') : 'no files'} for ${tools.join(', ')}: ${inv.endpoints.length} endpoint(s)`);

  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  try {
    const probed = await probeToolchain(inv.endpoints, {
      timeoutMs: s.timeoutMs,
      resolve: s.resolve,
      env,
      concurrency: s.concurrency,
      perHost: s.perHost,
      allowDirect: false,
      signal: abort.signal,
    });
    const byEndpoint = new Map(probed.map((t) => [t.endpoint, t]));
    return { filesRead: inv.filesRead, home, rows: inv.endpoints.map((e) => row(e, byEndpoint.get(e))) };
  } finally {
    sub.dispose();
  }
}

/** What the client shows: no PEM text, no secrets (the inventory never kept them). */
function row(e: ToolEndpoint, t: { result: ToolchainRow['result']; differences: string[]; fixes: string[] } | undefined): ToolchainRow {
  return {
    tool: e.tool,
    what: e.what,
    url: e.url,
    from: e.from,
    ca: e.ca ? { from: e.ca.from, problem: e.ca.problem } : undefined,
    proxy: e.proxy,
    insecure: e.insecure,
    serverName: e.serverName,
    notes: e.notes,
    differences: t?.differences ?? [],
    fixes: t?.fixes ?? [],
    result: t?.result,
  };
}
