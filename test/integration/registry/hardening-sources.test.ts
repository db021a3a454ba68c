import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import type { WireVersion } from './fixtures';
import { API, createModel, createVersion, onnxBytes, writeOnnx } from './fixtures';

/** Every file and folder under `dir` (relative), to prove a refusal copied nothing. */
function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('registration refuses local sources outside the workspace and the artifact store', () => {
  let t: TestRuntime;
  let outside: string;
  let storage: string;

  before(async () => {
    t = await startTestRuntime();
    outside = tempDir('mlops-outside-');
    writeOnnx(outside, 'secret.onnx');
    mkdirSync(join(outside, 'folder'));
    writeOnnx(join(outside, 'folder'), 'model.onnx');
    storage = join(t.workspace, '.mlops', 'models');
    await createModel(t, 'probe');
  });
  after(() => t.stop());

  async function refused(source: string, reason: RegExp): Promise<void> {
    const before = listTree(storage);
    const res = await t.call('POST', `${API}/model-versions/create`, { name: 'probe', source });
    assert.equal(res.status, 400, `${source}: ${JSON.stringify(res.json)}`);
    assert.equal(res.json.error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(res.json.message as string, reason, source);
    assert.match(res.json.message as string, /Copy the model into the workspace and register that copy, or allow its folder/);
    assert.deepEqual(listTree(storage), before, `${source}: nothing is copied`);
  }

  it('refuses system files by path and by file:// URI, saying which folders are allowed', async () => {
    for (const source of ['/etc/hostname', '/etc/shadow', '/proc/self/environ', 'file:///etc/hostname', pathToFileURL(join(outside, 'secret.onnx')).href]) {
      await refused(source, /^Model source '.*' (\(.*\) )?is outside the workspace .*, the artifact store .*\.mlops\/artifacts; registration only reads local files inside those folders\./);
    }
  });

  it('refuses relative paths that climb out of the workspace, before looking at whether they exist', async () => {
    await refused(relative(t.workspace, join(outside, 'secret.onnx')), /is outside the workspace/);
    await refused('../../x', /^Model source '\.\.\/\.\.\/x' \(\/.*\) is outside/);
    const nul = await t.call('POST', `${API}/model-versions/create`, { name: 'probe', source: 'model\0.onnx' });
    assert.deepEqual([nul.status, nul.json.error_code, nul.json.message], [400, 'INVALID_PARAMETER_VALUE', "Model source 'model?.onnx' contains a NUL character."]);
  });

  it('refuses symlinks inside the workspace that lead out: to a file, to a folder, and a folder’s model.onnx', async () => {
    symlinkSync(join(outside, 'secret.onnx'), join(t.workspace, 'linked.onnx'));
    symlinkSync(join(outside, 'folder'), join(t.workspace, 'linked-folder'));
    mkdirSync(join(t.workspace, 'mlflow-model'));
    symlinkSync(join(outside, 'secret.onnx'), join(t.workspace, 'mlflow-model', 'model.onnx'));
    symlinkSync('/etc/hostname', join(t.workspace, 'hostname'));
    for (const source of ['linked.onnx', 'linked-folder', 'mlflow-model', 'hostname', join(t.workspace, 'linked-folder', 'model.onnx')]) {
      await refused(source, /leads through a symbolic link to .*, outside the workspace/);
    }
  });

  it('records runs:/ sources whose run stores its artifacts outside as references, unread, and refuses climbing URIs', async () => {
    const experiment = (await t.call('POST', `${API}/experiments/create`, { name: 'elsewhere', artifact_location: pathToFileURL(outside).href })).json.experiment_id as string;
    const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: experiment })).json.run as { info: { run_id: string } };
    const dir = join(outside, run.info.run_id, 'artifacts', 'model');
    mkdirSync(dir, { recursive: true });
    writeOnnx(dir);
    const before = listTree(storage);
    const v = await createVersion(t, 'probe', `runs:/${run.info.run_id}/model`);
    assert.equal(v.mlops.available, false);
    assert.match(v.mlops.unavailable_reason!, /is outside the workspace and the artifact store, so it was not read/);
    assert.deepEqual([v.mlops.size, v.mlops.sha256, v.mlops.model_file], [null, null, null], 'nothing was read');
    assert.deepEqual(listTree(storage), before, 'nothing is copied');
    for (const source of [`runs:/${run.info.run_id}/../../../secret.onnx`, 'mlflow-artifacts:/0/..%2f..%2f..%2fetc']) {
      const res = await t.call('POST', `${API}/model-versions/create`, { name: 'probe', source });
      assert.equal(res.status, 400, source);
      assert.match(res.json.message as string, /^Invalid model version source: .*an absolute path must be provided without relative path references/);
    }
  });

  it('still registers workspace files, symlinks that stay inside, and runs:/ and mlflow-artifacts:/ sources', async () => {
    mkdirSync(join(t.workspace, 'out'));
    writeOnnx(join(t.workspace, 'out'), 'trained.onnx');
    symlinkSync(join(t.workspace, 'out', 'trained.onnx'), join(t.workspace, 'latest.onnx'));
    assert.equal((await createVersion(t, 'probe', 'out/trained.onnx')).mlops.size, onnxBytes().length);
    assert.equal((await createVersion(t, 'probe', 'latest.onnx')).mlops.size, onnxBytes().length);
    const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string; artifact_uri: string } };
    const root = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
    const put = await fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${root}/model/model.onnx`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body: onnxBytes() });
    assert.equal(put.status, 200);
    assert.equal((await createVersion(t, 'probe', `runs:/${run.info.run_id}/model`)).run_id, run.info.run_id);
    assert.equal((await createVersion(t, 'probe', `${run.info.artifact_uri}/model`, { run_id: run.info.run_id })).mlops.size, onnxBytes().length);
  });

  it('makes registry copies readable by the workspace user only: files 0600, folders 0700', async () => {
    const v = (await t.call('POST', `${API}/model-versions/create`, { name: 'probe', source: 'out/trained.onnx' })).json.model_version as WireVersion;
    const folder = fileURLToPath(v.storage_location!);
    const mode = (path: string) => statSync(path).mode & 0o777;
    assert.equal(mode(join(folder, 'model.onnx')), 0o600);
    assert.equal(mode(folder), 0o700);
    assert.equal(mode(join(folder, '..')), 0o700);
    assert.equal(mode(storage), 0o700);
  });
});

describe('extra model source roots', () => {
  it('are allowed only when the registry is given them, and stay confined against symlinks', async () => {
    const ws = tempDir();
    const shared = tempDir('mlops-shared-models-');
    const file = writeOnnx(shared, 'team.onnx');
    const paths = workspacePaths(ws);
    const store = Store.open(paths.db);
    try {
      const strict = openWorkspaceRegistry(store, paths);
      await assert.rejects(strict.createVersion({ name: 'team', source: file, createModel: true }), (e: unknown) => e instanceof DomainError && e.code === 'INVALID_PARAMETER_VALUE' && /is outside/.test(e.message));
      const open = openWorkspaceRegistry(store, paths, { allowedSourceRoots: [shared] });
      const v = await open.createVersion({ name: 'team', source: file, createModel: true });
      assert.equal(v.size, onnxBytes().length);
      assert.match(v.storageLocation!, /\.mlops\/models\/team\/1$/);
      symlinkSync('/etc/hostname', join(shared, 'escape.bin'));
      await assert.rejects(open.createVersion({ name: 'team', source: join(shared, 'escape.bin') }), /leads through a symbolic link to \/etc\/hostname/);
      writeFileSync(join(ws, 'x.bin'), 'x');
      assert.equal((await open.createVersion({ name: 'team', source: 'x.bin' })).version, 2, 'the workspace stays allowed');
    } finally {
      store.close();
    }
  });

  it('are read from models.allowed_sources in mlops.yaml, relative to the workspace', async () => {
    const ws = tempDir();
    const shared = tempDir('mlops-shared-models-');
    const file = writeOnnx(shared, 'team.onnx');
    writeFileSync(join(ws, 'mlops.yaml'), `models:\n  allowed_sources: [${JSON.stringify(relative(ws, shared))}]\n`);
    const paths = workspacePaths(ws);
    const store = Store.open(paths.db);
    try {
      const v = await openWorkspaceRegistry(store, paths).createVersion({ name: 'team', source: file, createModel: true });
      assert.equal(v.version, 1);
    } finally {
      store.close();
    }
  });
});
