// Start from the error the user already has: error lines in the integrated terminal and in open log files are
// underlined; the link (or "Explain Error Message…") reads the message, probes the host:port it names and opens
// the explanation with the user's own message beside what the probe found.
import * as vscode from 'vscode';
import { readErrorMessage, type ErrorReading } from '../error-text/read';
import type { ErrorOrigin, UrlEntry } from '../protocol';
import { redactText } from '../vocabulary/redact';

/** A terminal line is scanned for these only; longer lines (minified output) are passed over. */
const MAX_LINE = 4000;

interface ErrorTerminalLink extends vscode.TerminalLink {
  text: string;
}

/** The registered terminal link provider, for the extension-host suite (VS Code gives no API to list them). */
export let linkProviderForTests: vscode.TerminalLinkProvider<ErrorTerminalLink> | undefined;

export interface ErrorLinkDeps {
  /** Opens the explanation for a probed entry, with the message that started it. */
  explain(e: UrlEntry, origin: ErrorOrigin): unknown;
}

/** The part of a line to underline: from where the error starts (past a prompt or a log prefix) to the line's end. */
export function errorSpan(line: string): { start: number; length: number; reading: ErrorReading } | undefined {
  if (line.length > MAX_LINE) return undefined;
  const reading = readErrorMessage(line);
  if (!reading.matches.length) return undefined;
  const start = reading.at;
  const end = line.trimEnd().length;
  return { start, length: end - start, reading };
}

function tooltip(r: ErrorReading): string {
  const ids = r.ids.slice(0, 3).join(' or ');
  return `Connection Doctor: diagnose${r.host ? ` ${r.host}:${r.port}` : ''} (${ids})`;
}

export function originOf(r: ErrorReading): ErrorOrigin {
  const top = r.matches[0];
  return { text: redactText(r.message).slice(0, 2000), client: r.client, name: top?.name, meaning: top?.meaning ?? '', hides: top?.hides, ids: r.ids };
}

export function registerErrorLinks(d: ErrorLinkDeps): vscode.Disposable[] {
  /** Reads the message; probes the host it names (through Probe URL, which asks first in an untrusted workspace). */
  const diagnose = async (text?: string): Promise<UrlEntry | ErrorReading | undefined> => {
    const given =
      text ??
      (await vscode.window.showInputBox({
        title: 'Connection Doctor: Explain Error Message',
        prompt: 'Paste an error line: curl, Node, browser (net::ERR_…), Go, Python, Java, .NET, npm, git, docker, kubectl',
        placeHolder: 'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443',
        value: selectionText(),
        ignoreFocusOut: true,
      }));
    if (!given?.trim()) return undefined;
    const reading = readErrorMessage(given.trim());
    if (!reading.matches.length) {
      void vscode.window.showInformationMessage('Connection Doctor does not recognise this message. If it names a URL, use Probe URL… on it.');
      return reading;
    }
    if (!reading.url) {
      // Nothing to probe (no host, or SSH): say what it means, where the user is looking.
      const what = `${reading.matches[0].name}: ${reading.matches[0].meaning} It can be: ${reading.ids.join(', ')}.`;
      void vscode.window.showInformationMessage(`Connection Doctor — ${what}${reading.host ? ` (${reading.host}:${reading.port} is not a port Connection Doctor probes.)` : ''}`);
      return reading;
    }
    const entry = (await vscode.commands.executeCommand('connectionDoctor.probeUrl', reading.url, { quiet: true })) as UrlEntry | undefined;
    if (entry?.result) d.explain(entry, originOf(reading));
    return entry;
  };

  const terminalLinks: vscode.TerminalLinkProvider<ErrorTerminalLink> = {
    provideTerminalLinks: (ctx) => {
      const span = errorSpan(ctx.line);
      if (!span) return [];
      return [{ startIndex: span.start, length: span.length, tooltip: tooltip(span.reading), text: ctx.line }];
    },
    handleTerminalLink: async (link) => void (await diagnose(link.text)),
  };
  linkProviderForTests = terminalLinks;

  return [
    vscode.commands.registerCommand('connectionDoctor.explainErrorMessage', (text?: unknown) => diagnose(typeof text === 'string' ? text : undefined)),
    // The terminal's context menu passes no text: its selection goes through the clipboard, as Copy would.
    vscode.commands.registerCommand('connectionDoctor.explainTerminalSelection', async () => {
      await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
      return diagnose((await vscode.env.clipboard.readText()).slice(0, 4000) || undefined);
    }),
    vscode.window.registerTerminalLinkProvider(terminalLinks),
    vscode.languages.registerDocumentLinkProvider([{ language: 'log' }, { pattern: '**/*.log' }], {
      provideDocumentLinks: (doc, token) => {
        const links: vscode.DocumentLink[] = [];
        // Big logs: the first 20,000 lines, at most 500 links.
        for (let i = 0; i < Math.min(doc.lineCount, 20000) && links.length < 500 && !token.isCancellationRequested; i++) {
          const line = doc.lineAt(i).text;
          const span = errorSpan(line);
          if (!span?.reading.url) continue;
          const args = encodeURIComponent(JSON.stringify([line]));
          const link = new vscode.DocumentLink(new vscode.Range(i, span.start, i, span.start + span.length), vscode.Uri.parse(`command:connectionDoctor.explainErrorMessage?${args}`));
          link.tooltip = tooltip(span.reading);
          links.push(link);
        }
        return links;
      },
    }),
  ];
}

function selectionText(): string {
  const ed = vscode.window.activeTextEditor;
  if (!ed || ed.selection.isEmpty) return '';
  return ed.document.getText(ed.selection).trim().slice(0, 4000);
}
