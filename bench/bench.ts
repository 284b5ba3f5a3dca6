// npm run bench: speed and memory as ratios against baselines measured in the same run (curl, ripgrep).
import { runProbeBench } from './probe';
import { runScanBench } from './scan';
import { runExtractScaling } from './extract-scaling';
import { runMemoryBench } from './memory';
import { runEditorBench } from './editor';
import { runLinkCheckBench } from './linkcheck';

async function main(): Promise<void> {
  const which = process.argv[2];
  if (which === undefined || which === 'probe') {
    const p = await runProbeBench();
    console.log(`probe: 1,000 loopback URLs, concurrency 16 — ours ${p.ours_ms.toFixed(0)} ms, curl ${p.curl_ms.toFixed(0)} ms, ratio ${p.ratio.toFixed(2)} (target ≤ 1.0)`);
    console.log(`probe: curl with a new connection per URL ${p.curl_fresh_ms.toFixed(0)} ms (ratio ${p.ratio_fresh.toFixed(2)}); CPU ours ${p.ours_cpu_ms.toFixed(0)} ms, curl ${p.curl_cpu_ms?.toFixed(0) ?? '?'} / ${p.curl_fresh_cpu_ms?.toFixed(0) ?? '?'} ms (ratios ${p.cpu_ratio?.toFixed(2) ?? '?'} with reuse / ${p.cpu_ratio_fresh?.toFixed(2) ?? '?'} fresh, target ≤ 1.0 fresh — curl sends Connection: close); cold first run ${p.ours_cold_ms.toFixed(0)} ms`);
    console.log(`probe: phase timing error vs injected delays ${p.phase_error_pct.toFixed(1)} % (target ≤ 5 %)`);
  }
  if (which === undefined || which === 'scan' || which === 'extract') {
    const e = runExtractScaling();
    console.log(`extract: 4x the input takes at worst ${e.worst_ratio.toFixed(1)}x the time as text, ${e.bytes_worst_ratio.toFixed(1)}x as a file's bytes (linear ≈ 4, quadratic ≈ 16); a 6 MB minified line at ${e.bundle_mb_per_s.toFixed(0)} MB/s as text, ${e.bytes_bundle_mb_per_s.toFixed(0)} MB/s as bytes`);
  }
  if (which === undefined || which === 'editor') {
    for (const b of await runEditorBench(process.argv[3] ? process.argv[3].split(',').map(Number) : undefined)) {
      console.log(`editor: ${b.urls} URLs in one document through the language server — results complete in ${b.lsp_ms.toFixed(0)} ms, conndoc scan ${b.scan_ms.toFixed(0)} ms, ratio ${b.ratio.toFixed(2)} (target ≤ 3x scan + 5 s: ${b.lsp_ms <= 3 * b.scan_ms + 5000 ? 'met' : 'missed'}); server CPU ${b.server_cpu_ms.toFixed(0)} ms; ${b.notifications} entries notifications, ${b.notification_mib.toFixed(1)} MiB`);
    }
  }
  if (which === undefined || which === 'scan') {
    for (const density of ['sparse', 'dense'] as const) {
      const s = await runScanBench(density);
      const perMib = s.urls / (s.bytes / 2 ** 20);
      console.log(`scan (${density}): ${s.files} files, ${(s.bytes / 2 ** 20).toFixed(0)} MiB, ${s.urls} URLs (${perMib.toFixed(0)} per MiB) — ours ${s.ours_ms.toFixed(0)} ms, ripgrep ${s.rg_ms.toFixed(0)} ms, ratio ${s.ratio.toFixed(2)} (target ≤ 1.5); CPU ours ${s.ours_cpu_ms.toFixed(0)} ms${s.rg_cpu_ms !== undefined ? `, ripgrep ${s.rg_cpu_ms.toFixed(0)} ms, ratio ${s.cpu_ratio!.toFixed(2)}` : ''}; peak RSS ${s.peak_rss_mib.toFixed(0)} MiB (target ≤ 200)`);
    }
  }
  if (which === undefined || which === 'linkcheck') {
    const l = await runLinkCheckBench();
    console.log(`linkcheck: ${l.links} Markdown links (${l.distinct} distinct loopback URLs), concurrency 16 — ours ${l.ours_ms.toFixed(0)} ms (every phase measured), linkinator ${l.linkinator_ms.toFixed(0)} ms, ratio ${l.ratio.toFixed(2)} (target ≤ 0.5)`);
    console.log(`linkcheck: the same against a server that closes every connection (linkinator too opens one per URL) — ours ${l.ours_fresh_ms.toFixed(0)} ms, linkinator ${l.linkinator_fresh_ms.toFixed(0)} ms, ratio ${l.ratio_fresh.toFixed(2)}`);
  }
  if (which === undefined || which === 'memory') {
    const m = await runMemoryBench();
    console.log(`memory: 100,000 loopback URLs probed (scan --json, streamed) — ${m.probe_100k_results} results, peak RSS ${m.probe_100k_peak_mib.toFixed(0)} MiB (target ≤ 200) in ${(m.probe_100k_ms / 1000).toFixed(0)} s`);
    console.log(`memory: one 200 MB single-line file — scan --json peak RSS ${m.one_line_scan_peak_mib.toFixed(0)} MiB, --no-probe ${m.one_line_no_probe_peak_mib.toFixed(0)} MiB (target ≤ 200)`);
    console.log(`memory: one file of 1,000,000 URLs — scan --json --no-probe lists ${m.million_urls_listed} with peak RSS ${m.million_urls_peak_mib.toFixed(0)} MiB (target ≤ 200)`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
