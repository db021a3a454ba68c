import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lttb } from '../../../src/core/tracking';
import type { CompareResponse, CompareSeries } from '../../../src/shared/compare';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';
const START = 1_700_000_000_000;

describe('POST /api/compare', () => {
  let t: TestRuntime;
  let experimentId: string;
  const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  async function createRun(name: string, params: Record<string, string>): Promise<string> {
    const { json } = await t.call('POST', `${API}/runs/create`, { experiment_id: experimentId, run_name: name, start_time: START });
    const id = (json.run as { info: { run_id: string } }).info.run_id;
    const r = await t.call('POST', `${API}/runs/log-batch`, { run_id: id, params: Object.entries(params).map(([key, value]) => ({ key, value })) });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return id;
  }

  /** Logs [step, value] points, one second apart from the run's start, 1,000 to a batch. */
  async function log(runId: string, key: string, points: [number, number | string][]): Promise<void> {
    for (let i = 0; i < points.length; i += 1000) {
      const metrics = points.slice(i, i + 1000).map(([step, value]) => ({ key, value, step, timestamp: START + step * 1000 }));
      const r = await t.call('POST', `${API}/runs/log-batch`, { run_id: runId, metrics });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
  }

  async function compare(body: Record<string, unknown>): Promise<CompareResponse> {
    const { status, json } = await t.call('POST', '/api/compare', body);
    assert.equal(status, 200, JSON.stringify(json));
    return json as unknown as CompareResponse;
  }

  const seriesOf = (data: CompareResponse, runId: string, key: string): CompareSeries => data.series.find((s) => s.run_id === runId && s.key === key)!;

  before(async () => {
    t = await startTestRuntime();
    experimentId = (await t.call('POST', `${API}/experiments/create`, { name: 'compare' })).json.experiment_id as string;
    ids.a = await createRun('long', { lr: '0.1', model: 'tree', note: 'x' });
    ids.b = await createRun('short', { lr: '0.01', model: 'tree' });
    ids.c = await createRun('broken', { lr: '0.001', model: 'tree' });
    // a: 25,000 noisy points (several read chunks) with one spike up and one down.
    const long: [number, number][] = [];
    for (let step = 0; step < 25_000; step++) long.push([step, 1 / (1 + step / 1000) + Math.sin(step) * 0.01 + (step === 1234 ? 5 : 0) - (step === 20_000 ? 3 : 0)]);
    await log(ids.a, 'val_loss', long);
    await log(ids.a, 'accuracy', [[0, 0.5], [1, 0.9]]);
    await log(ids.b, 'val_loss', [[0, 1], [1, 0.5], [2, 0.25]]);
    await log(ids.b, 'accuracy', [[0, 0.4], [1, 0.95]]);
    await log(ids.c, 'val_loss', [[0, 1], [1, 'Infinity'], [2, 'NaN']]);
    await log(ids.c, 'accuracy', [[0, '-Infinity'], [1, 0.99]]);
  });
  after(() => t.stop());

  it('lists the runs and their params, marking the params that differ', async () => {
    const data = await compare({ run_ids: [ids.a, ids.b, ids.c] });
    assert.deepEqual(data.runs.map((r) => r.run_name), ['long', 'short', 'broken']);
    assert.deepEqual(data.runs[0], {
      run_id: ids.a,
      run_name: 'long',
      experiment_id: experimentId,
      status: 'RUNNING',
      start_time: START,
      end_time: null,
      params: { lr: '0.1', model: 'tree', note: 'x' },
      tags: { 'mlflow.runName': 'long' },
    });
    assert.deepEqual(data.params, [
      { key: 'lr', values: ['0.1', '0.01', '0.001'], differs: true },
      { key: 'model', values: ['tree', 'tree', 'tree'], differs: false },
      { key: 'note', values: ['x', null, null], differs: true },
    ]);
  });

  it('summarises each metric per run and names the best run by its direction', async () => {
    const data = await compare({ run_ids: [ids.a, ids.b, ids.c] });
    assert.deepEqual(data.metrics.map((m) => [m.key, m.direction, m.best_index]), [
      ['accuracy', 'max', 2],
      ['val_loss', 'min', 0],
    ]);
    const loss = data.metrics[1]!;
    assert.deepEqual(loss.per_run[1], { latest: 0.25, min: 0.25, max: 1, count: 3, step: 2 });
    assert.deepEqual(loss.per_run[2], { latest: 'NaN', min: 1, max: 'Infinity', count: 3, step: 2 }, 'non-finite summaries in MLflow\'s strings');
    assert.equal(loss.per_run[0]!.count, 25_000);
    assert.deepEqual(data.metrics[0]!.per_run[2], { latest: 0.99, min: '-Infinity', max: 0.99, count: 2, step: 1 });

    const flipped = await compare({ run_ids: [ids.a, ids.b, ids.c], directions: { val_loss: 'max', accuracy: 'min' } });
    assert.deepEqual(flipped.metrics.map((m) => [m.key, m.direction, m.best_index]), [
      ['accuracy', 'min', 0],
      ['val_loss', 'max', 1],
    ]);
    const chosen = await compare({ run_ids: [ids.b, ids.c], metric_keys: ['val_loss', 'never_logged'] });
    assert.deepEqual(chosen.metrics.map((m) => m.key), ['val_loss', 'never_logged']);
    assert.deepEqual(chosen.metrics[1], { key: 'never_logged', direction: 'max', per_run: [null, null], best_index: null });
    assert.deepEqual(chosen.series.map((s) => [s.key, s.run_id]), [['val_loss', ids.b], ['val_loss', ids.c]]);
  });

  it('guesses lower-is-better from the metric name', async () => {
    const keys = ['val_loss', 'train/loss', 'valLoss', 'error_rate', 'rmse', 'epoch_time', 'p99 latency', 'Perplexity', 'accuracy', 'f1', 'timestamp_count', 'lossy_ratio'];
    const data = await compare({ run_ids: [ids.b, ids.c], metric_keys: keys });
    assert.deepEqual(
      Object.fromEntries(data.metrics.map((m) => [m.key, m.direction])),
      { val_loss: 'min', 'train/loss': 'min', valLoss: 'min', error_rate: 'min', rmse: 'min', epoch_time: 'min', 'p99 latency': 'min', Perplexity: 'min', accuracy: 'max', f1: 'max', timestamp_count: 'max', lossy_ratio: 'max' },
    );
  });

  it('downsamples a long history to at most `points`, keeping its ends and extremes', async () => {
    const data = await compare({ run_ids: [ids.a, ids.b], metric_keys: ['val_loss'], points: 200, method: 'minmax' });
    const s = seriesOf(data, ids.a, 'val_loss');
    assert.equal(s.total_points, 25_000);
    assert.equal(s.downsampled, true);
    assert.ok(s.x.length <= 200 && s.x.length >= 190, `${s.x.length} points`);
    assert.equal(s.x[0], 0);
    assert.equal(s.x[s.x.length - 1], 24_999);
    const ys = s.y as number[];
    const top = ys.indexOf(Math.max(...ys));
    const bottom = ys.indexOf(Math.min(...ys));
    assert.equal(s.x[top], 1234, 'the spike up is kept');
    assert.equal(s.x[bottom], 20_000, 'the spike down is kept');
    for (let k = 1; k < s.x.length; k++) assert.ok(s.x[k]! > s.x[k - 1]!);
    const short = seriesOf(data, ids.b, 'val_loss');
    assert.deepEqual(short, { run_id: ids.b, key: 'val_loss', x: [0, 1, 2], y: [1, 0.5, 0.25], total_points: 3, downsampled: false });
  });

  it('streams LTTB over chunks to the same points as LTTB over the whole history', async () => {
    const history = await t.call('GET', `${API}/metrics/get-history`, { run_id: ids.a, metric_key: 'val_loss', max_results: 25_000 });
    const points = history.json.metrics as { step: number; value: number }[];
    const expected = lttb(Float64Array.from(points, (p) => p.step), Float64Array.from(points, (p) => p.value), 4000);
    const data = await compare({ run_ids: [ids.a, ids.b], metric_keys: ['val_loss'], points: 4000 });
    const s = seriesOf(data, ids.a, 'val_loss');
    assert.equal(s.x.length, 4000);
    assert.deepEqual(s.x, [...expected.xs]);
    assert.deepEqual(s.y, [...expected.ys]);
  });

  it('preselects the extremes of much longer histories from the write-time summaries, keeping the first, last, lowest and highest points', async () => {
    const history = await t.call('GET', `${API}/metrics/get-history`, { run_id: ids.a, metric_key: 'val_loss', max_results: 25_000 });
    const points = history.json.metrics as { step: number; value: number }[];
    const values = points.map((p) => p.value);
    for (const method of ['lttb', 'minmax']) {
      const s = seriesOf(await compare({ run_ids: [ids.a, ids.b], metric_keys: ['val_loss'], points: 100, method }), ids.a, 'val_loss');
      assert.ok(s.x.length <= 100 && s.x.length >= 90, `${method}: ${s.x.length} points`);
      assert.equal(s.x[0], points[0]!.step);
      assert.equal(s.x.at(-1), points.at(-1)!.step);
      assert.ok(s.x.every((x, i) => i === 0 || x > s.x[i - 1]!), `${method}: x ascending`);
      if (method === 'minmax') {
        assert.ok(s.y.includes(Math.min(...values)), 'the lowest point is kept');
        assert.ok(s.y.includes(Math.max(...values)), 'the highest point is kept');
      }
    }
  });

  it('puts wall-clock or run-relative time on the x axis', async () => {
    const wall = await compare({ run_ids: [ids.b, ids.c], metric_keys: ['val_loss'], x_axis: 'wall' });
    assert.deepEqual(seriesOf(wall, ids.b, 'val_loss').x, [START, START + 1000, START + 2000]);
    const relative = await compare({ run_ids: [ids.b, ids.c], metric_keys: ['val_loss'], x_axis: 'relative' });
    assert.deepEqual(seriesOf(relative, ids.b, 'val_loss').x, [0, 1000, 2000]);
    const byStep = await compare({ run_ids: [ids.b, ids.c], metric_keys: ['val_loss'] });
    assert.deepEqual(seriesOf(byStep, ids.b, 'val_loss').x, [0, 1, 2]);
  });

  it('writes non-finite values as MLflow does, and keeps them as markers when downsampling', async () => {
    const data = await compare({ run_ids: [ids.b, ids.c] });
    assert.deepEqual(seriesOf(data, ids.c, 'val_loss').y, [1, 'Infinity', 'NaN']);
    assert.deepEqual(seriesOf(data, ids.c, 'accuracy').y, ['-Infinity', 0.99]);

    const id = await createRun('diverged', {});
    const points: [number, number | string][] = [];
    for (let step = 0; step < 3000; step++) points.push([step, step < 2000 ? Math.cos(step / 50) : 'NaN']);
    await log(id, 'loss', points);
    const diverged = seriesOf(await compare({ run_ids: [id, ids.b], points: 50 }), id, 'loss');
    assert.ok(diverged.x.length <= 50);
    assert.deepEqual(diverged.y.filter((y) => typeof y === 'string'), ['NaN'], 'one marker where the NaNs start');
    assert.equal(diverged.x[diverged.y.indexOf('NaN')], 2000);
    assert.equal(diverged.x[diverged.y.indexOf('NaN') - 1], 1999, 'the last finite point is kept');
  });

  it('follows a run that is still logging: a longer history is read again', async () => {
    const id = await createRun('live', {});
    await log(id, 'loss', Array.from({ length: 500 }, (_, step): [number, number] => [step, step]));
    const first = seriesOf(await compare({ run_ids: [id, ids.b], points: 100 }), id, 'loss');
    assert.equal(first.x[first.x.length - 1], 499);
    const again = seriesOf(await compare({ run_ids: [id, ids.b], points: 100 }), id, 'loss');
    assert.deepEqual(again, first);
    const together = await Promise.all([1, 2, 3].map(() => compare({ run_ids: [ids.a, id], points: 150 })));
    for (const data of together.slice(1)) assert.deepEqual(data, together[0], 'requests arriving together get the same answer');
    await log(id, 'loss', [[500, -1]]);
    const grown = seriesOf(await compare({ run_ids: [id, ids.b], points: 100 }), id, 'loss');
    assert.equal(grown.total_points, 501);
    assert.equal(grown.x[grown.x.length - 1], 500);
    assert.equal(grown.y[grown.y.length - 1], -1);
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown run', async () => {
    const missing = 'f'.repeat(32);
    const { status, json } = await t.call('POST', '/api/compare', { run_ids: [ids.a, missing] });
    assert.equal(status, 404);
    assert.deepEqual(json, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Run with id=${missing} not found` });
  });

  it('answers 400 INVALID_PARAMETER_VALUE for a malformed request', async () => {
    const two = [ids.a, ids.b];
    const bad: unknown[] = [
      {},
      { run_ids: [ids.a] },
      { run_ids: Array.from({ length: 51 }, (_, i) => String(i)) },
      { run_ids: [ids.a, ids.a] },
      { run_ids: ids.a },
      { run_ids: [ids.a, 7] },
      { run_ids: two, points: 5 },
      { run_ids: two, points: 10_001 },
      { run_ids: two, points: '100' },
      { run_ids: two, points: 99.5 },
      { run_ids: two, x_axis: 'time' },
      { run_ids: two, method: 'average' },
      { run_ids: two, metric_keys: 'loss' },
      { run_ids: two, metric_keys: ['../loss'] },
      { run_ids: two, directions: { loss: 'down' } },
      { run_ids: two, directions: ['min'] },
      [ids.a, ids.b],
    ];
    for (const body of bad) {
      const res = await fetch(`http://127.0.0.1:${t.port}/api/compare`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { error_code: string; message: string };
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(json.error_code, 'INVALID_PARAMETER_VALUE', JSON.stringify(body));
      assert.ok(json.message.length > 0);
    }
    const notJson = await fetch(`http://127.0.0.1:${t.port}/api/compare`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: '{"run_ids": [' });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { error_code: string }).error_code, 'MALFORMED_REQUEST');
    const get = await t.call('GET', '/api/compare');
    assert.equal(get.status, 405);
  });
});
