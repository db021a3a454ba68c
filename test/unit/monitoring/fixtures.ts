// Deterministic samples for the monitoring tests. The reference values quoted in the tests were
// computed from these exact arrays with scipy 1.17.1 and numpy 2.4.6.

import { seededRandom as seededUniform } from '../../helpers/seeded-random';

export { seededUniform };

/** Normal values by the Box–Muller transform, rounded to `decimals` when given (to create ties). */
export function normalSample(count: number, mean: number, sd: number, seed: number, decimals?: number): number[] {
  const uniform = seededUniform(seed);
  const values: number[] = [];
  while (values.length < count) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    values.push(mean + sd * radius * Math.cos(angle));
  }
  if (decimals === undefined) return values;
  const scale = 10 ** decimals;
  return values.map((value) => Math.round(value * scale) / scale);
}

/** Categories drawn with the given weights. */
export function categorySample(count: number, categories: readonly string[], weights: readonly number[], seed: number): string[] {
  const uniform = seededUniform(seed);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return Array.from({ length: count }, () => {
    let target = uniform() * total;
    for (let i = 0; i < categories.length; i++) {
      target -= weights[i]!;
      if (target < 0) return categories[i]!;
    }
    return categories[categories.length - 1]!;
  });
}

/** |actual − expected| ≤ tolerance·|expected|. */
export function relativelyClose(actual: number, expected: number, tolerance: number): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.abs(expected);
}
