// VS Code settings → the server's Settings (schema in package.json `contributes.configuration`).
import * as vscode from 'vscode';
import type { Settings, Severity } from '../protocol';
import { normaliseResolve } from '../protocol-config';
import { DEFAULT_SETTINGS } from '../protocol-values';
import { isTrusted } from './trust';

export type DecorationStyle = 'full' | 'icon' | 'off';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('connectionDoctor');
  const http = vscode.workspace.getConfiguration('http');
  const d = DEFAULT_SETTINGS;
  return {
    timeoutMs: Math.max(100, c.get<number>('timeout', d.timeoutMs)),
    concurrency: Math.max(1, c.get<number>('concurrency', d.concurrency)),
    perHost: Math.max(1, c.get<number>('perHost', d.perHost)),
    repeat: Math.max(1, c.get<number>('repeat', d.repeat)),
    probeOnOpen: c.get<boolean>('probeOnOpen', d.probeOnOpen),
    probeOnSave: c.get<boolean>('probeOnSave', d.probeOnSave),
    excludes: c.get<string[]>('excludes', d.excludes),
    caFile: c.get<string>('caFile', d.caFile),
    insecure: c.get<boolean>('insecure', d.insecure),
    packetCapture: c.get<string>('packetCapture', d.packetCapture) === 'off' ? 'off' : 'auto',
    resolve: normaliseResolve(c.get<Record<string, string | string[]>>('resolve', {})),
    proxy: http.get<string>('proxy', '') ?? '',
    noProxy: http.get<string[]>('noProxy', []) ?? [],
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL', true) ?? true,
    pac: c.get<string>('pac', d.pac),
    allowDirect: c.get<boolean>('allowDirect', d.allowDirect),
    trusted: isTrusted(),
    severities: c.get<Severity[]>('problems.severities', d.severities).filter((x) => d.severities.includes(x)),
  };
}

export function decorationStyle(): DecorationStyle {
  return vscode.workspace.getConfiguration('connectionDoctor').get<DecorationStyle>('decorationStyle', 'full');
}

/** Results kept from before a reload older than this are marked stale. */
export function staleAfterMinutes(): number {
  return vscode.workspace.getConfiguration('connectionDoctor').get<number>('staleAfterMinutes', 60);
}
