// The toolchain inventory: the endpoints of the developer tools on this machine and in the workspace, each named
// by the tool and the file it came from, with the tool's own CA, proxy and verification settings.
import { FileReader } from './config-text';
import { READERS } from './readers';
import { TOOLS, type ToolName, type ToolchainInventory, type ToolchainOptions } from '../../vocabulary/toolchain';

export * from '../../vocabulary/toolchain';

export function readToolchain(opts: ToolchainOptions): ToolchainInventory {
  const r = new FileReader(opts.home);
  const tools = [...(opts.tools ?? TOOLS)];
  const endpoints = tools.flatMap((t) => READERS[t]({ ...opts, r }));
  return { endpoints, filesRead: r.read.map((f) => r.show(f)), tools };
}

/** `npm,git` → the tools; a clear error for a name that is not one. */
export function parseTools(spec: string): ToolName[] {
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(TOOLS as readonly string[]).includes(n));
  if (bad.length) throw new TypeError(`unknown tool ${bad.map((b) => `'${b}'`).join(', ')} (known: ${TOOLS.join(', ')})`);
  return names as ToolName[];
}
