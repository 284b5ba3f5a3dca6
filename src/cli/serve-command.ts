// conndoc serve [--listen host:port] [--config f]: a blackbox_exporter-compatible prober for Prometheus.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError, defaultConfig, loadConfig } from '../exporter/modules';
import { startExporter } from '../exporter/server';
import { UsageError } from './args';

declare const PACKAGE_VERSION: string | undefined;

export const DEFAULT_LISTEN = '127.0.0.1:9115';

/** host:port or [v6]:port. The host is required: `:9115` (every interface, in Go's spelling) must be said as 0.0.0.0. */
export function parseListen(spec: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(spec);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || !host || port > 65535 || (m[1] !== undefined && isIP(m[1]) !== 6)) {
    throw new UsageError(`--listen takes host:port (e.g. ${DEFAULT_LISTEN}; 0.0.0.0:9115 to listen on every interface), not '${spec}'`);
  }
  return { host, port };
}

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`conndoc serve [--listen host:port] [--config file]\n  blackbox_exporter-compatible prober: GET /probe?target=<url>&module=<name>, GET /metrics\n  --listen   address to bind (default ${DEFAULT_LISTEN}; 0.0.0.0:9115 for every interface)\n  --config   YAML module file (timeout, repeat, proxy, ca, insecure, max_redirects, allow: schemes/hosts/cidrs)\n`);
    return 0;
  }
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { listen: { type: 'string' }, config: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(`serve: ${String((e as Error).message).split('\n')[0]} (usage: conndoc serve [--listen host:port] [--config file])`);
  }
  const { host, port } = parseListen(values.listen ?? DEFAULT_LISTEN);
  let config;
  try {
    config = values.config ? loadConfig(values.config) : defaultConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const exporter = await startExporter(config, host, port, typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`serve: cannot listen on ${host}:${port}: ${e.code ?? e.message}`);
  });
  const open = !['127.0.0.1', '::1', 'localhost'].includes(host) && !host.startsWith('127.');
  process.stderr.write(`conndoc serve: ${exporter.url}/probe?target=<url>&module=<${[...config.modules.keys()].join('|')}>  ·  ${exporter.url}/metrics\n`);
  if (open) process.stderr.write('conndoc serve: listening beyond loopback: whoever reaches this port can make this host connect; restrict targets with allow: in the module file\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await exporter.close();
  return 0;
}
