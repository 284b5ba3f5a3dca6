// conndoc scan --toolchain: the endpoints of the user's tools (npm, pip, git, kubectl, docker, …), each probed with
// that tool's own CA and proxy, listed first with the files that were read.
import { statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readToolchain, type ToolName } from '../discover/toolchain';
import type { ToolResult } from '../probe/toolchain';
import type { ProbeOptions, Result, ScheduleOptions } from '../vocabulary/types';
import { formatMs } from './report';
import { painter, wantsColor } from './style';
import { outsideText } from './terminal-safe';

export interface ToolchainRun {
  /** Entries for the contract's "urls" (file = the config file, column 1), with the tool beside them. */
  urls: { url: string; file: string; line: number; column: number; tool: string; what: string }[];
  results: Result[];
  /** The "toolchain" key of the JSON document. */
  json: { filesRead: string[]; endpoints: unknown[] };
}

export async function runToolchain(
  paths: string[],
  tools: ToolName[] | undefined,
  probe: ProbeOptions & ScheduleOptions & { signal?: AbortSignal },
  opts: { noProbe: boolean; human: boolean },
): Promise<ToolchainRun> {
  const workspaces = paths.map((p) => path.resolve(p)).filter((p) => isDir(p));
  const inv = readToolchain({ home: process.env.HOME ?? os.homedir(), env: process.env, workspaces, tools });
  let probed: ToolResult[] = [];
  if (!opts.noProbe && inv.endpoints.length) {
    const { probeToolchain } = await import('../probe/toolchain');
    probed = await probeToolchain(inv.endpoints, probe);
  }
  const byEndpoint = new Map(probed.map((t) => [t.endpoint, t]));
  if (opts.human) printHuman(inv.filesRead, inv.endpoints.map((e) => ({ e, t: byEndpoint.get(e) })), opts.noProbe);
  return {
    urls: inv.endpoints.map((e) => ({ url: e.url, file: e.from.file, line: e.from.line ?? 1, column: 1, tool: e.tool, what: e.what })),
    results: probed.map((t) => t.result),
    json: {
      filesRead: inv.filesRead,
      endpoints: inv.endpoints.map((e) => {
        const t = byEndpoint.get(e);
        return {
          tool: e.tool, what: e.what, url: e.url, from: e.from,
          ca: e.ca ? { from: e.ca.from, file: e.ca.file, problem: e.ca.problem } : undefined,
          proxy: e.proxy, insecure: e.insecure, serverName: e.serverName, notes: e.notes,
          ...(t ? { id: t.result.id, ok: t.result.ok, differences: t.differences, fixes: t.fixes } : {}),
        };
      }),
    },
  };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function where(o: { file: string; line?: number; key?: string }): string {
  return `${o.file}${o.line ? ` line ${o.line}` : ''}`;
}

function printHuman(filesRead: string[], rows: { e: ReturnType<typeof readToolchain>['endpoints'][number]; t?: ToolResult }[], noProbe: boolean): void {
  const paint = painter(wantsColor(process.stdout));
  // What the tools' files and the endpoints said is shown (outsideText) one value at a time: escaping the finished
  // lines escaped the colours too (a terminal showed "\x1b[1m"), and a registry URL's ?token= was shown whole.
  const out: string[] = [paint('bold', 'Toolchain')];
  out.push(paint('dim', `  read: ${filesRead.length ? outsideText(filesRead.join(', ')) : 'no tool configuration found'}`));
  for (const { e, t } of rows) {
    const settings = [
      e.ca ? `CA: ${e.ca.from.key ?? 'file'} (${where(e.ca.from)})${e.ca.problem ? ` — ${e.ca.problem}` : ''}` : undefined,
      e.proxy ? `proxy: ${e.proxy.url || 'none'} (${where(e.proxy.from)})` : undefined,
      e.insecure ? `no certificate verification (${e.insecure.from.key ?? where(e.insecure.from)})` : undefined,
    ].filter(Boolean);
    out.push(`  ${paint('bold', outsideText(`${e.tool} ${e.what}`))}  ${outsideText(e.url)}  ${paint('dim', `from ${outsideText(where(e.from))}`)}`);
    if (settings.length) out.push(paint('dim', `      ${outsideText(settings.join(' · '))}`));
    if (!noProbe && t) {
      const r = t.result;
      out.push(r.ok ? `      ${paint('green', '✓')} ${paint('dim', `${r.id}${r.totalMs !== undefined ? ` · ${formatMs(r.totalMs)}` : ''}`)}` : `      ${paint('red', `✗ ${r.id}`)} ${outsideText(r.title)}`);
      for (const d of t.differences) out.push(`      ${paint('yellow', 'differs:')} ${outsideText(d)}`);
      for (const f of t.fixes) out.push(`      ${paint('bold', 'fix:')} ${outsideText(f)}`);
    }
    for (const n of e.notes) out.push(paint('dim', `      note: ${outsideText(n)}`));
  }
  process.stdout.write(`${out.join('\n')}\n\n`);
}
