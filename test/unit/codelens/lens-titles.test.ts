import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDelta, metricLensText, paramLensText, triedValues } from '../../../src/extension/codelens/lens-titles';
import { summarizeRuns } from '../../../src/extension/codelens/run-summary';
import { lowerIsBetter } from '../../../src/shared/metric-direction';
import type { Run as WireRun } from '../../../src/shared/contract';

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
  it('shows only the key and the last value; trend and best are in the tooltip', () => {
    // Oldest first here; the summary sorts newest first by start time.
    const runs = [run('calm-fox', { accuracy: 0.9, loss: 0.2 }), run('bright-owl', { accuracy: 0.925, loss: 0.31 }), run('quick-elk', { accuracy: 0.913, loss: 0.25 })];
    const summary = summarizeRuns(runs.reverse());
    const accuracy = metricLensText('accuracy', summary);
    assert.equal(accuracy.title, 'accuracy 0.913');
    assert.match(accuracy.tooltip, /^accuracy: higher is better · logged by 3 of the last 3 runs$/m);
    assert.match(accuracy.tooltip, /^last: 0\.913 in quick-elk$/m);
    assert.match(accuracy.tooltip, /^previous: 0\.925 in bright-owl · trend ▼0\.012$/m);
    assert.match(accuracy.tooltip, /^best: 0\.925 in bright-owl$/m);
    const loss = metricLensText('loss', summary);
    assert.equal(loss.title, 'loss 0.25');
    assert.match(loss.tooltip, /lower is better/);
    assert.match(loss.tooltip, /^best: 0\.2 in calm-fox$/m);
  });

  it('keeps a lens as short as its key and value, whatever the history', () => {
    const summary = summarizeRuns(Array.from({ length: 30 }, (_, i) => run(`run-${i}`, { val_accuracy: 0.5 + i / 100 })));
    const { title } = metricLensText('val_accuracy', summary);
    assert.equal(title, 'val_accuracy 0.79');
    assert.ok(title.length <= 'val_accuracy'.length + 8, title);
  });

  it('marks a last run that is the best in the tooltip, and an increase with ▲', () => {
    const summary = summarizeRuns([run('a', { accuracy: 0.8 }), run('b', { accuracy: 0.85 })]);
    const text = metricLensText('accuracy', summary);
    assert.equal(text.title, 'accuracy 0.85');
    assert.match(text.tooltip, /^last: 0\.85 in b \(best\)$/m);
    assert.match(text.tooltip, /trend ▲0\.05/);
    assert.doesNotMatch(text.tooltip, /^best:/m);
  });

  it('shows ±0 for no change, and no previous for a single run', () => {
    assert.match(metricLensText('acc', summarizeRuns([run('a', { acc: 0.5 }), run('b', { acc: 0.5 })])).tooltip, /trend ±0/);
    const single = metricLensText('acc', summarizeRuns([run('a', { acc: 0.5 })]));
    assert.equal(single.title, 'acc 0.5');
    assert.doesNotMatch(single.tooltip, /previous|best:/);
  });

  it('compares with the previous run that logged the key, skipping runs that did not', () => {
    const summary = summarizeRuns([run('a', { acc: 0.7 }), run('b', { other: 1 }), run('c', { acc: 0.75 })]);
    assert.match(metricLensText('acc', summary).tooltip, /^previous: 0\.7 in a · trend ▲0\.05$/m);
  });

  it('says when no run logged the key, and handles NaN without a delta or best', () => {
    const summary = summarizeRuns([run('a', { acc: 0.7 }), run('b', { acc: 'NaN' })]);
    assert.equal(metricLensText('accuracy', summary).title, 'accuracy — not logged yet');
    const nan = metricLensText('acc', summary);
    assert.equal(nan.title, 'acc NaN');
    assert.doesNotMatch(nan.tooltip, /trend/);
    assert.match(nan.tooltip, /^best: 0\.7 in a$/m);
    assert.equal(metricLensText('x', summarizeRuns([])).title, 'x — not logged yet');
  });

  it('names the file whose runs it shows in the tooltip', () => {
    const summary = summarizeRuns([run('a', { loss: 0.3 })]);
    summary.scope = 'train.js';
    assert.match(metricLensText('loss', summary).tooltip, /logged by 1 of the last 1 run of train\.js/);
    assert.match(metricLensText('acc', summary).tooltip, /^None of the last 1 run of train\.js logged acc/);
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
    assert.equal(paramLensText('lr', summary).title, 'lr 0.01 in best run');
    assert.match(paramLensText('lr', summary).tooltip, /^best run: bright-owl, by val_accuracy 0\.9$/m);
    assert.match(paramLensText('lr', summary).tooltip, /^tried: 0\.1, 0\.01, 0\.001$/m);
  });

  it('falls back to the last run without metrics, and says when the best run lacks the param', () => {
    const model = paramLensText('model', summarizeRuns([run('a', {}, { model: 'tree' }), run('b', {}, { model: 'svm' })]));
    assert.equal(model.title, 'model svm in last run');
    assert.match(model.tooltip, /^last run: b /m);
    assert.match(model.tooltip, /^tried: svm, tree$/m);
    const summary = summarizeRuns([run('a', { acc: 0.9 }), run('b', { acc: 0.5 }, { depth: '3' })]);
    assert.equal(paramLensText('depth', summary).title, 'depth not set in best run');
    assert.match(paramLensText('depth', summary).tooltip, /^best run: a, by acc 0\.9$/m);
    assert.equal(paramLensText('missing', summary).title, 'missing — not logged yet');
  });

  it('caps long lists of values and long values', () => {
    assert.equal(triedValues(['1', '2', '3', '4', '5', '6', '7']), '7, 6, 5, 4, 3 +2 more');
    assert.equal(triedValues(['x'.repeat(40)]), `${'x'.repeat(23)}…`);
  });
});
