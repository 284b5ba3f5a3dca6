// Where a probe runs: this machine, or another one reached over ssh, docker exec or wsl.exe.

export type Vantage =
  | { kind: 'local'; label: 'local' }
  | { kind: 'ssh'; label: string; host: string; user?: string; port?: number }
  | { kind: 'docker'; label: string; container: string }
  | { kind: 'wsl'; label: string; distro: string };

export class VantageError extends Error {}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `local`, `ssh://[user@]host[:port]`, `docker://<container>`, `wsl://<distro>`; a one-line error otherwise. */
export function parseVantage(spec: string): Vantage {
  if (spec === 'local') return { kind: 'local', label: 'local' };
  const m = /^(ssh|docker|wsl):\/\/(.*)$/i.exec(spec);
  if (!m) throw new VantageError(`--from takes ssh://[user@]host[:port], docker://<container>, wsl://<distro> or local, not '${shown(spec)}'`);
  const kind = m[1].toLowerCase();
  const rest = m[2].replace(/\/$/, '');
  if (kind === 'ssh') {
    const s = /^(?:([^@:/]+)(:[^@]*)?@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(rest);
    if (s?.[2] !== undefined) throw new VantageError('--from ssh://: no passwords in the URL; use an ssh key or agent (ssh -o BatchMode=yes never prompts)');
    if (!s || (s[4] !== undefined && (Number(s[4]) < 1 || Number(s[4]) > 65535)) || s[3].startsWith('-')) {
      throw new VantageError(`--from: '${shown(spec)}' is not ssh://[user@]host[:port]`);
    }
    const user = s[1];
    if (user !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(user)) throw new VantageError(`--from: '${shown(spec)}': unusual user name`);
    const host = s[3].replace(/^\[|\]$/g, '');
    const port = s[4] === undefined ? undefined : Number(s[4]);
    const label = `ssh://${user ? `${user}@` : ''}${s[3]}${port ? `:${port}` : ''}`;
    return { kind: 'ssh', label, host, user, port };
  }
  // Names are handed to docker / wsl.exe as arguments: nothing that reads as an option or a path.
  if (!NAME.test(rest)) throw new VantageError(`--from ${kind}://: '${shown(rest)}' is not a ${kind === 'docker' ? 'container' : 'distribution'} name`);
  return kind === 'docker' ? { kind: 'docker', label: `docker://${rest}`, container: rest } : { kind: 'wsl', label: `wsl://${rest}`, distro: rest };
}

/** Every vantage once, this machine first. */
export function vantagesFrom(specs: readonly string[]): Vantage[] {
  const out: Vantage[] = [{ kind: 'local', label: 'local' }];
  for (const spec of specs) {
    const v = parseVantage(spec);
    if (!out.some((o) => o.label === v.label)) out.push(v);
  }
  return out;
}

/** A spec in an error message: a `user:secret@` never echoed. */
function shown(s: string): string {
  return s.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@').slice(0, 200);
}
