// The Results tree: groups (file / host / status) → URLs → phases and findings.
import type { Sides } from '../protocol-sides';
import * as vscode from 'vscode';
import type { PhaseResult } from '../vocabulary/types';
import type { UrlEntry } from '../protocol';
import { ADHOC_URI } from '../protocol-values';
import { fmtMs } from '../vocabulary/text';
import { groupEntries, type Group, type GroupBy } from './grouping';
import { describe, entryLabel, findingLabel, health, type Health } from './labels';
import { coalesce } from './debounce';
import type { ResultsStore } from './results-store';
import type { Toolchain } from './toolchain';
import { toolchainChildren, toolchainItem, type ToolchainNode } from './toolchain-tree';

export type Node =
  | { kind: 'group'; group: Group; by: GroupBy }
  | { kind: 'entry'; entry: UrlEntry }
  | { kind: 'phase'; entry: UrlEntry; phase: PhaseResult }
  | { kind: 'finding'; entry: UrlEntry; label: string; detail: string }
  | { kind: 'here'; entry: UrlEntry; sides: Sides }
  | ToolchainNode;

const ICON: Record<Health, [string, string | undefined]> = {
  ok: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  probing: ['sync~spin', undefined],
  unprobed: ['circle-outline', 'disabledForeground'],
};

export function healthIcon(h: Health): vscode.ThemeIcon {
  const [id, color] = ICON[h];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export class ResultsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  private readonly refresh = coalesce(150, () => this.changed.fire(undefined));

  /** `remember` keeps the grouping across window reloads (saved-results.ts). */
  constructor(
    private readonly store: ResultsStore,
    private readonly toolchain?: Toolchain,
    private by: GroupBy = 'file',
    private readonly remember: (by: GroupBy) => void = () => undefined,
  ) {
    void vscode.commands.executeCommand('setContext', 'connectionDoctor.groupBy', by);
    // One refresh per batch of results, not one per result (a 500-URL file froze the view on stale counts).
    const subs = [store.onDidChange((uris) => this.refresh.add(uris))];
    if (toolchain) subs.push(toolchain.onDidChange(() => this.changed.fire(undefined)));
    this.sub = vscode.Disposable.from(...subs);
  }

  get groupBy(): GroupBy {
    return this.by;
  }

  setGroupBy(by: GroupBy): void {
    this.by = by;
    this.remember(by);
    void vscode.commands.executeCommand('setContext', 'connectionDoctor.groupBy', by);
    this.changed.fire(undefined);
  }

  /** The groups as shown (also what the tests read). */
  groups(): Group[] {
    return groupEntries(this.store.all(), this.by, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
  }

  getChildren(node?: Node): Node[] {
    const tc = this.toolchain?.state;
    if (!node) return [...(tc ? [{ kind: 'toolchain' } as const] : []), ...this.groups().map((group): Node => ({ kind: 'group', group, by: this.by }))];
    if (node.kind.startsWith('toolchain')) {
      if (!tc) return [];
      const own = toolchainChildren(tc, node as ToolchainNode);
      // An endpoint's settings and differences first, then its phases and findings as on every other row.
      return node.kind === 'toolchain.endpoint' ? [...own, ...this.getChildren({ kind: 'entry', entry: node.entry })] : own;
    }
    if (node.kind === 'group') return node.group.entries.map((entry) => ({ kind: 'entry', entry }));
    if (node.kind === 'entry' && node.entry.result) {
      const r = node.entry.result;
      const findings: Node[] = (r.evidence ?? []).map((ev) => ({ kind: 'finding', entry: node.entry, label: findingLabel(ev.finding), detail: ev.detail }));
      const bare = r.findings.filter((f) => !(r.evidence ?? []).some((ev) => ev.finding === f));
      for (const f of bare) findings.push({ kind: 'finding', entry: node.entry, label: findingLabel(f), detail: '' });
      const here: Node[] = node.entry.here ? [{ kind: 'here', entry: node.entry, sides: node.entry.here }] : [];
      return [...here, ...r.phases.map((phase): Node => ({ kind: 'phase', entry: node.entry, phase })), ...findings];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const tc = this.toolchain?.state;
    switch (node.kind) {
      case 'toolchain':
      case 'toolchain.files':
      case 'toolchain.endpoint':
      case 'toolchain.line':
        return tc ? toolchainItem(tc, node, healthIcon) : new vscode.TreeItem('');
      case 'group':
        return this.groupItem(node.group, node.by);
      case 'entry':
        return entryItem(node.entry, this.by);
      case 'phase':
        return phaseItem(node.phase);
      case 'here': {
        // In a remote window: what this computer saw of the same URL (local-side.ts).
        const item = new vscode.TreeItem('From this computer');
        item.description = node.sides.here;
        item.tooltip = node.sides.detail;
        item.iconPath = new vscode.ThemeIcon('device-desktop');
        return item;
      }
      case 'finding': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.detail;
        item.tooltip = node.detail || node.label;
        item.iconPath = new vscode.ThemeIcon('lightbulb');
        return item;
      }
    }
  }

  private groupItem(g: Group, by: GroupBy): vscode.TreeItem {
    const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group:${by}:${g.key}`;
    const failing = g.entries.filter((e) => health(e) === 'failed').length;
    item.description = failing ? `${failing} of ${g.entries.length} failing` : `${g.entries.length}`;
    if (by === 'file' && g.key !== ADHOC_URI) {
      item.resourceUri = vscode.Uri.parse(g.key);
      item.iconPath = vscode.ThemeIcon.File;
    } else if (by === 'file') item.iconPath = new vscode.ThemeIcon('terminal');
    else if (by === 'host') item.iconPath = new vscode.ThemeIcon('server');
    else item.iconPath = healthIcon(g.key as Health);
    item.contextValue = 'group';
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.refresh.dispose();
    this.changed.dispose();
  }
}

function entryItem(e: UrlEntry, by: GroupBy): vscode.TreeItem {
  const item = new vscode.TreeItem(entryLabel(e, by), e.result ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${by}:${e.id}`;
  const located = e.uri !== ADHOC_URI;
  item.description = describe(e) + (located && by !== 'file' ? ` · ${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}:${e.range.start.line + 1}` : '');
  item.iconPath = healthIcon(health(e));
  item.contextValue = ['entry', e.result ? 'result' : 'pending', located ? 'located' : 'adhoc'].join('.');
  // The label is shortened; the tooltip has the whole (redacted) URL and the whole description.
  const tip = new vscode.MarkdownString();
  tip.appendText(e.result ? `${e.result.title || e.result.id}\n\n` : '');
  tip.appendCodeblock(e.url, 'text');
  tip.appendText(`${describe(e)}${located ? ` · ${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}:${e.range.start.line + 1}` : ''}\n\n`);
  if (e.result && !e.result.ok && e.result.error) tip.appendText(e.result.error);
  item.tooltip = tip;
  item.command = located
    ? { title: 'Go to Location', command: 'connectionDoctor.goToLocation', arguments: [{ entryId: e.id }] }
    : e.result
      ? { title: 'Explain Result', command: 'connectionDoctor.explain', arguments: [{ entryId: e.id }] }
      : undefined;
  return item;
}

function phaseItem(p: PhaseResult): vscode.TreeItem {
  const item = new vscode.TreeItem(p.phase);
  const [icon, color] =
    p.status === 'ok' ? ['pass', 'testing.iconPassed'] : p.status === 'failed' ? ['error', 'testing.iconFailed'] : ['circle-slash', 'disabledForeground'];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  const detail = phaseDetail(p);
  item.description = p.status === 'skipped' ? `skipped${p.note ? ' · ' + p.note : ''}` : [fmtMs(p.ms), detail].filter(Boolean).join(' · ');
  item.tooltip = p.error ?? (detail || p.phase);
  return item;
}

/** One short fact per phase: what was resolved, connected, negotiated or returned. */
function phaseDetail(p: PhaseResult): string {
  if (p.status === 'failed') return [p.errorCode, p.alert].filter(Boolean).join(' ') || 'failed';
  switch (p.phase) {
    case 'dns':
      return (p.addresses ?? []).map((a) => a.address).slice(0, 3).join(', ');
    case 'connect':
      return p.remoteAddress ? `${p.remoteAddress}:${p.remotePort}` : '';
    case 'proxy':
      return p.proxyStatus ? `CONNECT ${p.proxyStatus}` : '';
    case 'tls':
      return [p.tlsVersion, p.alpn].filter(Boolean).join(' · ');
    case 'response':
      return p.httpStatus !== undefined ? `${p.httpVersion ? 'HTTP/' + p.httpVersion + ' ' : ''}${p.httpStatus}` : '';
    case 'body':
      return p.bytes !== undefined ? `${p.bytes} bytes${p.cappedByUs ? ' (stopped at our cap)' : ''}` : '';
    default:
      return '';
  }
}
