import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';

describe('MLflow experiments API', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
  });
  after(() => t.stop());

  it('always has experiment "0" named Default, in MLflow\'s shape', async () => {
    const { status, json } = await t.call('GET', `${API}/experiments/get`, { experiment_id: '0' });
    assert.equal(status, 200);
    const e = json.experiment as Record<string, unknown>;
    assert.deepEqual(Object.keys(e).sort(), ['artifact_location', 'creation_time', 'experiment_id', 'last_update_time', 'lifecycle_stage', 'name']);
    assert.equal(e.experiment_id, '0');
    assert.equal(e.name, 'Default');
    assert.equal(e.lifecycle_stage, 'active');
    assert.equal(typeof e.creation_time, 'number');
  });

  it('creates, gets by id and name, renames, tags, deletes and restores', async () => {
    const created = await t.call('POST', `${API}/experiments/create`, { name: 'weather', tags: [{ key: 'team', value: 'ml' }] });
    assert.equal(created.status, 200);
    const id = created.json.experiment_id as string;
    assert.match(id, /^\d+$/);
    const byName = await t.call('GET', `${API}/experiments/get-by-name`, { experiment_name: 'weather' });
    assert.deepEqual((byName.json.experiment as { tags: unknown }).tags, [{ key: 'team', value: 'ml' }]);
    assert.equal((byName.json.experiment as { artifact_location: string }).artifact_location, `mlflow-artifacts:/${id}`);
    assert.deepEqual((await t.call('POST', `${API}/experiments/update`, { experiment_id: id, new_name: 'weather-2' })).json, {});
    await t.call('POST', `${API}/experiments/set-experiment-tag`, { experiment_id: id, key: 'stage', value: 'dev' });
    const renamed = await t.call('GET', `${API}/experiments/get`, { experiment_id: id });
    assert.equal((renamed.json.experiment as { name: string }).name, 'weather-2');
    assert.equal((renamed.json.experiment as { tags: unknown[] }).tags.length, 2);
    assert.deepEqual((await t.call('POST', `${API}/experiments/delete`, { experiment_id: id })).json, {});
    const deleted = await t.call('GET', `${API}/experiments/get`, { experiment_id: id });
    assert.equal((deleted.json.experiment as { lifecycle_stage: string }).lifecycle_stage, 'deleted');
    const active = await t.call('POST', `${API}/experiments/search`, { view_type: 'ACTIVE_ONLY' });
    assert.ok(!(active.json.experiments as { experiment_id: string }[]).some((e) => e.experiment_id === id));
    const onlyDeleted = await t.call('POST', `${API}/experiments/search`, { view_type: 'DELETED_ONLY' });
    assert.deepEqual((onlyDeleted.json.experiments as { experiment_id: string }[]).map((e) => e.experiment_id), [id]);
    await t.call('POST', `${API}/experiments/restore`, { experiment_id: id });
    const restored = await t.call('GET', `${API}/experiments/get`, { experiment_id: id });
    assert.equal((restored.json.experiment as { lifecycle_stage: string }).lifecycle_stage, 'active');
  });

  it('deletes an experiment tag as MLflow does: gone after, 404 for a tag it does not hold, 400 on a deleted experiment', async () => {
    const id = (await t.call('POST', `${API}/experiments/create`, { name: 'tagged', tags: [{ key: 'team', value: 'ml' }, { key: 'stage', value: 'dev' }] })).json.experiment_id as string;
    assert.deepEqual((await t.call('POST', `${API}/experiments/delete-experiment-tag`, { experiment_id: id, key: 'stage' })).json, {});
    const got = await t.call('GET', `${API}/experiments/get`, { experiment_id: id });
    assert.deepEqual((got.json.experiment as { tags: unknown }).tags, [{ key: 'team', value: 'ml' }]);
    const missing = await t.call('POST', `${API}/experiments/delete-experiment-tag`, { experiment_id: id, key: 'stage' });
    assert.deepEqual([missing.status, missing.json.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    await t.call('POST', `${API}/experiments/delete`, { experiment_id: id });
    const inactive = await t.call('POST', `${API}/experiments/delete-experiment-tag`, { experiment_id: id, key: 'team' });
    assert.deepEqual([inactive.status, inactive.json.error_code], [400, 'INVALID_PARAMETER_VALUE']);
    const noKey = await t.call('POST', `${API}/experiments/delete-experiment-tag`, { experiment_id: '0' });
    assert.equal(noKey.status, 400);
  });

  it('answers MLflow error codes and statuses', async () => {
    await t.call('POST', `${API}/experiments/create`, { name: 'dup' });
    const dup = await t.call('POST', `${API}/experiments/create`, { name: 'dup' });
    assert.equal(dup.status, 400);
    assert.equal(dup.json.error_code, 'RESOURCE_ALREADY_EXISTS');
    const missing = await t.call('GET', `${API}/experiments/get`, { experiment_id: '987654' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    const byName = await t.call('GET', `${API}/experiments/get-by-name`, { experiment_name: 'nope' });
    assert.equal(byName.status, 404);
    const noName = await t.call('POST', `${API}/experiments/create`, {});
    assert.equal(noName.status, 400);
    assert.equal(noName.json.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(noName.json.message as string, /Missing value for required parameter 'name'/);
    const wrongType = await t.call('POST', `${API}/experiments/create`, { name: { nested: true } });
    assert.equal(wrongType.status, 400);
    const deleteDefault = await t.call('POST', `${API}/experiments/delete`, { experiment_id: '0' });
    assert.equal(deleteDefault.status, 400);
  });

  it('searches with max_results, page tokens and a name filter', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await t.call('POST', `${API}/experiments/create`, { name });
    const first = await t.call('POST', `${API}/experiments/search`, { max_results: 2, filter: "name LIKE 'page-%'", order_by: ['name ASC'] });
    assert.deepEqual((first.json.experiments as { name: string }[]).map((e) => e.name), ['page-a', 'page-b']);
    assert.equal(typeof first.json.next_page_token, 'string');
    const second = await t.call('POST', `${API}/experiments/search`, { max_results: 2, filter: "name LIKE 'page-%'", order_by: ['name ASC'], page_token: first.json.next_page_token });
    assert.deepEqual((second.json.experiments as { name: string }[]).map((e) => e.name), ['page-c']);
    assert.equal(second.json.next_page_token, undefined);
    const tooMany = await t.call('POST', `${API}/experiments/search`, { max_results: 50_001 });
    assert.equal(tooMany.status, 400);
  });

  it('serves the same API under /ajax-api', async () => {
    const { status, json } = await t.call('GET', '/ajax-api/2.0/mlflow/experiments/get', { experiment_id: '0' });
    assert.equal(status, 200);
    assert.equal((json.experiment as { name: string }).name, 'Default');
  });

  it('answers an unknown MLflow route with 404 ENDPOINT_NOT_FOUND', async () => {
    const { status, json } = await t.call('POST', `${API}/experiments/frobnicate`, {});
    assert.equal(status, 404);
    assert.equal(json.error_code, 'ENDPOINT_NOT_FOUND');
  });
});
