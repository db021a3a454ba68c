// Exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic, as
// scipy.stats.ks_2samp computes it (scipy 1.17.1, against which this was checked).
// Both give P(D ≥ h / lcm(m, n)) for continuous data with no ties; ties change D, not this law.

/**
 * P(D_{n,n} ≥ h/n) for two samples of equal size n, 0 < h ≤ n: scipy's
 * `_compute_prob_outside_square`. The reflection-principle sum
 * 2·Σ_k (−1)^{k+1} C(2n, n − kh) / C(2n, n) is evaluated with each term divided by C(2n, n) and
 * nested Horner-style, P = 2·A₁(1 − A₂(1 − A₃(…))), to avoid cancellation.
 */
export function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

/**
 * P(D_{m,n} ≥ h/lcm(m, n)) for unequal sizes: scipy's `_compute_outer_prob_inside_method`
 * (`_stats_pythran.py`). Counts lattice paths from (0,0) to (m,n) that leave the band
 * |x/m − y/n| < h/lcm, as a proportion, with Viehmann's recursion for 1 − p (arXiv:2102.08037)
 * on a sliding column window (Hodges 1958, "The significance probability of the Smirnov
 * two-sample test").
 */
export function probabilityOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (column[jj + minJ - lastMinJ]! * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1]!;
}
