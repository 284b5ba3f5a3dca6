// Hover text and the shared bits of wording. Anything a server sent is escaped: Markdown here is for layout only.
import type { Result } from '../vocabulary/types';
import { clock, fmtMs, paragraphs } from '../vocabulary/text';
import type { UrlEntry } from '../protocol';
import { packetVerdict } from '../probe/capture/report';
import { headline } from '../protocol-severity';
import { ageSentence } from '../protocol-age';

/** Backslash-escapes Markdown syntax so a server's text renders as itself. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => '\\' + c).replace(/\r?\n/g, ' ');
}

export function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

/**
 * A probed URL: headline, verdict, links — short, the explanation page has the rest. An unprobed one: one line
 * when there is something to say (probing, cancelled, the host asked to wait), else no hover at all.
 */
export function hoverMarkdown(e: UrlEntry): string | undefined {
  const ref = { entryId: e.id };
  if (e.state === 'probing') return 'Connection Doctor: probing…';
  if (e.waitingUntil && !e.result) return `Connection Doctor: not probed — the host asked to wait until ${clock(e.waitingUntil)}.`;
  if (!e.result) return e.cancelledDuring ? `Connection Doctor: probe cancelled during ${e.cancelledDuring}.` : undefined;
  const r = e.result;
  // Plain characters: the client does not enable theme icons in hover Markdown.
  const mark = r.ok ? '✓' : '✗';
  const time = r.totalMs !== undefined ? ` · ${fmtMs(r.totalMs)}` : '';
  const lines = [`${mark} **${mdEscape(headline(r))}** · \`${r.id}\`${time}`];
  if (e.restored) lines.push('', `_${mdEscape(ageSentence(e.restored))}_`);
  // The verdict: what happened on the wire, in one paragraph (cut to a sentence or two).
  const what = paragraphs(r.explanation)[0];
  if (!r.ok && what) lines.push('', mdEscape(firstSentences(what)));
  const packets = packetVerdict(r);
  if (packets) lines.push('', `**Packets:** ${mdEscape(packets)}`);
  if (e.waitingUntil) lines.push('', `Waiting until ${clock(e.waitingUntil)} before probing this host again (Retry-After).`);
  const links = [commandLink('Explain', 'connectionDoctor.explain', ref), commandLink('Probe again', 'connectionDoctor.probeAgain', ref), commandLink('Copy as curl', 'connectionDoctor.copyAsCurl', ref)];
  lines.push('', links.join(' · '));
  return lines.join('\n');
}

function firstSentences(text: string, max = 220): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('. ', max);
  return cut > 40 ? text.slice(0, cut + 1) : text.slice(0, max - 1) + '…';
}

/** The phases that ran, as a small table: name, outcome, duration. */
export function timeline(r: Result): string {
  const rows = r.phases.filter((p) => p.status !== 'skipped').map((p) => {
    const outcome = p.status === 'ok' ? '✓' : `✗ ${mdEscape(p.errorCode ?? '')}`;
    return `| ${p.phase} | ${outcome} | ${fmtMs(p.ms)} |`;
  });
  return ['| phase | | time |', '|---|---|---:|', ...rows].join('\n');
}


