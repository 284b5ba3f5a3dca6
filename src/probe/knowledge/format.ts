// Human text of `conndoc explain <id>`: wrapped to 88 columns, commands shown with <placeholders>.
import { knowledgeEntry } from './catalog';
import { isDiagnosisId } from '../../vocabulary/ids';
import { paragraphs } from '../../vocabulary/text';

/** The `conndoc explain` shape (cli-contract.md). */
export interface ExplainEntry {
  id: string;
  title: string;
  explanation: string;
  remediation: string[];
}
import { PLACEHOLDER_TARGET, fillConfirm } from './fill';
import { FINDING_ENTRIES, FINDING_SCOPE } from './entries-findings';
import type { ConfirmStep, Culprit } from '../../vocabulary/types';

/** Evidence that moves the ranking: when this finding is seen, this culprit moves up. */
export interface RankingEvidence {
  finding: string;
  kind: string;
  culprit: string;
}

/** The rest of an entry beside the contract's four fields: `conndoc explain` prints it, `--json` carries it. */
export interface ExplainDetails {
  culprits: Culprit[];
  evidence: RankingEvidence[];
  confirm: ConfirmStep[];
}

const VENDOR_EVIDENCE: RankingEvidence = {
  finding: 'vendor:<name>',
  kind: 'waf|load-balancer|proxy|server',
  culprit: 'a fingerprinted WAF, CDN or load balancer is named, with its own logs and steps',
};

/** Culprits by base score, what moves them, and the confirm commands with <placeholders>. */
export function explainDetails(id: string): ExplainDetails {
  const full = knowledgeEntry(id);
  const culprits = [...(full?.culprits ?? [])]
    .sort((a, b) => b.score - a.score)
    .map((c) => ({ kind: c.kind, title: c.title, why: c.why, score: c.score }));
  const movers = isDiagnosisId(id) ? FINDING_ENTRIES.filter((f) => FINDING_SCOPE[f.id]?.(id)) : [];
  const evidence: RankingEvidence[] = movers.map((f) => {
    const top = [...f.culprits].sort((a, b) => b.score - a.score)[0];
    return { finding: f.id, kind: top.kind, culprit: top.title };
  });
  if (movers.length > 0 || (isDiagnosisId(id) && id !== 'ok' && !id.startsWith('dns.'))) evidence.push(VENDOR_EVIDENCE);
  const confirm = full === undefined ? [] : fillConfirm(full.confirm, PLACEHOLDER_TARGET, false);
  return { culprits, evidence, confirm };
}

const WIDTH = 88;

/** Columns a string takes on a terminal: colour escapes (a painted first indent) take none. */
const columns = (s: string): number => s.replace(/\x1b\[[0-9;]*m/g, '').length;

/** Words of `text` filled into lines of at most 88 columns, every line after the first indented by `indent`. */
export function wrap(text: string, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let width = columns(firstIndent);
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const w = columns(word);
    if (!empty && width + 1 + w > WIDTH) {
      lines.push(line);
      line = indent;
      width = columns(indent);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    width += empty ? w : w + 1;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

export function formatExplain(entry: ExplainEntry, opts: { color: boolean }): string {
  const bold = (s: string): string => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string): string => (opts.color ? `\x1b[2m${s}\x1b[0m` : s);
  const { culprits, evidence, confirm } = explainDetails(entry.id);
  const out: string[] = [bold(`${entry.id} — ${entry.title}`), ''];

  for (const para of paragraphs(entry.explanation)) out.push(...wrap(para, ''), '');

  if (culprits.length > 0) {
    out.push(bold('Likely culprits'));
    culprits.forEach((c, i) => out.push(...wrap(`${c.title} [${c.kind}] — ${c.why}`, '     ', `  ${i + 1}. `)));
    out.push('');
  }

  if (evidence.length > 0) {
    out.push(bold('Evidence that changes the ranking'));
    for (const e of evidence) {
      const line = e === VENDOR_EVIDENCE ? `${e.finding}: ${e.culprit}` : `${e.finding} → ${e.culprit} [${e.kind}] moves up`;
      out.push(...wrap(line, '    ', '  - '));
    }
    out.push('');
  }

  if (entry.remediation.length > 0) {
    out.push(bold('What to do'));
    for (const step of entry.remediation) out.push(...wrap(step, '    ', '  - '));
    out.push('');
  }

  if (confirm.length > 0) {
    out.push(bold('Confirm it'));
    for (const c of confirm) {
      out.push(...wrap(c.label, '    ', '  - '));
      out.push(dim(`      $ ${c.command}`));
    }
    out.push('');
  }
  return out.join('\n');
}
