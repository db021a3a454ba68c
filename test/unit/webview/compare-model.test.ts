import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestIndex, chartMetrics, formatValue, metricsCsv, numericParams, parallelAxes, paramRows, paramsCsv, smooth, toNumber } from '../../../webview-ui/compare-runs/model';
import { compareFixture } from './compare-fixture';

describe('compare panel model', () => {
  it('keeps only differing params when asked', () => {
    const data = compareFixture();
    assert.deepEqual(paramRows(data, false).map((p) => p.key), ['lr', 'model', 'note']);
    assert.deepEqual(paramRows(data, true).map((p) => p.key), ['lr', 'note']);
  });

  it('reads MLflow non-finite strings and formats values for tables', () => {
    assert.ok(Number.isNaN(toNumber('NaN')));
    assert.equal(toNumber('-Infinity'), -Infinity);
    assert.equal(formatValue(0.912345678), '0.9123');
    assert.equal(formatValue(12), '12');
    assert.equal(formatValue(1.5e-7), '1.500e-7');
    assert.equal(formatValue(null), '—');
    assert.equal(formatValue(Infinity), '∞');
  });

  it('smooths with a debiased moving average and leaves gaps alone', () => {
    assert.deepEqual(smooth([1, 2, 3], 0), [1, 2, 3]);
    const s = smooth([2, NaN, 2, 2], 0.9);
    assert.ok(Math.abs(s[0]! - 2) < 1e-12, 'the first point is not pulled towards zero');
    assert.ok(Number.isNaN(s[1]!));
    assert.ok(Math.abs(s[3]! - 2) < 1e-12);
    const rising = smooth([0, 10, 10, 10], 0.5);
    assert.ok(rising[1]! < 10 && rising[1]! > 0);
  });

  it('re-ranks the best run when the user flips a direction', () => {
    const [accuracy, loss] = compareFixture().metrics;
    assert.equal(bestIndex(accuracy!, undefined), 1);
    assert.equal(bestIndex(accuracy!, 'min'), 0);
    assert.equal(bestIndex(loss!, 'max'), 2);
  });

  it('exports tables as RFC 4180 CSV', () => {
    const data = compareFixture();
    const params = paramsCsv(data, true).split('\r\n');
    assert.equal(params[0], 'param,bright-owl,calm-fox,cccccccc');
    assert.equal(params[2], 'note,"a, ""quoted""",,x');
    const metrics = metricsCsv(data).split('\r\n');
    assert.equal(metrics[1], 'accuracy,latest,0.9,0.95,');
    assert.equal(metrics.length, 1 + 2 * 3 + 1);
  });

  it('finds numeric params and scales parallel axes to 0…1', () => {
    const data = compareFixture();
    assert.deepEqual(numericParams(data), ['lr']);
    const axes = parallelAxes(data);
    assert.deepEqual(axes.map((a) => a.key), ['lr', 'accuracy', 'val_loss']);
    assert.deepEqual(axes[0]!.scaled.map((v) => Number(v!.toFixed(3))), [1, 0.091, 0]);
    assert.equal(axes[1]!.scaled[2], null);
  });

  it('puts the focused metric first and ignores chosen metrics that no longer exist', () => {
    const data = compareFixture();
    assert.deepEqual(chartMetrics(data, [], 'val_loss'), ['val_loss', 'accuracy']);
    assert.deepEqual(chartMetrics(data, ['gone', 'accuracy'], undefined), ['accuracy']);
  });
});
