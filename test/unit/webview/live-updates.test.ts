// The compare panel's and run page's live updates: new points applied to the data shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WireDouble } from '../../../src/shared/compare';
import type { RunPageResponse } from '../../../src/shared/run-page';
import { parseToWebview } from '../../../src/shared/webview/compare-messages';
import type { LiveUpdate } from '../../../src/shared/webview/live-updates';
import { applyToCompare, applyToRunPage, parseLiveUpdate } from '../../../src/shared/webview/live-updates';
import { parseRunPageToWebview } from '../../../src/shared/webview/run-page-messages';
import { openBundlePage, type BundlePage } from './bundle-page';
import { compareFixture } from './compare-fixture';

const A = 'a'.repeat(32);
const C = 'c'.repeat(32);
const point = (key: string, value: WireDouble, step: number, timestamp = 5000 + step) => ({ key, value, step, timestamp });

describe('live updates applied to the compare data', () => {
  it('appends points to the series, extends summaries and moves the best run', () => {
    const data = compareFixture();
    const update: LiveUpdate = { points: [{ runId: A, metrics: [point('accuracy', 0.97, 10), point('accuracy', 0.99, 11)] }], runs: [] };
    assert.ok(applyToCompare(data, update, 'step'));
    const series = data.series.find((s) => s.run_id === A && s.key === 'accuracy')!;
    assert.deepEqual(series.x, [0, 1, 2, 10, 11]);
    assert.deepEqual(series.y.slice(-2), [0.97, 0.99]);
    const accuracy = data.metrics.find((m) => m.key === 'accuracy')!;
    assert.deepEqual(accuracy.per_run[0], { latest: 0.99, min: 0.5, max: 0.99, count: 12, step: 11 });
    assert.equal(accuracy.best_index, 0, 'the run now leads');
  });

  it('starts a series and a metric row a run had not logged, and takes x from the axis', () => {
    const data = compareFixture();
    applyToCompare(data, { points: [{ runId: C, metrics: [point('accuracy', 0.4, 0, 1500), point('f1', 'NaN', 0, 1500)] }], runs: [] }, 'relative');
    assert.deepEqual(data.series.find((s) => s.run_id === C && s.key === 'accuracy')!.x, [500], 'relative to the run start (1000)');
    const f1 = data.metrics.find((m) => m.key === 'f1')!;
    assert.deepEqual(f1.per_run, [null, null, { latest: 'NaN', min: null, max: null, count: 1, step: 0 }]);
  });

  it('ignores a point that goes back on the x axis and replaces one logged again at the same step', () => {
    const data = compareFixture();
    applyToCompare(data, { points: [{ runId: A, metrics: [point('accuracy', 0.1, 1), point('accuracy', 0.92, 2)] }], runs: [] }, 'step');
    const series = data.series.find((s) => s.run_id === A && s.key === 'accuracy')!;
    assert.deepEqual(series.x, [0, 1, 2]);
    assert.equal(series.y[2], 0.92);
  });

  it('takes run status and params, and leaves data of other runs alone', () => {
    const data = compareFixture();
    assert.ok(applyToCompare(data, { points: [], runs: [{ runId: C, experimentId: '0', status: 'FINISHED', endTime: 9000, params: [{ key: 'lr', value: '0.5' }] }] }, 'step'));
    assert.equal(data.runs[2]!.status, 'FINISHED');
    assert.equal(data.runs[2]!.end_time, 9000);
    assert.deepEqual(data.params.find((p) => p.key === 'lr')!.values, [null, null, '0.5'], 'the params table is rebuilt from the runs');
    assert.equal(applyToCompare(data, { points: [{ runId: 'x'.repeat(32), metrics: [point('accuracy', 1, 9)] }], runs: [] }, 'step'), false);
  });

  it('validates the message on receipt', () => {
    const update = { points: [{ runId: A, metrics: [point('accuracy', 0.97, 3)] }], runs: [] };
    assert.deepEqual(parseToWebview({ type: 'live', update }), { type: 'live', update });
    assert.equal(parseToWebview({ type: 'live', update: { points: [{ runId: A, metrics: [{ key: 'a', value: {} }] }], runs: [] } }), undefined);
    assert.equal(parseLiveUpdate({ points: [], runs: [{}] }), undefined);
    assert.deepEqual(parseRunPageToWebview({ type: 'live', update }), { type: 'live', update });
  });
});

function runPage(): RunPageResponse {
  return {
    run: { run_id: 'r1', run_name: 'owl', experiment_id: '0', experiment_name: 'Default', status: 'RUNNING', lifecycle_stage: 'active', start_time: 1000, end_time: null, artifact_uri: '', params: {}, tags: {} },
    metrics: [{ key: 'loss', x: [0, 1], y: [1, 0.8], latest: 0.8, min: 0.8, max: 1, count: 2, step: 1 }],
    artifacts: { dir: '/tmp/x', files: [], truncated: false },
  };
}

describe('live updates applied to a run page', () => {
  it('appends points, adds a new metric and takes the final status', () => {
    const page = runPage();
    assert.ok(applyToRunPage(page, { points: [{ runId: 'r1', metrics: [point('loss', 0.5, 2), point('acc', 0.7, 2)] }], runs: [{ runId: 'r1', experimentId: '0', status: 'FINISHED', endTime: 3000 }] }));
    assert.deepEqual(page.metrics[0], { key: 'loss', x: [0, 1, 2], y: [1, 0.8, 0.5], latest: 0.5, min: 0.5, max: 1, count: 3, step: 2 });
    assert.deepEqual(page.metrics[1], { key: 'acc', x: [2], y: [0.7], latest: 0.7, min: 0.7, max: 0.7, count: 1, step: 2 });
    assert.equal(page.run.status, 'FINISHED');
    assert.equal(page.run.end_time, 3000);
    assert.equal(applyToRunPage(page, { points: [{ runId: 'other', metrics: [point('loss', 0, 9)] }], runs: [] }), false);
  });
});

describe('run page bundle following a run from live messages', () => {
  let view: BundlePage;
  before(() => {
    view = openBundlePage('run-page');
  });
  after(() => view.close());

  it('draws the new points it is sent, without a new data message', () => {
    const page = runPage();
    view.send({ type: 'data', state: { runId: 'r1', selected: null }, data: { page, models: [] } });
    const canvas = () => view.app().querySelector('#metric-charts canvas[data-metric="loss"]')!;
    assert.equal(canvas().getAttribute('data-points'), '2');
    view.send({ type: 'live', update: { points: [{ runId: 'r1', metrics: [point('loss', 0.5, 2), point('loss', 0.4, 3)] }], runs: [] } });
    assert.equal(canvas().getAttribute('data-points'), '4');
    assert.match(view.app().querySelector('figure[data-metric="loss"] .latest')!.textContent!, /^0\.4 at step 3/);
    view.send({ type: 'live', update: { points: [], runs: [{ runId: 'r1', experimentId: '0', status: 'FINISHED', endTime: 3000 }] } });
    assert.equal(view.app().querySelector('#run-status')!.getAttribute('data-status'), 'finished');
    assert.deepEqual(view.posted.filter((m) => (m as { type: string }).type !== 'ready'), [], 'the page asked for nothing');
  });
});

describe('compare page bundle following runs from live messages', () => {
  let view: BundlePage;
  before(() => {
    view = openBundlePage('compare-runs');
  });
  after(() => view.close());

  it('takes the new points and statuses into its tables, asking for nothing', () => {
    const state = { runIds: compareFixture().runs.map((r) => r.run_id), chartMetrics: [], xAxis: 'step', yScale: 'linear', smoothing: 0, onlyDifferences: false, hiddenRuns: [], directions: {}, scatter: null, focus: null };
    view.send({ type: 'data', data: compareFixture(), state });
    const posted = view.posted.length;
    view.send({ type: 'live', update: { points: [{ runId: C, metrics: [point('accuracy', 0.99, 3)] }], runs: [{ runId: C, experimentId: '0', status: 'FINISHED', endTime: 3000 }] } });
    assert.equal(view.app().ownerDocument.body.dataset.liveUpdates, '1');
    assert.match(view.app().textContent!, /0\.99/);
    assert.equal(view.app().querySelectorAll('.live').length, 0, 'the run no longer shows as live');
    assert.equal(view.posted.length, posted, 'the page asked for nothing');
  });
});
