// Events that carry what changed, and the Runs view's model applying them without a request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunsModel } from '../../../src/extension/runs/runs-model';
import type { RuntimeEvent } from '../../../src/shared/events';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { RUNS_OVERVIEW, call } from '../../../src/shared/contract';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { until } from '../../helpers/until';

/** A client that counts the requests it sends (what the extension's views would cost). */
function countingClient(client: RuntimeClient): { transport: { send: RuntimeClient['send'] }; count: () => number } {
  let n = 0;
  return { transport: { send: (method, path, body) => (n++, client.send(method, path, body)) }, count: () => n };
}

describe('live events', () => {
  let t: TestRuntime;
  let client: RuntimeClient;
  const events: RuntimeEvent[] = [];
  let sub: { close(): void };

  before(async () => {
    t = await startTestRuntime();
    client = new RuntimeClient(t.runtime.info);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    sub = client.subscribe({ onEvent: (e) => events.push(e), onState: (s) => s === 'open' && open() });
    await opened;
  });
  after(async () => {
    sub.close();
    await t.stop();
  });

  async function createRun(name: string): Promise<string> {
    const { run } = await client.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0', run_name: name, start_time: Date.now() });
    return run.info.run_id;
  }

  it('coalesces a run’s metric batches into a few events that carry the latest value, step and time per key', async () => {
    const runId = await createRun('burst');
    const from = events.length;
    const base = Date.now();
    for (let batch = 0; batch < 20; batch++) {
      const metrics = Array.from({ length: 50 }, (_, i) => ({ key: 'loss', value: 1 / (batch * 50 + i + 1), timestamp: base + batch, step: batch * 50 + i }));
      await client.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics: [...metrics, { key: 'acc', value: batch / 20, timestamp: base + batch, step: batch }] });
    }
    const last = await until('the last step as an event', () =>
      events.slice(from).find((e) => e.type === 'run.metrics' && e.data.runId === runId && e.data.metrics.some((m) => m.key === 'loss' && m.step === 999)),
    );
    const metricEvents = events.slice(from).filter((e) => e.type === 'run.metrics' && e.data.runId === runId);
    assert.ok(metricEvents.length < 20, `20 batches made ${metricEvents.length} events`);
    assert.ok(last.type === 'run.metrics');
    assert.deepEqual(
      last.data.metrics.find((m) => m.key === 'loss'),
      { key: 'loss', value: 1 / 1000, step: 999, timestamp: base + 19 },
    );
    assert.equal(last.data.metrics.find((m) => m.key === 'acc')?.step, 19);
  });

  it('run.changed carries the status and end time, after the run’s last metrics', async () => {
    const runId = await createRun('ending');
    const from = events.length;
    await client.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics: [{ key: 'acc', value: 0.9, timestamp: Date.now(), step: 3 }], params: [{ key: 'lr', value: '0.1' }] });
    await client.request('POST', '/api/2.0/mlflow/runs/update', { run_id: runId, status: 'FINISHED', end_time: 1_800_000_000_000 });
    const ended = await until('the FINISHED event', () => events.slice(from).find((e) => e.type === 'run.changed' && e.data.runId === runId && e.data.status === 'FINISHED'));
    assert.ok(ended.type === 'run.changed');
    assert.equal(ended.data.endTime, 1_800_000_000_000);
    assert.equal(ended.data.runName, 'ending');
    const mine = events.slice(from).filter((e) => 'runId' in e.data && e.data.runId === runId);
    assert.ok(mine.findIndex((e) => e.type === 'run.metrics') < mine.indexOf(ended), 'metrics logged before the end arrive before it');
    assert.ok(mine.some((e) => e.type === 'run.changed' && e.data.params?.some((p) => p.key === 'lr' && p.value === '0.1')), 'logged params travel with the change');
  });

  it('an alias move names the alias and its version', async () => {
    const runId = await createRun('model-src');
    await client.request('POST', '/api/2.0/mlflow/registered-models/create', { name: 'weather' });
    await client.request('POST', '/api/2.0/mlflow/model-versions/create', { name: 'weather', source: `runs:/${runId}/model`, run_id: runId });
    const from = events.length;
    await client.request('POST', '/api/2.0/mlflow/registered-models/alias', { name: 'weather', alias: 'candidate', version: '1' });
    await client.request('DELETE', '/api/2.0/mlflow/registered-models/alias', { name: 'weather', alias: 'candidate' });
    const moves = await until('the alias events', () => {
      const found = events.slice(from).flatMap((e) => (e.type === 'model.changed' && e.data.alias ? [e.data.alias] : []));
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(moves, [{ alias: 'candidate', version: '1' }, { alias: 'candidate', version: null }]);
  });

  it('a client reconnecting after events its log no longer holds is told of the gap', async () => {
    const since = t.runtime.store.events.lastSeq();
    for (let i = 0; i < 3; i++) t.runtime.hub.publish('experiment.changed', { experimentId: '0' });
    t.runtime.store.db.run('DELETE FROM events WHERE seq <= ?', [since + 2]);
    const replayed: RuntimeEvent[] = [];
    const late = client.subscribe({ since, onEvent: (e) => replayed.push(e) });
    try {
      await until('the replay', () => replayed.some((e) => e.seq === since + 3));
      assert.deepEqual(replayed[0]?.type === 'events.gap' && replayed[0].data, { since, oldest: since + 3 });
    } finally {
      late.close();
    }
  });

  it('the Runs view’s model loads the root in one request and applies metrics and status from events without another', async () => {
    const runId = await createRun('watched');
    const counting = countingClient(client);
    const model = new RunsModel(() => counting.transport);
    await model.load();
    assert.equal(counting.count(), 1, 'the root and first pages in one request');
    assert.ok(model.run(runId), 'the run is loaded');
    const from = events.length;
    await client.request('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics: [{ key: 'val_accuracy', value: 0.875, timestamp: Date.now(), step: 7 }] });
    await client.request('POST', '/api/2.0/mlflow/runs/update', { run_id: runId, status: 'FAILED', end_time: Date.now() });
    await until('both events', () => events.slice(from).some((e) => e.type === 'run.changed' && e.data.runId === runId && e.data.status === 'FAILED'));
    const updates = events.slice(from).map((e) => model.apply(e));
    assert.ok(updates.every((u) => u === undefined || u.kind === 'runs'), 'nothing asks for a reload');
    const run = model.run(runId)!;
    assert.deepEqual(run.data.metrics?.find((m) => m.key === 'val_accuracy')?.value, 0.875);
    assert.equal(run.info.status, 'FAILED');
    assert.equal(counting.count(), 1, 'no request after the load');
  });

  it('runs/overview lists experiments with runs and their first page, with the filter applied', async () => {
    const created = (await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: 'empty-one' })).experiment_id;
    const { experiments } = await call(client, RUNS_OVERVIEW, { max_results: 2, filter: "attributes.run_name != 'burst'" });
    assert.ok(!experiments.some((e) => e.experiment.experiment_id === created), 'an experiment without runs is left out');
    const first = experiments.find((e) => e.experiment.experiment_id === '0')!;
    assert.equal(first.runs.length, 2);
    assert.ok(first.next_page_token);
    assert.ok(first.runs.every((r) => r.info.run_name !== 'burst'));
    await assert.rejects(call(client, RUNS_OVERVIEW, { max_results: 0 }), /max_results/);
  });
});
