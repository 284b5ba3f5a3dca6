// One sentence: does the probe from here agree with the message the user had?

export type Agreement = 'reproduced-not' | 'match' | 'differs';

export function agreement(ids: readonly string[], probed: { ok: boolean; id: string }): Agreement {
  if (probed.ok) return 'reproduced-not';
  return ids.includes(probed.id) ? 'match' : 'differs';
}

export function comparisonLine(ids: readonly string[], probed: { ok: boolean; id: string }): string {
  switch (agreement(ids, probed)) {
    case 'reproduced-not':
      return 'The probe from here succeeds: the failure in the message did not reproduce from this machine (it may depend on the network, proxy or client that printed it).';
    case 'match': {
      const others = ids.filter((i) => i !== probed.id);
      return `The probe from here finds ${probed.id}: that is what the message meant${others.length ? ` (not ${others.join(', ')})` : ''}.`;
    }
    case 'differs':
      return `The probe from here finds ${probed.id}, which the message alone would not suggest: the path or client differs from the one that printed it.`;
  }
}
