// The toolchain's own endpoints: what each developer tool connects to, and with which CA and proxy settings.
// Plain data shared by discovery (which reads the tools' files) and the engine (which probes as each tool would).

export const TOOLS = ['npm', 'yarn', 'pip', 'uv', 'poetry', 'git', 'kubectl', 'docker', 'go', 'cargo', 'maven', 'gradle', 'conda', 'vscode'] as const;
export type ToolName = (typeof TOOLS)[number];

/** Where a setting was read: "~/.npmrc line 3", "KUBECONFIG (/tmp/k) cluster prod". */
export interface Origin {
  file: string;
  line?: number;
  /** The setting's name in the tool's own terms: `cafile`, `http.sslCAInfo`, `certificate-authority-data`. */
  key?: string;
}

export interface ToolCa {
  /** PEM text (certificate-authority-data decoded, or a file's content). */
  pem?: string;
  /** The file the tool is pointed at (kept for the fix, even when unreadable). */
  file?: string;
  from: Origin;
  /** Why it could not be read, when it could not. */
  problem?: string;
}

export interface ToolProxy {
  /** Credentials stripped. '' = the tool is told to use no proxy. */
  url: string;
  from: Origin;
}

export interface ToolEndpoint {
  tool: ToolName;
  /** What it is to the tool: "registry", "registry for @corp", "remote origin", "cluster prod". */
  what: string;
  /** The URL the tool connects to, without credentials. */
  url: string;
  from: Origin;
  ca?: ToolCa;
  proxy?: ToolProxy;
  /** The tool is told not to verify certificates (strict-ssl=false, insecure-skip-tls-verify, sslVerify=false). */
  insecure?: { from: Origin };
  /** kubeconfig tls-server-name: the name the tool verifies the certificate against. */
  serverName?: string;
  /** Facts worth saying that change nothing probed (GOPRIVATE, insteadOf rewrites, a token present but not sent). */
  notes: string[];
}

export interface ToolchainInventory {
  endpoints: ToolEndpoint[];
  /** Every file read, whether or not it held an endpoint, so the user sees exactly what was looked at. */
  filesRead: string[];
  /** The tools asked about. */
  tools: ToolName[];
}

export interface ToolchainOptions {
  /** The user's home (a test's throwaway HOME). */
  home: string;
  env: Record<string, string | undefined>;
  /** Workspace folders: their .npmrc, pip.conf, uv.toml, pyproject.toml, .git/config, .cargo/config.toml, gradle.properties. */
  workspaces: string[];
  /** Which tools to read (reading outside the workspace is opt-in per tool); default all. */
  tools?: readonly ToolName[];
}
