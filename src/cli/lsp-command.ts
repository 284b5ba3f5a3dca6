// conndoc lsp --stdio | --node-ipc: the language server for any LSP client. The CLI never imports LSP code
// (design.md): the server is its own bundle beside this one, loaded by path in this process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { UsageError } from './args';

/** dist/server.js beside dist/cli.js; out/src/server/server.js when run from the tsc output (tests). */
function serverModule(): string {
  const bundled = join(__dirname, 'server.js');
  return existsSync(bundled) ? bundled : join(__dirname, '../server/server.js');
}

export function lspCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('conndoc lsp --stdio | --node-ipc\n  the language server (diagnostics, hovers, code actions, workspace/executeCommand); see README "Other editors"\n');
    return Promise.resolve(0);
  }
  const transports = argv.filter((a) => a === '--stdio' || a === '--node-ipc') as string[];
  // Editors may append --clientProcessId=<pid> (the server then exits with its editor).
  const unknown = argv.filter((a) => !transports.includes(a) && !/^--clientProcessId=\d+$/.test(a));
  if (unknown.length) throw new UsageError(`lsp: unknown option '${unknown[0]}' (lsp takes --stdio or --node-ipc)`);
  if (transports.length !== 1) throw new UsageError('lsp: give exactly one transport: --stdio (an editor) or --node-ipc (a Node parent)');
  if (transports[0] === '--node-ipc' && typeof process.send !== 'function') throw new UsageError('lsp --node-ipc needs an IPC channel (child_process.fork); from a terminal or an editor use --stdio');
  createRequire(__filename)(serverModule());
  // The server ends the process itself (exit notification, or the editor going away).
  return new Promise<number>(() => undefined);
}
