// Share-based distances between a reference and a current distribution over the same bins.

/**
 * Population stability index Σ (ref_i − cur_i)·ln(ref_i / cur_i) over shares in which no bin is
 * empty (see fillEmptyShares), as Evidently's `psi.py`.
 */
export function populationStabilityIndex(reference: Float64Array, current: Float64Array): number {
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    psi += (reference[i]! - current[i]!) * Math.log(reference[i]! / current[i]!);
  }
  return psi;
}

/** x·ln(x/y) with 0·ln(0/y) = 0: scipy.special.rel_entr. */
function relativeEntropyTerm(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

/**
 * scipy.spatial.distance.jensenshannon(p, q, base): both are normalized to sum 1,
 * m = (p + q)/2, distance = √((KL(p‖m) + KL(q‖m)) / 2), with KL in nats unless a base is given.
 */
export function jensenShannonDistance(p: Float64Array, q: Float64Array, base?: number): number {
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < p.length; i++) {
    pTotal += p[i]!;
    qTotal += q[i]!;
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pTotal;
    const qi = q[i]! / qTotal;
    const mi = (pi + qi) / 2;
    left += relativeEntropyTerm(pi, mi);
    right += relativeEntropyTerm(qi, mi);
  }
  let divergence = left + right;
  if (base !== undefined) divergence /= Math.log(base);
  return Math.sqrt(divergence / 2);
}
