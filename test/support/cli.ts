// Runs the real, bundled `conndoc` (dist/cli.js) as a child process, always under a hard deadline.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Killed (SIGKILL) past this; the test then fails on the exit code, never hangs. */
  deadlineMs?: number;
  uid?: number;
  gid?: number;
}

/** A started CLI: its output so far, and a promise of how it ended. */
export interface CliHandle {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliRun>;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
}

export function startCli(args: string[], opts: CliOptions = {}): CliHandle {
  assertBuilt();
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const spawnOpts: SpawnOptions = { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] };
  if (opts.uid !== undefined) spawnOpts.uid = opts.uid;
  if (opts.gid !== undefined) spawnOpts.gid = opts.gid;
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], spawnOpts);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.deadlineMs ?? 60_000);
  const done = new Promise<CliRun>((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout: out, stderr: err, ms: Date.now() - started });
    });
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return startCli(args, opts).done;
}

/** Parses the CLI's --json stdout, with the raw text in the error when it is not JSON. */
export function parseJson<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}
