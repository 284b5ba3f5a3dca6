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

const WIDTH = 88;

/** Words of `text` filled into lines of at most 88 columns, every line after the first indented by `indent`. */
export function wrap(text: string, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

export function formatExplain(entry: ExplainEntry, opts: { color: boolean }): string {
  const bold = (s: string): string => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string): string => (opts.color ? `\x1b[2m${s}\x1b[0m` : s);
  const full = knowledgeEntry(entry.id);
  const out: string[] = [bold(`${entry.id} — ${entry.title}`), ''];

  for (const para of paragraphs(entry.explanation)) out.push(...wrap(para, ''), '');

  if (full !== undefined && full.culprits.length > 0) {
    out.push(bold('Likely culprits'));
    [...full.culprits]
      .sort((a, b) => b.score - a.score)
      .forEach((c, i) => out.push(...wrap(`${c.title} [${c.kind}] — ${c.why}`, '     ', `  ${i + 1}. `)));
    out.push('');
  }

  const movers = isDiagnosisId(entry.id) ? FINDING_ENTRIES.filter((f) => FINDING_SCOPE[f.id]?.(entry.id)) : [];
  if (movers.length > 0 || (isDiagnosisId(entry.id) && entry.id !== 'ok' && !entry.id.startsWith('dns.'))) {
    out.push(bold('Evidence that changes the ranking'));
    for (const f of movers) {
      const top = [...f.culprits].sort((a, b) => b.score - a.score)[0];
      out.push(...wrap(`${f.id} → ${top.title} [${top.kind}] moves up`, '    ', '  - '));
    }
    out.push(...wrap('vendor:<name>: a fingerprinted WAF, CDN or load balancer is named, with its own logs and steps', '    ', '  - '));
    out.push('');
  }

  if (entry.remediation.length > 0) {
    out.push(bold('What to do'));
    for (const step of entry.remediation) out.push(...wrap(step, '    ', '  - '));
    out.push('');
  }

  const confirm = full === undefined ? [] : fillConfirm(full.confirm, PLACEHOLDER_TARGET, false);
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
