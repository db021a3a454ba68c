import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { rawRequest } from '../../helpers/http';
import { until } from '../../helpers/until';

describe('MLflow artifacts API (proxied mlflow-artifacts:)', () => {
  let t: TestRuntime;
  let runId: string;
  let root: string;
  const auth = () => ({ authorization: `Bearer ${t.token}` });
  const url = (path: string) => `http://127.0.0.1:${t.port}${path}`;

  before(async () => {
    t = await startTestRuntime();
    const run = (await t.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0' })).json.run as { info: { run_id: string; artifact_uri: string } };
    runId = run.info.run_id;
    root = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
  });
  after(() => t.stop());

  it('stores, lists, reads and deletes artifacts as the mlflow client does', async () => {
    const put = await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/model/MLmodel`), { method: 'PUT', headers: auth(), body: 'flavors: {}\n' });
    assert.equal(put.status, 200);
    assert.deepEqual(await put.json(), {});
    const bytes = Buffer.from([0, 1, 2, 255]);
    await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/model/model.onnx`), { method: 'PUT', headers: auth(), body: bytes });
    await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/notes.txt`), { method: 'PUT', headers: auth(), body: 'hello' });

    const listing = await (await fetch(url(`/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${root}/model`)}`), { headers: auth() })).json();
    assert.deepEqual(listing, { files: [{ path: 'MLmodel', is_dir: false, file_size: 12 }, { path: 'model.onnx', is_dir: false, file_size: 4 }] });

    const runList = await t.call('GET', '/api/2.0/mlflow/artifacts/list', { run_id: runId });
    assert.equal(runList.json.root_uri, `mlflow-artifacts:/${root}`);
    assert.deepEqual(runList.json.files, [{ path: 'model', is_dir: true }, { path: 'notes.txt', is_dir: false, file_size: 5 }]);
    const sub = await t.call('GET', '/api/2.0/mlflow/artifacts/list', { run_id: runId, path: 'model' });
    assert.deepEqual((sub.json.files as { path: string }[]).map((f) => f.path), ['model/MLmodel', 'model/model.onnx']);

    const got = await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/model/model.onnx`), { headers: auth() });
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    assert.equal(got.headers.get('content-disposition'), 'attachment; filename=model.onnx', 'the download names its file, as MLflow');

    const del = await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/notes.txt`), { method: 'DELETE', headers: auth() });
    assert.equal(del.status, 200);
    const gone = await fetch(url(`/api/2.0/mlflow-artifacts/artifacts/${root}/notes.txt`), { headers: auth() });
    assert.equal(gone.status, 404);
    assert.equal(((await gone.json()) as { error_code: string }).error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('rejects .. in artifact paths and never leaves the artifact root', async () => {
    // Raw requests: fetch would normalise the dots away before sending.
    for (const path of [`${root}/../../../escape.txt`, `${root}/%2e%2e/%2e%2e/x`, `..%2F..%2Fx`]) {
      const res = await rawRequest(t.port, { method: 'PUT', path: `/api/2.0/mlflow-artifacts/artifacts/${path}`, headers: auth(), body: 'x' });
      assert.equal(res.status, 400, `${path}: ${res.status} ${res.text}`);
      assert.equal((res.json() as { error_code: string }).error_code, 'INVALID_PARAMETER_VALUE');
    }
    const list = await t.call('GET', '/api/2.0/mlflow/artifacts/list', { run_id: runId, path: '../..' });
    assert.equal(list.status, 400);
  });

  it('an interrupted upload leaves no partial artifact behind', async () => {
    const { request } = await import('node:http');
    const partials = () => (readdirSync(t.workspace, { recursive: true }) as string[]).filter((f) => f.endsWith('.partial'));
    const req = request({ host: '127.0.0.1', port: t.port, method: 'PUT', path: `/api/2.0/mlflow-artifacts/artifacts/${root}/partial.bin`, headers: { ...auth(), 'content-length': 1000 } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(100));
    await until('the upload is being written', () => partials().length > 0);
    req.destroy();
    await until('the partial file is removed', () => partials().length === 0);
    const list = await t.call('GET', '/api/2.0/mlflow/artifacts/list', { run_id: runId });
    assert.ok(!(list.json.files as { path: string }[]).some((f) => f.path.startsWith('partial')));
  });
});
