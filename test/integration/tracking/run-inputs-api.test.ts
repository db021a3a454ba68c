import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';

type WireRun = { info: { run_id: string }; inputs: Record<string, unknown>; outputs: Record<string, unknown> };

const TRAIN = {
  tags: [{ key: 'mlflow.data.context', value: 'training' }],
  dataset: { name: 'train', digest: 'abc123', source_type: 'local', source: '{"uri": "/elsewhere/train.csv"}', schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 3}' },
};

describe('runs/log-inputs: datasets and models a run read (MLflow LogInputs)', () => {
  let t: TestRuntime;
  let exp: string;
  before(async () => {
    t = await startTestRuntime();
    exp = (await t.call('POST', `${API}/experiments/create`, { name: 'inputs' })).json.experiment_id as string;
  });
  after(() => t.stop());

  const newRun = async (): Promise<string> => ((await t.call('POST', `${API}/runs/create`, { experiment_id: exp })).json.run as WireRun).info.run_id;
  const getRun = async (runId: string): Promise<WireRun> => (await t.call('GET', `${API}/runs/get`, { run_id: runId })).json.run as WireRun;

  it('stores datasets with digest, source, schema, profile and input tags, and returns them as MLflow shapes them', async () => {
    const runId = await newRun();
    const logged = await t.call('POST', `${API}/runs/log-inputs`, { run_id: runId, datasets: [TRAIN, TRAIN], models: [{ model_id: 'm-1' }] });
    assert.equal(logged.status, 200, JSON.stringify(logged.json));
    assert.deepEqual(logged.json, {});
    const run = await getRun(runId);
    assert.deepEqual(run.inputs, { dataset_inputs: [TRAIN], model_inputs: [{ model_id: 'm-1' }] });
    // Logging the same dataset again adds nothing; a new one is appended.
    const test = { dataset: { name: 'test', digest: 'def456', source_type: 'code', source: '{}' } };
    await t.call('POST', `${API}/runs/log-inputs`, { run_id: runId, datasets: [TRAIN, test] });
    const again = await getRun(runId);
    assert.deepEqual((again.inputs.dataset_inputs as unknown[]).length, 2);
    assert.deepEqual((again.inputs.dataset_inputs as unknown[])[1], test);
    const searched = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], filter: `attributes.run_id = '${runId}'` });
    assert.deepEqual((searched.json.runs as WireRun[])[0]!.inputs, again.inputs);
  });

  it('keeps one dataset per experiment, name and digest: SearchDatasets lists it once with its context', async () => {
    const other = await newRun();
    await t.call('POST', `${API}/runs/log-inputs`, { run_id: other, datasets: [TRAIN] });
    const res = await t.call('POST', '/ajax-api/2.0/mlflow/experiments/search-datasets', { experiment_ids: [exp] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json.dataset_summaries, [
      { experiment_id: exp, name: 'test', digest: 'def456' },
      { experiment_id: exp, name: 'train', digest: 'abc123', context: 'training' },
    ]);
    const none = await t.call('POST', '/ajax-api/2.0/mlflow/experiments/search-datasets', {});
    assert.equal(none.status, 400);
    assert.match(JSON.stringify(none.json), /must specify at least one experiment_id/);
  });

  it('refuses bad inputs with INVALID_PARAMETER_VALUE and stores nothing of the request', async () => {
    const runId = await newRun();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ run_id: runId, datasets: [{ dataset: { digest: 'd', source_type: 's', source: 'x' } }] }, /Dataset name cannot be None/],
      [{ run_id: runId, datasets: [{ dataset: { name: 'n', digest: 'x'.repeat(37), source_type: 's', source: 'x' } }] }, /'digest' exceeds the maximum length of 36/],
      [{ run_id: runId, datasets: [TRAIN, { tags: [{ key: 'k' }], dataset: TRAIN.dataset }] }, /InputTag value cannot be None/],
      [{ run_id: runId, datasets: 'nope' }, /Invalid value "nope" for parameter 'datasets'/],
      [{ datasets: [TRAIN] }, /Missing value for required parameter 'run_id'/],
    ];
    for (const [body, message] of cases) {
      const res = await t.call('POST', `${API}/runs/log-inputs`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(res.json.message as string, message);
    }
    assert.deepEqual((await getRun(runId)).inputs, {});
    assert.equal((await t.call('POST', `${API}/runs/log-inputs`, { run_id: 'nope', datasets: [TRAIN] })).status, 404);
  });

  it('joins a dataset whose source is a tracked workspace path to its data version, shown on the run page', async () => {
    mkdirSync(join(t.workspace, 'data'), { recursive: true });
    writeFileSync(join(t.workspace, 'data', 'train.csv'), 'x,y\n1,2\n');
    const added = await t.call('POST', '/api/data/add', { path: 'data/train.csv' });
    assert.equal(added.status, 200, JSON.stringify(added.json));
    const md5 = (added.json.version as { md5: string }).md5;
    const runId = await newRun();
    const sources = [`{"uri": "${join(t.workspace, 'data', 'train.csv')}"}`, 'data/train.csv', `file://${join(t.workspace, 'data', 'train.csv')}`, 's3://bucket/train.csv', '../outside.csv'];
    const datasets = sources.map((source, i) => ({ dataset: { name: `d${i}`, digest: String(i), source_type: 'local', source } }));
    assert.equal((await t.call('POST', `${API}/runs/log-inputs`, { run_id: runId, datasets })).status, 200);
    const page = await t.call('GET', '/api/runs/page', { run_id: runId });
    const inputs = page.json.inputs as { name: string; data_version?: unknown }[];
    assert.deepEqual(
      inputs.map((i) => i.data_version ?? null),
      [...Array(3).fill({ path: 'data/train.csv', version: 1, md5 }), null, null],
    );
    // The MLflow wire stays as MLflow shapes it: no data-version field.
    assert.doesNotMatch(JSON.stringify((await getRun(runId)).inputs), /data_version/);
  });

  it('attaches metrics logged with a model_id to the logged model, and lists model outputs on the run', async () => {
    const runId = await newRun();
    const model = ((await t.call('POST', `${API}/logged-models`, { experiment_id: exp, source_run_id: runId })).json.model as { info: { model_id: string } }).info.model_id;
    await t.call('POST', `${API}/runs/log-metric`, { run_id: runId, key: 'acc', value: 0.5, timestamp: 10, step: 1, model_id: model, dataset_name: 'train', dataset_digest: 'abc123' });
    await t.call('POST', `${API}/runs/log-batch`, { run_id: runId, metrics: [{ key: 'loss', value: 0.25, timestamp: 11, step: 1, model_id: model }, { key: 'plain', value: 1, timestamp: 12, step: 0 }] });
    const got = (await t.call('GET', `${API}/logged-models/${model}`)).json.model as { data: { metrics: unknown[] } };
    assert.deepEqual(got.data.metrics, [
      { key: 'acc', value: 0.5, timestamp: 10, step: 1, run_id: runId, model_id: model, dataset_name: 'train', dataset_digest: 'abc123' },
      { key: 'loss', value: 0.25, timestamp: 11, step: 1, run_id: runId, model_id: model },
    ]);
    const run = await getRun(runId);
    assert.deepEqual(((run as unknown as { data: { metrics: { key: string }[] } }).data.metrics).map((m) => m.key), ['acc', 'loss', 'plain']);
    assert.deepEqual(run.outputs, {});
    await t.call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ model_id: model, step: 3 }] });
    assert.deepEqual((await getRun(runId)).outputs, { model_outputs: [{ model_id: model, step: 3 }] });
    const missing = await t.call('POST', `${API}/runs/log-metric`, { run_id: runId, key: 'acc', value: 1, timestamp: 1, model_id: 'm-nope' });
    assert.equal(missing.status, 404);
  });
});
