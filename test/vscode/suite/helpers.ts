// Shared by the extension-host tests: the extension's API, the fault lab's cases, waiting without sleeping blindly.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionDoctorApi } from '../../../src/extension/extension';
import type { UrlEntry } from '../../../src/protocol';

export const EXTENSION_ID = 'connection-doctor.connection-doctor';
/** run.mjs passes CD_TEST_MODE=untrusted for the run without --disable-workspace-trust. */
export const MODE = process.env.CD_TEST_MODE === 'untrusted' || process.env.CONNECTION_DOCTOR_UNTRUSTED === '1' ? 'untrusted' : 'trusted';

export async function api(): Promise<ConnectionDoctorApi> {
  const ext = vscode.extensions.getExtension<ConnectionDoctorApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export interface LabCase {
  name: string;
  url: string;
  options: { resolve?: Record<string, string[]>; ca?: string[]; [k: string]: unknown };
  expect: { id: string; findings: string[]; failedPhase?: string };
  requires?: string;
}

let lab: { cases: LabCase[]; close?: () => Promise<void> } | undefined;

/** The lab the harness runs (CD_TEST_LAB = its cases as JSON), else one started in this process. */
export async function labCases(): Promise<LabCase[]> {
  if (!lab) {
    const file = process.env.CD_TEST_LAB;
    if (file) lab = { cases: JSON.parse(readFileSync(file, 'utf8')) as LabCase[] };
    else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../../../src/lab') as { startLab(): Promise<{ cases: LabCase[]; close(): Promise<void> }> };
      lab = await mod.startLab();
    }
  }
  return lab.cases;
}

export async function closeLab(): Promise<void> {
  await lab?.close?.();
  lab = undefined;
}

/** A case for an id, preferring plain loopback URLs that need no settings. */
export function pick(cases: LabCase[], id: string, names: string[] = []): LabCase {
  const all = cases.filter((c) => c.expect.id === id && !c.requires);
  const plain = (c: LabCase) => /^https?:\/\/127\.0\.0\.1:\d+/.test(c.url) && !c.options?.resolve && !c.options?.dnsServer && !c.options?.proxy;
  const found = names.map((n) => all.find((c) => c.name === n)).find(Boolean) ?? all.find(plain) ?? all.find((c) => !c.options?.dnsServer && !c.options?.proxy) ?? all[0];
  if (!found) throw new Error(`no lab case for ${id}`);
  return found;
}

/** Applies the resolve / CA settings a case needs (user settings: allowed in untrusted workspaces too). */
export async function configureFor(...cases: LabCase[]): Promise<void> {
  const c = vscode.workspace.getConfiguration('connectionDoctor');
  const resolve: Record<string, string[]> = { ...(c.get<Record<string, string[]>>('resolve') ?? {}) };
  const cas: string[] = [];
  for (const k of cases) {
    Object.assign(resolve, k.options?.resolve ?? {});
    cas.push(...(k.options?.ca ?? []));
  }
  await c.update('resolve', resolve, vscode.ConfigurationTarget.Global);
  if (cas.length) {
    const file = join(tmpdir(), `cd-test-ca-${process.pid}.pem`);
    writeFileSync(file, cas.join('\n'));
    await c.update('caFile', file, vscode.ConfigurationTarget.Global);
  }
  await c.update('timeout', 4000, vscode.ConfigurationTarget.Global);
}

/** Polls `check` until it returns a truthy value (bounded in time). */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openDoc(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
  return vscode.window.showTextDocument(doc);
}

/** The position of the first character of `text` in the document (inside the URL). */
export function positionOf(doc: vscode.TextDocument, text: string, into = 3): vscode.Position {
  const i = doc.getText().indexOf(text);
  if (i < 0) throw new Error(`"${text}" not in the document`);
  return doc.positionAt(i + into);
}

export function entryAt(a: ConnectionDoctorApi, doc: vscode.TextDocument, pos: vscode.Position): UrlEntry | undefined {
  return a.store.at(doc.uri.toString(), pos);
}

/** The text of a hover's contents, whatever form each part takes. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}
