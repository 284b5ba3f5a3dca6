// How the editor talks to the server. vscode-languageserver reads the same flags from argv, but without one it
// throws "Connection input stream is not set" with a stack: here the user gets one line and exit status 2.

export const TRANSPORT_HINT = 'start it as `conndoc lsp --stdio` (Neovim, Helix, Emacs, Zed) or `--node-ipc` (a Node parent with an IPC channel)';

/** undefined when argv names a transport the server can use; else the one line to print. */
export function transportProblem(argv: readonly string[], hasIpcChannel: boolean): string | undefined {
  const flag = argv.find((a) => a === '--stdio' || a === '--node-ipc' || /^--(socket|pipe)(=|$)/.test(a));
  if (!flag) return `no transport given: ${TRANSPORT_HINT}`;
  if (flag === '--node-ipc' && !hasIpcChannel) return `--node-ipc needs an IPC channel (child_process.fork); from a terminal or an editor use --stdio`;
  return undefined;
}
