// Runs a command on a vantage (ssh, docker exec, wsl.exe) with stdin fed from here: bounded in time and
// output, cancelled with the caller's signal, and nothing written on the other side.
import { spawn } from 'node:child_process';
import type { Vantage } from './spec';

export interface ChannelRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const STDOUT_CAP = 32 * 1024 * 1024;
const STDERR_CAP = 64 * 1024;

/** POSIX shell single-quoting: ssh hands the remote shell one string, so every word is quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The local program and arguments that run `argv` on the vantage. */
export function commandFor(v: Exclude<Vantage, { kind: 'local' }>, argv: string[], env: NodeJS.ProcessEnv = process.env): [string, string[]] {
  switch (v.kind) {
    case 'ssh': {
      // CONNDOC_SSH_COMMAND works like git's GIT_SSH_COMMAND (e.g. "ssh -F ~/.ssh/lab_config"); words split on spaces.
      const [ssh, ...base] = (env.CONNDOC_SSH_COMMAND?.trim() || 'ssh').split(/\s+/);
      const opts = ['-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3'];
      if (v.port) opts.push('-p', String(v.port));
      if (v.user) opts.push('-l', v.user);
      return [ssh, [...base, ...opts, '--', v.host, argv.map(shellQuote).join(' ')]];
    }
    case 'docker':
      return ['docker', ['exec', '-i', v.container, ...argv]];
    case 'wsl':
      // --exec runs the program itself; without it wsl.exe hands the words to the distribution's shell to re-parse.
      return ['wsl.exe', ['-d', v.distro, '--exec', ...argv]];
  }
}

export function runOn(v: Exclude<Vantage, { kind: 'local' }>, argv: string[], opts: { stdin?: Buffer; deadlineMs: number; signal?: AbortSignal }): Promise<ChannelRun> {
  const [file, args] = commandFor(v, argv);
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const stop = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.deadlineMs);
    opts.signal?.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (stdout.length > STDOUT_CAP) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < STDERR_CAP) stderr += s;
    });
    child.stdin.on('error', () => undefined); // the far side may exit before reading all of it (no node there)
    child.stdin.end(opts.stdin ?? Buffer.alloc(0));
    const done = (code: number | null): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', stop);
      resolve({ code, stdout, stderr, timedOut });
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      stderr += `${file}: ${e.code ?? e.message}\n`;
      done(null);
    });
    child.once('close', (code) => done(code));
  });
}
