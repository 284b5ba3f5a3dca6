// Command-line parsing for `conndoc`: argv → a typed command, or a UsageError with one line for stderr.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { parseArgs } from 'node:util';
import { redactLoose } from '../vocabulary/redact';
import type { ProbeOptions, ScheduleOptions } from '../vocabulary/types';
import { parseTools } from '../discover/toolchain';
import type { ToolName } from '../vocabulary/toolchain';

export class UsageError extends Error {}

export type CommandName = 'probe' | 'scan' | 'explain' | 'why' | 'env' | 'lab' | 'demo' | 'serve' | 'compare' | 'lsp' | 'help' | 'version';

export interface ScanFlags {
  noProbe: boolean;
  sarif?: string;
  excludes: string[];
  gitignore: boolean;
  maxFileBytes?: number;
  /** --toolchain: also the endpoints in the user's tool configs; `tools` narrows which tools' files are read. */
  toolchain: boolean;
  tools?: ToolName[];
}

export interface ParsedCommand {
  command: CommandName;
  positionals: string[];
  json: boolean;
  probe: ProbeOptions & ScheduleOptions;
  scan: ScanFlags;
  why: { probe: boolean };
  /** Raw argv after the command, for subcommands that parse their own flags (lab). */
  rest: string[];
  /** --from vantages, as written (probe only). */
  from: string[];
  /** --verbose: the whole report per URL (scan and demo are compact without it). */
  verbose: boolean;
}

const COMMANDS: readonly CommandName[] = ['probe', 'scan', 'explain', 'why', 'env', 'lab', 'demo', 'serve', 'compare', 'lsp', 'help', 'version'];

const OPTIONS = {
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  timeout: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  'dns-server': { type: 'string' },
  ca: { type: 'string', multiple: true },
  proxy: { type: 'string' },
  pac: { type: 'string' },
  'no-direct': { type: 'boolean' },
  insecure: { type: 'boolean' },
  repeat: { type: 'string' },
  concurrency: { type: 'string' },
  'per-host': { type: 'string' },
  'no-probe': { type: 'boolean' },
  sarif: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  gitignore: { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
  toolchain: { type: 'boolean' },
  tools: { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'no-differential': { type: 'boolean' },
  capture: { type: 'boolean' },
  trace: { type: 'boolean' },
  'include-body': { type: 'boolean' },
  probe: { type: 'boolean' },
  from: { type: 'string', multiple: true },
  lifetime: { type: 'boolean' },
  'idle-max': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

function positiveInt(flag: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${flag} takes a whole number from 1 to ${max}, not '${value}'`);
  }
  return Number(value);
}

/** curl's --resolve: host:port:addr[,addr...]; IPv6 addresses may be bracketed. */
export function parseResolve(spec: string): [string, string[]] {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5}):(.+)$/.exec(spec);
  if (!m || Number(m[2]) > 65535) throw new UsageError(`--resolve takes host:port:address[,address...], not '${spec}'`);
  const written = m[1].replace(/^\[(.*)\]$/, '$1').toLowerCase();
  // The engine looks names up in their ASCII form: `bücher.example` as copied from a file is xn--bcher-kva.example.
  const host = isIP(written) ? written : domainToASCII(written) || written;
  const addresses = m[3].split(',').map((a) => a.trim().replace(/^\[(.*)\]$/, '$1'));
  for (const a of addresses) {
    if (!isIP(a)) throw new UsageError(`--resolve: '${a}' is not an IP address (in '${spec}')`);
  }
  return [`${host}:${Number(m[2])}`, addresses];
}

/** ip, ip:port, or [v6]:port. */
export function parseDnsServer(spec: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(spec);
  const v4 = /^([^:]+)(?::(\d{1,5}))?$/.exec(spec);
  const [ip, port] = bracketed ? [bracketed[1], bracketed[2]] : isIP(spec) === 6 ? [spec, undefined] : v4 ? [v4[1], v4[2]] : [];
  if (!ip || !isIP(ip) || (port !== undefined && Number(port) > 65535)) {
    throw new UsageError(`--dns-server takes ip[:port], not '${spec}'`);
  }
  return spec;
}

function readCa(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--ca: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // TLS ignores what is not a certificate: without this, a wrong file would quietly trust nothing more.
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return blank('help', []);
  if (first === '--version' || first === '-V') return blank('version', []);
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command '${redactLoose(first)}' (try: ${COMMANDS.filter((c) => c !== 'version').join(', ')})`);
  }
  const command = first as CommandName;
  if (command === 'lab' || command === 'serve' || command === 'lsp') return { ...blank(command, []), rest };

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // node's messages are multi-line with hints; keep the first line, or say the hint ourselves when it is the point.
    const message = String((e as Error).message);
    const ambiguous = /^Option '(-[^']+)' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const at = rest.indexOf(ambiguous[1]);
      const value = at >= 0 ? rest[at + 1] : undefined;
      throw new UsageError(`${ambiguous[1]} is followed by '${redactLoose(value ?? '')}', which starts with a dash: write ${ambiguous[1]}=${redactLoose(value ?? '<value>')} if that is its value`);
    }
    throw new UsageError(message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.help) return blank('help', [command]);

  const probe: ProbeOptions & ScheduleOptions = {};
  probe.timeoutMs = positiveInt('timeout', v.timeout, 3_600_000);
  probe.repeat = positiveInt('repeat', v.repeat, 100);
  probe.concurrency = positiveInt('concurrency', v.concurrency, 1024);
  probe.perHost = positiveInt('per-host', v['per-host'], 64);
  probe.maxBodyBytes = positiveInt('max-body-bytes', v['max-body-bytes']);
  if (v.resolve) probe.resolve = Object.fromEntries(v.resolve.map(parseResolve));
  if (v['dns-server'] !== undefined) probe.dnsServer = parseDnsServer(v['dns-server']);
  if (v.ca) probe.ca = v.ca.map(readCa);
  if (v.proxy !== undefined) {
    if (v.proxy !== '' && !/^(https?|socks5h?|socks4a?):\/\/[^/]/i.test(v.proxy)) {
      throw new UsageError(`--proxy takes an http://, https://, socks5://, socks5h:// or socks4:// URL (or '' for none), not '${redactLoose(v.proxy)}'`);
    }
    probe.proxy = v.proxy === '' ? null : v.proxy;
  }
  if (v.pac !== undefined) probe.pac = parsePac(v.pac);
  if (v['no-direct']) probe.allowDirect = false;
  if (v.insecure) probe.insecure = true;
  if (v['no-differential']) probe.differential = false;
  if (v.lifetime) probe.lifetime = true;
  probe.idleMaxSec = positiveInt('idle-max', v['idle-max'], 3600);
  if (probe.idleMaxSec !== undefined && !v.lifetime) throw new UsageError('--idle-max goes with --lifetime');
  if (v.capture) probe.capture = true;
  if (v.trace) probe.trace = true;
  if (v['include-body']) probe.includeBody = true;
  for (const k of Object.keys(probe) as (keyof typeof probe)[]) if (probe[k] === undefined) delete probe[k];

  const scan: ScanFlags = {
    noProbe: Boolean(v['no-probe']),
    sarif: v.sarif,
    excludes: v.exclude ?? [],
    gitignore: Boolean(v.gitignore),
    maxFileBytes: positiveInt('max-file-bytes', v['max-file-bytes']),
    toolchain: Boolean(v.toolchain),
    tools: v.tools === undefined ? undefined : toolsOf(v.tools),
  };
  if (v.tools !== undefined && !v.toolchain) throw new UsageError('--tools goes with --toolchain');
  if (command !== 'scan' && (v['no-probe'] || v.sarif !== undefined || v.exclude || v.gitignore || v['max-file-bytes'] || v.toolchain)) {
    throw new UsageError(`--no-probe, --sarif, --exclude, --gitignore, --max-file-bytes and --toolchain go with 'scan' only`);
  }
  if (v.probe && command !== 'why') throw new UsageError(`--probe goes with 'why' only`);
  if (v.from && command !== 'probe') throw new UsageError(`--from goes with 'probe' only`);
  if (command === 'probe' && parsed.positionals.length === 0) throw new UsageError('probe needs at least one URL');
  if (command === 'env' && parsed.positionals.length > 1) throw new UsageError('env takes at most one sample URL');
  if (command === 'explain' && parsed.positionals.length > 1) throw new UsageError('explain takes at most one id');
  return { command, positionals: parsed.positionals, json: Boolean(v.json), probe, scan, why: { probe: Boolean(v.probe) }, rest, from: v.from ?? [], verbose: Boolean(v.verbose) };
}

function toolsOf(spec: string): ToolName[] {
  try {
    return parseTools(spec);
  } catch (e) {
    throw new UsageError(`--tools: ${(e as Error).message}`);
  }
}

/** --pac: an http(s) URL, or a file that must be readable now (a typo should not quietly mean "no PAC"). */
function parsePac(spec: string): string {
  if (/^https?:\/\/[^/]/i.test(spec)) return spec;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new UsageError(`--pac takes an http(s):// URL or a file, not '${redactLoose(spec)}'`);
  try {
    if (!readFileSync(spec, 'utf8').includes('FindProxyForURL')) throw new UsageError(`--pac: ${spec} defines no FindProxyForURL`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--pac: cannot read ${spec}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return spec;
}

function blank(command: CommandName, positionals: string[]): ParsedCommand {
  return { command, positionals, json: false, probe: {}, scan: { noProbe: false, excludes: [], gitignore: false, toolchain: false }, why: { probe: false }, rest: [], from: [], verbose: false };
}

export const USAGE = `conndoc — find where and why a connection fails

  conndoc probe [options] <url>...      probe each URL and explain the result
  conndoc scan  [options] [path...]     find URLs in files (default: .) and probe them
  conndoc explain [id]                  what a diagnosis id means and what to do; no id: list all
  conndoc why [--probe] '<error text>'  what an error message means (curl, Node, browsers, Go, Python, Java,
                                        .NET, npm, git, docker, kubectl); - or a pipe reads stdin;
                                        --probe probes the host it names to tell the candidates apart
  conndoc env [--json] [url]            the environment report: trust stores, proxies (and their answer for
                                        url), resolvers, IPv6 — redacted, ready for a ticket
  conndoc lab [--for <s>] [--json]      start the local fault lab and list its URLs
  conndoc demo                          start the fault lab, probe every lab URL, stop it
  conndoc serve [--listen host:port] [--config f]
                                        blackbox_exporter-compatible /probe?target=<url>&module=<m> for Prometheus
  conndoc compare [--json] <results.json>...
                                        compare --json runs from different places (file name = place)
  conndoc lsp --stdio | --node-ipc      the language server, for any LSP client (README: Other editors)

  --json                       one JSON document on stdout
  --verbose                    the whole report for every URL (scan and demo print a compact one: the verdict,
                               the top step and one command per failure)
  --timeout <ms>               timeout of each phase (default 10000)
  --resolve <host:port:addr[,addr...]>  use these addresses for host:port (repeatable)
  --dns-server <ip[:port]>     resolve with this DNS server, not the system resolver
  --ca <file>                  extra trusted CA certificates (PEM)
  --proxy <url>                proxy: http://, https://, socks5://, socks5h://, socks4:// ('' for none;
                               default: HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY, then a PAC, then the system's)
  --pac <url|file>             resolve the proxy per URL with this PAC file
  --no-direct                  when a proxied probe fails, do not also probe direct
  --insecure                   do not fail on certificate errors (still report them)
  --repeat <n>                 probe each URL n times (intermittent failures, rate limits)
  --concurrency <n>            probes in flight at once (default 16)
  --per-host <n>               probes in flight per host (default 4)
  --lifetime                   keep the connection and reuse it after growing idle gaps (WebSocket / SSE: hold it)
  --idle-max <seconds>         the longest idle gap a lifetime probe waits (default 65)
  --capture                    packet evidence (TTL, flags) when the machine permits capture
  --trace                      a TCP traceroute to the URL's port (opt-in, bounded)
  --no-probe                   scan only: list the URLs found, probe nothing
  --include-body               keep the first bytes of each response body in the results (off: never shown)
  --sarif <file>               scan: also write failures as SARIF 2.1.0
  --exclude <glob>             scan: skip matching paths (repeatable)
  --gitignore                  scan: honour .gitignore files
  --max-file-bytes <n>         scan: read at most n bytes of each file
  --toolchain                  scan: also the endpoints in your tools' configs (npm, yarn, pip, uv, poetry, git,
                               kubectl, docker, go, cargo, maven, gradle, conda, vscode), each probed with that
                               tool's own CA and proxy; the files read are listed
  --tools <list>               with --toolchain: only these tools' files (e.g. npm,git,kubectl)
  --from <vantage>             probe: also from ssh://[user@]host[:port], docker://<container>, wsl://<distro>
                               (repeatable; this machine is always one; results compared)

Exit status: 0 every probe ok, 1 at least one probe failed, 2 bad usage or unreadable input.
`;
