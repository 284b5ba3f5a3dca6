// "Connection Doctor: Copy Environment Report": the same report as `conndoc env`, seen from the extension
// host, with VS Code's version and network settings; redacted, onto the clipboard.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';

const SAMPLE_URL = 'https://marketplace.visualstudio.com/';
const HTTP_SETTINGS = ['proxy', 'noProxy', 'proxyStrictSSL', 'proxySupport', 'proxyAuthorization', 'proxyKerberosServicePrincipal', 'systemCertificates', 'experimental.systemCertificatesV2', 'electronFetch', 'fetchAdditionalSupport', 'useLocalProxyConfiguration'];

export function registerEnvironmentReport(): vscode.Disposable {
  return vscode.commands.registerCommand('connectionDoctor.copyEnvironmentReport', async () => {
    const { environmentReport, formatEnvReport } = await import('../probe/env/report');
    const http = vscode.workspace.getConfiguration('http');
    const c = vscode.workspace.getConfiguration('connectionDoctor');
    const settings: Record<string, unknown> = {};
    for (const k of HTTP_SETTINGS) if (http.get(k) !== undefined) settings[`http.${k}`] = http.get(k);
    const env: Record<string, string | undefined> = { ...process.env };
    const noProxy = http.get<string[]>('noProxy', []) ?? [];
    if (noProxy.length) env.NO_PROXY = env.no_proxy = noProxy.join(',');
    const caFile = c.get<string>('caFile', '');
    let ca: string[] | undefined;
    try {
      ca = caFile ? [readFileSync(caFile, 'utf8')] : undefined;
    } catch {
      ca = undefined;
    }
    const proxy = http.get<string>('proxy', '') || undefined;
    const report = await environmentReport({ sampleUrl: SAMPLE_URL, env, proxy, proxySource: 'vscode', pac: c.get<string>('pac', '') || undefined, ca, vscode: { version: vscode.version, settings } });
    await vscode.env.clipboard.writeText(formatEnvReport(report));
    void vscode.window.showInformationMessage('Connection Doctor: environment report copied (redacted) — paste it into your ticket.');
  });
}
