// The reports a user and a script read: `conndoc explain --json` carries the whole entry (the contract's four
// fields, then culprits, the evidence that reorders them and the confirm commands), run as the real CLI.
import assert from 'node:assert/strict';
import { parseJson, runCli } from '../support/cli';

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
});
