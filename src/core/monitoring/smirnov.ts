// Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic D⁺_n, i.e.
// scipy.special.smirnov(n, x), which scipy's kstwo uses for the upper tail. Same branches as the
// cephes/xsf `_smirnov` (scipy 1.17.1), but in double precision with the terms summed in log space
// instead of double-double arithmetic; relative agreement is about 1e-11.

/** cephes MINLOG: exp of anything below this underflows. */
const MIN_LOG = -708.3964185322641;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's splitting constant

/** n·x as an unevaluated sum hi + lo (Dekker's exact product), so ⌊n·x⌋ is exact. */
function exactProduct(n: number, x: number): [number, number] {
  const hi = n * x;
  const split = (value: number): [number, number] => {
    const t = SPLITTER * value;
    const high = t - (t - value);
    return [high, value - high];
  };
  const [nHigh, nLow] = split(n);
  const [xHigh, xLow] = split(x);
  const lo = nHigh * xHigh - hi + nHigh * xLow + nLow * xHigh + nLow * xLow;
  return [hi, lo];
}

/**
 * P(D⁺_n ≥ x) by the Smirnov (1944) / Birnbaum–Tingey (1951) sum
 * x · Σ_{v=0}^{⌈n(1−x)⌉−1} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}.
 */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const [nxHigh, nxLow] = exactProduct(n, x);
  let nxFloor = Math.floor(nxHigh);
  if (nxFloor === nxHigh && nxLow < 0) nxFloor -= 1;
  const fraction = nxHigh - nxFloor + nxLow;
  if (nxFloor === 0 || (nxFloor === 1 && fraction === 0)) return 1 - x * Math.pow(1 + x, n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return Math.pow(1 - x, n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // Same approximation as cephes for huge n: p ≈ exp(−(6nx + 1)² / 18n).
    const logP = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
  }
  // The terms with v < n(1 − x), i.e. v ≤ n − ⌊nx⌋ − 1 whether or not nx is an integer.
  const lastTerm = n - nxFloor - 1;
  const logTerms: number[] = [];
  let logBinomial = 0;
  for (let v = 0; v <= lastTerm; v++) {
    if (v > 0) logBinomial += Math.log((n - v + 1) / v);
    const lowerBase = (v + nxHigh + nxLow) / n; // x + v/n
    const upperBase = (n - v - nxHigh - nxLow) / n; // 1 − x − v/n
    logTerms.push(logBinomial + (v - 1) * Math.log(lowerBase) + (n - v) * Math.log(upperBase));
  }
  let largest = -Infinity;
  for (const logTerm of logTerms) largest = Math.max(largest, logTerm);
  let sum = 0;
  for (const logTerm of logTerms) sum += Math.exp(logTerm - largest);
  return Math.min(1, Math.max(0, sum * Math.exp(largest + Math.log(x))));
}
