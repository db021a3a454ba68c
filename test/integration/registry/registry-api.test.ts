import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import type { WireModel, WireVersion } from './fixtures';
import { API, createModel, createVersion, writeOnnx } from './fixtures';

describe('MLflow model registry API: models, versions, tags, stages, aliases', () => {
  let t: TestRuntime;
  let onnx: string;
  const getModel = async (name: string) => (await t.call('GET', `${API}/registered-models/get`, { name })).json.registered_model as WireModel;
  const getVersion = async (name: string, version: string) => (await t.call('GET', `${API}/model-versions/get`, { name, version })).json.model_version as WireVersion;

  before(async () => {
    t = await startTestRuntime();
    onnx = writeOnnx(t.workspace);
  });
  after(() => t.stop());

  it('walks a model through its lifecycle: create, versions, descriptions, tags and stages', async () => {
    const created = await createModel(t, 'iris', { tags: [{ key: 'team', value: 'vision' }], description: 'first' });
    assert.equal(created.name, 'iris');
    assert.equal(typeof created.creation_timestamp, 'number');
    assert.equal(created.last_updated_timestamp, created.creation_timestamp);
    assert.equal(created.description, 'first');
    assert.deepEqual(created.tags, [{ key: 'team', value: 'vision' }]);
    assert.equal(created.latest_versions, undefined);

    const duplicate = await t.call('POST', `${API}/registered-models/create`, { name: 'iris' });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(duplicate.json, { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'Registered Model (name=iris) already exists.' });

    const versions = [];
    for (let i = 0; i < 3; i++) versions.push(await createVersion(t, 'iris', onnx, { description: `v${i + 1}`, tags: [{ key: 'i', value: String(i) }] }));
    assert.deepEqual(versions.map((v) => v.version), ['1', '2', '3']);
    const [v1] = versions;
    assert.equal(v1!.status, 'READY');
    assert.equal(v1!.current_stage, 'None');
    assert.equal(v1!.source, onnx);
    assert.equal(v1!.description, 'v1');
    assert.deepEqual(v1!.tags, [{ key: 'i', value: '0' }]);
    assert.deepEqual((await getModel('iris')).latest_versions?.map((v) => v.version), ['3']);

    const updated = await t.call('PATCH', `${API}/registered-models/update`, { name: 'iris', description: 'second' });
    assert.equal((updated.json.registered_model as WireModel).description, 'second');
    assert.equal((await t.call('POST', `${API}/registered-models/set-tag`, { name: 'iris', key: 'owner', value: 'ana' })).status, 200);
    assert.equal((await t.call('DELETE', `${API}/registered-models/delete-tag`, { name: 'iris', key: 'team' })).status, 200);
    assert.deepEqual((await getModel('iris')).tags, [{ key: 'owner', value: 'ana' }]);

    const described = await t.call('PATCH', `${API}/model-versions/update`, { name: 'iris', version: '2', description: 'better' });
    assert.equal((described.json.model_version as WireVersion).description, 'better');
    await t.call('POST', `${API}/model-versions/set-tag`, { name: 'iris', version: '2', key: 'checked', value: 'yes' });
    await t.call('DELETE', `${API}/model-versions/delete-tag`, { name: 'iris', version: '2', key: 'i' });
    assert.deepEqual((await getVersion('iris', '2')).tags, [{ key: 'checked', value: 'yes' }]);

    const staging = await t.call('POST', `${API}/model-versions/transition-stage`, { name: 'iris', version: '1', stage: 'staging', archive_existing_versions: false });
    assert.equal((staging.json.model_version as WireVersion).current_stage, 'Staging');
    await t.call('POST', `${API}/model-versions/transition-stage`, { name: 'iris', version: '2', stage: 'Production', archive_existing_versions: false });
    const promoted = await t.call('POST', `${API}/model-versions/transition-stage`, { name: 'iris', version: '3', stage: 'Production', archive_existing_versions: true });
    assert.equal((promoted.json.model_version as WireVersion).current_stage, 'Production');
    assert.equal((await getVersion('iris', '2')).current_stage, 'Archived');

    const production = await t.call('POST', `${API}/registered-models/get-latest-versions`, { name: 'iris', stages: ['Production'] });
    assert.deepEqual((production.json.model_versions as WireVersion[]).map((v) => v.version), ['3']);
    const staged = await t.call('GET', `${API}/registered-models/get-latest-versions`, { name: 'iris', stages: 'Staging' });
    assert.deepEqual((staged.json.model_versions as WireVersion[]).map((v) => v.version), ['1']);
    const all = await t.call('POST', `${API}/registered-models/get-latest-versions`, { name: 'iris' });
    assert.deepEqual((all.json.model_versions as WireVersion[]).map((v) => `${v.version}:${v.current_stage}`), ['1:Staging', '2:Archived', '3:Production']);

    const uri = (await t.call('GET', `${API}/model-versions/get-download-uri`, { name: 'iris', version: '1' })).json.artifact_uri as string;
    assert.match(uri, /^file:\/\//);
    assert.equal(fileURLToPath(uri), join(t.workspace, '.mlops', 'models', 'iris', '1'));
    assert.ok(existsSync(join(fileURLToPath(uri), 'model.onnx')));
  });

  it('aliases: set, move, resolve, listed on the model and its versions, deleted', async () => {
    await createModel(t, 'aliased');
    for (let i = 0; i < 2; i++) await createVersion(t, 'aliased', onnx);
    assert.equal((await t.call('POST', `${API}/registered-models/alias`, { name: 'aliased', alias: 'production', version: '1' })).status, 200);
    await t.call('POST', `${API}/registered-models/alias`, { name: 'aliased', alias: 'challenger', version: 2 });

    const byAlias = await t.call('GET', `${API}/registered-models/alias`, { name: 'aliased', alias: 'production' });
    assert.equal(byAlias.status, 200);
    assert.equal((byAlias.json.model_version as WireVersion).version, '1');
    assert.deepEqual((byAlias.json.model_version as WireVersion).aliases, ['production']);
    assert.deepEqual((await getModel('aliased')).aliases, [{ alias: 'challenger', version: '2' }, { alias: 'production', version: '1' }]);

    await t.call('POST', `${API}/registered-models/alias`, { name: 'aliased', alias: 'production', version: '2' });
    assert.deepEqual((await getVersion('aliased', '2')).aliases, ['challenger', 'production']);
    assert.equal((await getVersion('aliased', '1')).aliases, undefined);

    const ajax = await t.call('GET', `/ajax-api/2.0/mlflow/registered-models/alias`, { name: 'aliased', alias: 'production' });
    assert.equal((ajax.json.model_version as WireVersion).version, '2');

    for (const [alias, message] of [
      ['latest', "'latest' alias name (case insensitive) is reserved."],
      ['V3', "Version alias name 'V3' is reserved."],
      ['has space', "Invalid alias name: 'has space'. Names may only contain alphanumerics, underscores (_), and dashes (-)."],
      ['', 'Registered model alias name cannot be empty.'],
    ]) {
      const res = await t.call('POST', `${API}/registered-models/alias`, { name: 'aliased', alias, version: '1' });
      assert.deepEqual([res.status, res.json], [400, { error_code: 'INVALID_PARAMETER_VALUE', message }], alias);
    }
    const missingVersion = await t.call('POST', `${API}/registered-models/alias`, { name: 'aliased', alias: 'x', version: '99' });
    assert.deepEqual([missingVersion.status, missingVersion.json.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    const unknown = await t.call('GET', `${API}/registered-models/alias`, { name: 'aliased', alias: 'nope' });
    assert.deepEqual([unknown.status, unknown.json], [400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'Registered model alias nope not found.' }]);

    assert.equal((await t.call('DELETE', `${API}/registered-models/alias`, { name: 'aliased', alias: 'production' })).status, 200);
    assert.equal((await t.call('GET', `${API}/registered-models/alias`, { name: 'aliased', alias: 'production' })).status, 400);
    // A body-less DELETE with the parameters in the query works too.
    const viaQuery = await fetch(`http://127.0.0.1:${t.port}${API}/registered-models/alias?name=aliased&alias=challenger`, { method: 'DELETE', headers: { authorization: `Bearer ${t.token}` } });
    assert.equal(viaQuery.status, 200);
    assert.equal((await getModel('aliased')).aliases, undefined);
  });

  it('rename keeps versions, their tags and the aliases', async () => {
    await createModel(t, 'old-name', { tags: [{ key: 'k', value: 'v' }] });
    await createVersion(t, 'old-name', onnx, { tags: [{ key: 'vt', value: '1' }] });
    await createVersion(t, 'old-name', onnx);
    await t.call('POST', `${API}/registered-models/alias`, { name: 'old-name', alias: 'production', version: '2' });

    const renamed = await t.call('POST', `${API}/registered-models/rename`, { name: 'old-name', new_name: 'new-name' });
    assert.equal(renamed.status, 200);
    const model = renamed.json.registered_model as WireModel;
    assert.equal(model.name, 'new-name');
    assert.deepEqual(model.tags, [{ key: 'k', value: 'v' }]);
    assert.deepEqual(model.aliases, [{ alias: 'production', version: '2' }]);
    assert.deepEqual((await getVersion('new-name', '1')).tags, [{ key: 'vt', value: '1' }]);
    assert.equal((await getVersion('new-name', '2')).name, 'new-name');
    assert.equal((await t.call('GET', `${API}/registered-models/get`, { name: 'old-name' })).status, 404);
    // The copies stay where they were made and keep serving.
    assert.ok(existsSync(join(fileURLToPath((await getVersion('new-name', '1')).storage_location!), 'model.onnx')));
    assert.equal((await createVersion(t, 'new-name', onnx)).version, '3');

    await createModel(t, 'taken');
    const clash = await t.call('POST', `${API}/registered-models/rename`, { name: 'new-name', new_name: 'taken' });
    assert.deepEqual([clash.status, clash.json.error_code], [400, 'RESOURCE_ALREADY_EXISTS']);
    // The old name is free again, and its versions start over without touching the renamed model's copies.
    await createModel(t, 'old-name');
    const fresh = await createVersion(t, 'old-name', onnx);
    assert.equal(fresh.version, '1');
    assert.notEqual(fresh.storage_location, (await getVersion('new-name', '1')).storage_location);
  });

  it('deleting cascades to versions, tags and aliases and removes the copies; numbers are never reused', async () => {
    await createModel(t, 'doomed', { tags: [{ key: 'k', value: 'v' }] });
    await createVersion(t, 'doomed', onnx);
    const v2 = await createVersion(t, 'doomed', onnx, { tags: [{ key: 't', value: 'x' }] });
    await t.call('POST', `${API}/registered-models/alias`, { name: 'doomed', alias: 'production', version: '2' });
    const v2Folder = fileURLToPath(v2.storage_location!);
    assert.ok(existsSync(v2Folder));

    assert.equal((await t.call('DELETE', `${API}/model-versions/delete`, { name: 'doomed', version: '2' })).status, 200);
    assert.equal((await t.call('GET', `${API}/model-versions/get`, { name: 'doomed', version: '2' })).status, 404);
    assert.equal((await getModel('doomed')).aliases, undefined);
    assert.ok(!existsSync(v2Folder));
    const db = t.runtime.store.db;
    assert.equal(db.get<{ n: number }>("SELECT count(*) AS n FROM model_version_tags WHERE name = 'doomed' AND version = 2")?.n, 0);
    assert.equal((await createVersion(t, 'doomed', onnx)).version, '3');

    await t.call('POST', `${API}/registered-models/alias`, { name: 'doomed', alias: 'production', version: '3' });
    assert.equal((await t.call('DELETE', `${API}/registered-models/delete`, { name: 'doomed' })).status, 200);
    assert.equal((await t.call('GET', `${API}/registered-models/get`, { name: 'doomed' })).status, 404);
    for (const table of ['model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
      assert.equal(db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE name = 'doomed'`)?.n, 0, table);
    }
    assert.ok(!existsSync(join(t.workspace, '.mlops', 'models', 'doomed')));
    await createModel(t, 'doomed');
    assert.equal((await createVersion(t, 'doomed', onnx)).version, '1');
  });

  it('answers missing models and versions, bad parameters and malformed bodies with MLflow errors', async () => {
    await createModel(t, 'errors');
    await createVersion(t, 'errors', onnx);
    const expectError = async (res: Promise<{ status: number; json: Record<string, unknown> }>, status: number, code: string, message?: string | RegExp) => {
      const { status: got, json } = await res;
      assert.equal(got, status, JSON.stringify(json));
      assert.equal(json.error_code, code);
      if (typeof message === 'string') assert.equal(json.message, message);
      else if (message) assert.match(json.message as string, message);
    };
    await expectError(t.call('GET', `${API}/registered-models/get`, { name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=nope not found');
    await expectError(t.call('GET', `${API}/model-versions/get`, { name: 'errors', version: '9' }), 404, 'RESOURCE_DOES_NOT_EXIST', 'Model Version (name=errors, version=9) not found');
    await expectError(t.call('GET', `${API}/model-versions/get`, { name: 'errors', version: 'abc' }), 400, 'INVALID_PARAMETER_VALUE', "Parameter 'version' must be an integer, got 'abc'.");
    await expectError(t.call('POST', `${API}/registered-models/create`, {}), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'.");
    await expectError(t.call('POST', `${API}/registered-models/rename`, { name: 'errors' }), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'new_name'.");
    await expectError(t.call('POST', `${API}/model-versions/create`, { name: 'nope', source: onnx }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(t.call('POST', `${API}/model-versions/create`, { name: 'errors' }), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'source'.");
    await expectError(t.call('POST', `${API}/model-versions/create`, { name: 'errors', source: join(t.workspace, 'missing.onnx') }), 400, 'INVALID_PARAMETER_VALUE', /does not exist/);
    await expectError(t.call('POST', `${API}/model-versions/create`, { name: 'errors', source: 's3://bucket/../model.onnx' }), 400, 'INVALID_PARAMETER_VALUE', /^Invalid model version source/);
    await expectError(t.call('POST', `${API}/model-versions/create`, { name: 'errors', source: 'models:/nope/1' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(t.call('POST', `${API}/model-versions/transition-stage`, { name: 'errors', version: '1', stage: 'Deployed' }), 400, 'INVALID_PARAMETER_VALUE', 'Invalid Model Version stage: Deployed. Value must be one of None, Staging, Production, Archived.');
    await expectError(t.call('POST', `${API}/model-versions/transition-stage`, { name: 'errors', version: '1', stage: 'Archived', archive_existing_versions: true }), 400, 'INVALID_PARAMETER_VALUE', /not an Active stage/);
    await expectError(t.call('POST', `${API}/registered-models/set-tag`, { name: 'nope', key: 'k', value: 'v' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await expectError(t.call('POST', `${API}/registered-models/set-tag`, { name: 'errors', value: 'v' }), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'key'.");
    await expectError(t.call('DELETE', `${API}/model-versions/delete-tag`, { name: 'errors', version: '1' }), 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'key'.");
    await expectError(t.call('POST', `${API}/model-versions/set-tag`, { name: 'errors', version: '1', key: 'k', value: 'x'.repeat(5001) }), 400, 'INVALID_PARAMETER_VALUE', "'value' exceeds the maximum length of 5000 characters");
    await expectError(t.call('DELETE', `${API}/model-versions/delete`, { name: 'errors', version: '7' }), 404, 'RESOURCE_DOES_NOT_EXIST');

    const headers = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    const malformed = await fetch(`http://127.0.0.1:${t.port}${API}/registered-models/create`, { method: 'POST', headers, body: '{"name": ' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error_code: string }).error_code, 'MALFORMED_REQUEST');
    const array = await fetch(`http://127.0.0.1:${t.port}${API}/registered-models/create`, { method: 'POST', headers, body: '["name"]' });
    assert.deepEqual([array.status, ((await array.json()) as { error_code: string }).error_code], [400, 'INVALID_PARAMETER_VALUE']);
    const wrongMethod = await t.call('POST', `${API}/registered-models/update`, { name: 'errors' });
    assert.equal(wrongMethod.status, 405);
  });
});
