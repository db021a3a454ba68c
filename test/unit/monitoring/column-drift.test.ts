import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { columnDrift } from '../../../src/core/monitoring';
import { categorySample, normalSample } from './fixtures';

const range = (count: number, start = 0): number[] => Array.from({ length: count }, (_, i) => start + i);

describe('columnDrift: choice of test (Evidently defaults)', () => {
  it('uses KS for a numeric column with > 5 distinct values and ≤ 1,000 reference rows', () => {
    const result = columnDrift(normalSample(1000, 0, 1, 1), normalSample(300, 0, 1, 2));
    assert.equal(result.test, 'ks');
    assert.equal(result.threshold, 0.05);
    assert.equal(result.pValueMethod, 'exact');
  });

  it('uses chi-square for 3–5 distinct numbers and the Z-test for 2', () => {
    assert.equal(columnDrift([1, 2, 3, 4, 5, 1], [1, 2, 3]).test, 'chi2');
    assert.equal(columnDrift([1, 2, 3], [1, 2, 3]).test, 'chi2');
    assert.equal(columnDrift([0, 1, 1, 0], [1, 1, 0]).test, 'z');
  });

  it('counts distinct values over reference and current together', () => {
    assert.equal(columnDrift([1, 2, 3], [4, 5, 6]).test, 'ks');
  });

  it('uses Wasserstein (numeric, > 5 values) or Jensen–Shannon above 1,000 reference rows', () => {
    assert.equal(columnDrift(range(1001), range(50)).test, 'wasserstein');
    assert.equal(columnDrift(range(1001).map((i) => i % 5), range(50).map((i) => i % 5)).test, 'jensenshannon');
    assert.equal(columnDrift(categorySample(1001, ['a', 'b', 'c'], [1, 1, 1], 3), ['a', 'b']).test, 'jensenshannon');
    assert.equal(columnDrift(range(1000), range(50)).test, 'ks');
  });

  it('counts reference rows after dropping missing values', () => {
    const reference = [...range(1000), null, NaN, Infinity];
    assert.equal(columnDrift(reference, range(50)).test, 'ks');
  });
});

describe('columnDrift: types and missing values', () => {
  it('reads numeric strings as numbers and anything else as categorical', () => {
    const numeric = columnDrift(['1', '2.5', ' 3 ', '4e0', 5, '6'], [1, 2, 3, 4, 5, 6]);
    assert.equal(numeric.columnType, 'numeric');
    assert.equal(numeric.statistic, 1 / 6); // '2.5' vs 2 is the only difference
    assert.equal(columnDrift(['1', '2', 'x'], [1, 2]).columnType, 'categorical');
    assert.equal(columnDrift([true, false], [true]).columnType, 'categorical');
  });

  it('drops null, undefined, NaN, ±Infinity and blank or "nan" strings, and reports each side’s missing share', () => {
    const result = columnDrift([1, 2, 3, null, NaN], [1, 2, 3, 4, undefined, Infinity, -Infinity, '', ' NaN ', 'null'], { test: 'ks' });
    assert.equal(result.referenceCount, 3);
    assert.equal(result.currentCount, 4);
    assert.equal(result.referenceMissingShare, 2 / 5);
    assert.equal(result.currentMissingShare, 6 / 10);
  });

  it('honours a columnType override, and rejects non-numbers in a numeric column', () => {
    assert.equal(columnDrift([1, 2, 3], [1, 2, 3], { columnType: 'categorical' }).columnType, 'categorical');
    assert.throws(() => columnDrift(['a', 1], [1], { columnType: 'numeric', column: 'age' }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.match(error.message, /"age" is numeric, but holds the non-numeric value "a"/);
      return true;
    });
  });

  it('refuses numeric-only tests on categorical columns', () => {
    assert.throws(() => columnDrift(['a', 'b'], ['a'], { test: 'ks', column: 'city' }), /ks drift test needs a numeric column; "city" is categorical/);
    assert.throws(() => columnDrift(['a', 'b'], ['a'], { test: 'wasserstein' }), DomainError);
  });
});

describe('columnDrift: edge cases', () => {
  it('says "no data" (not NaN) when the current side is empty after dropping missing values', () => {
    const result = columnDrift([1, 2, 3], [NaN, null, '']);
    assert.equal(result.noData, 'current');
    assert.equal(result.statistic, null);
    assert.equal(result.drifted, false);
    assert.equal(result.test, 'none');
    assert.equal(result.threshold, null);
    assert.equal(result.currentMissingShare, 1);
    assert.ok(!JSON.stringify(result).includes('NaN') && Object.values(result).every((value) => !Number.isNaN(value)));
    assert.equal(columnDrift([1, 2], [], { test: 'psi' }).test, 'psi');
    assert.equal(columnDrift([1, 2], [], { test: 'psi' }).threshold, 0.1);
  });

  it('says "no data" for all-null columns on either or both sides', () => {
    assert.equal(columnDrift([null, null], [1, 2]).noData, 'reference');
    const both = columnDrift([null], [undefined, NaN]);
    assert.equal(both.noData, 'both');
    assert.equal(both.referenceMissingShare, 1);
    assert.equal(columnDrift([], []).noData, 'both');
    assert.equal(columnDrift([], []).referenceMissingShare, 0);
  });

  it('floors a constant reference’s standard deviation at 0.001 for Wasserstein', () => {
    const reference = new Array<number>(2000).fill(5);
    const current = [5, 5, 5, 5, 5, 6, 7, 8, 9, 10];
    const result = columnDrift(reference, current);
    assert.equal(result.test, 'wasserstein');
    // W₁ = (1 + 2 + 3 + 4 + 5)/10 = 1.5, divided by the floor 0.001.
    assert.ok(Math.abs(result.statistic! - 1500) < 1e-9);
    assert.equal(result.drifted, true);
    assert.equal(columnDrift(reference, current, { wassersteinStdFloor: 100 }).statistic, 0.015);
  });

  it('finds no drift between identical constant columns', () => {
    const constant = new Array<number>(1500).fill(3);
    const result = columnDrift(constant, constant.slice(0, 100));
    assert.equal(result.test, 'jensenshannon');
    assert.equal(result.statistic, 0);
    assert.equal(result.drifted, false);
    assert.equal(columnDrift(constant, constant.slice(0, 100), { test: 'psi' }).statistic, 0);
  });

  it('handles a single category on both sides', () => {
    const result = columnDrift(['x', 'x'], ['x']);
    assert.equal(result.test, 'z');
    assert.equal(result.pValue, 1);
    assert.equal(columnDrift(new Array(1200).fill('x'), ['x']).statistic, 0);
  });
});

describe('columnDrift: thresholds', () => {
  it('drifts KS at p ≤ threshold', () => {
    const reference = normalSample(200, 0, 1, 21);
    const current = normalSample(200, 0.3, 1, 22);
    const result = columnDrift(reference, current);
    assert.equal(columnDrift(reference, current, { threshold: result.pValue! }).drifted, true);
    assert.equal(columnDrift(reference, current, { threshold: result.pValue! * 0.999 }).drifted, false);
  });

  it('drifts distances at ≥ threshold and carries the column name', () => {
    const result = columnDrift(range(2000), range(2000, 1), { column: 'x' });
    assert.equal(result.column, 'x');
    assert.equal(columnDrift(range(2000), range(2000, 1), { threshold: result.statistic! }).drifted, true);
    assert.equal(columnDrift(range(2000), range(2000, 1), { threshold: result.statistic! * 1.001 }).drifted, false);
  });

  it('overrides the choice thresholds', () => {
    assert.equal(columnDrift(range(50), range(50), { smallReferenceMaxRows: 10 }).test, 'wasserstein');
    assert.equal(columnDrift(range(8), range(8), { numericDistinctThreshold: 10 }).test, 'chi2');
    assert.equal(columnDrift([1, 2, 3], [1, 2], { binaryMaxDistinct: 3 }).test, 'z');
  });

  it('uses the Jensen–Shannon base and the KS method asked for', () => {
    const natural = columnDrift(['a', 'b'], ['b', 'c'], { test: 'jensenshannon' }).statistic!;
    const bits = columnDrift(['a', 'b'], ['b', 'c'], { test: 'jensenshannon', jensenShannonBase: 2 }).statistic!;
    assert.ok(Math.abs(bits - natural / Math.sqrt(Math.LN2)) < 1e-15);
    assert.equal(columnDrift(range(30), range(30, 5), { ksMethod: 'asymptotic' }).pValueMethod, 'asymptotic');
  });
});
