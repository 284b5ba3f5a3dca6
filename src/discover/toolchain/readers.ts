// One reader per tool: the files and variables that tool itself reads, the endpoints it connects to, and its own
// CA, proxy and verification settings. Token and password values are never kept: only that one is present.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isNode, isSeq, parse as parseYaml, parseDocument, type Document } from 'yaml';
import { type FileReader, expandHome, hadCredentials, iniEntries, lineOf, propertiesEntries, tomlEntries, withoutCredentials, type IniEntry } from './config-text';
import type { Origin, ToolCa, ToolEndpoint, ToolName, ToolchainOptions, ToolProxy } from '../../vocabulary/toolchain';

export interface ReadContext extends ToolchainOptions {
  r: FileReader;
}

type Reader = (c: ReadContext) => ToolEndpoint[];

function endpoint(tool: ToolName, what: string, url: string, from: Origin, extra: Partial<ToolEndpoint> = {}): ToolEndpoint {
  const notes = [...(extra.notes ?? [])];
  if (hadCredentials(url)) notes.push('the URL carries credentials: not shown, not sent');
  return { tool, what, url: withoutCredentials(url), from, ...extra, notes };
}

/** A CA file the tool is pointed at: its PEM when readable, the problem when not. */
function caFile(c: ReadContext, file: string, from: Origin): ToolCa {
  const abs = expandHome(file, c.home);
  const pem = c.r.text(abs);
  if (pem === undefined) return { file: abs, from, problem: `${c.r.show(abs)} cannot be read` };
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return { file: abs, from, problem: `${c.r.show(abs)} holds no PEM certificate` };
  return { file: abs, pem, from };
}

function proxyOf(url: string, from: Origin): ToolProxy {
  return { url: withoutCredentials(url.trim()), from };
}

const isWeb = (u: string): boolean => /^https?:\/\/[^/\s]/i.test(u);
const env = (c: ReadContext, ...names: string[]): string | undefined => names.map((n) => c.env[n]).find((v) => v !== undefined && v !== '');
/** SSL_CERT_FILE: the CA bundle Go and uv (rustls with native roots off) read instead of the system store. */
const sslCertFile = (c: ReadContext): ToolCa | undefined => (env(c, 'SSL_CERT_FILE') ? caFile(c, env(c, 'SSL_CERT_FILE')!, { file: 'environment', key: 'SSL_CERT_FILE' }) : undefined);
const inWorkspace = (c: ReadContext, ...names: string[]): boolean => c.workspaces.some((w) => names.some((n) => existsSync(path.join(w, n))));

// ---- npm / pnpm (.npmrc) and yarn berry (.yarnrc.yml) ----

const npm: Reader = (c) => {
  const files = [env(c, 'NPM_CONFIG_USERCONFIG', 'npm_config_userconfig') ?? path.join(c.home, '.npmrc'), ...c.workspaces.map((w) => path.join(w, '.npmrc'))];
  const settings = new Map<string, { value: string; from: Origin }>();
  const registries: { what: string; url: string; from: Origin }[] = [];
  const tokens: string[] = [];
  for (const file of files) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    for (const e of iniEntries(text)) {
      const from = { file: c.r.show(file), line: e.line, key: e.key };
      const key = e.key.toLowerCase();
      if (/^\/\/.*:(_authtoken|_auth|_password|username)$/.test(key)) tokens.push(e.key.replace(/:[^:]*$/, ''));
      else if (key === 'registry') registries.push({ what: 'registry', url: e.value, from });
      else if (/^@[^:]+:registry$/.test(key)) registries.push({ what: `registry for ${e.key.split(':')[0]}`, url: e.value, from });
      else settings.set(key, { value: e.value, from });
    }
  }
  const envRegistry = env(c, 'NPM_CONFIG_REGISTRY', 'npm_config_registry');
  if (envRegistry) registries.unshift({ what: 'registry', url: envRegistry, from: { file: 'environment', key: 'NPM_CONFIG_REGISTRY' } });
  if (!registries.some((r) => r.what === 'registry') && (c.r.read.some((f) => f.endsWith('.npmrc')) || inWorkspace(c, 'package.json'))) {
    registries.push({ what: 'registry (default)', url: 'https://registry.npmjs.org/', from: { file: 'npm default' } });
  }
  const cafile = settings.get('cafile') ?? (env(c, 'NPM_CONFIG_CAFILE', 'npm_config_cafile') ? { value: env(c, 'NPM_CONFIG_CAFILE', 'npm_config_cafile')!, from: { file: 'environment', key: 'NPM_CONFIG_CAFILE' } } : undefined);
  const httpsProxy = settings.get('https-proxy') ?? settings.get('proxy');
  const strict = settings.get('strict-ssl');
  const seen = new Set<string>();
  return registries
    .filter((r) => isWeb(r.url) && !seen.has(`${r.what} ${r.url}`) && seen.add(`${r.what} ${r.url}`))
    .map((r) =>
      endpoint('npm', r.what, r.url, r.from, {
        ca: cafile ? caFile(c, cafile.value, cafile.from) : undefined,
        proxy: httpsProxy ? proxyOf(httpsProxy.value, httpsProxy.from) : undefined,
        insecure: strict && /^false$/i.test(strict.value) ? { from: strict.from } : undefined,
        notes: tokens.filter((t) => r.url.includes(t.replace(/^\/\//, ''))).map((t) => `an auth token for ${t} is configured: never shown, and the probe does not send it`),
      }),
    );
};

const yarn: Reader = (c) => {
  const out: ToolEndpoint[] = [];
  for (const file of [...c.workspaces.map((w) => path.join(w, '.yarnrc.yml')), path.join(c.home, '.yarnrc.yml')]) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    const doc = safeYaml(text) as Record<string, unknown> | undefined;
    if (!doc) continue;
    const at = (k: string): Origin => ({ file: c.r.show(file), line: lineOf(text, k), key: k });
    const ca = typeof doc.caFilePath === 'string' ? caFile(c, doc.caFilePath, at('caFilePath')) : undefined;
    const proxy = typeof doc.httpsProxy === 'string' ? proxyOf(doc.httpsProxy, at('httpsProxy')) : undefined;
    const insecure = doc.enableStrictSsl === false ? { from: at('enableStrictSsl') } : undefined;
    const add = (what: string, url: unknown, key: string): void => {
      if (typeof url === 'string' && isWeb(url)) out.push(endpoint('yarn', what, url, at(key), { ca, proxy, insecure }));
    };
    add('registry', doc.npmRegistryServer, 'npmRegistryServer');
    for (const [scope, v] of Object.entries((doc.npmScopes as Record<string, { npmRegistryServer?: string }>) ?? {})) add(`registry for @${scope}`, v?.npmRegistryServer, scope);
  }
  return out;
};

// ---- Python: pip, uv, poetry ----

const pip: Reader = (c) => {
  const files = [env(c, 'PIP_CONFIG_FILE'), path.join(c.home, '.config/pip/pip.conf'), path.join(c.home, '.pip/pip.conf'), ...c.workspaces.map((w) => path.join(w, 'pip.conf'))].filter((f): f is string => !!f);
  const get = new Map<string, IniEntry & { file: string }>();
  const extra: (IniEntry & { file: string })[] = [];
  for (const file of files) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    for (const e of iniEntries(text)) {
      if (!['global', 'install', 'download'].includes(e.section)) continue;
      get.set(e.key, { ...e, file });
      // extra-index-url may continue on indented lines.
      if (e.key === 'extra-index-url') {
        extra.push({ ...e, file });
        for (let i = e.line; i < lines.length && /^\s+\S/.test(lines[i]); i++) extra.push({ ...e, value: lines[i].trim(), line: i + 1, file });
      }
    }
  }
  const from = (e: IniEntry & { file: string }): Origin => ({ file: c.r.show(e.file), line: e.line, key: e.key });
  const index = get.get('index-url');
  const envIndex = env(c, 'PIP_INDEX_URL');
  const urls: { what: string; url: string; from: Origin }[] = [];
  if (envIndex) urls.push({ what: 'index', url: envIndex, from: { file: 'environment', key: 'PIP_INDEX_URL' } });
  else if (index) urls.push({ what: 'index', url: index.value, from: from(index) });
  else if (c.r.read.some((f) => f.endsWith('pip.conf')) || inWorkspace(c, 'requirements.txt', 'setup.py')) urls.push({ what: 'index (default)', url: 'https://pypi.org/simple/', from: { file: 'pip default' } });
  for (const e of extra) for (const u of e.value.split(/\s+/)) urls.push({ what: 'extra index', url: u, from: from(e) });
  for (const u of (env(c, 'PIP_EXTRA_INDEX_URL') ?? '').split(/\s+/).filter(Boolean)) urls.push({ what: 'extra index', url: u, from: { file: 'environment', key: 'PIP_EXTRA_INDEX_URL' } });
  const cert = env(c, 'PIP_CERT') ? { value: env(c, 'PIP_CERT')!, from: { file: 'environment', key: 'PIP_CERT' } as Origin } : get.get('cert') ? { value: get.get('cert')!.value, from: from(get.get('cert')!) } : undefined;
  const proxy = env(c, 'PIP_PROXY') ? proxyOf(env(c, 'PIP_PROXY')!, { file: 'environment', key: 'PIP_PROXY' }) : get.get('proxy') ? proxyOf(get.get('proxy')!.value, from(get.get('proxy')!)) : undefined;
  const trusted = get.get('trusted-host');
  return urls.filter((u) => isWeb(u.url)).map((u) =>
    endpoint('pip', u.what, u.url, u.from, {
      ca: cert ? caFile(c, cert.value, cert.from) : undefined,
      proxy,
      insecure: trusted && trusted.value.split(/\s+/).some((h) => new URL(withoutCredentials(u.url)).hostname === h.split(':')[0]) ? { from: from(trusted) } : undefined,
    }),
  );
};

const uv: Reader = (c) => {
  const out: ToolEndpoint[] = [];
  const envIndex = env(c, 'UV_DEFAULT_INDEX', 'UV_INDEX_URL');
  if (envIndex && isWeb(envIndex)) out.push(endpoint('uv', 'index', envIndex, { file: 'environment', key: 'UV_DEFAULT_INDEX' }));
  for (const file of [path.join(c.home, '.config/uv/uv.toml'), ...c.workspaces.map((w) => path.join(w, 'uv.toml'))]) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    for (const e of tomlEntries(text)) {
      if ((e.key === 'index-url' || (e.section.startsWith('index[') && e.key === 'url')) && isWeb(e.value)) out.push(endpoint('uv', 'index', e.value, { file: c.r.show(file), line: e.line, key: e.key }));
    }
  }
  return withCa(out, sslCertFile(c));
};

const poetry: Reader = (c) => {
  const out: ToolEndpoint[] = [];
  // poetry config certificates.<source>.cert lives in poetry's own config.toml.
  const poetryConfig = path.join(env(c, 'POETRY_CONFIG_DIR') ?? path.join(env(c, 'XDG_CONFIG_HOME') ?? path.join(c.home, '.config'), 'pypoetry'), 'config.toml');
  const certs = new Map<string, ToolCa>();
  const configText = c.r.text(poetryConfig);
  for (const e of configText === undefined ? [] : tomlEntries(configText)) {
    if (e.section.startsWith('certificates.') && e.key === 'cert') certs.set(e.section.slice('certificates.'.length), caFile(c, e.value, { file: c.r.show(poetryConfig), line: e.line, key: `${e.section}.cert` }));
  }
  for (const file of c.workspaces.map((w) => path.join(w, 'pyproject.toml'))) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    const entries = tomlEntries(text);
    for (const e of entries) {
      const what = e.section.startsWith('tool.poetry.source[') ? 'source' : e.section.startsWith('tool.uv.index[') ? 'uv index' : undefined;
      if (!what || e.key !== 'url' || !isWeb(e.value)) continue;
      const from = { file: c.r.show(file), line: e.line, key: e.key };
      if (what === 'uv index') {
        out.push(endpoint('uv', 'index', e.value, from, { ca: sslCertFile(c) }));
        continue;
      }
      const name = entries.find((x) => x.section === e.section && x.key === 'name')?.value;
      // Poetry connects with requests: its per-source certificate, else REQUESTS_CA_BUNDLE.
      const bundle = env(c, 'REQUESTS_CA_BUNDLE');
      const ca = (name ? certs.get(name) : undefined) ?? (bundle ? caFile(c, bundle, { file: 'environment', key: 'REQUESTS_CA_BUNDLE' }) : undefined);
      out.push(endpoint('poetry', name ? `source ${name}` : 'source', e.value, from, { ca }));
    }
  }
  return out;
};

/** The tool's CA for every endpoint that has none of its own. */
function withCa(out: ToolEndpoint[], ca: ToolCa | undefined): ToolEndpoint[] {
  if (ca) for (const e of out) e.ca ??= ca;
  return out;
}

// ---- git ----

const git: Reader = (c) => {
  const global = [path.join(c.home, '.gitconfig'), path.join(c.env.XDG_CONFIG_HOME ?? path.join(c.home, '.config'), 'git/config')];
  const g: (IniEntry & { file: string })[] = [];
  for (const file of global) {
    const text = c.r.text(file);
    if (text !== undefined) g.push(...iniEntries(text).map((e) => ({ ...e, file })));
  }
  const from = (e: IniEntry & { file: string }): Origin => ({ file: c.r.show(e.file), line: e.line, key: `${e.section}.${e.key}` });
  const out: ToolEndpoint[] = [];
  for (const ws of c.workspaces) {
    const file = path.join(ws, '.git/config');
    const text = c.r.text(file);
    if (text === undefined) continue;
    const local = iniEntries(text).map((e) => ({ ...e, file }));
    const all = [...g, ...local]; // local settings win: they come last
    const last = (section: string, key: string): (IniEntry & { file: string }) | undefined =>
      all.filter((e) => e.section === section && e.key.toLowerCase() === key.toLowerCase()).pop();
    for (const e of local.filter((x) => x.section.startsWith('remote.') && x.key === 'url')) {
      const name = e.section.slice('remote.'.length);
      let url = e.value;
      // url.<base>.insteadOf: the longest matching prefix is rewritten, as git does.
      const rewrites = all.filter((x) => x.section.startsWith('url.') && x.key.toLowerCase() === 'insteadof' && url.startsWith(x.value)).sort((a, b) => b.value.length - a.value.length);
      const notes: string[] = [];
      if (rewrites[0]) {
        const base = rewrites[0].section.slice('url.'.length);
        notes.push(`rewritten by url.${base}.insteadOf (${c.r.show(rewrites[0].file)} line ${rewrites[0].line})`);
        url = base + url.slice(rewrites[0].value.length);
      }
      if (!isWeb(url)) {
        if (/^(ssh:\/\/|[\w.-]+@[\w.-]+:)/.test(url)) notes.push('an SSH remote: git connects with ssh, not probed here');
        continue;
      }
      // http.<url>.<key> for the longest matching URL prefix, else http.<key>.
      const scoped = (key: string): (IniEntry & { file: string }) | undefined =>
        all.filter((x) => x.section.startsWith('http.') && x.section !== 'http' && url.startsWith(x.section.slice(5)) && x.key.toLowerCase() === key.toLowerCase()).sort((a, b) => b.section.length - a.section.length)[0] ?? last('http', key);
      const ca = env(c, 'GIT_SSL_CAINFO') ? caFile(c, env(c, 'GIT_SSL_CAINFO')!, { file: 'environment', key: 'GIT_SSL_CAINFO' }) : scoped('sslCAInfo') ? caFile(c, scoped('sslCAInfo')!.value, from(scoped('sslCAInfo')!)) : undefined;
      const proxy = scoped('proxy');
      const verify = scoped('sslVerify');
      out.push(
        endpoint('git', `remote ${name}${c.workspaces.length > 1 ? ` (${path.basename(ws)})` : ''}`, url, { file: c.r.show(file), line: e.line, key: `remote.${name}.url` }, {
          ca,
          proxy: proxy ? proxyOf(proxy.value, from(proxy)) : undefined,
          insecure: env(c, 'GIT_SSL_NO_VERIFY') ? { from: { file: 'environment', key: 'GIT_SSL_NO_VERIFY' } } : verify && /^(false|0|no|off)$/i.test(verify.value) ? { from: from(verify) } : undefined,
          notes,
        }),
      );
    }
  }
  return out;
};

// ---- kubectl ----

const kubectl: Reader = (c) => {
  const files = (env(c, 'KUBECONFIG') ?? path.join(c.home, '.kube/config')).split(path.delimiter).filter(Boolean);
  const out: ToolEndpoint[] = [];
  for (const file of files) {
    const text = c.r.text(expandHome(file, c.home));
    if (text === undefined) continue;
    let doc: Document.Parsed;
    try {
      doc = parseDocument(text);
    } catch {
      continue;
    }
    const shown = c.r.show(expandHome(file, c.home));
    const lineAt = (node: unknown): number | undefined => (isNode(node) && node.range ? text.slice(0, node.range[0]).split('\n').length : undefined);
    const users = (doc.toJS() as { users?: { name?: string; user?: Record<string, unknown> }[] } | null)?.users ?? [];
    const secrets = users.filter((u) => u.user && ['token', 'client-key-data', 'client-key', 'password', 'exec', 'auth-provider'].some((k) => k in u.user!)).map((u) => u.name ?? '?');
    const clusters = doc.get('clusters');
    if (!isSeq(clusters)) continue;
    for (const item of clusters.items) {
      if (!isMap(item)) continue;
      const name = String(item.get('name') ?? '');
      const cl = item.get('cluster');
      if (!isMap(cl)) continue;
      const str = (k: string): string | undefined => (typeof cl.get(k) === 'string' ? (cl.get(k) as string) : undefined);
      const at = (k: string): Origin => ({ file: shown, line: lineAt(cl.get(k, true)), key: `${name || 'cluster'}.${k}` });
      const server = str('server');
      if (!server || !isWeb(server)) continue;
      let ca: ToolCa | undefined;
      const data = str('certificate-authority-data');
      if (data) {
        const pem = Buffer.from(data, 'base64').toString('utf8');
        ca = pem.includes('-----BEGIN CERTIFICATE-----') ? { pem, from: at('certificate-authority-data') } : { from: at('certificate-authority-data'), problem: 'certificate-authority-data is not a base64 PEM certificate' };
      } else if (str('certificate-authority')) {
        ca = caFile(c, path.resolve(path.dirname(expandHome(file, c.home)), str('certificate-authority')!), at('certificate-authority'));
      }
      out.push(
        endpoint('kubectl', `cluster ${name || server}`, server, at('server'), {
          ca,
          proxy: str('proxy-url') ? proxyOf(str('proxy-url')!, at('proxy-url')) : undefined,
          insecure: cl.get('insecure-skip-tls-verify') === true ? { from: at('insecure-skip-tls-verify') } : undefined,
          serverName: str('tls-server-name'),
          notes: secrets.length ? [`credentials for ${secrets.join(', ')} are in the kubeconfig: never shown, and the probe does not send them`] : [],
        }),
      );
    }
  }
  return out;
};

// ---- docker ----

const docker: Reader = (c) => {
  const out: ToolEndpoint[] = [];
  const cfgFile = path.join(env(c, 'DOCKER_CONFIG') ?? path.join(c.home, '.docker'), 'config.json');
  const text = c.r.text(cfgFile);
  const daemonFile = '/etc/docker/daemon.json';
  const daemonText = c.r.text(daemonFile);
  if (text === undefined && daemonText === undefined) return out;
  const daemon = daemonText ? (safeJson(daemonText) as { 'registry-mirrors'?: string[]; proxies?: Record<string, string> } | undefined) : undefined;
  const dproxy = daemon?.proxies?.['https-proxy'];
  const proxy = dproxy ? proxyOf(dproxy, { file: daemonFile, line: lineOf(daemonText!, 'https-proxy'), key: 'proxies.https-proxy' }) : undefined;
  const certsFor = (host: string): ToolCa | undefined => {
    const f = `/etc/docker/certs.d/${host}/ca.crt`;
    return existsSync(f) ? caFile(c, f, { file: f }) : undefined;
  };
  const notes = ['the Docker daemon pulls, with its own proxy (daemon.json or its service environment) and CA settings (/etc/docker/certs.d), not the CLI\'s'];
  out.push(endpoint('docker', 'Docker Hub (default registry)', 'https://registry-1.docker.io/v2/', { file: 'docker default' }, { proxy, notes }));
  for (const m of daemon?.['registry-mirrors'] ?? []) if (isWeb(m)) out.push(endpoint('docker', 'registry mirror', m, { file: daemonFile, line: lineOf(daemonText!, m), key: 'registry-mirrors' }, { proxy, ca: certsFor(new URL(m).host), notes }));
  if (text !== undefined) {
    const cfg = safeJson(text) as { auths?: Record<string, unknown>; proxies?: { default?: { httpsProxy?: string } } } | undefined;
    for (const key of Object.keys(cfg?.auths ?? {})) {
      const url = isWeb(key) ? key : `https://${key}/v2/`;
      if (/index\.docker\.io/.test(url)) continue;
      out.push(endpoint('docker', `registry ${new URL(url).host}`, url, { file: c.r.show(cfgFile), line: lineOf(text, key), key: 'auths' }, {
        proxy, ca: certsFor(new URL(url).host), notes: [...notes, 'registry credentials are in config.json: never shown, and the probe does not send them'],
      }));
    }
    if (cfg?.proxies?.default?.httpsProxy) out.forEach((e) => e.notes.push(`config.json proxies.default.httpsProxy (${withoutCredentials(cfg.proxies!.default!.httpsProxy!)}) is for containers, not for pulls`));
  }
  return out;
};

// ---- Go, Cargo, Maven, Gradle, conda, VS Code ----

const go: Reader = (c) => {
  const envFile = path.join(env(c, 'XDG_CONFIG_HOME') ?? path.join(c.home, '.config'), 'go/env');
  const text = c.r.text(envFile);
  const fromFile = text ? propertiesEntries(text) : [];
  const value = (k: string): { value: string; from: Origin } | undefined => {
    if (env(c, k)) return { value: env(c, k)!, from: { file: 'environment', key: k } };
    const e = fromFile.find((x) => x.key === k);
    return e ? { value: e.value, from: { file: c.r.show(envFile), line: e.line, key: k } } : undefined;
  };
  const goproxy = value('GOPROXY');
  if (!goproxy && !text && !inWorkspace(c, 'go.mod')) return [];
  const list = (goproxy?.value ?? 'https://proxy.golang.org,direct').split(/[,|]/).map((s) => s.trim()).filter(isWeb);
  const priv = value('GOPRIVATE');
  const notes = priv ? [`GOPRIVATE=${priv.value}: those modules are fetched directly from their VCS, not through GOPROXY`] : [];
  const out = list.map((u) => endpoint('go', 'module proxy', u, goproxy?.from ?? { file: 'go default', key: 'GOPROXY' }, { notes }));
  const sumdb = value('GOSUMDB');
  if (sumdb?.value !== 'off') out.push(endpoint('go', 'checksum database', 'https://sum.golang.org/', sumdb?.from ?? { file: 'go default', key: 'GOSUMDB' }));
  return withCa(out, sslCertFile(c));
};

const cargo: Reader = (c) => {
  const files = [path.join(env(c, 'CARGO_HOME') ?? path.join(c.home, '.cargo'), 'config.toml'), ...c.workspaces.map((w) => path.join(w, '.cargo/config.toml'))];
  const out: ToolEndpoint[] = [];
  let cainfo: ToolCa | undefined;
  let proxy: ToolProxy | undefined;
  const found: { what: string; url: string; from: Origin }[] = [];
  for (const file of files) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    for (const e of tomlEntries(text)) {
      const from = { file: c.r.show(file), line: e.line, key: `${e.section}.${e.key}` };
      if (e.section === 'http' && e.key === 'cainfo') cainfo = caFile(c, e.value, from);
      else if (e.section === 'http' && e.key === 'proxy') proxy = proxyOf(/^[a-z]+:\/\//.test(e.value) ? e.value : `http://${e.value}`, from);
      else if ((e.section.startsWith('registries.') && e.key === 'index') || (e.section.startsWith('source.') && e.key === 'registry')) {
        found.push({ what: `registry ${e.section.split('.')[1]}`, url: e.value.replace(/^sparse\+/, ''), from });
      }
    }
  }
  if (!found.length && (c.r.read.some((f) => f.includes('.cargo')) || inWorkspace(c, 'Cargo.toml'))) found.push({ what: 'crates.io index (default)', url: 'https://index.crates.io/', from: { file: 'cargo default' } });
  for (const f of found) if (isWeb(f.url)) out.push(endpoint('cargo', f.what, f.url, f.from, { ca: cainfo, proxy }));
  return out;
};

const maven: Reader = (c) => {
  const file = path.join(c.home, '.m2/settings.xml');
  const text = c.r.text(file);
  if (text === undefined && !inWorkspace(c, 'pom.xml')) return [];
  const out: ToolEndpoint[] = [];
  const shown = c.r.show(file);
  let proxy: ToolProxy | undefined;
  for (const p of text?.match(/<proxy>[\s\S]*?<\/proxy>/g) ?? []) {
    const tag = (t: string): string | undefined => new RegExp(`<${t}>\\s*([^<]*?)\\s*</${t}>`).exec(p)?.[1];
    if (tag('active') === 'false' || (tag('protocol') ?? 'http') !== 'https' && proxy) continue;
    if (tag('host')) proxy = proxyOf(`http://${tag('host')}:${tag('port') ?? '80'}`, { file: shown, line: lineOf(text!, p), key: 'proxies.proxy' });
  }
  for (const m of text?.match(/<mirror>[\s\S]*?<\/mirror>/g) ?? []) {
    const url = /<url>\s*([^<]*?)\s*<\/url>/.exec(m)?.[1];
    const id = /<id>\s*([^<]*?)\s*<\/id>/.exec(m)?.[1];
    if (url && isWeb(url)) out.push(endpoint('maven', `mirror ${id ?? ''}`.trim(), url, { file: shown, line: lineOf(text!, url), key: 'mirrors.mirror.url' }, { proxy }));
  }
  if (!out.length) out.push(endpoint('maven', 'Maven Central (default)', 'https://repo.maven.apache.org/maven2/', { file: 'maven default' }, { proxy }));
  const trust = /javax\.net\.ssl\.trustStore=(\S+)/.exec(env(c, 'MAVEN_OPTS') ?? '');
  if (trust) out.forEach((e) => e.notes.push(`MAVEN_OPTS sets javax.net.ssl.trustStore=${trust[1]} (a Java keystore: its certificates are not read here)`));
  return out;
};

const gradle: Reader = (c) => {
  const files = [path.join(env(c, 'GRADLE_USER_HOME') ?? path.join(c.home, '.gradle'), 'gradle.properties'), ...c.workspaces.map((w) => path.join(w, 'gradle.properties'))];
  const props = new Map<string, { value: string; from: Origin }>();
  for (const file of files) {
    const text = c.r.text(file);
    if (text !== undefined) for (const e of propertiesEntries(text)) props.set(e.key, { value: e.value, from: { file: c.r.show(file), line: e.line, key: e.key } });
  }
  if (!props.size && !inWorkspace(c, 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts')) return [];
  const host = props.get('systemProp.https.proxyHost');
  const proxy = host ? proxyOf(`http://${host.value}:${props.get('systemProp.https.proxyPort')?.value ?? '443'}`, host.from) : undefined;
  const trust = props.get('systemProp.javax.net.ssl.trustStore');
  const notes = trust ? [`systemProp.javax.net.ssl.trustStore=${trust.value} (a Java keystore: its certificates are not read here)`] : [];
  return [
    endpoint('gradle', 'Gradle Plugin Portal', 'https://plugins.gradle.org/m2/', { file: 'gradle default' }, { proxy, notes }),
    endpoint('gradle', 'Maven Central', 'https://repo.maven.apache.org/maven2/', { file: 'gradle default' }, { proxy, notes }),
  ];
};

const conda: Reader = (c) => {
  const files = [env(c, 'CONDARC'), path.join(c.home, '.condarc'), ...c.workspaces.map((w) => path.join(w, '.condarc'))].filter((f): f is string => !!f);
  const out: ToolEndpoint[] = [];
  for (const file of files) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    const doc = safeYaml(text) as { channels?: string[]; channel_alias?: string; proxy_servers?: Record<string, string>; ssl_verify?: string | boolean } | undefined;
    if (!doc) continue;
    const shown = c.r.show(file);
    const alias = (doc.channel_alias ?? 'https://conda.anaconda.org').replace(/\/$/, '');
    const ca = typeof doc.ssl_verify === 'string' ? caFile(c, doc.ssl_verify, { file: shown, line: lineOf(text, 'ssl_verify'), key: 'ssl_verify' }) : undefined;
    const insecure = doc.ssl_verify === false ? { from: { file: shown, line: lineOf(text, 'ssl_verify'), key: 'ssl_verify' } } : undefined;
    const proxy = doc.proxy_servers?.https ? proxyOf(doc.proxy_servers.https, { file: shown, line: lineOf(text, 'proxy_servers'), key: 'proxy_servers.https' }) : undefined;
    for (const ch of doc.channels ?? []) {
      const url = isWeb(ch) ? ch : ch === 'defaults' ? 'https://repo.anaconda.com/pkgs/main/' : `${alias}/${ch}/`;
      out.push(endpoint('conda', `channel ${ch}`, url, { file: shown, line: lineOf(text, ch), key: 'channels' }, { ca, insecure, proxy }));
    }
  }
  return out;
};

const vscode: Reader = (c) => {
  const dirs = [path.join(env(c, 'XDG_CONFIG_HOME') ?? path.join(c.home, '.config'), 'Code/User/settings.json'), path.join(c.home, 'Library/Application Support/Code/User/settings.json')];
  if (c.env.APPDATA) dirs.push(path.join(c.env.APPDATA, 'Code/User/settings.json'));
  for (const file of dirs) {
    const text = c.r.text(file);
    if (text === undefined) continue;
    const s = (safeJson(stripJsonComments(text)) ?? {}) as Record<string, unknown>;
    const shown = c.r.show(file);
    const proxy = typeof s['http.proxy'] === 'string' && s['http.proxy'] ? proxyOf(s['http.proxy'] as string, { file: shown, line: lineOf(text, '"http.proxy"'), key: 'http.proxy' }) : undefined;
    const insecure = s['http.proxyStrictSSL'] === false ? { from: { file: shown, line: lineOf(text, '"http.proxyStrictSSL"'), key: 'http.proxyStrictSSL' } } : undefined;
    return [endpoint('vscode', 'extension gallery', 'https://marketplace.visualstudio.com/_apis/public/gallery/', { file: shown, key: 'extensionsGallery (default)' }, { proxy, insecure })];
  }
  return [];
};

export const READERS: Record<ToolName, Reader> = { npm, yarn, pip, uv, poetry, git, kubectl, docker, go, cargo, maven, gradle, conda, vscode };

function safeYaml(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 50 });
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** VS Code's settings are JSON with comments and trailing commas. */
function stripJsonComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '').replace(/,(\s*[}\]])/g, '$1');
}
