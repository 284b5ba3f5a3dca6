// What the client at the other end can do, read once from `initialize`: the VS Code extension (its own commands,
// `command:` links, its explanation page) or any other LSP client (Neovim, Helix, Emacs, Zed), which gets the
// server's commands, plain Markdown and standard progress.
import type { InitializeParams } from 'vscode-languageserver';
import type { InitializationOptions, Settings } from '../protocol';
import { settingsFromConfig } from '../protocol-config';
import { DEFAULT_SETTINGS } from '../protocol-values';

export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';

export interface ClientProfile {
  /** The client implements the connectionDoctor.* commands and runs `command:` links (the VS Code extension). */
  clientCommands: boolean;
  /** window.workDoneProgress: the server may create progress for batches nobody asked with a token. */
  workDoneProgress: boolean;
  /** workspace.configuration: settings are pulled (section connectionDoctor). */
  configuration: boolean;
  /** window.showDocument: Explain opens a generated page. */
  showDocument: boolean;
  positionEncoding: PositionEncoding;
  /** Where probeWorkspace looks (workspaceFolders, else rootUri). */
  folders: string[];
}

const ENCODINGS: readonly string[] = ['utf-8', 'utf-16', 'utf-32'];

export function clientProfile(p: InitializeParams): ClientProfile {
  const o = (p.initializationOptions ?? {}) as InitializationOptions;
  const offered = p.capabilities.general?.positionEncodings ?? [];
  // The client lists what it supports; its first one the server also speaks wins; UTF-16 is the default (3.17).
  const positionEncoding = (offered.find((e) => ENCODINGS.includes(e)) ?? 'utf-16') as PositionEncoding;
  const folders = p.workspaceFolders?.length ? p.workspaceFolders.map((f) => f.uri) : p.rootUri ? [p.rootUri] : [];
  return {
    clientCommands: o.clientCommands === true,
    workDoneProgress: p.capabilities.window?.workDoneProgress === true,
    configuration: p.capabilities.workspace?.configuration === true,
    showDocument: p.capabilities.window?.showDocument?.support === true,
    positionEncoding,
    folders,
  };
}

/**
 * The settings to start with. VS Code sends its Workspace Trust as `trusted`. Other editors have no such thing:
 * there the server trusts the workspace unless told `trusted: false`, and probes by itself only with the
 * opt-in probeOnOpen / probeOnSave (both off by default); explicit commands always work.
 */
export function initialSettings(p: InitializeParams, profile: ClientProfile): Settings {
  const { clientCommands: _, ...given } = (p.initializationOptions ?? {}) as InitializationOptions;
  // The extension sends Settings as they are; other clients the settings' own keys (timeout, problems.severities…).
  if (profile.clientCommands) return { ...DEFAULT_SETTINGS, ...given };
  const section = (given as { connectionDoctor?: { trusted?: unknown } }).connectionDoctor;
  return { ...DEFAULT_SETTINGS, trusted: given.trusted !== false && section?.trusted !== false, ...settingsFromConfig(given) };
}
