import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { parseCriteria, validateModel } from '../../../src/core/models';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { join } from 'node:path';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import { binaryRows, exactModel, shiftedModel, writeCsv, writeModel } from './fixtures';

describe('the registry with the protected-alias policy', () => {
  it('champion (protected by default) moves only to a version whose stored validation passed', async () => {
    const ws = tempDir();
    const paths = workspacePaths(ws);
    const store = Store.open(paths.db);
    try {
      const registry = openWorkspaceRegistry(store, paths);
      const data = writeCsv(join(ws, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(300));
      for (const [file, bytes] of [['good.onnx', exactModel()], ['bad.onnx', shiftedModel()]] as const) {
        await registry.createVersion({ name: 'churn', source: writeModel(ws, file, bytes), createModel: true });
      }
      const refused = (version: number, message: RegExp) =>
        assert.throws(() => registry.setAlias('churn', 'champion', version), (e: unknown) => e instanceof DomainError && e.code === 'INVALID_STATE' && message.test(e.message));
      refused(1, /^champion can only point at a version with a passing validation: version 1 has no validation; run mlops validate churn@1/);

      const criteria = parseCriteria('accuracy>=0.85');
      for (const version of [1, 2]) {
        const bytes = version === 1 ? exactModel() : shiftedModel();
        registry.setValidation('churn', version, await validateModel({ model: { ref: { name: 'churn', version }, bytes }, data, label: 'y', criteria }));
      }
      refused(2, /^champion can only point at a version with a passing validation: version 2 failed accuracy>=0\.85 \(0\.\d+\)$/);
      registry.setAlias('churn', 'champion', 1);
      registry.setAlias('churn', 'challenger', 2);
      assert.deepEqual(registry.getModel('churn').aliases, [{ alias: 'challenger', version: 2 }, { alias: 'champion', version: 1 }]);
    } finally {
      store.close();
    }
  });

  it('over HTTP: the alias is refused with the reason until a passing report is stored through the runtime', async () => {
    const rt = await startTestRuntime();
    try {
      const api = '/api/2.0/mlflow';
      const data = writeCsv(join(rt.workspace, 'test.csv'), ['x0', 'x1', 'y'], binaryRows(200));
      const source = writeModel(rt.workspace, 'good.onnx', exactModel());
      assert.equal((await rt.call('POST', `${api}/registered-models/create`, { name: 'churn' })).status, 200);
      assert.equal((await rt.call('POST', `${api}/model-versions/create`, { name: 'churn', source })).status, 200);
      const refused = await rt.call('POST', `${api}/registered-models/alias`, { name: 'churn', alias: 'champion', version: '1' });
      assert.equal(refused.status, 400);
      assert.equal(refused.json.error_code, 'INVALID_STATE');
      assert.match(String(refused.json.message), /version 1 has no validation/);
      const report = await validateModel({ model: { ref: { name: 'churn', version: 1 }, bytes: exactModel() }, data, label: 'y', criteria: parseCriteria('accuracy>=0.85') });
      const stored = await rt.call('POST', '/api/models/validation', { name: 'churn', version: 1, report });
      assert.equal(stored.status, 200, JSON.stringify(stored.json));
      assert.equal((await rt.call('POST', `${api}/registered-models/alias`, { name: 'churn', alias: 'champion', version: '1' })).status, 200);
      assert.equal((await rt.call('POST', '/api/models/validation', { name: 'churn', version: 7, report })).status, 404);
    } finally {
      await rt.stop();
    }
  });
});
