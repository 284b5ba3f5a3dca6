// Linear time of the URL extractor: 4x the input should take about 4x the time (a quadratic scan: 16x).
import { extractUrls } from '../src/discover/extract';
import { adversarial, bundle } from '../test/support/extract-inputs';

/** Median of several runs: the machine is shared, a single run is noise. */
function medianOf(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** The worst time ratio (2 MB vs 500 KB) over a minified bundle and every adversarial input. */
export function runExtractScaling(): { worst_ratio: number; bundle_mb_per_s: number } {
  let worst = 0;
  for (const make of [bundle, ...adversarial]) {
    const small = make(500_000);
    const big = make(2_000_000);
    extractUrls(small); // warm up
    const ratio = medianOf(5, () => extractUrls(big)) / Math.max(medianOf(5, () => extractUrls(small)), 0.5);
    worst = Math.max(worst, ratio);
  }
  const six = bundle(6 * 1024 * 1024);
  const ms = medianOf(3, () => extractUrls(six));
  return { worst_ratio: worst, bundle_mb_per_s: 6 / (ms / 1000) };
}
