import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';

interface WireRun {
  info: Record<string, unknown> & { run_id: string };
  data: { metrics?: { key: string; value: number | string; step: number; timestamp: number }[]; params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] };
}

describe('MLflow runs API', () => {
  let t: TestRuntime;
  let experimentId: string;

  async function createRun(extra: Record<string, unknown> = {}): Promise<WireRun> {
    const { status, json } = await t.call('POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: Date.now(), ...extra });
    assert.equal(status, 200, JSON.stringify(json));
    return json.run as WireRun;
  }

  before(async () => {
    t = await startTestRuntime();
    experimentId = (await t.call('POST', `${API}/experiments/create`, { name: 'runs' })).json.experiment_id as string;
  });
  after(() => t.stop());

  it('creates a RUNNING run with MLflow\'s info fields and artifact URI', async () => {
    const run = await createRun({ run_name: 'first', user_id: 'ana', tags: [{ key: 'k', value: 'v' }] });
    assert.deepEqual(Object.keys(run.info).sort(), ['artifact_uri', 'experiment_id', 'lifecycle_stage', 'run_id', 'run_name', 'run_uuid', 'start_time', 'status', 'user_id']);
    assert.match(run.info.run_id, /^[0-9a-f]{32}$/);
    assert.equal(run.info.run_uuid, run.info.run_id);
    assert.equal(run.info.status, 'RUNNING');
    assert.equal(run.info.artifact_uri, `mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`);
    assert.deepEqual(run.data.tags, [{ key: 'k', value: 'v' }, { key: 'mlflow.runName', value: 'first' }]);
    assert.equal(run.data.metrics, undefined, 'empty fields are omitted');
  });

  it('names runs created without a name, and keeps mlflow.runName in step', async () => {
    const run = await createRun();
    assert.match(run.info.run_name as string, /^[a-z]+-[a-z]+-\d+$/);
    const conflict = await t.call('POST', `${API}/runs/create`, { experiment_id: experimentId, run_name: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] });
    assert.equal(conflict.status, 400);
  });

  it('updates status and end time, and renames', async () => {
    const run = await createRun();
    const { json } = await t.call('POST', `${API}/runs/update`, { run_id: run.info.run_id, status: 'FINISHED', end_time: 1234, run_name: 'renamed' });
    const info = json.run_info as Record<string, unknown>;
    assert.equal(info.status, 'FINISHED');
    assert.equal(info.end_time, 1234);
    assert.equal(info.run_name, 'renamed');
    const bad = await t.call('POST', `${API}/runs/update`, { run_id: run.info.run_id, status: 'DONE' });
    assert.equal(bad.status, 400);
  });

  it('logs metrics, params and tags; NaN and ±Infinity round-trip', async () => {
    const run = await createRun();
    const id = run.info.run_id;
    for (const [value, step] of [[0.5, 0], ['NaN', 1], ['Infinity', 2], ['-Infinity', 3], [0.25, 4]] as const) {
      const r = await t.call('POST', `${API}/runs/log-metric`, { run_id: id, key: 'loss', value, timestamp: 100 + step, step });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json, {});
    }
    assert.equal((await t.call('POST', `${API}/runs/log-parameter`, { run_id: id, key: 'lr', value: '0.1' })).status, 200);
    assert.equal((await t.call('POST', `${API}/runs/log-parameter`, { run_id: id, key: 'lr', value: '0.1' })).status, 200, 'the same value again is fine');
    const changed = await t.call('POST', `${API}/runs/log-parameter`, { run_id: id, key: 'lr', value: '0.2' });
    assert.equal(changed.status, 400);
    assert.equal(changed.json.error_code, 'INVALID_PARAMETER_VALUE');
    await t.call('POST', `${API}/runs/set-tag`, { run_id: id, key: 'note', value: 'x' });
    await t.call('POST', `${API}/runs/delete-tag`, { run_id: id, key: 'note' });
    const missingTag = await t.call('POST', `${API}/runs/delete-tag`, { run_id: id, key: 'note' });
    assert.equal(missingTag.status, 404);
    const history = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'loss' });
    assert.deepEqual((history.json.metrics as { value: unknown }[]).map((m) => m.value), [0.5, 'NaN', 'Infinity', '-Infinity', 0.25]);
    const got = (await t.call('GET', `${API}/runs/get`, { run_id: id })).json.run as WireRun;
    assert.deepEqual(got.data.metrics, [{ key: 'loss', value: 0.25, timestamp: 104, step: 4 }]);
    assert.deepEqual(got.data.params, [{ key: 'lr', value: '0.1' }]);
  });

  it('refuses bad metric input with INVALID_PARAMETER_VALUE', async () => {
    const id = (await createRun()).info.run_id;
    const cases: Record<string, unknown>[] = [
      { run_id: id, key: 'm', value: 1 },
      { run_id: id, key: 'm', value: 'abc', timestamp: 1 },
      { run_id: id, key: 'bad*name', value: 1, timestamp: 1 },
      { run_id: id, key: '../escape', value: 1, timestamp: 1 },
      { run_id: id, key: 'm', value: 1, timestamp: 'soon' },
      { key: 'm', value: 1, timestamp: 1 },
    ];
    for (const body of cases) {
      const r = await t.call('POST', `${API}/runs/log-metric`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const unknown = await t.call('POST', `${API}/runs/log-metric`, { run_id: 'f'.repeat(32), key: 'm', value: 1, timestamp: 1 });
    assert.equal(unknown.status, 404);
  });

  it('log-batch writes all or nothing and enforces MLflow\'s limits', async () => {
    const id = (await createRun()).info.run_id;
    const metrics = (n: number) => Array.from({ length: n }, (_, i) => ({ key: 'm', value: i, timestamp: i, step: i }));
    assert.equal((await t.call('POST', `${API}/runs/log-batch`, { run_id: id, metrics: metrics(1000) })).status, 200);
    for (const body of [
      { metrics: metrics(1001) },
      { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) },
      { tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' })) },
      { metrics: metrics(950), params: Array.from({ length: 51 }, (_, i) => ({ key: `q${i}`, value: 'v' })) },
      { metrics: [{ key: 'ok', value: 1, timestamp: 1 }, { key: 'bad', value: 'x', timestamp: 1 }] },
      { params: [{ key: 'p', value: 'a'.repeat(6001) }] },
    ]) {
      const r = await t.call('POST', `${API}/runs/log-batch`, { run_id: id, ...body });
      assert.equal(r.status, 400, JSON.stringify(r.json).slice(0, 200));
      assert.equal(r.json.error_code, 'INVALID_PARAMETER_VALUE');
    }
    const got = (await t.call('GET', `${API}/runs/get`, { run_id: id })).json.run as WireRun;
    assert.deepEqual(got.data.metrics?.map((m) => m.key), ['m'], 'nothing of a refused batch was written');
    assert.equal(got.data.params, undefined);
    const big = await t.call('POST', `${API}/runs/log-batch`, { run_id: id, tags: [{ key: 'big', value: 'x'.repeat(1_100_000) }] });
    assert.equal(big.status, 400);
    assert.match(big.json.message as string, /at most 1 MB/);
  });

  it('refuses malformed JSON and wrong types without a 500', async () => {
    const res = await fetch(`http://127.0.0.1:${t.port}${API}/runs/log-batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: '{"run_id": "x", "metrics": [',
    });
    assert.equal(res.status, 400);
    const id = (await createRun()).info.run_id;
    for (const body of [{ run_id: id, metrics: 'no' }, { run_id: id, params: [{ key: 1, value: 'v' }] }, { run_id: id, tags: [null] }, { run_id: 42 }]) {
      const r = await t.call('POST', `${API}/runs/log-batch`, body as Record<string, unknown>);
      assert.ok(r.status === 400 || r.status === 404, `${r.status} for ${JSON.stringify(body)}`);
    }
  });

  it('deletes and restores runs; search honours run_view_type', async () => {
    const run = await createRun({ run_name: 'to-delete' });
    await t.call('POST', `${API}/runs/delete`, { run_id: run.info.run_id });
    const deleted = await t.call('POST', `${API}/runs/search`, { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' });
    assert.deepEqual((deleted.json.runs as WireRun[]).map((r) => r.info.run_id), [run.info.run_id]);
    const logToDeleted = await t.call('POST', `${API}/runs/log-metric`, { run_id: run.info.run_id, key: 'm', value: 1, timestamp: 1 });
    assert.equal(logToDeleted.status, 400);
    await t.call('POST', `${API}/runs/restore`, { run_id: run.info.run_id });
    const active = await t.call('POST', `${API}/runs/search`, { experiment_ids: [experimentId], filter: "attributes.run_name = 'to-delete'" });
    assert.equal((active.json.runs as WireRun[]).length, 1);
  });

  it('searches with the filter grammar (and OR, parentheses, IN), order_by and paging', async () => {
    const exp = (await t.call('POST', `${API}/experiments/create`, { name: 'search' })).json.experiment_id as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: exp, run_name: `r${i}`, start_time: 1000 + i })).json.run as WireRun;
      ids.push(run.info.run_id);
      await t.call('POST', `${API}/runs/log-batch`, {
        run_id: run.info.run_id,
        metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
        params: [{ key: 'model', value: i % 2 ? 'tree' : 'Linear' }],
      });
    }
    const search = async (body: Record<string, unknown>) => {
      const r = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], ...body });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return ((r.json.runs ?? []) as WireRun[]).map((run) => run.info.run_name);
    };
    assert.deepEqual(await search({ filter: 'metrics.acc >= 0.2' }), ['r4', 'r3', 'r2']);
    assert.deepEqual(await search({ filter: "params.model = 'tree' and metrics.acc > 0.2" }), ['r3']);
    assert.deepEqual(await search({ filter: "params.model LIKE 'lin%'" }), []);
    assert.deepEqual(await search({ filter: "params.model ILIKE 'lin%'" }), ['r4', 'r2', 'r0']);
    assert.deepEqual(await search({ filter: "metrics.acc < 0.1 OR (params.model = 'tree' AND metrics.acc > 0.2)" }), ['r3', 'r0']);
    assert.deepEqual(await search({ filter: "attributes.run_name IN ('r1', 'r4')" }), ['r4', 'r1']);
    assert.deepEqual(await search({ order_by: ['metrics.acc ASC'], max_results: 2 }), ['r0', 'r1']);
    const page1 = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], max_results: 3 });
    const page2 = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], max_results: 3, page_token: page1.json.next_page_token });
    assert.deepEqual([...(page1.json.runs as WireRun[]), ...(page2.json.runs as WireRun[])].map((r) => r.info.run_name), ['r4', 'r3', 'r2', 'r1', 'r0']);
    assert.equal(page2.json.next_page_token, undefined);
    const bad = await t.call('POST', `${API}/runs/search`, { experiment_ids: [exp], filter: 'metrics.acc > ' });
    assert.equal(bad.status, 400);
    const injection = await search({ filter: "params.model = 'x'' OR ''1''=''1'" }).catch(() => []);
    assert.deepEqual(injection, []);
  });

  it('serves get-history with paging and get-history-bulk-interval', async () => {
    const id = (await createRun()).info.run_id;
    await t.call('POST', `${API}/runs/log-batch`, { run_id: id, metrics: Array.from({ length: 100 }, (_, i) => ({ key: 'x', value: i, timestamp: i, step: i })) });
    const page1 = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'x', max_results: 60 });
    assert.equal((page1.json.metrics as unknown[]).length, 60);
    const page2 = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'x', max_results: 60, page_token: page1.json.next_page_token as string });
    assert.equal((page2.json.metrics as unknown[]).length, 40);
    const bulk = await t.call('GET', `${API}/metrics/get-history-bulk-interval`, { run_ids: [id], metric_key: 'x', max_results: 10 });
    const steps = (bulk.json.metrics as { step: number; run_id: string }[]).map((m) => m.step);
    assert.equal(steps.length, 11, 'MLflow samples max_results steps plus the last one');
    assert.equal(steps[0], 0);
    assert.deepEqual(steps.slice(-2), [90, 99]);
    assert.ok((bulk.json.metrics as { run_id: string }[]).every((m) => m.run_id === id));
    const range = await t.call('GET', `${API}/metrics/get-history-bulk-interval`, { run_ids: [id], metric_key: 'x', start_step: 10, end_step: 20, max_results: 100 });
    assert.equal((range.json.metrics as unknown[]).length, 11);
  });

  it('streams a history larger than one page, in order, with a page token for the rest', async () => {
    const id = (await createRun()).info.run_id;
    for (let b = 0; b < 30; b++) {
      const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'long', value: b * 1000 + i, timestamp: 5, step: b * 1000 + i }));
      assert.equal((await t.call('POST', `${API}/runs/log-batch`, { run_id: id, metrics })).status, 200);
    }
    const all = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'long', max_results: 40_000 });
    const steps = (all.json.metrics as { step: number }[]).map((m) => m.step);
    assert.equal(steps.length, 30_000);
    assert.ok(steps.every((s, i) => s === i));
    assert.equal(all.json.next_page_token, undefined);
    const part = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'long', max_results: 26_000 });
    assert.equal((part.json.metrics as unknown[]).length, 26_000);
    const rest = await t.call('GET', `${API}/metrics/get-history`, { run_id: id, metric_key: 'long', max_results: 26_000, page_token: part.json.next_page_token as string });
    assert.deepEqual((rest.json.metrics as { step: number }[]).map((m) => m.step), Array.from({ length: 4000 }, (_, i) => 26_000 + i));
  });
});
