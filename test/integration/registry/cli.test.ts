import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import type { WireVersion } from './fixtures';
import { API, sha256, onnxBytes, writeOnnx } from './fixtures';

async function mlops(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (line) => (out += `${line}\n`), err: (line) => (err += `${line}\n`) });
  return { code, out, err };
}

describe('mlops models', () => {
  it('registers a file and lists models on the store directly when no runtime is up', async () => {
    const ws = tempDir();
    const file = writeOnnx(ws, 'trained.onnx');
    const empty = await mlops('models', 'list', '--workspace', ws);
    assert.equal(empty.code, 0, empty.err);
    assert.match(empty.out, /No registered models yet/);

    const first = await mlops('models', 'register', file, '--name', 'iris', '--workspace', ws);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, new RegExp(`^Registered iris v1  ${onnxBytes().length} bytes  sha256 ${sha256(onnxBytes()).slice(0, 12)}`));
    const second = await mlops('models', 'register', file, '--name', 'iris', '--workspace', ws);
    assert.match(second.out, /^Registered iris v2 /);

    const list = await mlops('models', 'list', '--workspace', ws);
    assert.match(list.out, /^iris {2}v2 {2}\d+ bytes/m);
    assert.doesNotMatch(list.out, /None/, 'no stage column when versions have no stage');
    const json = JSON.parse((await mlops('models', 'list', '--json', '--workspace', ws)).out) as { name: string }[];
    assert.deepEqual(json.map((m) => m.name), ['iris']);
  });

  it('goes through the runtime when it is up, runs:/ URIs included', async () => {
    const t = await startTestRuntime();
    try {
      const run = (await t.call('POST', `${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string; artifact_uri: string } };
      const root = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
      await fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${root}/model/model.onnx`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body: onnxBytes() });
      const registered = await mlops('models', 'register', `runs:/${run.info.run_id}/model`, '--name', 'served', '--workspace', t.workspace);
      assert.equal(registered.code, 0, registered.err);
      assert.match(registered.out, new RegExp(`^Registered served v1 .* run ${run.info.run_id.slice(0, 8)}`));
      const version = (await t.call('GET', `${API}/model-versions/get`, { name: 'served', version: '1' })).json.model_version as WireVersion;
      assert.equal(version.run_id, run.info.run_id);
      assert.equal((await mlops('models', 'register', `runs:/${run.info.run_id}/model`, '--name', 'served', '--workspace', t.workspace)).code, 0, 'an existing model gets a new version');
      assert.match((await mlops('models', 'list', '--workspace', t.workspace)).out, /^served {2}v2/m);
    } finally {
      await t.stop();
    }
  });

  it('explains usage and failures', async () => {
    const ws = tempDir();
    const noName = await mlops('models', 'register', 'x.onnx', '--workspace', ws);
    assert.equal(noName.code, 2);
    assert.match(noName.err, /mlops models register PATH_OR_RUNS_URI --name NAME/);
    const missing = await mlops('models', 'register', join(ws, 'missing.onnx'), '--name', 'm', '--workspace', ws);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^mlops models: Model source .* does not exist/);
    assert.equal((await mlops('models', 'frobnicate', '--workspace', ws)).code, 2);
  });
});
