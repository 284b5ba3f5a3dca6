// The Toolchain section's state: which tools the user opted into, the last answer of the server's toolchain
// request. Nothing is read or probed in an untrusted workspace, nor for a tool not chosen.
import * as vscode from 'vscode';
import type { ToolchainParams, ToolchainResponse } from '../protocol';
import { TOOLS, type ToolName } from '../vocabulary/toolchain';
import type { ServerApi } from './client';
import type { Log } from './log';
import { isTrusted } from './trust';

export type ToolchainState = { kind: 'reading' } | { kind: 'done'; answer: ToolchainResponse } | { kind: 'failed'; error: string };

export class Toolchain implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: ToolchainState | undefined;
  private run = 0;
  private cancel: vscode.CancellationTokenSource | undefined;

  constructor(private readonly server: () => Promise<ServerApi>, private readonly log: Log) {}

  /** The tools chosen in connectionDoctor.toolchain.tools (unknown names ignored). */
  tools(): ToolName[] {
    const chosen = vscode.workspace.getConfiguration('connectionDoctor').get<string[]>('toolchain.tools', []) ?? [];
    return TOOLS.filter((t) => chosen.includes(t));
  }

  /** What the section shows; undefined = no section (no tool chosen, or not trusted). */
  get state(): ToolchainState | undefined {
    return this.tools().length && isTrusted() ? this.current : undefined;
  }

  /** Reads and probes again (the settings changed, or the user asked). */
  async refresh(): Promise<ToolchainState | undefined> {
    this.cancel?.cancel();
    const tools = this.tools();
    if (!tools.length || !isTrusted()) {
      if (tools.length) this.log.info('toolchain: not read, the workspace is not trusted');
      this.current = undefined;
      this.changed.fire();
      return undefined;
    }
    const run = ++this.run;
    const cancel = (this.cancel = new vscode.CancellationTokenSource());
    this.current = { kind: 'reading' };
    this.changed.fire();
    const c = vscode.workspace.getConfiguration('connectionDoctor');
    const params: ToolchainParams = {
      tools,
      folders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      home: c.get<string>('toolchain.home', '') ?? '',
      env: c.get<Record<string, string>>('toolchain.env', {}) ?? {},
    };
    let next: ToolchainState;
    try {
      const answer = await (await this.server()).toolchain(params, cancel.token);
      next = { kind: 'done', answer };
      const failing = answer.rows.filter((r) => r.result && !r.result.ok).length;
      this.log.info(`toolchain: ${answer.rows.length} endpoint(s) from ${answer.filesRead.length} file(s) read, ${failing} failing`);
    } catch (e) {
      next = { kind: 'failed', error: e instanceof Error ? e.message : String(e) };
      if (run === this.run) this.log.error('toolchain', e);
    }
    if (run === this.run) {
      this.current = next;
      this.changed.fire();
    }
    return next;
  }

  dispose(): void {
    this.cancel?.cancel();
    this.changed.dispose();
  }
}

/** The command, and reading again when the chosen tools, their home or environment, or the trust change. */
export function registerToolchain(tc: Toolchain): vscode.Disposable[] {
  const again = (): void => void tc.refresh();
  // Documents and scans start the server lazily; an opted-in toolchain is read once the window has settled.
  if (tc.tools().length && isTrusted()) setImmediate(again);
  return [
    vscode.commands.registerCommand('connectionDoctor.probeToolchain', async () => {
      if (!isTrusted()) {
        void vscode.window.showInformationMessage("Connection Doctor does not read your tools' configuration in an untrusted workspace.");
        return undefined;
      }
      if (!tc.tools().length) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'connectionDoctor.toolchain.tools');
        return undefined;
      }
      return tc.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('connectionDoctor.toolchain')) again();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(again),
  ];
}
