#!/usr/bin/env node
// design.md's direction rules, checked: every import in src/ (type-only ones included) runs down the
// layers below, and no files import each other in a circle. Exits 1 naming each offending import.
// Usage: node scripts/check-imports.mjs [root]   (root defaults to the repository; its src/ is read)
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const srcDir = join(root, 'src');

/** Which layers each layer may import (besides itself). Anything not listed is upward or sideways. */
const MAY_IMPORT = {
  vocabulary: [],
  // The error-message reader: data and regular expressions over the vocabulary; every face reads messages.
  'error-text': ['vocabulary'],
  probe: ['vocabulary'],
  discover: ['vocabulary'],
  protocol: ['vocabulary'],
  lab: ['vocabulary'],
  // Faces over the engine, like the CLI: other vantage points (vantage/) and the metrics exporter (exporter/).
  vantage: ['probe', 'discover', 'vocabulary'],
  exporter: ['probe', 'discover', 'vocabulary'],
  server: ['probe', 'discover', 'protocol', 'vocabulary', 'error-text'],
  cli: ['probe', 'discover', 'lab', 'vocabulary', 'error-text', 'vantage', 'exporter'],
  extension: ['protocol', 'vocabulary', 'error-text'],
  webview: ['protocol', 'vocabulary', 'error-text'],
  // The UI-side companion of a remote window: the engine where this computer runs Node, a fetch in a web UI.
  companion: ['probe', 'protocol', 'vocabulary'],
};

const EDITOR = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*)$/;
// node:net stays allowed: discovery uses its isIP helpers, not its sockets.
const SOCKETS = /^(node:)?(tls|dns|dns\/promises|http|https|http2|dgram)$|^undici$/;
const NODE = /^node:|^(fs|path|os|net|tls|dns|http|https|http2|crypto|child_process|worker_threads|stream|events|url|util|zlib|dgram)(\/|$)/;

/** Bare-module rules per layer: [pattern, why]. */
const FORBIDDEN_MODULES = {
  vocabulary: [[/./, 'the vocabulary imports nothing']],
  'error-text': [[/./, 'the error-message reader imports nothing but the vocabulary']],
  probe: [[EDITOR, 'the engine never imports editor or LSP code']],
  discover: [[EDITOR, 'discovery never imports editor or LSP code'], [SOCKETS, 'discovery needs no sockets']],
  lab: [[EDITOR, 'the lab never imports editor or LSP code']],
  cli: [[EDITOR, 'the CLI never imports editor or LSP code']],
  exporter: [[EDITOR, 'the exporter never imports editor or LSP code']],
  vantage: [[EDITOR, 'vantages never import editor or LSP code']],
  webview: [[NODE, 'the webview bundle carries no Node code'], [/^vscode-language/, 'the webview bundle carries no LSP library']],
};

function layerOf(file) {
  const rel = relative(srcDir, file).split(sep);
  if (rel[0] === '..') return undefined;
  if (rel.length === 1) return /^protocol(-[a-z]+)?\.ts$/.test(rel[0]) ? 'protocol' : rel[0].replace(/\.ts$/, '');
  return rel[0];
}

function tsFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveRelative(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const c of [base + '.ts', join(base, 'index.ts'), base]) if (existsSync(c) && statSync(c).isFile()) return c;
  return undefined;
}

/**
 * Known exceptions, each with its reason; a new one needs a line here (and a follow-up to remove it).
 * - The extension's "Copy Environment Report" reads this machine's trust stores and proxy settings with the engine's
 *   report module (no sockets); it should move behind an LSP request to the server.
 * - probe/env/findings.ts probes the direct path once more through a dynamic import of the engine and names the
 *   engine's Hop type: a load-time-harmless circle, to be untied by passing the prober in.
 */
const EXCEPTIONS = new Set(['src/extension/env-report.ts -> src/probe/env/report.ts', 'src/probe/env/findings.ts -> src/probe/probe.ts']);

const problems = [];
const graph = new Map();
const files = tsFiles(srcDir);
for (const file of files) {
  const layer = layerOf(file);
  const name = relative(root, file);
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const edges = [];
  for (const { fileName: spec } of importedFiles) {
    if (spec.startsWith('.')) {
      const target = resolveRelative(file, spec);
      if (!target) continue; // tsc reports these
      if (EXCEPTIONS.has(`${name} -> ${relative(root, target)}`)) continue;
      edges.push(target);
      const to = layerOf(target);
      if (to === undefined || to === layer) continue;
      if (!(MAY_IMPORT[layer] ?? []).includes(to)) {
        problems.push(`${name} imports ${relative(root, target)}: ${layer}/ may not import ${to}/ (design.md: imports run one way)`);
      }
    } else {
      for (const [pattern, why] of FORBIDDEN_MODULES[layer] ?? []) {
        if (pattern.test(spec)) problems.push(`${name} imports '${spec}': ${why}`);
      }
    }
  }
  graph.set(file, edges);
}

// Circles between files (Tarjan's strongly connected components).
let index = 0;
const idx = new Map(), low = new Map(), stack = [], onStack = new Set();
function connect(v) {
  idx.set(v, index); low.set(v, index); index++;
  stack.push(v); onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) { connect(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const scc = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).includes(v);
    if (scc.length > 1 || selfLoop) problems.push(`import circle: ${scc.reverse().map((f) => relative(root, f)).join(' → ')}`);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`${problems.length} import rule${problems.length === 1 ? '' : 's'} broken (scripts/check-imports.mjs)`);
  process.exit(1);
}
console.log(`imports: ${files.length} files, no circles, no upward imports`);
