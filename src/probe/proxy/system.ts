// The operating system's proxy settings, read the way the platform exposes them: GNOME through gsettings,
// KDE from kioslaverc, macOS from `scutil --proxy`, Windows from the Internet Settings registry key.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SystemProxy {
  /** Where it was read: gnome, kde, macos, windows. */
  from: string;
  /** A PAC URL the system names (auto-config). */
  pac?: string;
  http?: string;
  https?: string;
  socks?: string;
  /** Hosts that go direct (NO_PROXY-style entries). */
  bypass: string[];
}

const COMMAND_TIMEOUT_MS = 2000;
const CACHE_MS = 30_000;
let cached: { at: number; env: string; value: Promise<SystemProxy | undefined> } | undefined;

/** The system's proxy settings, or undefined when none are set (or none can be read here). Cached briefly. */
export function systemProxy(env: Record<string, string | undefined> = process.env): Promise<SystemProxy | undefined> {
  const key = `${env.HOME}\0${env.XDG_CONFIG_HOME}\0${env.GSETTINGS_BACKEND}\0${env.XDG_CURRENT_DESKTOP}`;
  if (cached && cached.env === key && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = readSystemProxy(env).catch(() => undefined);
  cached = { at: Date.now(), env: key, value };
  return value;
}

async function readSystemProxy(env: Record<string, string | undefined>): Promise<SystemProxy | undefined> {
  if (process.platform === 'darwin') return parseScutil(await run('scutil', ['--proxy'], env));
  if (process.platform === 'win32') {
    return parseWindowsRegistry(await run('reg', ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings'], env));
  }
  const desktop = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase();
  if (desktop.includes('kde')) return readKde(env);
  return (await readGnome(env)) ?? readKde(env);
}

function run(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: COMMAND_TIMEOUT_MS, maxBuffer: 256 * 1024, env: env as NodeJS.ProcessEnv }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

async function readGnome(env: Record<string, string | undefined>): Promise<SystemProxy | undefined> {
  const get = async (schema: string, key: string): Promise<string> => (await run('gsettings', ['get', schema, key], env)).trim();
  let mode: string;
  try {
    mode = unquote(await get('org.gnome.system.proxy', 'mode'));
  } catch {
    return undefined; // no gsettings or no schema
  }
  if (mode === 'auto') {
    const pac = unquote(await get('org.gnome.system.proxy', 'autoconfig-url'));
    return pac ? { from: 'gnome', pac, bypass: [] } : undefined;
  }
  if (mode !== 'manual') return undefined;
  const bypass = gvariantList(await get('org.gnome.system.proxy', 'ignore-hosts'));
  const hostPort = async (kind: string): Promise<string | undefined> => {
    const host = unquote(await get(`org.gnome.system.proxy.${kind}`, 'host'));
    const port = Number((await get(`org.gnome.system.proxy.${kind}`, 'port')).replace(/^uint32 /, ''));
    return host && port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : undefined;
  };
  const h = await hostPort('http');
  const s = await hostPort('https');
  const socks = await hostPort('socks');
  return {
    from: 'gnome',
    http: h && `http://${h}`,
    https: s && `http://${s}`,
    socks: socks && `socks5://${socks}`,
    bypass,
  };
}

function unquote(v: string): string {
  return v.replace(/^'(.*)'$/, '$1');
}

function gvariantList(v: string): string[] {
  return [...v.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

function readKde(env: Record<string, string | undefined>): SystemProxy | undefined {
  const file = path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'), 'kioslaverc');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const section = /^\[Proxy Settings\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const get = (k: string): string | undefined => new RegExp(`^${k.replace(/ /g, '\\s')}\\s*=\\s*(.*)$`, 'm').exec(section)?.[1].trim();
  const type = get('ProxyType');
  const kdeUrl = (v: string | undefined, scheme: string): string | undefined => {
    if (!v) return undefined;
    const [hostPart, port] = v.trim().split(/\s+/); // "http://proxy 8080" or "http://proxy:8080"
    const withScheme = hostPart.includes('://') ? hostPart : `${scheme}://${hostPart}`;
    return port ? `${withScheme}:${port}` : withScheme;
  };
  if (type === '2') {
    const pac = get('Proxy Config Script');
    return pac ? { from: 'kde', pac, bypass: [] } : undefined;
  }
  if (type !== '1') return undefined;
  return {
    from: 'kde',
    http: kdeUrl(get('httpProxy'), 'http'),
    https: kdeUrl(get('httpsProxy'), 'http'),
    socks: kdeUrl(get('socksProxy'), 'socks5'),
    bypass: (get('NoProxyFor') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** `scutil --proxy` prints a plist-like dictionary: HTTPSEnable : 1, HTTPSProxy : host, ExceptionsList : <array> {...}. */
export function parseScutil(text: string): SystemProxy | undefined {
  const get = (k: string): string | undefined => new RegExp(`^\\s*${k}\\s*:\\s*(.+)$`, 'm').exec(text)?.[1].trim();
  const on = (k: string): boolean => get(`${k}Enable`) === '1';
  const hp = (k: string, scheme: string): string | undefined => (on(k) && get(`${k}Proxy`) ? `${scheme}://${get(`${k}Proxy`)}:${get(`${k}Port`) ?? ''}`.replace(/:$/, '') : undefined);
  const exceptions = /ExceptionsList\s*:\s*<array>\s*\{([\s\S]*?)\}/.exec(text)?.[1] ?? '';
  const out: SystemProxy = {
    from: 'macos',
    pac: get('ProxyAutoConfigEnable') === '1' ? get('ProxyAutoConfigURLString') : undefined,
    http: hp('HTTP', 'http'),
    https: hp('HTTPS', 'http'),
    socks: hp('SOCKS', 'socks5'),
    bypass: [...exceptions.matchAll(/\d+\s*:\s*(\S+)/g)].map((m) => m[1]),
  };
  return out.pac || out.http || out.https || out.socks ? out : undefined;
}

/** `reg query …\Internet Settings`: ProxyEnable REG_DWORD 0x1, ProxyServer REG_SZ host:port or http=…;https=…, ProxyOverride, AutoConfigURL. */
export function parseWindowsRegistry(text: string): SystemProxy | undefined {
  const get = (k: string): string | undefined => new RegExp(`^\\s*${k}\\s+REG_\\w+\\s+(.*)$`, 'm').exec(text)?.[1].trim();
  const pac = get('AutoConfigURL');
  const enabled = /^0x0*1$/i.test(get('ProxyEnable') ?? '');
  const server = enabled ? get('ProxyServer') : undefined;
  const out: SystemProxy = { from: 'windows', pac, bypass: (get('ProxyOverride') ?? '').split(';').map((s) => s.trim()).filter((s) => s && s !== '<local>') };
  if (server) {
    if (server.includes('=')) {
      for (const part of server.split(';')) {
        const [k, v] = part.split('=');
        if (k === 'http') out.http = `http://${v}`;
        if (k === 'https') out.https = `http://${v}`;
        if (k === 'socks') out.socks = `socks4://${v}`;
      }
    } else out.http = out.https = `http://${server}`;
  }
  return out.pac || out.http || out.https || out.socks ? out : undefined;
}
