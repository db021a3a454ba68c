import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MetricCache } from '../../../src/extension/codelens/metric-cache';
import { metricLensText, paramLensText } from '../../../src/extension/codelens/lens-titles';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { until } from '../../helpers/until';

// The cache against a real runtime on port 0 (the extension reaches it over HTTP the same way).
describe('MetricCache against a runtime', () => {
  let t: TestRuntime;
  let client: RuntimeClient;

  async function logRun(experimentId: string, name: string, startTime: number, metrics: Record<string, number>, params: Record<string, string>, tags: Record<string, string> = {}): Promise<string> {
    const { run } = await client.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: name,
      start_time: startTime,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    const runId = run.info.run_id;
    await client.request('POST', '/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: startTime, step: 0 })),
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
    });
    return runId;
  }

  before(async () => {
    t = await startTestRuntime();
    client = new RuntimeClient(t.runtime.info);
  });
  after(() => t.stop());

  it('has no data before the first load, then summarizes the newest runs of every experiment', async () => {
    let changes = 0;
    const cache = new MetricCache(() => client, { onDidChange: () => changes++ });
    const current = () => cache.current; // read afresh (assert narrows a property it saw once)
    assert.equal(current(), undefined);
    await cache.refresh();
    assert.equal(current()?.runCount, 0, 'a workspace without runs still has (empty) data');
    const a = (await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'lens-a' })).experiment_id;
    const b = (await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'lens-b' })).experiment_id;
    const base = Date.now();
    await logRun(a, 'calm-fox', base, { accuracy: 0.9 }, { 'train.lr': '0.1' });
    await logRun(b, 'bright-owl', base + 1000, { accuracy: 0.925 }, { 'train.lr': '0.01' });
    await logRun(a, 'quick-elk', base + 2000, { accuracy: 0.913 }, { 'train.lr': '0.001' });
    await cache.refresh();
    const summary = current()!;
    assert.equal(summary.runCount, 3);
    assert.equal(metricLensText('accuracy', summary).title, 'accuracy 0.913');
    assert.match(metricLensText('accuracy', summary).tooltip, /^best: 0\.925 in bright-owl$/m);
    assert.equal(paramLensText('train.lr', summary).title, 'train.lr 0.01 in best run');
    const before = changes;
    await cache.refresh();
    assert.equal(changes, before, 'an unchanged answer fires no change');
    cache.dispose();
  });

  it('summarizes per source file only the runs whose command ran it', async () => {
    const cache = new MetricCache(() => client, { onDidChange: () => undefined });
    const experiment = (await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'lens-sources' })).experiment_id;
    const base = Date.now() + 10_000;
    const ws = '/home/me/weather';
    await logRun(experiment, 'node-owl', base, { val_accuracy: 0.76 }, {}, { 'mlops.command': JSON.stringify(['node', 'train.js', '--epochs', '5']), 'mlops.cwd': ws });
    await logRun(experiment, 'py-fox', base + 1000, { val_accuracy: 0.81 }, {}, { 'mlflow.source.name': 'src/train.py' });
    await cache.refresh();
    const forJs = cache.forSource(`${ws}/train.js`)!;
    assert.equal(forJs.runCount, 1);
    assert.equal(forJs.scope, 'train.js');
    assert.equal(metricLensText('val_accuracy', forJs).title, 'val_accuracy 0.76');
    assert.equal(metricLensText('val_accuracy', cache.forSource('/elsewhere/src/train.py')!).title, 'val_accuracy 0.81');
    assert.equal(cache.forSource(`${ws}/train.py`)!.runCount, 0, 'a file no run ran has no runs');
    assert.equal(cache.forSource(`${ws}/train.js`), forJs, 'memoized until the runs change');
    assert.ok(cache.current!.runCount >= 2, 'all runs stay summarized for params files');
    cache.dispose();
  });

  it('coalesces a burst of scheduled refreshes into one load', async () => {
    let requests = 0;
    const counting = new Proxy(client, {
      get: (target, prop, receiver) => (prop === 'send' ? (...args: Parameters<RuntimeClient['send']>) => (requests++, target.send(...args)) : Reflect.get(target, prop, receiver)),
    });
    let changes = 0;
    const cache = new MetricCache(() => counting, { onDidChange: () => changes++, debounceMs: 50 });
    for (let i = 0; i < 20; i++) cache.schedule();
    await until('the load to finish', () => changes === 1);
    assert.equal(requests, 2, 'one experiments/search and one runs/search');
    assert.equal(changes, 1);
    cache.dispose();
  });

  it('clears (and says so) when the runtime goes away, and reports request errors', async () => {
    let available = true;
    let changes = 0;
    const errors: unknown[] = [];
    const cache = new MetricCache(() => (available ? client : undefined), { onDidChange: () => changes++, onError: (e) => errors.push(e) });
    const current = () => cache.current;
    await cache.refresh();
    assert.ok(current());
    available = false;
    await cache.refresh();
    assert.equal(current(), undefined);
    assert.equal(changes, 2);
    const broken = new RuntimeClient({ ...t.runtime.info, token: 'x'.repeat(32) });
    const failing = new MetricCache(() => broken, { onDidChange: () => undefined, onError: (e) => errors.push(e) });
    await failing.refresh();
    assert.equal(failing.current, undefined);
    assert.equal(errors.length, 1);
    cache.dispose();
    failing.dispose();
  });
});
