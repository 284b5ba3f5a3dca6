// The contract between the extension, the language server and the webview: every custom message, typed once.
// The webview imports this file with `import type` only, so its bundle carries none of the LSP library.
import { NotificationType, RequestType, type Position, type Range, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { Sides } from './protocol-sides';
import type { Origin, ToolName, ToolProxy } from './vocabulary/toolchain';
import type { Result } from './vocabulary/types';

export type { Result };
// Plain values live in protocol-values.ts so the extension's eager code and the webview stay free of the LSP library.

/** Settings the client hands the server. The server process gets none of VS Code's proxy/CA patching, so they travel here. */
export interface Settings {
  timeoutMs: number;
  concurrency: number;
  perHost: number;
  repeat: number;
  probeOnOpen: boolean;
  probeOnSave: boolean;
  excludes: string[];
  caFile: string;
  insecure: boolean;
  /** Packet evidence (tcpdump) per probe: auto = when the machine permits capture. */
  packetCapture: 'auto' | 'off';
  /** curl-style overrides: "host:port" → addresses. */
  resolve: Record<string, string[]>;
  /** http.proxy ('' = take the environment's). */
  proxy: string;
  /** http.noProxy. */
  noProxy: string[];
  /** http.proxyStrictSSL. */
  proxyStrictSSL: boolean;
  /** connectionDoctor.pac: a PAC file (URL or path), '' = none. */
  pac: string;
  /** connectionDoctor.allowDirect: after a proxied failure, also probe direct. */
  allowDirect: boolean;
  /** Workspace Trust: false = nothing probes by itself. */
  trusted: boolean;
  /** Which severities go to the Problems panel. */
  severities: Severity[];
}

/** Error: the path failed; Warning: an answer that is a policy or a state; Information: a finding on a healthy URL. */
export type Severity = 'error' | 'warning' | 'information';


export type EntryState = 'found' | 'probing' | 'done';

/** One URL at one place (or typed by the user). Everything in it is safe to show: the url is redacted. */
export interface UrlEntry {
  /** Server-assigned; valid while the document does not change the URL at that place. */
  id: string;
  /** Document URI, or ADHOC_URI for URLs typed into "Probe URL…". */
  uri: string;
  url: string;
  scheme: string;
  host: string;
  port?: number;
  /** 0-based, UTF-16 (LSP). */
  range: Range;
  state: EntryState;
  result?: Result;
  /** The last probe was cancelled in this phase (after contact); the entry has no new result. */
  cancelledDuring?: string;
  /** The host asked (429/503 Retry-After) not to be contacted before this time (epoch ms). */
  waitingUntil?: number;
  /** The result was kept from before a window reload: when it was probed, and why it may no longer hold. */
  restored?: Restored;
  /** In a remote window: what this computer (the UI side) saw of the same URL (extension-side only). */
  here?: Sides;
}

/** `old`: older than connectionDoctor.staleAfterMinutes; `changed`: the file was modified after the probe. */
export interface Restored {
  at: number;
  stale?: 'old' | 'changed';
}


/**
 * Server → client: the full list of entries for one URI, or with `delta` only the entries that changed (same ids,
 * replaced in place). A list that changes shape (discovery, clear) always comes whole.
 */
export interface EntriesParams {
  uri: string;
  entries: UrlEntry[];
  delta?: boolean;
}
export const EntriesNotification = new NotificationType<EntriesParams>('connectionDoctor/entries');

/**
 * `initializationOptions`: any Settings (merged over the defaults), and from the VS Code extension `clientCommands`:
 * it implements the connectionDoctor.* commands and runs `command:` links in hovers, so code actions and hovers name
 * those and diagnostics link its explanation page. Other clients get the server's own commands (conndoc.*).
 */
export interface InitializationOptions extends Partial<Settings> {
  clientCommands?: boolean;
}

/** Client → server: settings changed, merged over the current ones (also sent as initializationOptions). */
export const SettingsNotification = new NotificationType<Settings>('connectionDoctor/settings');

/**
 * Client → server: probe something. Exactly one of:
 * `url` (typed by the user), `uri` + `position` (the URL there), `uri` (every URL in the file), `ids` (probe again).
 */
export interface ProbeParams extends WorkDoneProgressParams {
  url?: string;
  uri?: string;
  position?: Position;
  ids?: string[];
  /**
   * Untrusted workspace: the host:port pairs the user agreed to contact. If a target's is not among them, nothing is
   * probed and the response lists what to ask about (`unconfirmed`). Absent: trusted, probe everything.
   */
  hosts?: string[];
  /** Also a lifetime probe (idle reuse, WebSocket / SSE hold), with progress on `workDoneToken`. */
  lifetime?: { idleMaxSec: number };
}
export interface ProbeResponse {
  entries: UrlEntry[];
  /** Hosts to confirm before anything is probed (only when `hosts` was given and lacked some). */
  unconfirmed?: string[];
}
export const ProbeRequest = new RequestType<ProbeParams, ProbeResponse, void>('connectionDoctor/probe');

/** Client → server: find (and with `probe`, probe) every URL in the workspace folders, with work-done progress. */
export interface ScanParams extends WorkDoneProgressParams {
  folders: string[];
  probe: boolean;
}
export interface ScanResponse {
  files: number;
  urls: number;
  /** Distinct host:port pairs that probing contacts (or contacted). */
  hosts: string[];
  failing: number;
  cancelled: boolean;
}
export const ScanRequest = new RequestType<ScanParams, ScanResponse, void>('connectionDoctor/scan');

/**
 * Client → server: read the chosen tools' configuration files and probe each endpoint as that tool would (its CA,
 * proxy, TLS server name). Refused in an untrusted workspace. Secrets in those files never travel: only that one exists.
 */
export interface ToolchainParams {
  /** The tools the user opted into (reading outside the workspace is per tool). */
  tools: ToolName[];
  folders: string[];
  /** Read the tools' files as if this were the home directory; '' = the user's. */
  home: string;
  /** Variables that override the server's environment for reading and probing (KUBECONFIG, NPM_CONFIG_USERCONFIG…); '' unsets. */
  env: Record<string, string>;
}
/** One endpoint: what it is to the tool, where it was read, the tool's settings, and how the probe went. */
export interface ToolchainRow {
  tool: ToolName;
  what: string;
  url: string;
  from: Origin;
  ca?: { from: Origin; problem?: string };
  proxy?: ToolProxy;
  insecure?: { from: Origin };
  serverName?: string;
  notes: string[];
  differences: string[];
  fixes: string[];
  result?: Result;
}
export interface ToolchainResponse {
  /** Every file read, shown as `~/.npmrc`. */
  filesRead: string[];
  /** Where `~/` points, to open a file a row came from. */
  home: string;
  rows: ToolchainRow[];
  /** True when nothing was read: the workspace is not trusted. */
  untrusted?: boolean;
}
export const ToolchainRequest = new RequestType<ToolchainParams, ToolchainResponse, void>('connectionDoctor/toolchain');

/** One result as the client keeps it in workspace state (redacted like every entry). */
export interface SavedEntry {
  id: string;
  uri: string;
  url: string;
  range: Range;
  result: Result;
  /** When it was probed (epoch ms). */
  at: number;
}

/**
 * Client → server, once after start: the results kept from before the reload. Each goes back on the URL still
 * written at the same place (same id, same redacted URL); fresh results are never overwritten.
 */
export interface RestoreParams {
  entries: SavedEntry[];
  /** Older than this: marked stale. */
  staleAfterMs: number;
}
/** Answers how many results went back. */
export const RestoreRequest = new RequestType<RestoreParams, number, void>('connectionDoctor/restore');

/** Client → server: forget every result and diagnostic. */
export const ClearNotification = new NotificationType<void>('connectionDoctor/clear');

// ---- Webview messages: {type, …} both ways. ----

/** Host → webview. */
export type ToWebview =
  | { type: 'show'; entry: WebviewEntry }
  | { type: 'probing' };

/** What the page shows: the entry's safe fields and its result. */
export interface WebviewEntry {
  id: string;
  url: string;
  location?: string;
  result: Result;
  /** Set when the diagnosis started from an error message the user had (terminal, log, Explain Error Message…). */
  origin?: ErrorOrigin;
  /** A result kept from before a window reload (its age is shown). */
  restored?: Restored;
  /** In a remote window: this computer's side of the same URL. */
  here?: Sides;
}

/** The user's own error message, as read before the probe (redacted). */
export interface ErrorOrigin {
  text: string;
  client?: string;
  /** The table entry it was read as, e.g. "curl (35) SSL_ERROR_SYSCALL". */
  name?: string;
  meaning: string;
  hides?: string;
  /** The ids the message alone can stand for. */
  ids: string[];
}

/** Webview → host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'copy'; text: string }
  | { type: 'probeAgain'; id: string };

/** State the webview keeps through acquireVsCodeApi().setState, and the serializer restores from. */
export interface WebviewState {
  entry?: WebviewEntry;
}


