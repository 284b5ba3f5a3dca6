// The reports a user and a script read: `conndoc explain --json` carries the whole entry (the contract's four
// fields, then culprits, the evidence that reorders them and the confirm commands), run as the real CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJson, runCli } from '../support/cli';

/** A loopback port with nothing listening (bound, then closed): a real `tcp.refused`. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** The lines of the "Failures" section of a human scan report. */
function failuresSection(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf('Failures');
  assert.ok(start >= 0, stdout);
  const end = lines.findIndex((l, i) => i > start && /^\d+ URLs in /.test(l));
  return lines.slice(start + 1, end).filter((l) => l.trim() !== '');
}

interface ExplainJson {
  entries: {
    id: string; title: string; explanation: string; remediation: string[];
    culprits: { kind: string; title: string; why: string; score: number }[];
    evidence: { finding: string; kind: string; culprit: string }[];
    confirm: { label: string; command: string }[];
  }[];
}

describe('conndoc reports', function () {
  this.timeout(60_000);

  it('explain <id> --json carries culprits, the evidence rules and the confirm commands', async () => {
    const run = await runCli(['explain', 'tls.reset', '--json'], { deadlineMs: 20_000 });
    assert.equal(run.code, 0, run.stderr);
    const [e] = parseJson<ExplainJson>(run).entries;
    assert.deepEqual(Object.keys(e).slice(0, 4), ['id', 'title', 'explanation', 'remediation']);
    assert.ok(e.culprits.length >= 3, 'culprits');
    assert.ok(e.culprits.every((c, i, all) => c.title && c.why && (i === 0 || all[i - 1].score >= c.score)), 'culprits by score');
    const sni = e.evidence.find((x) => x.finding === 'sni-dependent');
    assert.match(sni?.culprit ?? '', /Egress filter on your side/);
    assert.equal(sni?.kind, 'firewall');
    assert.ok(e.confirm.some((c) => /tcpdump .*<address>/.test(c.command) && /reset/i.test(c.label)), 'RST capture');
  });

  it('explain --json lists every entry with the same added fields', async () => {
    const run = await runCli(['explain', '--json'], { deadlineMs: 20_000 });
    const { entries } = parseJson<ExplainJson>(run);
    assert.ok(entries.length > 60);
    for (const e of entries) for (const k of ['culprits', 'evidence', 'confirm'] as const) assert.ok(Array.isArray(e[k]), `${e.id}.${k}`);
  });

  it('probe prints a report that fits 88 columns: culprits, steps and command labels wrap under their own text', async () => {
    const port = await closedPort();
    const run = await runCli(['probe', '--verbose', '--timeout', '3000', `http://127.0.0.1:${port}/`], { deadlineMs: 30_000 });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    // The phase rows are a table and a command must paste as one line; everything else is prose.
    const prose = lines.filter((l) => !/^\s+[✓✗] \w+ /.test(l) && !/^\s+\$ /.test(l));
    const wide = prose.filter((l) => l.length > 88);
    assert.deepEqual(wide, [], run.stdout);
    const section = (head: string): string[] => {
      const at = lines.findIndex((l) => l.trim() === head);
      const end = lines.findIndex((l, i) => i > at && /^ {2}\S/.test(l));
      return lines.slice(at + 1, end < 0 ? undefined : end).filter((l) => l.trim() !== '');
    };
    // Each numbered item, joined back from its wrapped lines, is whole: the reason and balanced parentheses.
    const items = section('likely culprits:').join('\n').split(/\n(?= {4}\d+\. )/).map((i) => i.replace(/\s+/g, ' ').trim());
    assert.ok(items.length >= 3, run.stdout);
    assert.ok(items.some((i) => /nothing listening on this port .* — a RST answering the SYN is what a host sends for a closed port$/i.test(i)), items.join('\n'));
    for (const i of items) assert.equal((i.match(/\(/g) ?? []).length, (i.match(/\)/g) ?? []).length, i);
    assert.ok(section('confirm it:').every((l) => /^ {4}[#$] /.test(l)), 'every confirm line is a shell comment or a command');
    assert.doesNotMatch(run.stdout, /ECONNREFUSED: connect ECONNREFUSED/, 'the error code once');
  });

  it('scan prints a compact report per failure: headline, verdict, top step, one command; --verbose the whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-reports-'));
    try {
      const ports = [await closedPort(), await closedPort()];
      writeFileSync(join(dir, 'urls.md'), ports.map((p) => `http://127.0.0.1:${p}/health\n`).join(''));
      const compact = await runCli(['scan', '--timeout', '3000', dir], { deadlineMs: 60_000 });
      assert.equal(compact.code, 1, compact.stderr);
      const lines = failuresSection(compact.stdout);
      for (const p of ports) {
        const at = lines.findIndex((l) => l.includes(`127.0.0.1:${p}/health`));
        const block = lines.slice(at, at + 8).join('\n');
        assert.match(block, /tcp\.refused — Connection refused/);
        assert.match(block, /→[\s\S]*?\(most\s+likely\)/, 'the verdict line');
        assert.match(block, /do: /, 'the top step');
      }
      assert.equal(lines.filter((l) => l.trimStart().startsWith('$ ')).length, ports.length, 'one command per failure');
      assert.ok(!/likely culprits:|what happened:|confirm it:/.test(compact.stdout), 'no full report without --verbose');
      assert.match(compact.stdout, /--verbose, or conndoc probe <url>/);

      const verbose = await runCli(['scan', '--verbose', '--timeout', '3000', dir], { deadlineMs: 60_000 });
      const full = failuresSection(verbose.stdout).join('\n');
      for (const h of ['what happened:', 'likely culprits:', 'what to do:', 'confirm it:']) assert.ok(full.includes(h), h);
      assert.ok(full.split('\n').length > 2 * lines.length, 'the full report is longer');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
