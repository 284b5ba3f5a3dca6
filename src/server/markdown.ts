// Hover text and the explanation page, as Markdown any client renders (Neovim and Helix show it nearly raw): only
// what would start Markdown is escaped, lines stay under WIDTH columns, and `command:` links appear only for a
// client that runs them (the VS Code extension). Anything a server sent is escaped: Markdown here is layout only.
import type { Result } from '../vocabulary/types';
import { clock, fmtMs, paragraphs } from '../vocabulary/text';
import type { UrlEntry } from '../protocol';
import { packetVerdict } from '../probe/capture/report';
import { headline } from '../protocol-severity';
import { ageSentence } from '../protocol-age';

/** The longest line the server writes (a wider one scrolls sideways in a terminal editor's float). */
export const WIDTH = 120;

/**
 * Escapes what would start Markdown, and nothing else: `127.0.0.1` and `ECONNRESET (os error 104)` stay as typed.
 * Inline: backslash, code, emphasis, links, HTML/autolinks, tables, strikethrough, entities; a line start: headings,
 * quotes, lists, setext underlines.
 */
export function mdEscape(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*[\]<>|~]|&(?=#?\w+;)|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => '\\' + c)
    .replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, (_m, sp: string, c: string) => `${sp}\\${c}`);
}

export function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

/** Breaks lines longer than `width` at spaces (a soft break in Markdown: it renders as the same paragraph). */
export function wrap(text: string, width = WIDTH): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break; // one long word (a URL): left whole
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      out.push(rest);
      return out.join('\n');
    })
    .join('\n');
}

/**
 * A probed URL: headline, verdict, links — short, the explanation page has the rest. An unprobed one: one line
 * when there is something to say (probing, cancelled, the host asked to wait), else no hover at all.
 * `links`: the client runs `command:` links (VS Code); other clients get no links (the code actions offer the same)
 * and lines of at most WIDTH columns.
 */
export function hoverMarkdown(e: UrlEntry, links = true): string | undefined {
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
  // A terminal editor shows the lines as they are; VS Code reflows them and runs the links.
  if (!links) return wrap(lines.join('\n'));
  const cmds = [commandLink('Explain', 'connectionDoctor.explain', ref), commandLink('Probe again', 'connectionDoctor.probeAgain', ref), commandLink('Copy as curl', 'connectionDoctor.copyAsCurl', ref)];
  return [...lines, '', cmds.join(' · ')].join('\n');
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

/** Explain, for a client without the VS Code page: the whole diagnosis as one Markdown document. */
export function explainMarkdown(e: UrlEntry & { result: Result }, location?: string): string {
  const r = e.result;
  const out = [`# ${r.ok ? '✓' : '✗'} ${mdEscape(headline(r))}`, '', `\`${e.url}\` · \`${r.id}\`${r.totalMs !== undefined ? ` · ${fmtMs(r.totalMs)}` : ''}`];
  if (location) out.push('', mdEscape(location));
  if (r.verdict) out.push('', `**${mdEscape(r.verdict)}**`);
  for (const p of paragraphs(r.explanation)) out.push('', mdEscape(p));
  if (r.error) out.push('', `Error: \`${r.error.replace(/`/g, "'")}\``);
  const culprits = r.culprits ?? [];
  if (culprits.length) out.push('', '## Likely culprits', '', ...culprits.map((c, i) => `${i + 1}. ${mdEscape(c.title)}${c.why ? ` — ${mdEscape(c.why)}` : ''}`));
  if (r.remediation.length) out.push('', '## What to do', '', ...r.remediation.map((s) => `- ${mdEscape(s)}`));
  const confirm = r.confirm ?? [];
  if (confirm.length) out.push('', '## Confirm it', '', ...confirm.flatMap((c) => [`${mdEscape(c.label)}:`, '', '```sh', c.command, '```', '']));
  out.push('', '## Phases', '', timeline(r), '');
  return wrapOutsideCode(out.join('\n'));
}

/** wrap(), except inside fenced code (a shell command must stay one line). */
function wrapOutsideCode(md: string): string {
  let fenced = false;
  return md
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) fenced = !fenced;
      return fenced || line.startsWith('|') ? line : wrap(line);
    })
    .join('\n');
}
