import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import type { WireVersion } from './fixtures';
import { API, createModel, createVersion, onnxBytes, sha256, writeOnnx } from './fixtures';

const COMMIT = 'a'.repeat(40);
const MD5 = '0123456789abcdef0123456789abcdef';

describe('registering model files: sources, copies, lineage and ONNX checks', () => {
  let t: TestRuntime;
  let runId: string;
  let artifactRoot: string;
  const put = (path: string, body: Buffer<ArrayBuffer> | string) =>
    fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body });

  before(async () => {
    t = await startTestRuntime();
    const run = (await t.call('POST', `${API}/runs/create`, {
      experiment_id: '0',
      tags: [
        { key: 'mlflow.source.git.commit', value: COMMIT },
        { key: 'mlops.data.data/iris.csv', value: `v2 ${MD5}` },
        { key: 'mlops.data.data/extra.csv', value: MD5 },
      ],
    })).json.run as { info: { run_id: string; artifact_uri: string } };
    runId = run.info.run_id;
    artifactRoot = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
    assert.equal((await put('model/model.onnx', onnxBytes())).status, 200);
    assert.equal((await put('model/MLmodel', 'flavors:\n  onnx: {}\n')).status, 200);
    assert.equal((await put('sklearn/model.pkl', 'pickle bytes')).status, 200);
    await createModel(t, 'iris');
  });
  after(() => t.stop());

  it('registers an MLflow model folder from runs:/, copying its model.onnx with hashes, signature and the run lineage', async () => {
    const v = await createVersion(t, 'iris', `runs:/${runId}/model`);
    assert.equal(v.source, `runs:/${runId}/model`);
    assert.equal(v.run_id, runId, 'the run is taken from the URI');
    assert.equal(v.mlops.git_commit, COMMIT);
    assert.deepEqual(v.mlops.data_versions, [
      { path: 'data/extra.csv', md5: MD5 },
      { path: 'data/iris.csv', version: 2, md5: MD5 },
    ]);
    const bytes = onnxBytes();
    assert.equal(v.mlops.size, bytes.length);
    assert.equal(v.mlops.sha256, sha256(bytes));
    assert.match(v.mlops.md5!, /^[0-9a-f]{32}$/);
    assert.equal(v.mlops.model_file, 'model.onnx');
    assert.deepEqual(v.mlops.signature?.inputs.map((i) => [i.name, i.shape]), [['input', ['N', 2]]]);
    assert.deepEqual(v.mlops.signature?.outputs.map((o) => o.name), ['variable']);
    const copy = join(fileURLToPath(v.storage_location!), 'model.onnx');
    assert.equal(copy, join(t.workspace, '.mlops', 'models', 'iris', v.version, 'model.onnx'));
    assert.ok(readFileSync(copy).equals(bytes));
    const got = (await t.call('GET', `${API}/model-versions/get`, { name: 'iris', version: v.version })).json.model_version as WireVersion;
    assert.deepEqual(got.mlops, v.mlops, 'lineage is stored, not recomputed');
  });

  it('takes the mlflow-artifacts: source and run_id the MLflow 2 client sends, and an explicit run_link', async () => {
    const v = await createVersion(t, 'iris', `mlflow-artifacts:/${artifactRoot}/model`, { run_id: runId, run_link: 'http://example/run', tags: [{ key: 'k', value: 'v' }] });
    assert.equal(v.run_id, runId);
    assert.equal(v.run_link, 'http://example/run');
    assert.equal(v.mlops.git_commit, COMMIT);
    assert.equal(v.mlops.sha256, sha256(onnxBytes()));
  });

  it('registers a local file by path (relative to the workspace) and by file:// URI', async () => {
    mkdirSync(join(t.workspace, 'out'));
    const file = writeOnnx(join(t.workspace, 'out'), 'trained.onnx');
    const relative = await createVersion(t, 'iris', 'out/trained.onnx');
    assert.equal(relative.mlops.sha256, sha256(onnxBytes()));
    assert.equal(relative.run_id, undefined);
    assert.deepEqual(relative.mlops.data_versions, []);
    const uri = await createVersion(t, 'iris', pathToFileURL(file).href);
    assert.equal(uri.mlops.size, onnxBytes().length);
    assert.notEqual(uri.storage_location, relative.storage_location);
  });

  it('refuses a corrupt or non-ONNX .onnx file with the reason, leaving nothing behind', async () => {
    const before = (await t.call('GET', `${API}/model-versions/search`, { filter: "name = 'iris'" })).json.model_versions as unknown[];
    writeFileSync(join(t.workspace, 'broken.onnx'), Buffer.from([0x08, 0x07, 0x12, 0xff, 0xff, 0xff]));
    writeFileSync(join(t.workspace, 'notes.onnx'), 'this,is,a,csv\n1,2,3,4\n');
    for (const [file, reason] of [
      ['broken.onnx', /Cannot register broken\.onnx: not an ONNX model: /],
      ['notes.onnx', /not an ONNX model: the file looks like text/],
    ] as const) {
      const res = await t.call('POST', `${API}/model-versions/create`, { name: 'iris', source: file });
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(res.json.message as string, reason);
    }
    const after = (await t.call('GET', `${API}/model-versions/search`, { filter: "name = 'iris'" })).json.model_versions as unknown[];
    assert.equal(after.length, before.length);
    const staging = join(t.workspace, '.mlops', 'models', '.staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);
  });

  it('copies other single files unread, and records a folder without ONNX by reference without ever deleting it', async () => {
    await createModel(t, 'other');
    writeFileSync(join(t.workspace, 'weights.bin'), 'not onnx, not claiming to be');
    const file = await createVersion(t, 'other', 'weights.bin');
    assert.equal(file.mlops.signature, null);
    assert.equal(file.mlops.model_file, 'weights.bin');
    assert.equal(file.mlops.size, 28);

    const folder = await createVersion(t, 'other', `runs:/${runId}/sklearn`);
    const source = join(t.workspace, '.mlops', 'artifacts', artifactRoot, 'sklearn');
    assert.equal(fileURLToPath(folder.storage_location!), source);
    assert.deepEqual([folder.mlops.size, folder.mlops.sha256, folder.mlops.model_file], [null, null, null]);
    assert.equal(folder.mlops.git_commit, COMMIT);
    const uri = (await t.call('GET', `${API}/model-versions/get-download-uri`, { name: 'other', version: folder.version })).json.artifact_uri;
    assert.equal(uri, folder.storage_location);
    await t.call('DELETE', `${API}/registered-models/delete`, { name: 'other' });
    assert.ok(existsSync(join(source, 'model.pkl')), 'a referenced source is not the registry’s to delete');
  });

  it('registers an MLflow 3 logged model by models:/<model_id>, taking its source run', async () => {
    const logged = (await t.call('POST', `${API}/logged-models`, { experiment_id: '0', name: 'm', source_run_id: runId })).json.model as { info: { model_id: string; artifact_uri: string } };
    const root = logged.info.artifact_uri.replace('mlflow-artifacts:/', '');
    await fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${root}/model.onnx`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body: onnxBytes() });
    const v = await createVersion(t, 'iris', `models:/${logged.info.model_id}`);
    assert.equal(v.run_id, runId);
    assert.equal(v.mlops.sha256, sha256(onnxBytes()));
  });

  it('publishes model.changed events for models, versions and aliases', async () => {
    const since = t.runtime.store.events.lastSeq();
    await createModel(t, 'evented');
    const v = await createVersion(t, 'evented', 'out/trained.onnx');
    await t.call('POST', `${API}/registered-models/alias`, { name: 'evented', alias: 'production', version: v.version });
    await t.call('POST', `${API}/registered-models/rename`, { name: 'evented', new_name: 'renamed' });
    await t.call('DELETE', `${API}/registered-models/delete`, { name: 'renamed' });
    const events = t.runtime.store.events.since(since).filter((e) => e.type === 'model.changed').map((e) => e.data);
    assert.deepEqual(events, [
      { name: 'evented' },
      { name: 'evented', version: '1' },
      { name: 'evented', version: '1', alias: { alias: 'production', version: '1' } },
      { name: 'renamed', renamedFrom: 'evented' },
      { name: 'renamed', deleted: true },
    ]);
  });
});
