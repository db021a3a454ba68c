import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ColumnProfile } from '../../../src/core/monitoring';
import type { Value } from '../../../src/core/monitoring';
import { categorySample, normalSample, relativelyClose } from './fixtures';

function profileOf(values: readonly Value[], options: ConstructorParameters<typeof ColumnProfile>[0] = {}): ColumnProfile {
  const profile = new ColumnProfile(options);
  for (const value of values) profile.add(value);
  return profile;
}

describe('ColumnProfile', () => {
  it('counts rows, missing values, extremes, mean and population variance (Welford)', () => {
    const values = normalSample(10_000, 3, 2, 51);
    const profile = profileOf([...values, null, NaN, '']);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    assert.equal(profile.rows, 10_003);
    assert.equal(profile.missing, 3);
    assert.equal(profile.count, 10_000);
    assert.ok(relativelyClose(profile.mean, mean, 1e-12));
    assert.ok(relativelyClose(profile.variance, variance, 1e-10));
    assert.equal(profile.min, Math.min(...values));
    assert.equal(profile.max, Math.max(...values));
  });

  it('is numeric when every non-missing value is a number or numeric string', () => {
    assert.equal(profileOf([1, '2', ' 3.5 ', null]).isNumeric, true);
    assert.equal(profileOf([1, '2', 'three']).isNumeric, false);
    assert.equal(profileOf([true]).isNumeric, false);
    assert.equal(profileOf([null, null]).isNumeric, true);
  });

  it('counts distinct values exactly up to the cap, then keeps top categories', () => {
    const profile = profileOf(['a', 'b', 'a', 'c', 'a', 'b'], { distinctValueCap: 3 });
    assert.deepEqual([...profile.exactValueCounts!], [['a', 3], ['b', 2], ['c', 1]]);
    assert.equal(profile.distinctCount, 3);
    profile.add('d');
    assert.equal(profile.exactValueCounts, undefined);
    assert.equal(profile.distinctCount, 4); // a lower bound: cap + 1
  });

  it('finds the heavy hitters with bounded error once past the cap (Space-Saving)', () => {
    const categories = Array.from({ length: 2000 }, (_, i) => `rare-${i}`);
    const values = [...categorySample(20_000, ['x', 'y', 'z'], [5, 3, 2], 52), ...categories, ...categorySample(5000, ['x', 'y'], [1, 1], 53)];
    const truth = new Map<string, number>();
    for (const value of values) truth.set(value, (truth.get(value) ?? 0) + 1);
    const profile = profileOf(values, { distinctValueCap: 100, topCategoryCount: 20 });
    const top = profile.top(3);
    assert.deepEqual(top.map((entry) => entry.category), ['x', 'y', 'z']);
    for (const { category, count, error } of top) {
      assert.ok(count - error <= truth.get(category)! && truth.get(category)! <= count, category);
      assert.ok(error <= values.length / 20);
    }
    // Guaranteed above 1/20 of the values: x (≈ 12,500 of 27,000), y (≈ 8,500), z (≈ 4,000 > 1,350).
    assert.deepEqual(profile.heavyCategories().map((entry) => entry.category), ['x', 'y', 'z']);
  });

  it('freezes Sturges bins over its range and counts a window on them, with outer bins', () => {
    const reference = profileOf([0, 1, 2, 3, 4, 5, 6, 7]); // 8 values: 4 bins over [0, 7]
    const bins = reference.freezeBins();
    assert.deepEqual(bins.edges, [0, 1.75, 3.5, 5.25, 7]);
    const window = profileOf([-1, 0, 1.75, 3.4, 7, 7, 8, 'nan'], { frozenBins: bins });
    assert.deepEqual([...window.frozenBinCounts!.counts], [1, 1, 2, 0, 2, 1]);
    assert.throws(() => profileOf(['a']).freezeBins(), /No numeric values/);
  });

  it('survives a JSON round trip', () => {
    const profile = profileOf([...normalSample(3000, 0, 1, 54), 'x', null], { distinctValueCap: 50, frozenBins: { edges: [-1, 0, 1] } });
    const restored = ColumnProfile.fromJSON(JSON.parse(JSON.stringify(profile)));
    assert.deepEqual(restored.toJSON(), profile.toJSON());
    restored.add(0.5);
    profile.add(0.5);
    assert.deepEqual(restored.toJSON(), profile.toJSON());
  });
});
