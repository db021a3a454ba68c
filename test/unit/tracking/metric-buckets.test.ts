import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BucketPoint } from '../../../src/core/tracking/metric-buckets';
import { LEVELS, bucketsOf, coarsen, coarsestLevel, hasLevel, levelFor } from '../../../src/core/tracking/metric-buckets';
import { seededRandom } from '../../helpers/seeded-random';

function points(n: number, seed: number): BucketPoint[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const roll = r();
    const value = roll < 0.02 ? NaN : roll < 0.03 ? Infinity : roll < 0.04 ? -Infinity : Math.round(r() * 1000) / 4; // exact in binary, so sums do not depend on their order
    // Steps mostly ascending, some logged out of order.
    return { value, step: r() < 0.1 ? Math.floor(r() * n) : i, timestamp: 1000 + i };
  });
}

describe('metric buckets', () => {
  it('holds count, finite min/max/sum, first/last by (step, timestamp) and the first non-finite point of each bucket', () => {
    const ps = points(1000, 1);
    for (const level of [4, 6, 8]) {
      const buckets = bucketsOf(level, 0, ps);
      assert.equal(buckets.length, Math.ceil(1000 / 2 ** level));
      for (const b of buckets) {
        const inside = ps.slice(b.bucket * 2 ** level, (b.bucket + 1) * 2 ** level);
        const finite = inside.filter((p) => Number.isFinite(p.value));
        const odd = inside.filter((p) => !Number.isFinite(p.value));
        const byOrder = (a: BucketPoint, c: BucketPoint) => a.step - c.step || a.timestamp - c.timestamp;
        assert.equal(b.count, inside.length);
        assert.equal(b.finite, finite.length);
        assert.ok(Math.abs(b.sum - finite.reduce((s, p) => s + p.value, 0)) < 1e-6);
        assert.equal(b.min?.value, Math.min(...finite.map((p) => p.value)));
        assert.equal(b.max?.value, Math.max(...finite.map((p) => p.value)));
        assert.deepEqual(b.first, [...finite].sort(byOrder)[0]);
        assert.deepEqual(b.last, [...finite].sort(byOrder).at(-1));
        assert.deepEqual(b.odd, odd.length > 0 ? [...odd].sort(byOrder)[0] : null);
      }
    }
  });

  it('builds a coarse level from a finer one exactly as from the points, whatever the batches were', () => {
    const ps = points(3000, 2);
    const r = seededRandom(3);
    const fine: ReturnType<typeof bucketsOf> = [];
    // Batches of random sizes: a batch's first bucket merges into the previous batch's last.
    for (let start = 0; start < ps.length; ) {
      const size = 1 + Math.floor(r() * 200);
      const batch = bucketsOf(4, start, ps.slice(start, start + size));
      if (fine.length > 0 && fine.at(-1)!.bucket === batch[0]!.bucket) fine.push(...coarsen(4, [fine.pop()!, batch.shift()!]));
      fine.push(...batch);
      start += size;
    }
    assert.deepEqual(fine, bucketsOf(4, 0, ps));
    for (const level of [6, 8, 10]) assert.deepEqual(coarsen(level, bucketsOf(level - 2, 0, ps)), bucketsOf(level, 0, ps));
  });

  it('picks the finest level with at most the buckets asked for, and a series has that level', () => {
    for (const total of [1, 15, 16, 17, 1000, 25_000, 100_000, 1_000_000, 10_000_000, 2 ** 30]) {
      for (const maxBuckets of [20, 200, 2000, 20_000]) {
        const level = levelFor(total, maxBuckets);
        assert.ok(hasLevel(level, total), `${total} points have level ${level}`);
        if (level === LEVELS[0] || level === LEVELS.at(-1)) continue;
        const buckets = Math.ceil(total / 2 ** level);
        assert.ok(buckets <= maxBuckets && buckets > maxBuckets / 4, `${total} points in ${maxBuckets}: ${buckets} buckets at level ${level}`);
      }
      assert.ok(Math.ceil(total / 2 ** coarsestLevel(total)) <= 4 || coarsestLevel(total) === LEVELS.at(-1));
    }
  });
});
