// Ctrl-C / SIGTERM abort the run: every probe stops, partial output is still printed.

export const INTERRUPTED_EXIT = 130;

export async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; interrupted: boolean }> {
  const ac = new AbortController();
  const onSignal = (): void => {
    if (ac.signal.aborted) process.exit(INTERRUPTED_EXIT); // a second Ctrl-C: leave now
    process.stderr.write('\nconndoc: interrupted, stopping probes…\n');
    ac.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const value = await run(ac.signal);
    return { value, interrupted: ac.signal.aborted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
