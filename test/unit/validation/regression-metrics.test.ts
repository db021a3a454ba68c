import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegressionAccumulator, regressionMetrics } from '../../../src/core/models';

describe('regression metrics (scikit-learn definitions)', () => {
  it('MAE, RMSE and R² of the r2_score docstring example', () => {
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    assert.equal(m.mae, 0.5);
    assert.equal(m.rmse, Math.sqrt(0.375));
    // SS_res = 1.5, mean 2.875, SS_tot = 29.1875
    assert.ok(Math.abs(m.r2! - (1 - 1.5 / 29.1875)) < 1e-15);
    assert.equal(m.r2!.toFixed(3), '0.949');
  });

  it('constant y_true: R² is 1.0 for perfect predictions, else 0.0 (force_finite=True)', () => {
    assert.equal(regressionMetrics([1, 1, 1], [1, 1, 1]).r2, 1);
    assert.equal(regressionMetrics([1, 1, 1], [1, 2, 1]).r2, 0);
  });

  it('R² is undefined for a single row; non-finite values are refused', () => {
    const one = regressionMetrics([1], [2]);
    assert.equal(one.r2, null);
    assert.match(one.unavailable.r2!, /fewer than two rows/);
    assert.throws(() => regressionMetrics([1, Number.NaN], [1, 1]), /row 2: the true value is NaN/);
  });

  it('streams: batches give the same numbers as one pass', () => {
    const yTrue = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 + 100);
    const yPred = yTrue.map((y, i) => y + Math.cos(i * 3));
    const whole = regressionMetrics(yTrue, yPred);
    const accumulator = new RegressionAccumulator();
    for (let i = 0; i < 1000; i += 300) accumulator.add(yTrue.slice(i, i + 300), yPred.slice(i, i + 300));
    const batched = accumulator.result();
    assert.equal(batched.mae, whole.mae);
    assert.ok(Math.abs(batched.r2! - whole.r2!) < 1e-12);
  });
});
