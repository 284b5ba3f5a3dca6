// PAC files evaluated in QuickJS compiled to WebAssembly (pac-resolver + quickjs-wasi), never with eval:
// the script sees only the PAC functions, runs under a memory cap and an instruction-time deadline, and
// its myIpAddress() reads the interfaces instead of connecting out.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '../../vocabulary/redact';

const MAX_PAC_BYTES = 1024 * 1024;
const PAC_FETCH_TIMEOUT_MS = 5000;
const PAC_RUN_MS = 2000;
const PAC_MEMORY = 32 * 1024 * 1024;

export interface PacAnswer {
  /** The PAC's return value, e.g. "PROXY proxy.corp:8080; DIRECT". */
  value: string;
  /** The first entry as a proxy URL, or undefined for DIRECT. */
  proxy?: string;
}

type Resolver = (url: string, host?: string) => Promise<string>;
const loaded = new Map<string, Promise<Resolver>>();

/** FindProxyForURL(url) of the PAC at `source` (http(s) URL or file path); loaded once per source. */
export async function pacFindProxy(source: string, url: string, signal?: AbortSignal): Promise<PacAnswer> {
  let resolver = loaded.get(source);
  if (!resolver) {
    resolver = loadPac(source, signal);
    loaded.set(source, resolver);
    resolver.catch(() => loaded.delete(source));
  }
  const find = await resolver;
  const value = String(await find(url));
  return { value, proxy: firstProxy(value) };
}

/** The first usable entry of a PAC answer as a URL: PROXY → http://, HTTPS → https://, SOCKS/SOCKS5 → socks5://, SOCKS4 → socks4://. */
export function firstProxy(value: string): string | undefined {
  for (const part of value.split(';')) {
    const m = /^\s*([A-Za-z0-9]+)(?:\s+(\S+))?\s*$/.exec(part);
    if (!m) continue;
    const kind = m[1].toUpperCase();
    if (kind === 'DIRECT') return undefined;
    const scheme = { PROXY: 'http', HTTP: 'http', HTTPS: 'https', SOCKS: 'socks5', SOCKS5: 'socks5', SOCKS4: 'socks4' }[kind];
    if (scheme && m[2]) return `${scheme}://${m[2]}`;
  }
  return undefined;
}

async function loadPac(source: string, signal?: AbortSignal): Promise<Resolver> {
  const text = /^https?:\/\//i.test(source) ? await download(source, signal) : await readFile(source, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`PAC file ${source}: ${e.code ?? e.message}`);
  });
  if (!/FindProxyForURL/.test(text)) throw new Error(`PAC ${redactUrl(source)} defines no FindProxyForURL`);
  const { QuickJS } = await import('quickjs-wasi');
  const { createPacResolver } = await import('pac-resolver');
  let deadline = 0;
  const vm = await QuickJS.create({
    wasm: readFileSync(wasmPath()),
    memoryLimit: PAC_MEMORY,
    interruptHandler: () => deadline > 0 && Date.now() > deadline,
  });
  const find = createPacResolver(vm, text, { sandbox: { alert: () => undefined, myIpAddress } });
  return async (url: string) => {
    deadline = Date.now() + PAC_RUN_MS;
    try {
      return await find(url);
    } catch (e) {
      throw new Error(`PAC FindProxyForURL failed: ${String((e as Error).message ?? e).split('\n')[0]}`);
    } finally {
      deadline = 0;
    }
  };
}

/** The wasm binary beside the bundle (esbuild.mjs copies it to dist/), or in node_modules when run from out/. */
function wasmPath(): string {
  const candidates = [path.join(__dirname, 'quickjs.wasm'), path.resolve(__dirname, '../../../../node_modules/quickjs-wasi/quickjs.wasm')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error('the PAC evaluator (quickjs.wasm) is missing: run npm run build');
  return found;
}

function myIpAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

function download(url: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const get = url.toLowerCase().startsWith('https:') ? https.get : http.get;
    const req = get(url, { timeout: PAC_FETCH_TIMEOUT_MS, signal }, (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        res.resume();
        return reject(new Error(`PAC ${redactUrl(url)}: HTTP ${res.statusCode}`));
      }
      let size = 0;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_PAC_BYTES) {
          req.destroy();
          return reject(new Error(`PAC ${redactUrl(url)}: larger than ${MAX_PAC_BYTES} bytes`));
        }
        parts.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`PAC ${redactUrl(url)}: no answer in ${PAC_FETCH_TIMEOUT_MS} ms`)));
    req.on('error', (e) => reject(new Error(`PAC ${redactUrl(url)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
  });
}
