import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDelta, metricLensText, paramLensText, triedValues } from '../../../src/extension/codelens/lens-titles';
import { summarizeRuns } from '../../../src/extension/codelens/run-summary';
import { lowerIsBetter } from '../../../src/shared/metric-direction';
import type { WireRun } from '../../../src/extension/runs/wire-types';

let clock = 1_700_000_000_000;
function run(name: string, metrics: Record<string, number | string>, params: Record<string, string> = {}): WireRun {
  clock += 60_000;
  return {
    info: { run_id: `id-${name}`, run_name: name, experiment_id: '1', status: 'FINISHED', start_time: clock, artifact_uri: '', lifecycle_stage: 'active' },
    data: {
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, step: 0, timestamp: clock })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
    },
  };
}

describe('metric direction (shared with the compare panel)', () => {
  it('treats loss, error, mae, mse, rmse, perplexity, latency and time as lower-is-better', () => {
    for (const key of ['loss', 'val_loss', 'error_rate', 'mae', 'val/mse', 'rmse', 'perplexity', 'p99_latency', 'train_time']) assert.ok(lowerIsBetter(key), key);
    for (const key of ['accuracy', 'f1', 'auc', 'r2', 'names', 'gmse_like']) assert.ok(!lowerIsBetter(key), key);
  });
});

describe('metric lens titles', () => {
  it('shows the last value, the best (by direction) and the delta to the previous run', () => {
    // Oldest first here; the summary sorts newest first by start time.
    const runs = [run('calm-fox', { accuracy: 0.9, loss: 0.2 }), run('bright-owl', { accuracy: 0.925, loss: 0.31 }), run('quick-elk', { accuracy: 0.913, loss: 0.25 })];
    const summary = summarizeRuns(runs.reverse());
    assert.equal(metricLensText('accuracy', summary).title, 'accuracy 0.913 (last run) · best 0.925 (run bright-owl) · ▼0.012');
    assert.equal(metricLensText('loss', summary).title, 'loss 0.25 (last run) · best 0.2 (run calm-fox) · ▼0.06');
  });

  it('marks a last run that is the best, and an increase with ▲', () => {
    const summary = summarizeRuns([run('a', { accuracy: 0.8 }), run('b', { accuracy: 0.85 })]);
    assert.equal(metricLensText('accuracy', summary).title, 'accuracy 0.85 (last run, best) · ▲0.05');
  });

  it('shows ±0 for no change and only the value for a single run', () => {
    assert.equal(metricLensText('acc', summarizeRuns([run('a', { acc: 0.5 }), run('b', { acc: 0.5 })])).title, 'acc 0.5 (last run, best) · ±0');
    assert.equal(metricLensText('acc', summarizeRuns([run('a', { acc: 0.5 })])).title, 'acc 0.5 (last run)');
  });

  it('compares with the previous run that logged the key, skipping runs that did not', () => {
    const summary = summarizeRuns([run('a', { acc: 0.7 }), run('b', { other: 1 }), run('c', { acc: 0.75 })]);
    assert.equal(metricLensText('acc', summary).title, 'acc 0.75 (last run, best) · ▲0.05');
  });

  it('says when no run logged the key, and handles NaN without a delta or best', () => {
    const summary = summarizeRuns([run('a', { acc: 0.7 }), run('b', { acc: 'NaN' })]);
    assert.equal(metricLensText('accuracy', summary).title, 'accuracy — not logged yet');
    assert.equal(metricLensText('acc', summary).title, 'acc NaN (last run) · best 0.7 (run a)');
    assert.equal(metricLensText('x', summarizeRuns([])).title, 'x — not logged yet');
  });

  it('explains itself in the tooltip', () => {
    const tip = metricLensText('loss', summarizeRuns([run('a', { loss: 0.3 }), run('b', { loss: 0.2 })])).tooltip;
    assert.match(tip, /lower is better · logged by 2 of the last 2 runs/);
    assert.match(tip, /previous: 0\.3 in a/);
  });

  it('formats deltas at the shown precision', () => {
    assert.equal(formatDelta(0.925, 0.913), '▲0.012');
    assert.equal(formatDelta('Infinity', 1), undefined);
    assert.equal(formatDelta(3, 10), '▼7');
  });
});

describe('param lens titles', () => {
  it('shows the value in the best run (by the headline metric) and the values tried', () => {
    const summary = summarizeRuns([
      run('a', { val_accuracy: 0.8, loss: 0.1 }, { lr: '0.1' }),
      run('bright-owl', { val_accuracy: 0.9, loss: 0.5 }, { lr: '0.01' }),
      run('c', { val_accuracy: 0.85, loss: 0.3 }, { lr: '0.001' }),
      run('d', { val_accuracy: 0.7 }, { lr: '0.01' }),
    ]);
    assert.equal(summary.primaryMetric, 'val_accuracy');
    assert.equal(paramLensText('lr', summary).title, 'lr = 0.01 in best run (bright-owl) · tried 0.1, 0.01, 0.001');
    assert.match(paramLensText('lr', summary).tooltip, /by val_accuracy 0\.9/);
  });

  it('falls back to the last run without metrics, and says when the best run lacks the param', () => {
    assert.equal(paramLensText('model', summarizeRuns([run('a', {}, { model: 'tree' }), run('b', {}, { model: 'svm' })])).title, 'model = svm in last run (b) · tried svm, tree');
    const summary = summarizeRuns([run('a', { acc: 0.9 }), run('b', { acc: 0.5 }, { depth: '3' })]);
    assert.equal(paramLensText('depth', summary).title, 'depth not set in best run (a) · tried 3');
    assert.equal(paramLensText('missing', summary).title, 'missing — not logged yet');
  });

  it('caps long lists of values and long values', () => {
    assert.equal(triedValues(['1', '2', '3', '4', '5', '6', '7']), '7, 6, 5, 4, 3 +2 more');
    assert.equal(triedValues(['x'.repeat(40)]), `${'x'.repeat(23)}…`);
  });
});
