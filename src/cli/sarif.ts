// SARIF 2.1.0 for GitHub code scanning: one result per failing location, rule id = diagnosis id.
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import { redactSecrets, redactText } from '../vocabulary/redact';
import type { Result } from '../vocabulary/types';

export interface SarifInput {
  target: string;
  locations: { file: string; line: number; column: number }[];
  /** What SARIF reads of a Result (never a body sample or a header). */
  result: Pick<Result, 'id' | 'ok' | 'url' | 'title' | 'explanation' | 'remediation'>;
}

/** A relative path as a relative URI reference; an absolute one as a file: URI. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(results: SarifInput[]): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const out: SarifResult[] = [];
  for (const { target, locations, result } of results) {
    if (result.ok) continue;
    let index = ruleIndex.get(result.id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(result.id, index);
      // The knowledge base's words travel in every Result: title, explanation, remediation.
      const rule: ReportingDescriptor = { id: result.id, shortDescription: { text: result.title || result.id } };
      if (result.explanation) rule.fullDescription = { text: redactText(result.explanation) };
      if (result.remediation.length) rule.help = { text: redactText(result.remediation.map((r) => `- ${r}`).join('\n')) };
      rules.push(rule);
    }
    // Passwords are redacted by the engine; secret query values here, as in every report a person reads (code
    // scanning shows these messages on the web).
    const url = redactSecrets(result.url || target);
    for (const loc of locations) {
      out.push({
        ruleId: result.id,
        ruleIndex: index,
        level: 'error',
        message: { text: `${result.title || result.id}: ${url}` },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactUri(loc.file),
            region: { startLine: loc.line, startColumn: loc.column },
          },
        }],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'conndoc', rules } },
      // Our columns count code points (url-rules.md R2); SARIF's default is UTF-16 code units.
      columnKind: 'unicodeCodePoints',
      results: out,
    }],
  };
}
