// conndoc scan [options] [path...]: walk, extract, de-duplicate targets, probe, report (human, JSON, SARIF).
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { scanPaths } from '../discover/scan';
import { dedupeTargets } from '../discover/targets';
import type { probeEach as probeEachType } from '../probe/schedule';
import { redactSecrets } from '../vocabulary/redact';
import type { Result } from '../vocabulary/types';
import type { whyUnprobeable as whyUnprobeableType } from '../probe/validate';
import { UsageError, type ParsedCommand } from './args';
import { INTERRUPTED_EXIT, withInterrupt } from './interrupt';
import { lifetimeProgress } from './lifetime-report';
import { exitCodeFor, indentedJson, jsonResultStream, summaryLine, tally, type Tally } from './output';
import { formatMs, formatReport, type ReportDepth } from './report';
import { painter, wantsColor } from './style';
import { echo, terminalSafe, withPunycode } from './terminal-safe';

/** A status line on stderr that rewrites itself; only on a TTY, nothing when piped. */
function progressLine(): { update(text: string): void; done(): void } {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      process.stderr.write('\r\x1b[2K');
    },
  };
}

/** The probe engine, loaded only when there is something to probe: `scan --no-probe` starts faster without it. */
async function loadEngine(): Promise<{ probeEach: typeof probeEachType; whyUnprobeable: typeof whyUnprobeableType }> {
  const [{ probeEach }, { whyUnprobeable }] = await Promise.all([import('../probe/schedule'), import('../probe/validate')]);
  return { probeEach, whyUnprobeable };
}

/** What the human report and SARIF need of a result once it was printed or streamed: never the whole Result. */
export interface Kept {
  ok: boolean;
  id: Result['id'];
  title: string;
  totalMs?: number;
  /** Failures only: the formatted report block, and what SARIF's rule and message say. */
  report?: string;
  sarif?: Pick<Result, 'id' | 'ok' | 'url' | 'title' | 'explanation' | 'remediation'>;
}

export async function scanCommand(cmd: ParsedCommand): Promise<number> {
  const paths = cmd.positionals.length ? cmd.positionals : ['.'];
  // Find out now, not after a long scan, that the SARIF file cannot be written.
  if (cmd.scan.sarif) sarifWritable(cmd.scan.sarif);
  const progress = progressLine();
  const jsonOut = jsonWriter();
  // Listing outruns any reader (`| jq`): to a pipe Node queues what the reader has not taken yet, and a file of
  // a million URLs queued 400 MiB of JSON. Writes that wait for the reader hold none. Not while probing: a
  // reader that pauses (`| less`) would stall the probes in flight and stretch their timings.
  if (cmd.json && cmd.scan.noProbe) blockingStdout();
  const { value, interrupted } = await withInterrupt(async (signal) => {
    // The toolchain first: its section heads the human report, its endpoints lead the JSON's urls and results.
    const toolchain = cmd.scan.toolchain
      ? await (await import('./toolchain-section')).runToolchain(paths, cmd.scan.tools, { ...cmd.probe, signal }, { noProbe: cmd.scan.noProbe, human: !cmd.json })
      : undefined;
    if (toolchain && cmd.json) jsonOut.urls(toolchain.urls.map((u) => JSON.stringify(u)).join(URL_SEPARATOR), toolchain.urls.length);
    let files = 0;
    let found = 0;
    const scan = await scanPaths(paths, {
      // --json --no-probe: the workers write the entries, streamed out in walk order as they come.
      json: cmd.json && cmd.scan.noProbe ? { separator: URL_SEPARATOR, write: (entries, count) => jsonOut.urls(entries, count) } : undefined,
      excludes: cmd.scan.excludes,
      gitignore: cmd.scan.gitignore,
      maxFileBytes: cmd.scan.maxFileBytes,
      signal,
      onProgress: (p) => {
        files = p.files;
        found = p.urls;
        progress.update(`scanning: ${files} files, ${found} URLs`);
      },
    });
    // --no-probe lists what was found: no targets to build (it is the hot path on big workspaces), and
    // the probe engine is not even loaded.
    const engine = cmd.scan.noProbe ? undefined : await loadEngine();
    const targets = !engine ? [] : dedupeTargets(scan.urls).filter((t) => {
      const why = engine.whyUnprobeable(t.probeUrl);
      if (why) {
        const at = t.locations[0];
        process.stderr.write(`conndoc: ${at ? terminalSafe(`${at.file}:${at.line}:${at.column}: `) : ''}${echo(redactSecrets(t.url ?? t.probeUrl))}: ${why}\n`);
      }
      return !why;
    });
    let done = 0;
    const counts = tally();
    // Each result is streamed (--json) or reduced to what the report needs, then dropped.
    const kept: Kept[] = [];
    let json: ReturnType<typeof jsonResultStream> | undefined;
    if (cmd.json && engine) {
      for (const line of notableSkips(scan)) process.stderr.write(`conndoc: ${line}\n`);
      writeUrls(scan, jsonOut);
      json = jsonResultStream(`${jsonOut.count() ? '\n  ' : '{\n  "urls": ['}],\n  "results": [`);
    }
    const lead = toolchain?.results.length ?? 0;
    if (json) toolchain?.results.forEach((r, i) => json?.add(r, i));
    const paint = painter(wantsColor(process.stdout));
    if (engine && !signal.aborted) {
      await engine.probeEach(targets.map((t) => t.probeUrl), { ...cmd.probe, signal, onProgress: cmd.probe.lifetime ? lifetimeProgress(process.stderr, { line: false }) : undefined }, (r, i) => {
        done++;
        counts.add(r);
        json?.add(r, lead + i);
        kept[i] = keep(r, cmd.json ? undefined : cmd.verbose ? 'verbose' : 'compact', !!cmd.scan.sarif, paint);
        progress.update(`probing: ${done}/${targets.length} targets (${scan.urls.length} URLs in ${scan.files} files)`);
      });
    }
    progress.done();
    json?.end(toolchain?.json === undefined ? '' : `,\n  "toolchain": ${indentedJson(toolchain.json, 1)}`);
    let started = 0;
    while (started < kept.length && kept[started] !== undefined) started++;
    return { scan, targets, kept: kept.slice(0, started), counts, streamed: !!json, toolchain };
  });
  const { scan, targets, kept, counts, streamed, toolchain } = value;
  // The summary and exit status count the toolchain's endpoints too (they lead the JSON's results).
  const all: Tally = { probed: counts.probed + (toolchain?.results.length ?? 0), failed: counts.failed + (toolchain?.results.filter((r) => !r.ok).length ?? 0) };

  if (cmd.scan.sarif) {
    const { toSarif } = await import('./sarif');
    const log = toSarif(targets.slice(0, kept.length).flatMap((t, i) => {
      const k = kept[i];
      return k.sarif ? [{ target: t.probeUrl, locations: t.locations, result: k.sarif }] : [];
    }));
    try {
      writeFileSync(cmd.scan.sarif, `${JSON.stringify(log, null, 2)}\n`);
    } catch (e) {
      throw sarifError(cmd.scan.sarif, e);
    }
  }
  if (cmd.json && !streamed) {
    // --no-probe (or nothing to probe): the document keeps the contract's shape with no results.
    for (const line of notableSkips(scan)) process.stderr.write(`conndoc: ${line}\n`);
    writeUrls(scan, jsonOut);
    jsonOut.end(toolchain?.results ?? [], toolchain?.json);
  } else if (!cmd.json) {
    printHuman(scan, targets, kept, counts, cmd.scan.noProbe, cmd.verbose);
    if (toolchain?.results.length) process.stdout.write(`${summaryLine(all)} (with the toolchain's ${toolchain.results.length})\n`);
  }
  if (interrupted) return INTERRUPTED_EXIT;
  return exitCodeFor(all);
}

function keep(r: Result, human: ReportDepth | undefined, sarif: boolean, paint: ReturnType<typeof painter>): Kept {
  const k: Kept = { ok: r.ok, id: r.id, title: r.title, totalMs: r.totalMs };
  if (!r.ok && human) k.report = formatReport(r, paint, human);
  if (!r.ok && sarif) k.sarif = { id: r.id, ok: r.ok, url: r.url, title: r.title, explanation: r.explanation, remediation: r.remediation };
  return k;
}

/** The URLs the walk found and did not stream already, in chunks. */
function writeUrls(scan: Scan, jsonOut: ReturnType<typeof jsonWriter>): void {
  for (let i = 0; i < scan.urls.length; i += 2000) {
    const part = scan.urls.slice(i, i + 2000);
    jsonOut.urls(part.map((u) => JSON.stringify({ url: u.url, file: u.file, line: u.line, column: u.column })).join(URL_SEPARATOR), part.length);
  }
}

/** Between two entries of the contract's "urls" array. */
const URL_SEPARATOR = ',\n    ';

/** The contract's scan JSON, written in chunks as URLs come: a big workspace's URL list never sits in memory. */
function jsonWriter(): { urls(entries: string, count: number): void; count(): number; end(results: Result[], toolchain?: unknown): void } {
  let written = 0;
  return {
    urls(entries, count) {
      if (!count) return;
      process.stdout.write(`${written ? ',' : '{\n  "urls": ['}\n    ${entries}`);
      written += count;
    },
    count: () => written,
    end(results, toolchain) {
      const resultsJson = indentedJson(results, 1);
      const toolchainJson = toolchain === undefined ? '' : `,\n  "toolchain": ${indentedJson(toolchain, 1)}`;
      process.stdout.write(`${written ? '\n  ' : '{\n  "urls": ['}],\n  "results": ${resultsJson}${toolchainJson}\n}\n`);
    },
  };
}

type Scan = Awaited<ReturnType<typeof scanPaths>>;
type Target = ReturnType<typeof dedupeTargets>[number];

function printHuman(scan: Scan, targets: Target[], kept: Kept[], counts: Tally, noProbe: boolean, verbose: boolean): void {
  const paint = painter(wantsColor(process.stdout));
  const byTarget = new Map<string, Kept>();
  targets.forEach((t, i) => kept[i] && byTarget.set(t.probeUrl, kept[i]));
  const byProbeUrlOfLocation = new Map<string, string>();
  for (const t of targets) for (const l of t.locations) byProbeUrlOfLocation.set(`${l.file}:${l.line}:${l.column}`, t.probeUrl);

  const byFile = new Map<string, Scan['urls']>();
  for (const u of scan.urls) {
    const list = byFile.get(u.file);
    if (list) list.push(u);
    else byFile.set(u.file, [u]);
  }
  const out: string[] = [];
  for (const [file, urls] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(paint('bold', terminalSafe(file))); // a file name in an untrusted repository is its author's text
    for (const u of urls) {
      const r = byTarget.get(byProbeUrlOfLocation.get(`${u.file}:${u.line}:${u.column}`) ?? '');
      const pos = paint('dim', `${u.line}:${u.column}`.padEnd(8));
      const verdict = noProbe || !r ? '' : r.ok
        ? `  ${paint('green', '✓')} ${paint('dim', `${r.id}${r.totalMs !== undefined ? ` · ${formatMs(r.totalMs)}` : ''}`)}`
        : `  ${paint('red', `✗ ${r.id}`)} ${paint('dim', terminalSafe(r.title))}`;
      out.push(`  ${pos} ${terminalSafe(withPunycode(redactSecrets(u.url)))}${verdict}`);
    }
    out.push('');
  }
  const failures = kept.filter((k) => !k.ok);
  if (failures.length) {
    out.push(paint('bold', 'Failures'), '');
    for (const k of failures) out.push(k.report ?? '', '');
    if (!verbose) out.push(paint('dim', 'The full report of a failure: --verbose, or conndoc probe <url>.'), '');
  }
  const notable = notableSkips(scan);
  if (notable.length) out.push(paint('bold', 'Not fully scanned'), ...notable.map((l) => `  ${l}`), '');
  const cut = notableCount(scan);
  const expected = scan.skipped.length - cut;
  const skipped = (cut ? ` · ${cut} not fully scanned` : '') + (expected ? paint('dim', ` · ${expected} skipped (binary, links or special files)`) : '');
  out.push(`${scan.urls.length} URLs in ${byFile.size} of ${scan.files} files${skipped}`);
  if (!noProbe) out.push(summaryLine(counts));
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Skips a user expects (R1: binary files, links not followed, FIFOs and devices) are only counted; the rest is worth a line. */
const EXPECTED_SKIP = /^(binary|symbolic link|not a regular file)/;
const MAX_LISTED = 20;

function notableCount(scan: Scan): number {
  return scan.skipped.filter((s) => !EXPECTED_SKIP.test(s.reason)).length;
}

/** "file: reason" for files cut short at the byte cap, unreadable or vanished (at most 20, then a count). */
function notableSkips(scan: Scan): string[] {
  const all = scan.skipped.filter((s) => !EXPECTED_SKIP.test(s.reason));
  const lines = all.slice(0, MAX_LISTED).map((s) => terminalSafe(`${s.file}: ${s.reason}`));
  if (all.length > MAX_LISTED) lines.push(`… and ${all.length - MAX_LISTED} more`);
  return lines;
}

function sarifError(file: string, e: unknown): UsageError {
  return new UsageError(`--sarif: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

function sarifWritable(file: string): void {
  try {
    closeSync(openSync(file, 'a'));
  } catch (e) {
    throw sarifError(file, e);
  }
}

/** Makes writes to a pipe on stdout wait for the reader, where Node's handle allows it (a terminal or file already does). */
function blockingStdout(): void {
  const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (on: boolean) => number } })._handle;
  if (!process.stdout.isTTY) handle?.setBlocking?.(true);
}
