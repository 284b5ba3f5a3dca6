// Remediation steps come from several entries (the id, its findings, fingerprinted vendors): the same advice can
// arrive twice in different words. A step keeps only the sentences that say something an earlier step did not.

const STOP = new Set(
  'a an and the to of in on for with if is are be it its this that your you can from or as at by so then was were whether see'.split(' '),
);

function words(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[a-z0-9][a-z0-9'’/-]*/g) ?? []).filter((w) => !STOP.has(w));
}

function sentences(step: string): string[] {
  return step.split(/(?<=[.!?])\s+(?=[A-Z])/);
}

/** A sentence repeats an earlier one when all its words (at least 3 of them) are in that earlier sentence. */
function repeats(sentence: string, earlier: Set<string>[]): boolean {
  const w = words(sentence);
  return w.length >= 3 && earlier.some((seen) => w.every((x) => seen.has(x)));
}

/** The steps in order, each without the sentences an earlier step already said; steps left empty are dropped. */
export function distinctSteps(steps: string[], said: string[] = []): string[] {
  const earlier = said.flatMap(sentences).map((s) => new Set(words(s)));
  const out: string[] = [];
  for (const step of steps) {
    if (out.includes(step) || said.includes(step)) continue;
    const kept = sentences(step).filter((s) => !repeats(s, earlier));
    if (kept.length === 0) continue;
    const text = kept.join(' ');
    out.push(text);
    earlier.push(...kept.map((s) => new Set(words(s))));
  }
  return out;
}
