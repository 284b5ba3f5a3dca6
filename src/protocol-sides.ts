// The two sides of a remote window (SSH, WSL, a dev container, code-server): the workspace side, where the
// language server probes, and this computer, where the editor's UI runs. What each side saw of one URL, and
// what the difference points at. Pure: the extension and the companion both use it.
import type { Result } from './vocabulary/types';

/** The command the UI-side companion (connection-doctor-local) registers; the workspace side calls it across hosts. */
export const LOCAL_PROBE_COMMAND = 'connectionDoctor.local.probe';
/** At most this many URLs per call, and per result only once. */
export const LOCAL_PROBE_MAX = 20;

/** What this computer saw of one URL. */
export interface Sighting {
  url: string;
  /** `browser`: a web UI (code-server, vscode.dev) could only fetch, not probe phase by phase. `engine`: the full probe. */
  by: 'browser' | 'engine';
  /** true: a server answered; false: it failed; undefined: this side could not try (policy, scheme). */
  reached: boolean | undefined;
  ms: number;
  /** What happened, in words (the id for an engine probe). */
  detail: string;
  /** The engine's diagnosis id when `by` is `engine`. */
  id?: string;
}

/** The companion's command argument, checked and bounded: one sighting per URL (strings only), in order. */
export async function sightings(urls: unknown, one: (url: string) => Promise<Sighting>): Promise<Sighting[]> {
  const list = Array.isArray(urls) ? urls.filter((u): u is string => typeof u === 'string').slice(0, LOCAL_PROBE_MAX) : [];
  return Promise.all(list.map(one));
}

export type SidesVerdict = 'both-work' | 'both-fail' | 'fails-only-remote' | 'fails-only-here' | 'not-compared';

export interface Sides {
  verdict: SidesVerdict;
  /** One paragraph for the explanation page and the tree's tooltip. */
  detail: string;
  /** This computer's view, in a few words (the tree row). */
  here: string;
}

/** Compares the workspace side's result with this computer's sighting. `remoteName` as VS Code names it (ssh-remote, wsl, …). */
export function compareSides(result: Result, seen: Sighting, remoteName: string): Sides {
  const there = sideName(remoteName);
  const here = seen.reached === undefined ? `not checked: ${seen.detail}` : seen.reached ? `answered in ${Math.round(seen.ms)} ms` : `failed: ${seen.detail}`;
  if (seen.reached === undefined) return { verdict: 'not-compared', here, detail: `This computer did not try this URL (${seen.detail}).` };
  const failedThere = !result.ok;
  if (!failedThere && seen.reached) return { verdict: 'both-work', here, detail: `Works from both sides: ${there} and this computer (${here}).` };
  if (failedThere && !seen.reached) {
    return {
      verdict: 'both-fail',
      here,
      detail: `Fails from both sides: ${there} (${result.id}) and this computer (${seen.detail}). The cause is near the server, or in a network both sides share (the same VPN, proxy or DNS).`,
    };
  }
  if (failedThere) {
    return {
      verdict: 'fails-only-remote',
      here,
      detail:
        `This computer reaches it (${here}); ${there} fails with ${result.id}. The difference is the remote side's own path: its DNS, proxy or firewall, ` +
        `or a name such as localhost that means the container or remote machine there, not this computer (forward the port, or use the address the remote side can reach).`,
    };
  }
  return {
    verdict: 'fails-only-here',
    here,
    detail: `${there[0].toUpperCase()}${there.slice(1)} reaches it, this computer does not (${seen.detail}): look at this computer's network — its VPN, proxy, firewall or DNS — before the server.`,
  };
}

/** VS Code's remoteName in words (code-server and others name their host:port). */
const REMOTE_NAMES: Record<string, string> = {
  'ssh-remote': 'the SSH host',
  wsl: 'WSL',
  'dev-container': 'the dev container',
  'attached-container': 'the container',
  'k8s-container': 'the Kubernetes container',
  codespaces: 'the codespace',
  tunnel: "the tunnel's machine",
};

export function sideName(remoteName: string): string {
  return REMOTE_NAMES[remoteName] ?? `the remote side (${remoteName})`;
}

/** The result with `vantage-dependent` (and its evidence) when the two sides disagree; else as it was. */
export function withSides(result: Result, sides: Sides): Result {
  if (sides.verdict !== 'fails-only-remote' && sides.verdict !== 'fails-only-here') return result;
  if (result.findings.includes('vantage-dependent')) return result;
  return {
    ...result,
    findings: [...result.findings, 'vantage-dependent'],
    evidence: [...(result.evidence ?? []), { finding: 'vantage-dependent', detail: sides.detail }],
  };
}
