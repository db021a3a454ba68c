import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuantileSketch, ksStatistic, sampleOfNumbers, wassersteinDistance } from '../../../src/core/monitoring';
import { RANK_ERROR_BOUND } from '../../../src/core/monitoring/quantile-sketch';
import { seededRandom } from '../../helpers/seeded-random';

const N = 400_000;
const CHUNK = 65_536;
const random = seededRandom(11);
const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const DISTRIBUTIONS: Record<string, (i: number) => number> = {
  normal: () => normal(),
  uniform: () => random(),
  lognormal: () => Math.exp(2 * normal()),
  ascending: (i) => i,
  descending: (i) => N - i,
  'twenty values': () => Math.floor(random() * 20),
};

function valuesOf(draw: (i: number) => number, shift = 0): Float64Array {
  const values = new Float64Array(N);
  for (let i = 0; i < N; i++) values[i] = draw(i) + shift;
  return values;
}

/** Fed in table-engine-sized chunks, as drift profiles feed it. */
function sketchOf(values: Float64Array): QuantileSketch {
  const sketch = new QuantileSketch();
  for (let start = 0; start < values.length; start += CHUNK) sketch.addFinite(values.subarray(start, start + CHUNK));
  return sketch;
}

/** Largest |estimated − true| count of values ≤ x, over the sketch's values and 1,000 true quantiles, as a share of n. */
function worstRankError(values: Float64Array, sketch: QuantileSketch): number {
  const sorted = Float64Array.from(values).sort();
  const sample = sketch.sample();
  const countAtMost = (array: Float64Array, weights: Float64Array | undefined, x: number): number => {
    let low = 0;
    let high = array.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (array[middle]! <= x) low = middle + 1;
      else high = middle;
    }
    if (!weights) return low;
    let total = 0;
    for (let i = 0; i < low; i++) total += weights[i]!;
    return total;
  };
  const probes = [...sample.values, ...Array.from({ length: 1000 }, (_, j) => sorted[Math.floor((j * N) / 1000)]!)];
  let worst = 0;
  for (const x of probes) worst = Math.max(worst, Math.abs(countAtMost(sample.values, sample.weights, x) - countAtMost(sorted, undefined, x)) / N);
  return worst;
}

describe('quantile sketch error bound', () => {
  const epsilon = RANK_ERROR_BOUND / new QuantileSketch().k;

  for (const [name, draw] of Object.entries(DISTRIBUTIONS)) {
    it(`keeps the rank error of ${N.toLocaleString('en')} ${name} values within ${RANK_ERROR_BOUND}/k`, () => {
      const values = valuesOf(draw);
      const sketch = sketchOf(values);
      assert.equal(sketch.count, N);
      const error = worstRankError(values, sketch);
      assert.ok(error <= epsilon, `rank error ${error} > ${epsilon}`);
    });
  }

  it('keeps KS and Wasserstein from two sketches within the bounds the rank error implies', () => {
    const reference = valuesOf(() => normal());
    const current = valuesOf(() => normal(), 0.05);
    const [exactA, exactB] = [sampleOfNumbers(reference), sampleOfNumbers(current)];
    const [sketchA, sketchB] = [sketchOf(reference).sample(), sketchOf(current).sample()];
    const ksError = Math.abs(ksStatistic(sketchA, sketchB) - ksStatistic(exactA, exactB));
    assert.ok(ksError <= 2 * epsilon, `KS error ${ksError} > ${2 * epsilon}`);
    const range = Math.max(exactA.values.at(-1)!, exactB.values.at(-1)!) - Math.min(exactA.values[0]!, exactB.values[0]!);
    const wassersteinError = Math.abs(wassersteinDistance(sketchA, sketchB) - wassersteinDistance(exactA, exactB));
    assert.ok(wassersteinError <= 2 * epsilon * range, `Wasserstein error ${wassersteinError} > ${2 * epsilon * range}`);
  });
});
