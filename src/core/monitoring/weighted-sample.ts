/**
 * A numeric sample as its distinct values in increasing order, each with its weight: the number of
 * times it occurs, or the weight a quantile sketch gives the value it retains. Every numeric test
 * reads samples in this form, so raw values, exact value counts and sketches share one code path.
 */
export interface WeightedSample {
  readonly values: Float64Array;
  readonly weights: Float64Array;
  /** Sum of the weights: the number of observations the sample stands for. */
  readonly total: number;
}

export const EMPTY_SAMPLE: WeightedSample = { values: new Float64Array(0), weights: new Float64Array(0), total: 0 };

/** The sample of raw numbers (each with weight 1). */
export function sampleOfNumbers(numbers: ArrayLike<number>): WeightedSample {
  const sorted = Float64Array.from(numbers).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const weights = new Float64Array(distinct);
  let last = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) values[++last] = sorted[i]!;
    weights[last]!++;
  }
  return { values, weights, total: sorted.length };
}

/** The sample of (value, weight) pairs in any order; equal values are merged. */
export function sampleOfPairs(pairs: Iterable<readonly [number, number]>): WeightedSample {
  const sorted = [...pairs].filter(([, weight]) => weight > 0).sort((a, b) => a[0] - b[0]);
  const values: number[] = [];
  const weights: number[] = [];
  let total = 0;
  for (const [value, weight] of sorted) {
    total += weight;
    if (values.length > 0 && values[values.length - 1] === value) weights[weights.length - 1]! += weight;
    else {
      values.push(value);
      weights.push(weight);
    }
  }
  return { values: Float64Array.from(values), weights: Float64Array.from(weights), total };
}

/** Distinct values of both samples together. */
export function distinctValueCount(a: WeightedSample, b: WeightedSample): number {
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i]! : Infinity;
    const y = j < b.values.length ? b.values[j]! : Infinity;
    if (x <= y) i++;
    if (y <= x) j++;
    count++;
  }
  return count;
}

/** Population standard deviation (numpy.std with ddof=0): two passes, mean first. */
export function populationStandardDeviation(sample: WeightedSample): number {
  if (sample.total === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < sample.values.length; i++) sum += sample.values[i]! * sample.weights[i]!;
  const mean = sum / sample.total;
  let squares = 0;
  for (let i = 0; i < sample.values.length; i++) squares += sample.weights[i]! * (sample.values[i]! - mean) ** 2;
  return Math.sqrt(squares / sample.total);
}

/**
 * Walks the distinct values of both samples in increasing order, calling `visit` with each value
 * and the cumulative weight of each sample at or below it (the unnormalized empirical CDFs).
 */
export function walkCumulativeWeights(
  a: WeightedSample,
  b: WeightedSample,
  visit: (value: number, cumulativeA: number, cumulativeB: number) => void,
): void {
  let i = 0;
  let j = 0;
  let cumulativeA = 0;
  let cumulativeB = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i]! : Infinity;
    const y = j < b.values.length ? b.values[j]! : Infinity;
    const value = Math.min(x, y);
    if (x === value) cumulativeA += a.weights[i++]!;
    if (y === value) cumulativeB += b.weights[j++]!;
    visit(value, cumulativeA, cumulativeB);
  }
}
