// Probing a tool's endpoint as that tool would: with its own CA, proxy and verification settings, so the result
// answers "will npm (git, kubectl, …) connect". Where the tool's settings differ from the environment's, say so,
// and give the fix in the tool's own terms.
import { readFileSync } from 'node:fs';
import type { ToolEndpoint, ToolName } from '../vocabulary/toolchain';
import type { ProbeOptions, Result, ScheduleOptions } from '../vocabulary/types';
import { redactUrl } from '../vocabulary/redact';
import { probeAll } from './schedule';
import { parseTarget, proxyFor } from './target';

export interface ToolResult {
  endpoint: ToolEndpoint;
  result: Result;
  /** How this tool's path differs from the environment's, in one line each. */
  differences: string[];
  /** The fix in the tool's own terms, when the evidence selects one. */
  fixes: string[];
}

/** Where the environment keeps extra CAs that some tools read and others do not. */
const ENV_CA_VARS = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO'] as const;

/** The tool's settings as probe options. Credentials are never in them: the inventory strips them from every URL. */
export function optionsFor(e: ToolEndpoint, base: ProbeOptions): ProbeOptions {
  const o: ProbeOptions = { ...base };
  if (e.ca?.pem) o.ca = [...(base.ca ?? []), e.ca.pem];
  if (e.proxy) o.proxy = e.proxy.url || null;
  // The Docker daemon, the JVM and VS Code do not read the shell's proxy variables: no proxy of their own = direct.
  else if (IGNORES_ENV_PROXY.has(e.tool)) o.proxy = null;
  if (e.insecure) o.insecure = true;
  if (e.serverName) o.serverName = e.serverName;
  return o;
}

export async function probeToolchain(
  endpoints: ToolEndpoint[],
  base: ProbeOptions & ScheduleOptions,
  onResult?: (r: ToolResult, index: number) => void,
): Promise<ToolResult[]> {
  const env = base.env ?? process.env;
  const out: ToolResult[] = new Array(endpoints.length);
  // Each endpoint has its own options; a handful of endpoints, so a few at a time is plenty.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < endpoints.length && !base.signal?.aborted) {
      const i = next++;
      const e = endpoints[i];
      const [result] = await probeAll([e.url], optionsFor(e, base));
      const tr = { endpoint: e, result, ...(await compare(e, result, base, env)) };
      out[i] = tr;
      onResult?.(tr, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, endpoints.length) }, worker));
  return out.filter(Boolean);
}

async function compare(e: ToolEndpoint, r: Result, base: ProbeOptions, env: Record<string, string | undefined>): Promise<{ differences: string[]; fixes: string[] }> {
  const differences: string[] = [];
  const fixes: string[] = [];
  const tool = e.tool;

  // Proxy: the tool's own setting against what the environment gives for this URL.
  let envProxy: string | undefined;
  try {
    envProxy = proxyFor(parseTarget(e.url), base.proxy, env);
  } catch {
    envProxy = undefined;
  }
  const toolProxy = e.proxy ? e.proxy.url || undefined : IGNORES_ENV_PROXY.has(tool) ? undefined : envProxy;
  if ((toolProxy ?? '') !== (envProxy ?? '')) {
    const said = e.proxy ? `${e.proxy.from.file}${e.proxy.from.line ? ` line ${e.proxy.from.line}` : ''}` : `${tool} does not read the environment's proxy variables`;
    differences.push(`${tool} goes ${toolProxy ? `through ${redactUrl(toolProxy)}` : 'direct'} (${said}); the environment says ${envProxy ? redactUrl(envProxy) : 'direct'}`);
    if (!r.ok && /^(tcp|proxy)\./.test(r.id)) fixes.push(...proxyFix(tool, envProxy));
  }

  if (e.ca?.problem) differences.push(`${tool}'s CA setting (${e.ca.from.key ?? e.ca.from.file}) is broken: ${e.ca.problem}`);

  // Certificates: a CA the environment has and the tool is not given (or the other way round).
  if (r.id === 'tls.cert-untrusted') {
    for (const name of ENV_CA_VARS) {
      const file = env[name];
      if (!file || file === e.ca?.file) continue;
      let pem: string;
      try {
        pem = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) continue;
      const [again] = await probeAll([e.url], { ...optionsFor(e, base), ca: [...(optionsFor(e, base).ca ?? []), pem], differential: false });
      if (again.ok || !again.id.startsWith('tls.cert-')) {
        differences.push(`the CA in ${name} (${file}) verifies this endpoint, but ${tool} is not given it`);
        fixes.push(caFix(tool, file, e));
        break;
      }
    }
    if (!fixes.length) fixes.push(caFix(tool, '<the issuing CA (PEM)>', e));
  }
  if (e.insecure && r.ok) differences.push(`${tool} does not verify certificates here (${e.insecure.from.key ?? e.insecure.from.file}): it connects, but so would anyone in the path`);
  return { differences, fixes };
}

/** Tools whose connection is made by something that does not read the shell's proxy variables. */
const IGNORES_ENV_PROXY = new Set<ToolName>(['docker', 'maven', 'gradle', 'vscode']);

function caFix(tool: ToolName, file: string, e: ToolEndpoint): string {
  const host = hostOf(e.url);
  switch (tool) {
    case 'npm':
      return `npm config set cafile ${file}   (or export NODE_EXTRA_CA_CERTS=${file})`;
    case 'yarn':
      return `yarn config set caFilePath ${file}`;
    case 'pip':
      return `pip config set global.cert ${file}   (or export PIP_CERT=${file})`;
    case 'uv':
      return `export SSL_CERT_FILE=${file}   (or UV_NATIVE_TLS=1 to use the system store)`;
    case 'poetry':
      return `poetry config certificates.<source>.cert ${file}`;
    case 'git':
      return `git config --global http.${new URL(e.url).origin}/.sslCAInfo ${file}`;
    case 'kubectl':
      return `kubectl config set-cluster ${e.what.replace(/^cluster /, '')} --certificate-authority=${file} --embed-certs`;
    case 'docker':
      return `sudo mkdir -p /etc/docker/certs.d/${host} && sudo cp ${file} /etc/docker/certs.d/${host}/ca.crt`;
    case 'go':
      return `export SSL_CERT_FILE=${file}   (Go reads the system store and SSL_CERT_FILE)`;
    case 'cargo':
      return `cargo config: [http] cainfo = "${file}"   (in ~/.cargo/config.toml)`;
    case 'maven':
    case 'gradle':
      return `keytool -importcert -alias ${host} -file ${file} -keystore "$JAVA_HOME/lib/security/cacerts"   (or -Djavax.net.ssl.trustStore=…)`;
    case 'conda':
      return `conda config --set ssl_verify ${file}`;
    case 'vscode':
      return `import the CA into the operating system's store (VS Code's http.systemCertificates reads it)`;
  }
}

function proxyFix(tool: ToolName, proxy: string | undefined): string[] {
  const p = proxy ? redactUrl(proxy) : '';
  switch (tool) {
    case 'npm':
      return [proxy ? `npm config set https-proxy ${p}` : 'npm config delete https-proxy && npm config delete proxy'];
    case 'pip':
      return [proxy ? `pip config set global.proxy ${p}` : 'pip config unset global.proxy'];
    case 'git':
      return [proxy ? `git config --global http.proxy ${p}` : 'git config --global --unset http.proxy'];
    case 'docker':
      return [`the Docker daemon's proxy: "proxies": {"https-proxy": "${p || '…'}"} in /etc/docker/daemon.json, then restart dockerd`];
    case 'kubectl':
      return [proxy ? `kubectl config set clusters.<name>.proxy-url ${p}` : 'remove proxy-url from the cluster in the kubeconfig'];
    default:
      return [];
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
