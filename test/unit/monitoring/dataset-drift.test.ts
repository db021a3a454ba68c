import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustPValues, columnsOf, datasetDrift } from '../../../src/core/monitoring';
import { normalSample } from './fixtures';

const stable = normalSample(300, 0, 1, 31);
const shifted = normalSample(300, 1, 1, 32);
const stableToo = normalSample(300, 0, 1, 33);

describe('datasetDrift', () => {
  it('drifts when the share of drifted columns reaches 0.5', () => {
    const result = datasetDrift({ a: stable, b: stable, c: ['x', 'y', 'x'] }, { a: shifted, b: stableToo, c: ['x', 'y', 'y'] });
    assert.deepEqual(result.columns.map((column) => [column.column, column.test, column.drifted]), [
      ['a', 'ks', true],
      ['b', 'ks', false],
      ['c', 'z', false],
    ]);
    assert.equal(result.testedColumns, 3);
    assert.equal(result.driftedShare, 1 / 3);
    assert.equal(result.drifted, false);
    assert.equal(datasetDrift({ a: stable, b: stable }, { a: shifted, b: stableToo }).drifted, true); // 1/2 ≥ 0.5
  });

  it('takes the drift share and per-column settings from the options', () => {
    const reference = { a: stable, b: stable };
    const current = { a: shifted, b: stableToo };
    assert.equal(datasetDrift(reference, current, { driftShare: 0.6 }).drifted, false);
    const result = datasetDrift(reference, current, { test: 'wasserstein', perColumn: { b: { test: 'psi', threshold: 0.5 } } });
    assert.deepEqual(result.columns.map((column) => [column.test, column.threshold]), [['wasserstein', 0.1], ['psi', 0.5]]);
    assert.deepEqual(datasetDrift(reference, current, { columns: ['b'] }).columns.map((column) => column.column), ['b']);
  });

  it('treats a column one side lacks as missing there, and leaves no-data columns out of the share', () => {
    const result = datasetDrift({ a: stable, gone: stable }, { a: shifted, added: [1, 2, 3] });
    const byName = new Map(result.columns.map((column) => [column.column, column]));
    assert.equal(byName.get('gone')?.noData, 'current');
    assert.equal(byName.get('gone')?.currentMissingShare, 1);
    assert.equal(byName.get('added')?.noData, 'reference');
    assert.equal(result.testedColumns, 1);
    assert.equal(result.driftedShare, 1);
    assert.equal(result.drifted, true);
    assert.equal(datasetDrift({ a: [null] }, { a: [] }).drifted, false);
  });

  it('applies Bonferroni or Benjamini–Hochberg to the p-value tests only', () => {
    const reference = { a: stable, b: stable, c: stable, d: normalSample(1500, 0, 1, 34) };
    const current = { a: normalSample(300, 0.1, 1, 35), b: normalSample(300, 0.15, 1, 36), c: stableToo, d: shifted };
    const raw = datasetDrift(reference, current);
    const pValues = raw.columns.slice(0, 3).map((column) => column.pValue!);
    const bonferroni = datasetDrift(reference, current, { correction: 'bonferroni' });
    assert.equal(bonferroni.correction, 'bonferroni');
    bonferroni.columns.slice(0, 3).forEach((column, i) => {
      assert.equal(column.pValue, pValues[i]);
      assert.equal(column.adjustedPValue, Math.min(1, pValues[i]! * 3));
      assert.equal(column.drifted, column.adjustedPValue! <= 0.05);
    });
    assert.equal(bonferroni.columns[3]!.test, 'wasserstein');
    assert.equal(bonferroni.columns[3]!.adjustedPValue, undefined);
    const fdr = datasetDrift(reference, current, { correction: 'benjamini-hochberg' });
    assert.deepEqual(
      fdr.columns.slice(0, 3).map((column) => column.adjustedPValue),
      adjustPValues(pValues, 'benjamini-hochberg'),
    );
    // Column a (p ≈ 0.021) drifts uncorrected and under FDR control, not under Bonferroni (≈ 0.062).
    assert.deepEqual([raw, bonferroni, fdr].map((result) => result.columns[0]!.drifted), [true, false, true]);
  });
});

describe('adjustPValues', () => {
  it('computes Benjamini–Hochberg step-up values (hand-checked)', () => {
    // Sorted 0.01, 0.02, 0.03, 0.5 with m = 4: 0.04, 0.04, 0.04, 0.5 (monotone from the top).
    const adjusted = adjustPValues([0.03, 0.5, 0.01, 0.02], 'benjamini-hochberg');
    [0.04, 0.5, 0.04, 0.04].forEach((expected, i) => assert.ok(Math.abs(adjusted[i]! - expected) < 1e-15));
    assert.deepEqual(adjustPValues([0.01, 0.04, 0.03], 'bonferroni'), [0.03, 0.12, 0.09]);
    assert.deepEqual(adjustPValues([0.6, 0.5], 'bonferroni'), [1, 1]);
    assert.deepEqual(adjustPValues([0.2], 'none'), [0.2]);
  });
});

describe('columnsOf', () => {
  it('turns records into columns, a missing key into a missing value', () => {
    assert.deepEqual(columnsOf([{ a: 1 }, { a: 2, b: 'x' }, { b: 'y' }]), { a: [1, 2, null], b: [null, 'x', 'y'] });
  });
});
