// The "Toolchain" section at the top of the Results tree: each endpoint named by its tool and the file it came
// from, its result like any other row, the tool's settings, how they differ from the environment, and the fix.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ToolchainRow, UrlEntry } from '../protocol';
import type { Origin } from '../vocabulary/toolchain';
import { describe, health, type Health } from './labels';
import type { ToolchainState } from './toolchain';

export type ToolchainNode =
  | { kind: 'toolchain' }
  | { kind: 'toolchain.files'; files: string[] }
  | { kind: 'toolchain.endpoint'; row: ToolchainRow; entry: UrlEntry; home: string }
  | { kind: 'toolchain.line'; id: string; label: string; detail: string; icon: string };

export const TOOLCHAIN_URI = 'connectionDoctor:toolchain';

/** "~/.npmrc line 3", "environment (KUBECONFIG)", "npm default". */
export function where(o: Origin): string {
  return o.file === 'environment' ? `environment (${o.key ?? ''})` : `${o.file}${o.line ? ` line ${o.line}` : ''}`;
}

/** A row as a UrlEntry, so its description, icon and phase rows are the ones every other row has. */
function asEntry(r: ToolchainRow, i: number): UrlEntry {
  let host = '';
  let port: number | undefined;
  let scheme = 'https';
  try {
    const u = new URL(r.url);
    host = u.hostname;
    port = u.port ? Number(u.port) : undefined;
    scheme = u.protocol.slice(0, -1);
  } catch {
    // a URL the reader kept is a web URL; nothing to show otherwise
  }
  const zero = { line: 0, character: 0 };
  return { id: `toolchain:${i}`, uri: TOOLCHAIN_URI, url: r.url, scheme, host, port, range: { start: zero, end: zero }, state: r.result ? 'done' : 'probing', result: r.result };
}

export function toolchainChildren(state: ToolchainState, node: ToolchainNode): ToolchainNode[] {
  if (node.kind === 'toolchain') {
    if (state.kind !== 'done') return [];
    const a = state.answer;
    return [{ kind: 'toolchain.files', files: a.filesRead }, ...a.rows.map((row, i): ToolchainNode => ({ kind: 'toolchain.endpoint', row, entry: asEntry(row, i), home: a.home }))];
  }
  if (node.kind !== 'toolchain.endpoint') return [];
  const r = node.row;
  const id = node.entry.id;
  const line = (n: number, label: string, detail: string, icon: string): ToolchainNode => ({ kind: 'toolchain.line', id: `${id}:${n}`, label, detail, icon });
  const out: ToolchainNode[] = [];
  // Named as the tool's, apart from the phase rows below (a "proxy" phase is the probe's, this is the setting).
  if (r.ca) out.push(line(0, `${r.tool}'s CA`, `${r.ca.from.key ?? 'file'} (${where(r.ca.from)})${r.ca.problem ? ` — ${r.ca.problem}` : ''}`, 'shield'));
  if (r.proxy) out.push(line(1, `${r.tool}'s proxy`, `${r.proxy.url || 'none'} (${where(r.proxy.from)})`, 'arrow-swap'));
  if (r.serverName) out.push(line(2, `${r.tool}'s TLS server name`, r.serverName, 'tag'));
  if (r.insecure) out.push(line(3, 'no certificate verification', where(r.insecure.from), 'warning'));
  r.differences.forEach((d, i) => out.push(line(10 + i, 'differs', d, 'git-compare')));
  r.fixes.forEach((f, i) => out.push(line(30 + i, 'fix', f, 'wrench')));
  r.notes.forEach((n, i) => out.push(line(50 + i, 'note', n, 'info')));
  return out;
}

/** `icon`: the tree's own health icons, so a toolchain row looks like every other row. */
export function toolchainItem(state: ToolchainState, node: ToolchainNode, icon: (h: Health) => vscode.ThemeIcon): vscode.TreeItem {
  switch (node.kind) {
    case 'toolchain': {
      const item = new vscode.TreeItem('Toolchain', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'toolchain';
      item.iconPath = new vscode.ThemeIcon('tools');
      item.contextValue = 'toolchain';
      if (state.kind === 'reading') item.description = 'reading and probing…';
      else if (state.kind === 'failed') item.description = `failed: ${state.error}`;
      else {
        const failing = state.answer.rows.filter((r) => r.result && !r.result.ok).length;
        item.description = !state.answer.rows.length ? 'no endpoints found' : failing ? `${failing} of ${state.answer.rows.length} failing` : `${state.answer.rows.length}`;
      }
      item.tooltip = "Your tools' own endpoints, each probed as that tool would (its CA, proxy and TLS server name). Tools: connectionDoctor.toolchain.tools";
      item.accessibilityInformation = { label: `Toolchain, ${String(item.description)}` };
      return item;
    }
    case 'toolchain.files': {
      const item = new vscode.TreeItem('Files read');
      item.id = 'toolchain:files';
      item.description = node.files.length ? node.files.join(', ') : 'none found';
      item.tooltip = node.files.length ? node.files.join('\n') : 'None of the chosen tools has a configuration file here';
      item.iconPath = new vscode.ThemeIcon('files');
      return item;
    }
    case 'toolchain.endpoint': {
      const r = node.row;
      const item = new vscode.TreeItem(`${r.tool} ${r.what}, from ${where(r.from)}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.entry.id}:${r.tool}:${r.what}`;
      item.description = describe(node.entry);
      item.iconPath = icon(health(node.entry));
      item.contextValue = 'toolchain.endpoint';
      const tip = new vscode.MarkdownString();
      tip.appendText(`${r.result ? `${r.result.title || r.result.id}\n\n` : ''}${r.tool} ${r.what}, from ${where(r.from)}\n\n`);
      tip.appendCodeblock(r.url, 'text');
      if (r.result && !r.result.ok && r.result.error) tip.appendText(r.result.error);
      item.tooltip = tip;
      const file = r.from.file.startsWith('~/') ? path.join(node.home, r.from.file.slice(2)) : path.isAbsolute(r.from.file) ? r.from.file : undefined;
      if (file) {
        const at = Math.max(0, (r.from.line ?? 1) - 1);
        item.command = { title: 'Open the Setting', command: 'vscode.open', arguments: [vscode.Uri.file(file), { selection: new vscode.Range(at, 0, at, 0) }] };
      }
      return item;
    }
    case 'toolchain.line': {
      const item = new vscode.TreeItem(node.label);
      item.id = node.id;
      item.description = node.detail;
      item.tooltip = `${node.label}: ${node.detail}`;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
  }
}
