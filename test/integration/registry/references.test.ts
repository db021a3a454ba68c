import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { describeVersion } from '../../../src/cli/commands/models-format';
import { DomainError } from '../../../src/core/errors';
import { noModelFileMessage, openWorkspaceRegistry } from '../../../src/core/registry';
import { readModelFile } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import type { WireModel, WireVersion } from './fixtures';
import { API, createModel, createVersion, onnxBytes, writeOnnx } from './fixtures';

describe('registration by reference, as MLflow records sources', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
    await createModel(t, 'refs');
  });
  after(() => t.stop());

  it('records remote URIs and unknown runs as READY versions that are not available locally, copying nothing', async () => {
    const storage = join(t.workspace, '.mlops', 'models');
    const cases: [string, RegExp][] = [
      ['s3://bucket/models/model.onnx', /^it is in s3 storage, not on this machine$/],
      ['https://example.com/model', /^it is in https storage/],
      ['runs:/0123456789abcdef0123456789abcdef/model', /^run 0123456789abcdef0123456789abcdef is not in this workspace's tracking store$/],
      ['mlflow-artifacts://other:9000/models', /another tracking server's artifact store \(other:9000\)/],
      ['mlflow-artifacts:/0/not-yet/model', /^nothing was at .*not-yet\/model when it was registered$/],
    ];
    for (const [source, reason] of cases) {
      const v = await createVersion(t, 'refs', source, { run_id: 'run_id_1' });
      assert.equal(v.status, 'READY', source);
      assert.equal(v.source, source);
      assert.equal(v.run_id, 'run_id_1');
      assert.equal(v.mlops.available, false, source);
      assert.match(v.mlops.unavailable_reason!, reason, source);
      assert.equal(v.mlops.model_file, null);
    }
    const uri = await t.call('GET', `${API}/model-versions/get-download-uri`, { name: 'refs', version: '1' });
    assert.equal(uri.json.artifact_uri, 's3://bucket/models/model.onnx');
    assert.deepEqual(existsSync(storage) ? readdirSync(storage).filter((n) => !n.startsWith('.')) : [], [], 'nothing was copied');
  });

  it('copies a version by models:/<name>/<version> or @alias: the copy inherits the file, or the reference and its download URI', async () => {
    const file = writeOnnx(t.workspace, 'copied.onnx');
    await createModel(t, 'copies');
    const original = await createVersion(t, 'copies', file);
    await t.call('POST', `${API}/registered-models/alias`, { name: 'copies', alias: 'best', version: '1' });
    const copy = await createVersion(t, 'copies', 'models:/copies@best', { run_id: 'r1' });
    assert.equal(copy.mlops.sha256, original.mlops.sha256);
    assert.notEqual(copy.storage_location, original.storage_location);
    const remote = await createVersion(t, 'copies', 'runs:/elsewhere/model', { run_id: 'elsewhere' });
    const copyOfRemote = await createVersion(t, 'copies', `models:/copies/${remote.version}`, { run_id: 'elsewhere' });
    assert.equal(copyOfRemote.mlops.available, false);
    const uri = await t.call('GET', `${API}/model-versions/get-download-uri`, { name: 'copies', version: copyOfRemote.version });
    assert.equal(uri.json.artifact_uri, 'runs:/elsewhere/model');
  });

  it('still refuses local paths outside the workspace unless the named run stores its artifacts there', async () => {
    const outside = tempDir('mlops-outside-');
    writeOnnx(outside);
    const res = await t.call('POST', `${API}/model-versions/create`, { name: 'refs', source: join(outside, 'model.onnx') });
    assert.equal(res.status, 400);
    assert.match(res.json.message as string, /is outside the workspace/);
    const experiment = (await t.call('POST', `${API}/experiments/create`, { name: 'outside-art', artifact_location: pathToFileURL(outside).href })).json.experiment_id as string;
    const run = ((await t.call('POST', `${API}/runs/create`, { experiment_id: experiment })).json.run as { info: { run_id: string } }).info.run_id;
    const inRun = join(outside, run, 'artifacts', 'model.onnx');
    const v = await createVersion(t, 'refs', inRun, { run_id: run });
    assert.equal(v.mlops.available, false);
    assert.equal(v.mlops.size, null, 'not read');
  });

  it('stores model_id and lists the version on its logged model, as MLflow 3 does', async () => {
    const model = (await t.call('POST', `${API}/logged-models`, { experiment_id: '0' })).json.model as { info: { model_id: string; artifact_uri: string } };
    const { model_id: id, artifact_uri: location } = model.info;
    await createModel(t, 'linked');
    const v1 = await createVersion(t, 'linked', location, { model_id: id });
    const v2 = await createVersion(t, 'linked', `models:/${id}`, { model_id: id });
    assert.equal(v1.model_id, id);
    assert.equal(v2.model_id, id);
    const got = (await t.call('GET', `${API}/model-versions/get`, { name: 'linked', version: '2' })).json.model_version as WireVersion;
    assert.equal(got.model_id, id);
    const tags = ((await t.call('GET', `${API}/logged-models/${id}`)).json.model as { info: { tags?: { key: string; value: string }[] } }).info.tags ?? [];
    assert.equal(tags.find((tag) => tag.key === 'mlflow.modelVersions')?.value, '[{"name": "linked", "version": 1}, {"name": "linked", "version": 2}]');
  });

  it('serves a version’s files at model-versions/get-artifact with download headers, and explains references', async () => {
    const run = ((await t.call('POST', `${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string; artifact_uri: string } }).info;
    const folder = join(t.workspace, '.mlops', 'artifacts', run.artifact_uri.replace('mlflow-artifacts:/', ''), 'model');
    mkdirSync(folder, { recursive: true });
    writeOnnx(folder);
    writeFileSync(join(folder, 'MLmodel'), 'flavors: {}\n');
    await createModel(t, 'files');
    const v = await createVersion(t, 'files', `runs:/${run.run_id}/model`);
    for (const base of ['', API, '/ajax-api/2.0/mlflow']) {
      const res = await fetch(`http://127.0.0.1:${t.port}${base}/model-versions/get-artifact?name=files&version=${v.version}&path=model.onnx`, { headers: { authorization: `Bearer ${t.token}` } });
      assert.equal(res.status, 200, base);
      assert.equal(res.headers.get('content-disposition'), 'attachment; filename=model.onnx');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), onnxBytes());
    }
    const mlmodel = await fetch(`http://127.0.0.1:${t.port}/model-versions/get-artifact?name=files&version=${v.version}&path=MLmodel`, { headers: { authorization: `Bearer ${t.token}` } });
    assert.deepEqual([mlmodel.status, mlmodel.headers.get('content-type'), await mlmodel.text()], [200, 'text/plain', 'flavors: {}\n'], 'the rest of the MLflow model folder, from its source');
    const climb = await t.call('GET', `${API}/model-versions/get-artifact`, { name: 'files', version: v.version, path: '../../mlops.db' });
    assert.equal(climb.status, 400);
    const missing = await t.call('GET', `${API}/model-versions/get-artifact`, { name: 'files', version: v.version, path: 'nope.txt' });
    assert.equal(missing.status, 404);
    writeFileSync(join(t.workspace, '.mlops', 'artifacts', 'a.txt'), 'abcdefg');
    const root = await createVersion(t, 'files', 'mlflow-artifacts:', { run_id: '1' });
    const text = await fetch(`http://127.0.0.1:${t.port}/model-versions/get-artifact?name=files&version=${root.version}&path=a.txt`, { headers: { authorization: `Bearer ${t.token}` } });
    assert.deepEqual([text.status, await text.text()], [200, 'abcdefg'], 'a folder version (the artifact store root) serves its files');
    const remote = await t.call('GET', `${API}/model-versions/get-artifact`, { name: 'refs', version: '1', path: 'model.onnx' });
    assert.equal(remote.status, 400);
    assert.match(remote.json.message as string, /^refs v1 is not available locally: it is in s3 storage, not on this machine\. Download it from s3:\/\//);
  });
});

describe('search leaves prompts out unless asked, as MLflow 3 clients expect', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
    await createModel(t, 'model-a');
    await createModel(t, 'model-b', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'false' }] });
    await createModel(t, 'prompt-c', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });
    await createVersion(t, 'model-a', 's3://b/a');
    await createVersion(t, 'prompt-c', 's3://b/c', { tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });
  });
  after(() => t.stop());

  const models = async (filter?: string) => (((await t.call('GET', `${API}/registered-models/search`, filter ? { filter } : {})).json.registered_models ?? []) as WireModel[]).map((m) => m.name);
  const versions = async (filter?: string) => (((await t.call('GET', `${API}/model-versions/search`, filter ? { filter } : {})).json.model_versions ?? []) as WireVersion[]).map((v) => v.name);

  it('matches models without the prompt tag for != true and = false, and finds prompts only when asked', async () => {
    assert.deepEqual(await models(), ['model-a', 'model-b']);
    assert.deepEqual(await models("tags.`mlflow.prompt.is_prompt` != 'true'"), ['model-a', 'model-b']);
    assert.deepEqual(await models("tags.`mlflow.prompt.is_prompt` = 'false' AND name LIKE 'model%'"), ['model-a', 'model-b']);
    assert.deepEqual(await models("tags.`mlflow.prompt.is_prompt` = 'true'"), ['prompt-c']);
    assert.deepEqual(await versions("tags.`mlflow.prompt.is_prompt` != 'true'"), ['model-a']);
    assert.deepEqual(await versions("tags.\"mlflow.prompt.is_prompt\" = 'true'"), ['prompt-c']);
  });

  it('keeps LIKE case-sensitive and ILIKE not, with backtick-quoted attributes', async () => {
    assert.deepEqual(await models("name LIKE 'MODEL%'"), []);
    assert.deepEqual(await models("`name` ILIKE 'MODEL-_'"), ['model-a', 'model-b']);
    assert.deepEqual(await models("attributes.name LIKE '%-a'"), ['model-a']);
  });
});

describe('validate, serve and mlops models explain versions that are not available locally', () => {
  it('mlops models list shows the state and its reason', () => {
    const line = describeVersion({ version: '3', source: 's3://b/m', mlops: { size: null, sha256: null, git_commit: null, data_versions: [], available: false, unavailable_reason: 'it is in s3 storage, not on this machine' } });
    assert.equal(line, 'v3  not available locally (it is in s3 storage, not on this machine)');
  });


  it('say why and what to do', async () => {
    const ws = tempDir();
    const paths = workspacePaths(ws);
    const store = Store.open(paths.db);
    try {
      const registry = openWorkspaceRegistry(store, paths);
      const v = await registry.createVersion({ name: 'remote', source: 's3://bucket/model.onnx', createModel: true });
      assert.match(noModelFileMessage(v), /^remote v1 is not available locally: it is in s3 storage, not on this machine\. .*Download the model into the workspace and register that path \(mlops models register PATH --name remote\)/);
      await assert.rejects(readModelFile({ kind: 'version', name: 'remote', version: 1 }, registry), (e: unknown) => e instanceof DomainError && /is not available locally/.test(e.message));
    } finally {
      store.close();
    }
  });
});
