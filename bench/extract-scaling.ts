// Linear time of the URL extractor: 4x the input should take about 4x the time (a quadratic scan: 16x).
import { extractUrls } from '../src/discover/extract';
import { extractUrlsFromBytes } from '../src/discover/extract-bytes';
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

/**
 * The worst time ratio (2 MB vs 500 KB) over a minified bundle and every adversarial input, for the text
 * (the editor's documents) and for a file's bytes searched in windows (the scan).
 */
export function runExtractScaling(): { worst_ratio: number; bytes_worst_ratio: number; bundle_mb_per_s: number; bytes_bundle_mb_per_s: number } {
  let worst = 0;
  let bytesWorst = 0;
  for (const make of [bundle, ...adversarial]) {
    const small = make(500_000);
    const big = make(2_000_000);
    extractUrls(small); // warm up
    worst = Math.max(worst, medianOf(5, () => extractUrls(big)) / Math.max(medianOf(5, () => extractUrls(small)), 0.5));
    const [smallBytes, bigBytes] = [Buffer.from(small), Buffer.from(big)];
    extractUrlsFromBytes(smallBytes);
    bytesWorst = Math.max(bytesWorst, medianOf(5, () => extractUrlsFromBytes(bigBytes)) / Math.max(medianOf(5, () => extractUrlsFromBytes(smallBytes)), 0.5));
  }
  const six = bundle(6 * 1024 * 1024);
  const sixBytes = Buffer.from(six);
  const ms = medianOf(3, () => extractUrls(six));
  const bytesMs = medianOf(3, () => extractUrlsFromBytes(sixBytes));
  return { worst_ratio: worst, bytes_worst_ratio: bytesWorst, bundle_mb_per_s: 6 / (ms / 1000), bytes_bundle_mb_per_s: 6 / (bytesMs / 1000) };
}
