import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoryCountsOf, chiSquareTest, columnDrift, twoProportionZTest } from '../../../src/core/monitoring';
import type { CategoryCounts } from '../../../src/core/monitoring';
import { categorySample, relativelyClose } from './fixtures';

/** Values 1…k, value i repeated counts[i − 1] times. */
function valuesWithCounts(counts: readonly number[]): number[] {
  return counts.flatMap((count, i) => new Array<number>(count).fill(i + 1));
}

const countsOf = (entries: [string, number][]): CategoryCounts => ({
  counts: new Map(entries),
  total: entries.reduce((sum, [, count]) => sum + count, 0),
});

describe('chi-square goodness of fit', () => {
  const reference = valuesWithCounts([16, 18, 16, 14, 12, 12]);
  const current = valuesWithCounts([16, 16, 16, 16, 16, 8]);

  it('gives p = 0.67309 for values 1–6, counts [16,18,16,14,12,12] vs [16,16,16,16,16,8]', () => {
    // scipy.stats.chisquare([16,16,16,16,16,8], [16,18,16,14,12,12]) → 3.1746031746031744, p 0.6730876006966301
    const result = chiSquareTest(categoryCountsOf(reference), categoryCountsOf(current));
    assert.ok(relativelyClose(result.statistic, 3.1746031746031744, 1e-14));
    assert.equal(result.degreesOfFreedom, 5);
    assert.equal(result.pValue.toFixed(5), '0.67309');
    assert.ok(relativelyClose(result.pValue, 0.6730876006966301, 1e-12));
  });

  it('is the default test of that column read as categorical, and finds no drift', () => {
    const result = columnDrift(reference, current, { columnType: 'categorical' });
    assert.equal(result.test, 'chi2');
    assert.equal(result.pValue?.toFixed(5), '0.67309');
    assert.equal(result.drifted, false);
    // As numbers, six distinct values exceed Evidently's five, so KS is the default; chi2 on demand.
    assert.equal(columnDrift(reference, current).test, 'ks');
    assert.equal(columnDrift(reference, current, { test: 'chi2' }).pValue?.toFixed(5), '0.67309');
  });

  it('scales expected counts to the current size', () => {
    const doubled = [...current, ...current];
    assert.ok(relativelyClose(chiSquareTest(categoryCountsOf(reference), categoryCountsOf(doubled)).statistic, 2 * 3.1746031746031744, 1e-14));
  });

  it('gives p = 0 when the current has a category the reference never had', () => {
    const result = chiSquareTest(countsOf([['a', 10], ['b', 10], ['c', 10]]), countsOf([['a', 10], ['b', 10], ['c', 9], ['d', 1]]));
    assert.equal(result.statistic, Infinity);
    assert.equal(result.pValue, 0);
  });

  it('matches scipy on sampled categories', () => {
    // scipy.stats.chisquare(current counts, reference counts × 600/800) → 39.216686880303, p 1.561560725887226e-08
    const reference = categorySample(800, ['a', 'b', 'c', 'd'], [4, 3, 2, 1], 13);
    const current = categorySample(600, ['a', 'b', 'c', 'd'], [3, 3, 3, 1], 14);
    const result = chiSquareTest(categoryCountsOf(reference), categoryCountsOf(current));
    assert.ok(relativelyClose(result.statistic, 39.216686880303, 1e-12));
    assert.ok(relativelyClose(result.pValue, 1.561560725887226e-8, 1e-9));
  });

  it('has nothing to test with a single category', () => {
    assert.deepEqual(chiSquareTest(countsOf([['a', 3]]), countsOf([['a', 5]])), { statistic: 0, pValue: 1, degreesOfFreedom: 0 });
  });
});

describe('two-proportion Z-test', () => {
  it('pools the proportion of the first category (hand-computed)', () => {
    // p₁ = 30/50 = 0.6, p₂ = 20/50 = 0.4, P = 0.5: z = 0.2 / √(0.25 · 0.04) = 2; p = 2·(1 − Φ(2)) = 0.04550026389635842
    const result = twoProportionZTest(countsOf([['no', 20], ['yes', 30]]), countsOf([['no', 30], ['yes', 20]]));
    assert.ok(relativelyClose(Math.abs(result.statistic), 2, 1e-14));
    assert.ok(relativelyClose(result.pValue, 0.04550026389635842, 1e-12));
  });

  it('is the default for two categories in a small reference, and p < 0.05 drifts', () => {
    const reference = [...new Array<boolean>(20).fill(true), ...new Array<boolean>(30).fill(false)];
    const current = [...new Array<boolean>(30).fill(true), ...new Array<boolean>(20).fill(false)];
    const result = columnDrift(reference, current);
    assert.equal(result.test, 'z');
    assert.equal(result.columnType, 'categorical');
    assert.equal(result.drifted, true);
    assert.equal(columnDrift(reference, current, { threshold: 0.01 }).drifted, false);
  });

  it('gives p = 1 when both sides hold the same single value', () => {
    assert.deepEqual(twoProportionZTest(countsOf([['a', 5]]), countsOf([['a', 7]])), { statistic: 0, pValue: 1 });
    const result = columnDrift(['a', 'a', 'a'], ['a', 'a']);
    assert.equal(result.test, 'z');
    assert.equal(result.pValue, 1);
    assert.equal(result.drifted, false);
  });

  it('detects a switch from one single value to another', () => {
    const result = columnDrift(new Array(40).fill('a'), new Array(40).fill('b'));
    assert.equal(result.test, 'z');
    assert.ok(result.pValue! < 1e-15);
    assert.equal(result.drifted, true);
  });
});
