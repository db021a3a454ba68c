// Evidently's two-proportion Z-test (`z_stattest.py`) for columns with at most two categories.
import type { CategoryCounts } from './category-counts';
import { unionOfCategories } from './category-counts';
import { normalSurvival } from './special-functions';

export interface ZTestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** Numbers in numeric order, strings in code-point order, as Python's sorted() orders them. */
function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Proportion of the first category (in sorted order) in each column, compared with the pooled
 * proportion P: z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), p = 2·P(Z ≥ |z|). Two columns holding
 * the same single value give p = 1, as in Evidently. Evidently computes 2·(1 − Φ(|z|)), which
 * rounds to 0 beyond |z| ≈ 8.3; the tail here stays accurate (they differ by < 2e-16).
 */
export function twoProportionZTest(reference: CategoryCounts, current: CategoryCounts): ZTestResult {
  const keys = unionOfCategories(reference, current).sort(compareKeys);
  if (keys.length <= 1) return { statistic: 0, pValue: 1 };
  const target = keys[0]!;
  const n1 = reference.total;
  const n2 = current.total;
  const p1 = (reference.counts.get(target) ?? 0) / n1;
  const p2 = (current.counts.get(target) ?? 0) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic, pValue: 2 * normalSurvival(Math.abs(statistic)) };
}
