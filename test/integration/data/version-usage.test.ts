import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { linearRegressionModel } from '../../../src/core/models';
import type { DatasetVersion } from '../../../src/shared/data';
import { startTestRuntime } from '../../helpers/runtime';
import type { TestRuntime } from '../../helpers/runtime';

describe('which runs and models used a dataset version', () => {
  let rt: TestRuntime;
  after(() => rt?.stop());

  it('lists the runs whose data tag names the version and the model versions trained on it', async () => {
    rt = await startTestRuntime();
    writeFileSync(join(rt.workspace, 'train_data.csv'), 'x,y\n1,2\n');
    const v1 = (await rt.call('POST', '/api/data/add', { path: 'train_data.csv' })).json.version as DatasetVersion;
    writeFileSync(join(rt.workspace, 'train_data.csv'), 'x,y\n1,2\n3,4\n');
    await rt.call('POST', '/api/data/add', { path: 'train_data.csv' });
    const run = (await rt.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0', run_name: 'reader', tags: [{ key: 'mlops.data.train_data.csv', value: `v1 ${v1.md5}` }] })).json.run as { info: { run_id: string } };
    writeFileSync(join(rt.workspace, 'm.onnx'), linearRegressionModel({ weights: [1], bias: 0 }));
    await rt.call('POST', '/api/2.0/mlflow/registered-models/create', { name: 'reg' });
    assert.equal((await rt.call('POST', '/api/2.0/mlflow/model-versions/create', { name: 'reg', source: join(rt.workspace, 'm.onnx'), run_id: run.info.run_id })).status, 200);
    const { versions } = (await rt.call('GET', '/api/data/versions', { path: 'train_data.csv' })).json as { versions: DatasetVersion[] };
    assert.deepEqual(versions[0]!.usedBy, { runs: [{ runId: run.info.run_id, runName: 'reader' }], models: [{ name: 'reg', version: 1 }] });
    assert.deepEqual(versions[1]!.usedBy, { runs: [], models: [] });
  });
});
