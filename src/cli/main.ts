#!/usr/bin/env node
// conndoc: the command line (../shared/cli-contract.md). Exit 0 all ok, 1 a probe failed, 2 bad usage/input.
import { parseCommandLine, USAGE } from './args';
import { explainCommand } from './explain-command';
import { probeCommand } from './probe-command';
import { scanCommand } from './scan-command';
import { demoCommand } from './demo-command';
import { labCommand } from './lab';

declare const PACKAGE_VERSION: string | undefined;

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
      return probeCommand(cmd);
    case 'scan':
      return scanCommand(cmd);
    case 'explain':
      return explainCommand(cmd);
    case 'lab':
      return labCommand(cmd.rest);
    case 'demo':
      return demoCommand(cmd);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Usage errors and unreadable input alike: one line on stderr, exit 2 (the contract has no other code).
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`conndoc: ${message.split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
