// conndoc why [--probe] [--json] '<error text>' | -   (what an error message means; with --probe, which it is)
import { comparisonLine } from '../error-text/compare';
import { readErrorMessage, type ErrorReading } from '../error-text/read';
import { knowledgeEntry } from '../probe/knowledge';
import { redactText } from '../vocabulary/redact';
import type { Result } from '../vocabulary/types';
import { UsageError, type ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { exitCodeFor, writeJson } from './output';
import { formatResult } from './report';
import { painter, wantsColor, type Paint } from './style';
import { outsideText, terminalSafe } from './terminal-safe';

/** Piped logs can be large; the reader looks at the first MAX_MESSAGE_CHARS anyway. */
const MAX_STDIN_BYTES = 1 << 20;

export async function whyCommand(cmd: ParsedCommand): Promise<number> {
  const text = await messageOf(cmd.positionals);
  const reading = readErrorMessage(text);
  let results: Result[] | undefined;
  let interrupted = false;
  if (cmd.why.probe && reading.url) {
    const { probeAll } = await import('../probe/schedule');
    const url = reading.url;
    const run = await withInterrupt((signal) => probeAll([url], { ...cmd.probe, signal }));
    results = run.value;
    interrupted = run.interrupted;
  }
  if (cmd.json) {
    writeJson({
      message: redactText(reading.message),
      client: reading.client ?? null,
      host: reading.host ?? null,
      port: reading.port ?? null,
      ids: reading.ids,
      explanation: explanationOf(reading),
      url: reading.url === undefined ? null : redactText(reading.url),
      matches: reading.matches.map((m) => ({ client: m.client, name: m.name, meaning: m.meaning, hides: m.hides ?? null, ids: m.ids, source: m.source })),
      ...(results ? { results } : {}),
    });
  } else {
    const paint = painter(wantsColor(process.stdout));
    process.stdout.write(`${formatReading(reading, paint, cmd.why.probe)}\n`);
    if (results) for (const r of results) process.stdout.write(`\n${formatResult(r, paint)}\n${terminalSafe(comparisonLine(reading.ids, r))}\n`);
  }
  if (interrupted) return INTERRUPTED_EXIT;
  if (results) return exitCodeFor(results);
  return reading.matches.length ? 0 : 1;
}

async function messageOf(positionals: string[]): Promise<string> {
  const fromStdin = positionals.length === 0 ? !process.stdin.isTTY : positionals.length === 1 && positionals[0] === '-';
  const text = fromStdin ? await readStdin() : positionals.join(' ');
  if (!text.trim()) throw new UsageError(`why needs an error message: conndoc why '<error text>', or pipe it: … 2>&1 | conndoc why`);
  return text.trim();
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (b: Buffer) => {
      if (size >= MAX_STDIN_BYTES) return;
      chunks.push(b);
      size += b.length;
    });
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

/** The meaning, what it hides, and what each candidate id is, in plain words. */
export function explanationOf(reading: ErrorReading): string {
  const top = reading.matches[0];
  if (!top) return 'Connection Doctor does not recognise this message. If it names a host, probe it: conndoc probe <url>.';
  const can = reading.ids.map((id) => `${id} (${knowledgeEntry(id)?.title ?? id})`);
  return [top.meaning, top.hides, can.length === 1 ? `It is ${can[0]}.` : `It can be: ${can.join('; ')}.`].filter(Boolean).join(' ');
}

/** The reading in words. Only the URL, host and port come from the pasted text: they are escaped one by one, the colours are not. */
function formatReading(reading: ErrorReading, paint: Paint, probing: boolean): string {
  const out: string[] = [];
  const shown = (text: string | number): string => outsideText(String(text));
  const top = reading.matches[0];
  if (!top) {
    out.push(paint('yellow', 'Not a message Connection Doctor knows.'));
    out.push('It reads error text from curl, OpenSSL, Node/undici, browsers (net::ERR_*), Go, Python, Java, .NET, npm, git, docker, kubectl and ssh.');
    if (reading.url) out.push(`It names ${shown(reading.url)}: conndoc probe ${shown(reading.url)}`);
    return out.join('\n');
  }
  const by = reading.client ? paint('dim', ` (printed by ${reading.client})`) : '';
  out.push(`${paint('bold', top.name)}${by}`);
  out.push(`  ${top.meaning}`);
  if (top.hides) out.push(`  ${paint('dim', top.hides)}`);
  out.push('');
  out.push(paint('bold', reading.ids.length === 1 ? 'It is:' : 'It can be:'));
  const width = Math.max(...reading.ids.map((id) => id.length));
  for (const id of reading.ids) out.push(`  ${paint('yellow', id.padEnd(width))}  ${knowledgeEntry(id)?.title ?? ''}`.trimEnd());
  const others = reading.matches.slice(1).filter((m) => m.name !== top.name);
  if (others.length) out.push(paint('dim', `  (also read: ${others.map((m) => m.name).join('; ')})`));
  if (reading.host) {
    out.push('');
    out.push(`${paint('bold', 'It names:')} ${shown(reading.host)} port ${shown(reading.port ?? '')}`);
    if (reading.url && !probing) {
      const url = shown(reading.url);
      out.push(reading.ids.length > 1 ? `To tell them apart, probe it: conndoc why --probe … (or conndoc probe ${url})` : `To see it from here: conndoc probe ${url}`);
    } else if (!reading.url) out.push(`conndoc does not probe that port; check it with: nc -vz ${shown(reading.host)} ${shown(reading.port ?? '')}`);
  }
  return out.join('\n');
}

