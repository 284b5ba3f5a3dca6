// Hover text and the shared bits of wording. Anything a server sent is escaped: Markdown here is for layout only.
import type { Result } from '../vocabulary/types';
import { fmtMs, paragraphs } from '../vocabulary/text';
import type { UrlEntry } from '../protocol';

/** Backslash-escapes Markdown syntax so a server's text renders as itself. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => '\\' + c).replace(/\r?\n/g, ' ');
}

export function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

export function hoverMarkdown(e: UrlEntry): string {
  const ref = { entryId: e.id };
  const links = [commandLink('Probe again', 'connectionDoctor.probeAgain', ref)];
  if (e.state === 'found' || !e.result) {
    const verb = e.state === 'probing' ? 'Probing…' : 'Not probed yet.';
    return [`**Connection Doctor** · \`${code(e.url)}\``, '', verb, '', commandLink('Probe this URL', 'connectionDoctor.probeAgain', ref)].join('\n');
  }
  const r = e.result;
  links.unshift(commandLink('Explain', 'connectionDoctor.explain', ref));
  links.push(commandLink('Copy as curl', 'connectionDoctor.copyAsCurl', ref));
  // Plain characters: the client does not enable theme icons in hover Markdown.
  const mark = r.ok ? '✓ ' : '✗ ';
  // Links first: a hover's height is limited and the rest may scroll.
  const lines = [
    `${mark}**${mdEscape(r.title || r.id)}** · \`${r.id}\`${r.findings.length ? ' · ' + r.findings.map(mdEscape).join(', ') : ''}`,
    '',
    links.join(' · '),
    '',
    `\`${code(e.url)}\`${r.totalMs !== undefined ? ` · ${fmtMs(r.totalMs)}` : ''}`,
    '',
    timeline(r),
  ];
  if (!r.ok && r.error) lines.push('', mdEscape(r.error));
  // The first paragraph says what happened on the wire; "Explain" has the rest. Each paragraph stays one.
  const what = paragraphs(r.explanation)[0];
  if (!r.ok && what) lines.push('', mdEscape(what));
  if (!r.ok && r.remediation.length) lines.push('', `**Try first:** ${mdEscape(r.remediation[0])}`);
  return lines.join('\n');
}

/** The phases that ran, as a small table: name, outcome, duration. */
export function timeline(r: Result): string {
  const rows = r.phases.filter((p) => p.status !== 'skipped').map((p) => {
    const outcome = p.status === 'ok' ? '✓' : `✗ ${mdEscape(p.errorCode ?? '')}`;
    return `| ${p.phase} | ${outcome} | ${fmtMs(p.ms)} |`;
  });
  return ['| phase | | time |', '|---|---|---:|', ...rows].join('\n');
}


/** Inside `code`, only a backtick can break out. */
function code(s: string): string {
  return s.replace(/`/g, "'");
}
