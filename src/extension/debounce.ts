// Coalesces bursts of store changes (a batch of results every ~75 ms) into one repaint per `ms`.
import type * as vscode from 'vscode';

/** Calls `fn` with every URI changed since its last call, at most once per `ms`. */
export function coalesce(ms: number, fn: (uris: Set<string>) => void): { add(uris: Iterable<string>): void } & vscode.Disposable {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  return {
    add(uris) {
      for (const u of uris) pending.add(u);
      timer ??= setTimeout(() => {
        timer = undefined;
        const batch = new Set(pending);
        pending.clear();
        fn(batch);
      }, ms);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}
