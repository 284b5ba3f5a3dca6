// conndoc lab [--for <seconds>] [--json]: start the fault lab, list each case with the flags that reach it,
// and keep serving until Ctrl-C / SIGTERM or --for seconds have passed.
import { startLab, type LabCase } from '../lab';
import { painter, wantsColor } from './style';

interface LabArgs {
  forSeconds?: number;
  json: boolean;
}

function parseLabArgs(argv: string[]): LabArgs {
  const out: LabArgs = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--for=') ? ['--for', a.slice(6)] : [a, undefined];
    if (flag === '--json') out.json = true;
    else if (flag === '--for') {
      const v = inline ?? argv[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new Error(`--for needs a number of seconds, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
      out.forSeconds = n;
    } else throw new Error(`lab: unknown option ${a} (usage: conndoc lab [--for <seconds>] [--json])`);
  }
  return out;
}

/** A flag value as a shell would need it. */
const shellWord = (s: string): string => (s === '' ? "''" : /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function caseCommandLine(c: LabCase): string {
  return ['conndoc', 'probe', ...c.args.map(shellWord), shellWord(c.url)].join(' ');
}

function table(cases: LabCase[], color: boolean): string {
  const paint = painter(color);
  const nameW = Math.max(...cases.map((c) => c.name.length));
  const idW = Math.max(...cases.map((c) => c.expect.id.length));
  const lines: string[] = [];
  for (const c of cases) {
    const findings = c.expect.findings.length ? ` [${c.expect.findings.join(', ')}]` : '';
    const needs = c.requires ? paint('yellow', ` (needs ${c.requires === 'root' ? 'root: run inside unshare --net after: ' + (c.netns ?? []).join('; ') : '::1'})`) : '';
    lines.push(`${paint('bold', c.name.padEnd(nameW))}  ${paint('cyan', c.expect.id.padEnd(idW))}${findings}${needs}`);
    lines.push(`${' '.repeat(nameW + 2)}${paint('dim', c.description)}`);
    lines.push(`${' '.repeat(nameW + 2)}${caseCommandLine(c)}`);
  }
  return lines.join('\n') + '\n';
}

export async function labCommand(argv: string[]): Promise<number> {
  const args = parseLabArgs(argv);
  // Listen for the stop signals before printing: whoever reads the listing may stop us at once.
  let timer: NodeJS.Timeout | undefined;
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  let lab: Awaited<ReturnType<typeof startLab>> | undefined;
  try {
    lab = await startLab();
    if (args.json) {
      const doc = {
        caFile: lab.caFile,
        dnsServer: lab.dnsServer,
        cases: lab.cases.map((c) => ({ ...c, command: caseCommandLine(c) })),
      };
      process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    } else {
      const color = wantsColor(process.stdout);
      const paint = painter(color);
      process.stdout.write(table(lab.cases, color));
      const until = args.forSeconds !== undefined ? `for ${args.forSeconds} s` : 'until Ctrl-C';
      process.stdout.write(paint('bold', `\nFault lab up: ${lab.cases.length} cases on loopback, lab CA in ${lab.caFile}, DNS ${lab.dnsServer}; serving ${until}.\n`));
    }
    if (args.forSeconds !== undefined) timer = setTimeout(stop, args.forSeconds * 1000);
    await stopped;
    return 0;
  } finally {
    stop();
    await lab?.close();
  }
}
