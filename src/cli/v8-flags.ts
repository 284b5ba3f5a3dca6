// The V8 flags a command runs with. The launcher (launch.ts) sets them before it compiles the command line:
// V8's code cache records the flags its code was made under and refuses data made under others, so a flag set
// once the command had started made every cached run's data stale (refused, compiled again, rewritten at exit).

export function v8FlagsFor(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const probesNothing = options[0] === 'scan' && options.includes('--no-probe');
  return [
    // undici parses HTTP/1.1 with llhttp in WebAssembly. Once it is warm V8 recompiles that one huge state machine
    // with TurboFan on a background thread (~300 ms of CPU), and the process cannot exit before that job ends:
    // one `conndoc probe` took 0.55 s with it, 0.37 s without. Parsing is under 1 % of 1,000 probes' CPU, so
    // the baseline compiler's code is enough for a command line.
    '--liftoff-only',
    // Probing 100,000 URLs makes much short-lived garbage and little live data: without this V8 lets the heap
    // grow to ~400 MiB before collecting; with it the same run peaks near 170-180 MiB (npm run bench, memory), at
    // ~1.6x the CPU of a run without it. Set only before a run of over 2,000 probes, 100,000 peaked at 179 MiB and a
    // 1,000-URL link check was no faster (10 paired runs), so it is set for every probing command.
    // Not for a scan that probes nothing: its discovery threads ran 40 % slower with it (more GC, less
    // optimised code), and they keep their own heaps small.
    ...(probesNothing ? [] : ['--optimize-for-size']),
  ];
}
