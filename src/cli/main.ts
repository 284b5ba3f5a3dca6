#!/usr/bin/env node
// conndoc: the command line (../shared/cli-contract.md). Exit 0 all ok, 1 a probe failed, 2 bad usage/input.
import { parseCommandLine, USAGE } from './args';
import { echo } from './terminal-safe';

declare const PACKAGE_VERSION: string | undefined;

// Each command's modules are loaded when it runs: `scan --no-probe` never evaluates the probe engine.
async function main(argv: string[]): Promise<number> {
  const cmd = parseCommandLine(argv);
  switch (cmd.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev'}\n`);
      return 0;
    case 'probe':
      return (await import('./probe-command')).probeCommand(cmd);
    case 'scan':
      return (await import('./scan-command')).scanCommand(cmd);
    case 'explain':
      return (await import('./explain-command')).explainCommand(cmd);
    case 'why':
      return (await import('./why-command')).whyCommand(cmd);
    case 'env':
      return (await import('./env-command')).envCommand(cmd);
    case 'lab':
      return (await import('./lab')).labCommand(cmd.rest);
    case 'demo':
      return (await import('./demo-command')).demoCommand(cmd);
    case 'compare':
      return (await import('./compare-command')).compareCommand(cmd);
    case 'serve':
      return (await import('./serve-command')).serveCommand(cmd.rest);
    case 'lsp':
      return (await import('./lsp-command')).lspCommand(cmd.rest);
  }
}

// `conndoc scan | head`: the reader went away; stop quietly instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Usage errors and unreadable input alike: one line on stderr, exit 2 (the contract has no other code).
    const message = e instanceof Error ? e.message : String(e);
    // The message often quotes the command line (a bad URL, --proxy, --resolve): escaped like server text.
    process.stderr.write(`conndoc: ${echo(message.split('\n')[0], 500)}\n`);
    process.exitCode = 2;
  },
);
