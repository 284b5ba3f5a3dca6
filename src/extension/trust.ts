// Workspace Trust. Untrusted: nothing probes by itself; an explicit command asks first, naming the hosts.
import * as vscode from 'vscode';

/**
 * A test run can force the untrusted path with CONNECTION_DOCTOR_UNTRUSTED=1 (code-server runs the suite with
 * trust disabled). It can only take trust away, never grant it.
 */
export function isTrusted(): boolean {
  return vscode.workspace.isTrusted && process.env.CONNECTION_DOCTOR_UNTRUSTED !== '1';
}

export type Confirm = (hosts: string[]) => Promise<boolean>;

/** Replaceable by the extension-host tests (a modal dialog would block them). */
export const trustHooks: { confirm: Confirm } = { confirm: askModal };

export async function confirmContact(hosts: string[]): Promise<boolean> {
  if (isTrusted() || !hosts.length) return true;
  return trustHooks.confirm(hosts);
}

async function askModal(hosts: string[]): Promise<boolean> {
  const shown = hosts.slice(0, 12);
  const more = hosts.length > shown.length ? `\n…and ${hosts.length - shown.length} more` : '';
  const answer = await vscode.window.showWarningMessage(
    `This workspace is not trusted. Probing connects to ${hosts.length === 1 ? 'this host' : `these ${hosts.length} hosts`}:`,
    { modal: true, detail: shown.join('\n') + more },
    'Probe',
  );
  return answer === 'Probe';
}
