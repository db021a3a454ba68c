import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDownsampler, downsample, lttb, minmax } from '../../../src/core/tracking';
import type { DownsampleMethod } from '../../../src/shared/compare';

const METHODS: DownsampleMethod[] = ['lttb', 'minmax'];

/** A deterministic pseudo-random generator, so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function series(n: number, seed: number, y: (i: number, r: () => number) => number = (i, r) => Math.sin(i / 7) + r()): { xs: Float64Array; ys: Float64Array } {
  const r = random(seed);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i * 10;
    ys[i] = y(i, r);
  }
  return { xs, ys };
}

/** Steinarsson's reference LTTB, written plainly over whole arrays. */
function referenceLttb(xs: Float64Array, ys: Float64Array, threshold: number): number[] {
  const n = xs.length;
  if (threshold >= n) return [...xs.keys()];
  const every = (n - 2) / (threshold - 2);
  const sampled = [0];
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += xs[j]!;
      avgY += ys[j]!;
    }
    avgX /= avgEnd - avgStart;
    avgY /= avgEnd - avgStart;
    let maxArea = -1;
    let next = 0;
    for (let j = Math.floor(i * every) + 1; j < Math.floor((i + 1) * every) + 1; j++) {
      const area = Math.abs((xs[a]! - avgX) * (ys[j]! - ys[a]!) - (xs[a]! - xs[j]!) * (avgY - ys[a]!)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        next = j;
      }
    }
    sampled.push(next);
    a = next;
  }
  sampled.push(n - 1);
  return sampled;
}

describe('downsampling', () => {
  it('returns inputs no longer than the target unchanged, non-finite values included', () => {
    const xs = Float64Array.from([0, 1, 2, 3, 4]);
    const ys = Float64Array.from([1, NaN, Infinity, -Infinity, 2]);
    for (const method of METHODS) {
      for (const target of [5, 6, 1000]) {
        const d = downsample(method, xs, ys, target);
        assert.deepEqual([...d.xs], [...xs], `${method} ${target}`);
        assert.deepEqual([...d.ys], [...ys]);
        assert.deepEqual([...d.indices], [0, 1, 2, 3, 4]);
        assert.equal(d.nonFinite, 3);
      }
      assert.equal(downsample(method, new Float64Array(0), new Float64Array(0), 10).xs.length, 0);
    }
  });

  it('keeps at most `target` points, the first and the last among them, in input order', () => {
    for (const method of METHODS) {
      for (const n of [3, 11, 50, 101, 997, 5000]) {
        for (const target of [2, 3, 4, 5, 10, 64, 100, 1000]) {
          const { xs, ys } = series(n, n * 31 + target);
          const d = downsample(method, xs, ys, target);
          const label = `${method} n=${n} target=${target}`;
          assert.ok(d.xs.length <= target, `${label}: ${d.xs.length} points`);
          assert.equal(d.xs.length, d.ys.length);
          assert.equal(d.indices[0], 0, label);
          assert.equal(d.indices[d.indices.length - 1], n - 1, label);
          for (let k = 1; k < d.indices.length; k++) {
            assert.ok(d.indices[k]! > d.indices[k - 1]!, `${label}: indices ascend`);
            assert.ok(d.xs[k]! > d.xs[k - 1]!, `${label}: x stays monotone`);
          }
          for (let k = 0; k < d.indices.length; k++) {
            assert.equal(d.xs[k], xs[d.indices[k]!]);
            assert.equal(d.ys[k], ys[d.indices[k]!]);
          }
          if (n > target && target >= 4) assert.ok(d.xs.length >= target - 1, `${label}: uses its budget (${d.xs.length})`);
        }
      }
    }
  });

  it('min/max keeps the global minimum and maximum, and every bucket\'s extremes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { xs, ys } = series(10_000, seed, (i, r) => (r() - 0.5) * 10 + (i % 997 === 0 ? 50 : 0) - (i % 1291 === 0 ? 60 : 0));
      const d = minmax(xs, ys, 100);
      assert.ok(d.ys.includes(Math.max(...ys)), 'global max kept');
      assert.ok(d.ys.includes(Math.min(...ys)), 'global min kept');
      const buckets = Math.floor((100 - 2) / 2);
      for (let b = 0; b < buckets; b++) {
        const from = 1 + Math.ceil((b * (xs.length - 2)) / buckets);
        const to = 1 + Math.ceil(((b + 1) * (xs.length - 2)) / buckets);
        const slice = ys.subarray(from, to);
        assert.ok(d.ys.includes(Math.min(...slice)) && d.ys.includes(Math.max(...slice)), `bucket ${b}`);
      }
    }
  });

  it('LTTB picks the point of largest triangle with the previous pick and the next bucket\'s average', () => {
    // One middle bucket (points 1..3) between the first and the last: areas with (0,0) and (4,0).
    const xs = Float64Array.from([0, 1, 2, 3, 4]);
    const ys = Float64Array.from([0, 1, -3, 2, 0]);
    const areas = [1, 2, 3].map((j) => Math.abs((0 - 4) * (ys[j]! - 0) - (0 - xs[j]!) * (0 - 0)) / 2);
    assert.deepEqual(areas, [2, 6, 4]);
    assert.deepEqual([...lttb(xs, ys, 3).indices], [0, 2, 4]);
  });

  it('LTTB chooses the same points as a brute-force reference implementation', () => {
    const r = random(42);
    for (let round = 0; round < 300; round++) {
      const n = 5 + Math.floor(r() * 400);
      const target = 3 + Math.floor(r() * (n - 3));
      const { xs, ys } = series(n, round, (_i, g) => (g() < 0.1 ? g() * 20 : g()));
      for (let i = 1; i < n; i++) xs[i] = xs[i - 1]! + 1 + Math.floor(r() * 5);
      assert.deepEqual([...lttb(xs, ys, target).indices], referenceLttb(xs, ys, target), `n=${n} target=${target}`);
    }
  });

  it('keeps NaN and ±Infinity out of the selection and reports the first of each run as a marker', () => {
    const { xs, ys } = series(1000, 7);
    for (let i = 300; i < 320; i++) ys[i] = NaN;
    ys[500] = Infinity;
    ys[501] = Infinity;
    ys[700] = -Infinity;
    for (const method of METHODS) {
      const d = downsample(method, xs, ys, 100);
      assert.ok(d.xs.length <= 100);
      const markers = [...d.indices].filter((_, k) => !Number.isFinite(d.ys[k]!));
      assert.deepEqual(markers, [300, 500, 700], method);
      assert.equal(d.nonFinite, 3);
      const finite = [...d.ys].filter(Number.isFinite);
      if (method === 'minmax') {
        const all = [...ys].filter(Number.isFinite);
        assert.ok(finite.includes(Math.max(...all)) && finite.includes(Math.min(...all)));
      }
    }
  });

  it('bounds the markers of a series that is mostly non-finite, and keeps its first and last finite points', () => {
    const n = 100_000;
    const { xs, ys } = series(n, 9, (i, r) => (i % 2 === 1 ? NaN : i % 3 === 0 ? Infinity : r()));
    ys[0] = NaN;
    ys[n - 1] = -Infinity;
    for (const method of METHODS) {
      const d = downsample(method, xs, ys, 120);
      assert.ok(d.xs.length <= 120, `${method}: ${d.xs.length}`);
      assert.ok(d.nonFinite <= 3 * Math.floor(120 / 12));
      const finiteIndices = [...d.indices].filter((_, k) => Number.isFinite(d.ys[k]!));
      const firstFinite = ys.findIndex((y) => Number.isFinite(y));
      let lastFinite = n - 1;
      while (!Number.isFinite(ys[lastFinite]!)) lastFinite--;
      assert.equal(finiteIndices[0], firstFinite, method);
      assert.equal(finiteIndices[finiteIndices.length - 1], lastFinite, method);
    }
  });

  it('reduces a series of only NaN to one marker', () => {
    const xs = Float64Array.from({ length: 5000 }, (_, i) => i);
    const ys = new Float64Array(5000).fill(NaN);
    for (const method of METHODS) assert.deepEqual([...downsample(method, xs, ys, 100).indices], [0]);
  });

  it('streams: fewer points than announced are fine, more are refused, and bad targets are refused', () => {
    const sampler = createDownsampler('lttb', 1000, 10);
    for (let i = 0; i < 400; i++) sampler.push(i, Math.sin(i));
    const d = sampler.finish();
    assert.ok(d.xs.length <= 10);
    assert.equal(d.indices[d.indices.length - 1], 399);
    const full = createDownsampler('minmax', 3, 2);
    for (let i = 0; i < 3; i++) full.push(i, i);
    assert.throws(() => full.push(3, 3), RangeError);
    assert.throws(() => createDownsampler('lttb', 10, 1), RangeError);
    assert.throws(() => createDownsampler('lttb', 10, 2.5), RangeError);
  });

  it('downsamples a million points quickly, in one pass', () => {
    const { xs, ys } = series(1_000_000, 3);
    for (const method of METHODS) {
      const started = performance.now();
      const d = downsample(method, xs, ys, 1000);
      const ms = performance.now() - started;
      assert.ok(d.xs.length <= 1000 && d.xs.length >= 999);
      assert.ok(ms < 2000, `${method}: ${ms.toFixed(0)} ms`);
    }
  });
});
