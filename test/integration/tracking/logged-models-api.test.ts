import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';

describe('MLflow 3 LoggedModel API (log_model of any flavour)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
  });
  after(() => t.stop());

  it('walks log_model: create pending, upload to its own location, finalize, link to the run', async () => {
    const exp = (await t.call('POST', `${API}/experiments/create`, { name: 'models' })).json.experiment_id as string;
    const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: exp })).json.run as { info: { run_id: string } };
    const created = await t.call('POST', `${API}/logged-models`, {
      experiment_id: exp,
      name: 'model',
      model_type: 'sklearn',
      source_run_id: run.info.run_id,
      params: [{ key: 'C', value: '1.0' }],
      tags: [{ key: 'flavor', value: 'sklearn' }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const info = (created.json.model as { info: Record<string, unknown>; data: Record<string, unknown> }).info;
    assert.match(info.model_id as string, /^m-[0-9a-f]{32}$/);
    assert.equal(info.status, 'LOGGED_MODEL_PENDING');
    assert.equal(info.artifact_uri, `mlflow-artifacts:/${exp}/models/${info.model_id}/artifacts`);
    assert.equal(info.source_run_id, run.info.run_id);
    assert.equal(typeof info.creation_timestamp_ms, 'number');
    assert.deepEqual((created.json.model as { data: unknown }).data, { params: [{ key: 'C', value: '1.0' }] });

    const root = (info.artifact_uri as string).replace('mlflow-artifacts:/', '');
    const put = await fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${root}/MLmodel`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body: 'flavors: {}\n' });
    assert.equal(put.status, 200);

    const finalized = await fetch(`http://127.0.0.1:${t.port}${API}/logged-models/${info.model_id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model_id: info.model_id, status: 'LOGGED_MODEL_READY' }),
    });
    assert.equal(((await finalized.json()) as { model: { info: { status: string } } }).model.info.status, 'LOGGED_MODEL_READY');
    assert.deepEqual((await t.call('POST', `${API}/runs/outputs`, { run_id: run.info.run_id, models: [{ model_id: info.model_id, step: 0 }] })).json, {});

    const got = await t.call('GET', `${API}/logged-models/${info.model_id}`);
    assert.equal((got.json.model as { info: { name: string } }).info.name, 'model');
    const search = await t.call('POST', `${API}/logged-models/search`, { experiment_ids: [exp], filter: "name = 'model'" });
    assert.deepEqual((search.json.models as { info: { model_id: string } }[]).map((m) => m.info.model_id), [info.model_id]);
  });

  it('tags, params and deletion; unknown ids are RESOURCE_DOES_NOT_EXIST', async () => {
    const model = (await t.call('POST', `${API}/logged-models`, { experiment_id: '0' })).json.model as { info: { model_id: string } };
    const id = model.info.model_id;
    const headers = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const tagged = await fetch(`http://127.0.0.1:${t.port}${API}/logged-models/${id}/tags`, { method: 'PATCH', headers, body: JSON.stringify({ tags: [{ key: 'a', value: 'b' }] }) });
    assert.deepEqual(((await tagged.json()) as { model: { info: { tags: unknown } } }).model.info.tags, [{ key: 'a', value: 'b' }]);
    assert.equal((await t.call('POST', `${API}/logged-models/${id}/params`, { params: [{ key: 'k', value: 'v' }] })).status, 200);
    const untag = await fetch(`http://127.0.0.1:${t.port}${API}/logged-models/${id}/tags/a`, { method: 'DELETE', headers });
    assert.equal(untag.status, 200);
    const del = await fetch(`http://127.0.0.1:${t.port}${API}/logged-models/${id}`, { method: 'DELETE', headers });
    assert.equal(del.status, 200);
    const gone = await t.call('GET', `${API}/logged-models/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    const badStatus = await fetch(`http://127.0.0.1:${t.port}${API}/logged-models/m-nope`, { method: 'PATCH', headers, body: JSON.stringify({ status: 'LOGGED_MODEL_READY' }) });
    assert.equal(badStatus.status, 404);
  });
});
