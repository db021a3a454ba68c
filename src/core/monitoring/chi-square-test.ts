// Evidently's chi-square drift test (`chisquare_stattest.py`): scipy.stats.chisquare of the
// current counts against the reference shares scaled to the current size.
import type { CategoryCounts } from './category-counts';
import { unionOfCategories } from './category-counts';
import { chiSquareSurvival } from './special-functions';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
}

/**
 * Pearson's statistic Σ (observed − expected)² / expected over the categories of both columns,
 * expected = reference count × (current size / reference size); p = P(χ²_{k−1} ≥ statistic).
 * A category the reference never had expects 0, so the statistic is infinite and p is 0, as in
 * scipy. With a single category (no degrees of freedom) there is nothing to test: p is 1.
 */
export function chiSquareTest(reference: CategoryCounts, current: CategoryCounts): ChiSquareResult {
  const keys = unionOfCategories(reference, current);
  const scale = current.total / reference.total;
  let statistic = 0;
  for (const key of keys) {
    const expected = (reference.counts.get(key) ?? 0) * scale;
    const observed = current.counts.get(key) ?? 0;
    statistic += expected === 0 ? (observed === 0 ? 0 : Infinity) : (observed - expected) ** 2 / expected;
  }
  const degreesOfFreedom = keys.length - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom);
  return { statistic, pValue, degreesOfFreedom };
}
