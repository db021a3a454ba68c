import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';

const API = '/api/2.0/mlflow';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

interface WireRunInfo {
  run_id: string;
  experiment_id: string;
  artifact_uri: string;
  status: string;
}

describe('POST /api/runs/move', () => {
  let t: TestRuntime;

  const info = async (experimentId = '0'): Promise<WireRunInfo> => ((await t.call('POST', `${API}/runs/create`, { experiment_id: experimentId })).json.run as { info: WireRunInfo }).info;
  const artifact = (uri: string, path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${t.port}${ARTIFACTS}/${uri.replace('mlflow-artifacts:/', '')}/${path}`, { ...init, headers: { authorization: `Bearer ${t.token}` } });

  before(async () => {
    t = await startTestRuntime();
  });
  after(() => t.stop());

  it('files a RUNNING run under a new experiment, carrying its artifacts', async () => {
    const run = await info();
    assert.equal((await artifact(run.artifact_uri, 'plots/a.txt', { method: 'PUT', body: 'A' })).status, 200);
    const { status, json } = await t.call('POST', '/api/runs/move', { run_id: run.run_id, experiment_name: 'weather' });
    assert.equal(status, 200, JSON.stringify(json));
    const moved = json.run_info as WireRunInfo;
    const weather = (await t.call('GET', `${API}/experiments/get-by-name`, { experiment_name: 'weather' })).json.experiment as { experiment_id: string };
    assert.equal(moved.experiment_id, weather.experiment_id);
    assert.equal(moved.artifact_uri, `mlflow-artifacts:/${weather.experiment_id}/${run.run_id}/artifacts`);
    assert.equal(json.moved, true);
    assert.equal(await (await artifact(moved.artifact_uri, 'plots/a.txt')).text(), 'A');
    assert.equal((await artifact(run.artifact_uri, 'plots/a.txt')).status, 404);
    const listed = await t.call('GET', `${API}/artifacts/list`, { run_id: run.run_id });
    assert.deepEqual((listed.json.files as { path: string }[]).map((f) => f.path), ['plots']);
    const again = await t.call('POST', '/api/runs/move', { run_id: run.run_id, experiment_name: 'weather' });
    assert.equal(again.json.moved, false, 'already there: nothing to do');
  });

  it('moves into an existing experiment, and a run without artifacts', async () => {
    const target = (await t.call('POST', `${API}/experiments/create`, { name: 'existing' })).json.experiment_id as string;
    const run = await info();
    const { status, json } = await t.call('POST', '/api/runs/move', { run_id: run.run_id, experiment_name: 'existing' });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal((json.run_info as WireRunInfo).experiment_id, target);
  });

  it('refuses an ended run, a deleted experiment, a missing name and an unknown run', async () => {
    const ended = await info();
    await t.call('POST', `${API}/runs/update`, { run_id: ended.run_id, status: 'FINISHED' });
    const refusedEnded = await t.call('POST', '/api/runs/move', { run_id: ended.run_id, experiment_name: 'weather' });
    assert.equal(refusedEnded.status, 400);
    assert.equal(refusedEnded.json.error_code, 'INVALID_STATE');
    const refusedNew = await t.call('POST', '/api/runs/move', { run_id: ended.run_id, experiment_name: 'never-created' });
    assert.equal(refusedNew.json.error_code, 'INVALID_STATE');
    assert.equal((await t.call('GET', `${API}/experiments/get-by-name`, { experiment_name: 'never-created' })).status, 404, 'a refused move creates no experiment');

    const gone = (await t.call('POST', `${API}/experiments/create`, { name: 'gone' })).json.experiment_id as string;
    await t.call('POST', `${API}/experiments/delete`, { experiment_id: gone });
    const running = await info();
    const refusedDeleted = await t.call('POST', '/api/runs/move', { run_id: running.run_id, experiment_name: 'gone' });
    assert.equal(refusedDeleted.json.error_code, 'INVALID_STATE');

    const missing = await t.call('POST', '/api/runs/move', { run_id: running.run_id });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error_code, 'INVALID_PARAMETER_VALUE');
    const unknown = await t.call('POST', '/api/runs/move', { run_id: 'f'.repeat(32), experiment_name: 'weather' });
    assert.equal(unknown.status, 404);
    assert.equal(((await t.call('GET', `${API}/runs/get`, { run_id: running.run_id })).json.run as { info: WireRunInfo }).info.experiment_id, '0', 'a refused move changes nothing');
  });
});
