// The fault lab in-process (out/src/lab, compiled by tsc) and the fixture workspace built from it.
// Lab ports are ephemeral, so fixture files are templates: {{ok}}, {{tls.reset}}, {{hostile}} become lab URLs.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const templates = join(repo, 'test/vscode/fixture');

export async function startLab(entry = join(repo, 'out/src/lab/index.js')) {
  let mod;
  try {
    mod = createRequire(import.meta.url)(entry);
  } catch (e) {
    throw new Error(`fault lab not loadable from ${entry} (run \`npx tsc -p .\` first): ${e.message.split('\n')[0]}`);
  }
  return mod.startLab();
}

const needsNoOptions = (c) => !c.options || Object.keys(c.options).every((k) => c.options[k] === undefined);
const loopbackUrl = (c) => /^https?:\/\/127\.0\.0\.1:\d+/.test(c.url);

/** The lab cases the editor tests use: the named ones if present, else plain loopback URLs that need no settings. */
export function pickCases(lab) {
  const byId = (id, name) => {
    const all = lab.cases.filter((c) => c.expect?.id === id && !c.requires);
    return all.find((c) => c.name === name) ?? all.find((c) => loopbackUrl(c) && needsNoOptions(c)) ?? all.find(needsNoOptions) ?? all[0];
  };
  const hostile = lab.cases.find((c) => c.name === 'hostile-script-page');
  const picked = { ok: byId('ok', 'ok-http'), 'tls.reset': byId('tls.reset', 'tls-reset') };
  for (const [k, c] of Object.entries(picked)) {
    if (!c) throw new Error(`the fault lab has no case for {{${k}}} (cases: ${lab.cases.map((x) => x.name).join(', ')})`);
  }
  // The hostile block page is optional here: only the XSS test needs it, and it fails on its own if missing.
  return hostile ? { ...picked, hostile } : picked;
}

/**
 * Copies the fixture templates into `dir` with lab URLs filled in, plus .vscode/settings.json carrying the
 * resolve/CA settings the chosen cases need. Returns the picked cases and the file list.
 */
export function writeWorkspace(dir, cases, extraSettings = {}) {
  mkdirSync(dir, { recursive: true });
  cpSync(templates, dir, { recursive: true });
  const settings = { ...extraSettings };
  const resolveMap = {};
  for (const c of Object.values(cases)) Object.assign(resolveMap, c.options?.resolve ?? {});
  if (Object.keys(resolveMap).length) settings['connectionDoctor.resolve'] = resolveMap;
  const cas = Object.values(cases).flatMap((c) => c.options?.ca ?? []);
  if (cas.length) {
    writeFileSync(join(dir, 'lab-ca.pem'), cas.join('\n'));
    settings['connectionDoctor.caFile'] = join(dir, 'lab-ca.pem');
  }
  const files = readdirSync(templates);
  for (const f of files) {
    const p = join(dir, f);
    const text = readFileSync(p, 'utf8').replace(/\{\{([\w.-]+)\}\}/g, (m, key) => cases[key]?.url ?? `(no lab case for ${key})`);
    writeFileSync(p, text);
  }
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
  return files;
}
