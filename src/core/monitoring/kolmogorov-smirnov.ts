// Two-sample two-sided Kolmogorov–Smirnov test, matching scipy.stats.ks_2samp(a, b) with its
// defaults alternative='two-sided', method='auto', as in scipy 1.17.1 (checked against it).
import { kolmogorovSurvival } from './kolmogorov-distribution';
import { probabilityOutsideBand, probabilityOutsideSquare } from './ks-exact';
import type { WeightedSample } from './weighted-sample';
import { walkCumulativeWeights } from './weighted-sample';

export type KsMethod = 'auto' | 'exact' | 'asymptotic';

export interface KsResult {
  /** D = sup |F₁ − F₂|; when the exact path was tried, rounded to the multiple of 1/lcm(n₁, n₂) it stands for. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymptotic';
}

/** scipy's MAX_AUTO_N: 'auto' is exact when both samples have at most this many values. */
export const KS_EXACT_MAX_SIZE = 10_000;
const INT32_MAX = 2 ** 31 - 1;

/** The largest absolute difference between the two empirical CDFs (ties handled). */
export function ksStatistic(a: WeightedSample, b: WeightedSample): number {
  let statistic = 0;
  walkCumulativeWeights(a, b, (_value, cumulativeA, cumulativeB) => {
    statistic = Math.max(statistic, Math.abs(cumulativeA / a.total - cumulativeB / b.total));
  });
  return statistic;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const difference = x - floor;
  if (difference !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * scipy's `_attempt_exact_2kssamp` (two-sided). D is first rounded to the multiple of 1/lcm it
 * stands for; that rounded D is kept even when the exact sum is unusable (outside [0, 1], e.g.
 * 1 + 2⁻⁵² for m = n = 7, D = 1/7) and scipy falls back to the asymptotic p-value.
 */
function exactPValue(n1: number, n2: number, g: number, statistic: number): { statistic: number; pValue?: number } {
  const lcm = (n1 / g) * n2;
  const h = roundHalfToEven(statistic * lcm);
  const rounded = h / lcm;
  if (h === 0) return { statistic: rounded, pValue: 1 };
  const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  return pValue >= 0 && pValue <= 1 ? { statistic: rounded, pValue } : { statistic: rounded };
}

/** The two-sided p-value of statistic D for sample sizes n1 and n2. */
export function ksPValue(statistic: number, n1: number, n2: number, method: KsMethod = 'auto'): KsResult {
  if (!(n1 > 0 && n2 > 0)) throw new RangeError('Kolmogorov–Smirnov needs two non-empty samples');
  const g = greatestCommonDivisor(n1, n2);
  let exact = method === 'auto' ? Math.max(n1, n2) <= KS_EXACT_MAX_SIZE : method === 'exact';
  if (method === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) exact = false;
  let d = statistic;
  if (exact) {
    const result = exactPValue(n1, n2, g, statistic);
    if (result.pValue !== undefined) return { statistic: result.statistic, pValue: result.pValue, method: 'exact' };
    d = result.statistic;
  }
  const larger = Math.max(n1, n2);
  const smaller = Math.min(n1, n2);
  const effectiveSize = (larger * smaller) / (larger + smaller);
  const pValue = kolmogorovSurvival(roundHalfToEven(effectiveSize), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, pValue)), method: 'asymptotic' };
}

/** ks_2samp on two weighted samples. */
export function ksTwoSample(a: WeightedSample, b: WeightedSample, method: KsMethod = 'auto'): KsResult {
  return ksPValue(ksStatistic(a, b), a.total, b.total, method);
}
