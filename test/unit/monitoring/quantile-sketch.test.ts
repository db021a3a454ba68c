import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuantileSketch } from '../../../src/core/monitoring';
import { normalSample, seededUniform } from './fixtures';

/** Share of `sortedValues` at or below x. */
function rank(sortedValues: Float64Array, x: number): number {
  let low = 0;
  let high = sortedValues.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sortedValues[middle]! <= x) low = middle + 1;
    else high = middle;
  }
  return low / sortedValues.length;
}

describe('QuantileSketch', () => {
  const values = normalSample(100_000, 0, 1, 41);
  const sorted = Float64Array.from(values).sort();
  const sketch = new QuantileSketch();
  for (const value of values) sketch.add(value);

  it('keeps every value when few were added', () => {
    const small = new QuantileSketch();
    [3, 1, 2].forEach((value) => small.add(value));
    const sample = small.sample();
    assert.deepEqual([...sample.values], [1, 2, 3]);
    assert.deepEqual([...sample.weights], [1, 1, 1]);
    assert.equal(small.quantile(0.5), 2);
  });

  it('stays small and keeps the total weight equal to the count', () => {
    const sample = sketch.sample();
    assert.equal(sketch.count, 100_000);
    assert.equal(sample.total, 100_000);
    assert.ok(sample.values.length < 1500, `retains ${sample.values.length} values`);
  });

  it('answers quantiles within 1% rank error (default k = 400)', () => {
    for (const q of [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
      const error = Math.abs(rank(sorted, sketch.quantile(q)) - q);
      assert.ok(error < 0.01, `q=${q}: rank error ${error}`);
    }
  });

  it('is deterministic and survives a JSON round trip', () => {
    const again = new QuantileSketch();
    for (const value of values) again.add(value);
    assert.deepEqual(again.toJSON(), sketch.toJSON());
    const restored = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(sketch)));
    const uniform = seededUniform(5);
    for (let i = 0; i < 1000; i++) {
      const value = uniform();
      restored.add(value);
      again.add(value);
    }
    assert.deepEqual(restored.toJSON(), again.toJSON());
  });
});
