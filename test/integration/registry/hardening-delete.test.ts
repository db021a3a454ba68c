import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { readModelFile } from '../../../src/core/registry';
import type { ModelRegistry } from '../../../src/core/registry';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { tempDir } from '../../helpers/temp';
import { onnxBytes, writeOnnx } from './fixtures';

function withRegistry(fn: (registry: ModelRegistry, ws: string) => Promise<void>): Promise<void> {
  const ws = tempDir();
  const paths = workspacePaths(ws);
  const store = Store.open(paths.db);
  return fn(openWorkspaceRegistry(store, paths), ws).finally(() => store.close());
}

describe('deleting versions removes only the copies the registry made for them', () => {
  it('a version registered from inside another model’s folder leaves that model’s files, and it still loads', () =>
    withRegistry(async (registry, ws) => {
      writeOnnx(ws, 'keeper.onnx');
      writeFileSync(join(ws, 'weights.bin'), 'weights');
      const onnx = await registry.createVersion({ name: 'keeper', source: 'keeper.onnx', createModel: true });
      const weights = await registry.createVersion({ name: 'keeper', source: 'weights.bin' });
      const keeperOnnx = fileURLToPath(onnx.storageLocation!);
      const keeperWeights = fileURLToPath(weights.storageLocation!);
      assert.equal(keeperOnnx, join(ws, '.mlops', 'models', 'keeper', '1'));

      // A copy of keeper's model.onnx; references to keeper's weights folder and to keeper's whole folder.
      const copied = await registry.createVersion({ name: 'intruder', source: '.mlops/models/keeper/1', createModel: true });
      const intoVersion = await registry.createVersion({ name: 'intruder', source: '.mlops/models/keeper/2' });
      const intoModel = await registry.createVersion({ name: 'intruder', source: '.mlops/models/keeper' });
      assert.equal(fileURLToPath(copied.storageLocation!), join(ws, '.mlops', 'models', 'intruder', '1'));
      assert.equal(intoVersion.storageLocation, weights.storageLocation);
      assert.equal(intoVersion.modelFile, null, 'a folder without ONNX is recorded by reference');

      registry.deleteVersion('intruder', intoVersion.version);
      registry.deleteVersion('intruder', intoModel.version);
      assert.ok(existsSync(join(keeperWeights, 'weights.bin')), 'a referenced folder is not deleted');
      registry.deleteModel('intruder');
      assert.ok(!existsSync(join(ws, '.mlops', 'models', 'intruder')), 'the intruder’s own copy is removed');
      assert.ok(readFileSync(join(keeperOnnx, 'model.onnx')).equals(onnxBytes()));
      const loaded = await readModelFile({ kind: 'version', name: 'keeper', version: onnx.version }, registry);
      assert.equal(loaded.path, join(keeperOnnx, 'model.onnx'));
      assert.ok(Buffer.from(loaded.bytes).equals(onnxBytes()));
    }));

  it('keeps a copy another record still points into, and never deletes a reference’s source', () =>
    withRegistry(async (registry, ws) => {
      writeFileSync(join(ws, 'weights.bin'), 'weights');
      const owner = await registry.createVersion({ name: 'owner', source: 'weights.bin', createModel: true });
      const folder = fileURLToPath(owner.storageLocation!);
      await registry.createVersion({ name: 'borrower', source: '.mlops/models/owner/1', createModel: true });
      registry.deleteModel('owner');
      assert.ok(existsSync(join(folder, 'weights.bin')), 'borrower still points into it');
      assert.equal(fileURLToPath(registry.getVersion('borrower', 1).storageLocation!), folder);

      mkdirSync(join(ws, 'sklearn-model'));
      writeFileSync(join(ws, 'sklearn-model', 'model.pkl'), 'pickle');
      await registry.createVersion({ name: 'ref', source: 'sklearn-model', createModel: true });
      registry.deleteModel('ref');
      assert.ok(existsSync(join(ws, 'sklearn-model', 'model.pkl')));
    }));

  it('removes its own copies, version by version, and the model folder with the last one', () =>
    withRegistry(async (registry, ws) => {
      writeOnnx(ws, 'm.onnx');
      const v1 = await registry.createVersion({ name: 'own', source: 'm.onnx', createModel: true });
      const v2 = await registry.createVersion({ name: 'own', source: 'm.onnx' });
      registry.deleteVersion('own', 1);
      assert.ok(!existsSync(fileURLToPath(v1.storageLocation!)));
      assert.ok(existsSync(fileURLToPath(v2.storageLocation!)));
      registry.deleteModel('own');
      assert.ok(!existsSync(join(ws, '.mlops', 'models', 'own')));
    }));
});
