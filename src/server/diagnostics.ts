// Failures → Problems panel entries; code actions for the URL under the cursor.
import { CodeAction, CodeActionKind, Command, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Severity, UrlEntry } from '../protocol';
import { DEFAULT_SETTINGS, EXPLAIN_SCHEME } from '../protocol-values';
import { headline, severityOf } from '../protocol-severity';
import { ageLabel } from '../protocol-age';

export const SOURCE = 'Connection Doctor';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/**
 * Problems entries for the results, in words (the id is the code); only the severities the user publishes.
 * `explainLinks`: the client opens the private explanation scheme (VS Code); no docs site exists to link instead,
 * so other clients get no codeDescription (their Explain is the conndoc.explain code action).
 */
export function diagnosticsFor(entries: UrlEntry[], publish: Severity[] = DEFAULT_SETTINGS.severities, explainLinks = true): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of entries) {
    const r = e.result;
    if (!r) continue;
    const severity = severityOf(r);
    if (!severity || !publish.includes(severity)) continue;
    out.push({
      range: e.range,
      severity: LSP_SEVERITY[severity],
      source: SOURCE,
      code: r.id,
      // Not a command: URI — VS Code opens diagnostic links without allowing commands (explain-link.ts).
      ...(explainLinks ? { codeDescription: { href: `${EXPLAIN_SCHEME}:/${r.id}?entry=${encodeURIComponent(e.id)}` } } : {}),
      // Kept from before a reload: says how old it was when published, never passes for fresh.
      message: e.restored ? `${headline(r)} (${ageLabel(e.restored)}, before reload)` : headline(r),
      data: { entryId: e.id },
    });
  }
  return out;
}

/** The commands code actions name: the VS Code extension's own, or the server's (executeCommand). */
export interface ActionCommands {
  explain: string;
  probeAgain: string;
  copyAsCurl: string;
}
export const VSCODE_COMMANDS: ActionCommands = { explain: 'connectionDoctor.explain', probeAgain: 'connectionDoctor.probeAgain', copyAsCurl: 'connectionDoctor.copyAsCurl' };

export function codeActionsFor(entries: UrlEntry[], diagnostics: Diagnostic[], ids: ActionCommands = VSCODE_COMMANDS): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const e of entries) {
    const ref = { entryId: e.id };
    const mine = diagnostics.filter((d) => d.source === SOURCE && (d.data as { entryId?: string } | undefined)?.entryId === e.id);
    const short = e.url.length > 60 ? e.url.slice(0, 57) + '…' : e.url;
    if (e.result) {
      const explain = CodeAction.create(`Explain: ${e.result.title || e.result.id}`, Command.create('Explain Result', ids.explain, ref), CodeActionKind.QuickFix);
      if (mine.length) {
        explain.diagnostics = mine;
        explain.isPreferred = true;
      }
      actions.push(explain);
    }
    actions.push(CodeAction.create(`${e.result ? 'Probe again' : 'Probe'} ${short}`, Command.create('Probe Again', ids.probeAgain, ref), mine.length ? CodeActionKind.QuickFix : CodeActionKind.Empty));
    actions.push(CodeAction.create(`Copy as curl: ${short}`, Command.create('Copy as curl', ids.copyAsCurl, ref), CodeActionKind.Empty));
  }
  return actions;
}
