// Corrections of p-values for testing many columns at once.

export type PValueCorrection = 'none' | 'bonferroni' | 'benjamini-hochberg';

/**
 * Adjusted p-values, in the order given. Bonferroni: min(1, m·p). Benjamini–Hochberg (1995)
 * step-up FDR: for p sorted ascending, adjusted p_(i) = min over j ≥ i of min(1, m·p_(j)/j),
 * the same values as statsmodels' multipletests(method='fdr_bh').
 */
export function adjustPValues(pValues: readonly number[], correction: PValueCorrection): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, (pValues[index]! * m) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
