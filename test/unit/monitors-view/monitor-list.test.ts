import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MonitorList } from '../../../src/extension/monitors/monitor-list';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

const CONFIG = `version: 1
monitors:
  - name: weather-drift
    model: weather@champion
    reference: data/weather.csv
    window: { rows: 200 }
  - name: churn-watch
    model: churn@3
  - name: broken
`;

describe('MonitorList against a real runtime', () => {
  let runtime: Runtime;
  let client: RuntimeClient;

  before(async () => {
    const workspace = tempDir();
    writeFileSync(join(workspace, 'mlops.yaml'), CONFIG);
    const started = await Runtime.start({ workspace, log: () => undefined });
    if (started.kind !== 'started') throw new Error('runtime did not start');
    runtime = started.runtime;
    client = new RuntimeClient(runtime.info);
  });

  after(() => runtime.stop('test done'));

  it('lists the monitors of mlops.yaml with the model each watches, once per change', async () => {
    const warnings: string[] = [];
    const list = new MonitorList(() => client, { warn: (m) => warnings.push(m) });
    const first = list.get();
    assert.equal(list.get(), first, 'a second caller shares the request under way');
    const { monitors, errors } = await first;
    assert.deepEqual(monitors.map((m) => [m.name, m.model, m.status]), [
      ['weather-drift', 'weather@champion', 'idle'],
      ['churn-watch', 'churn@3', 'idle'],
    ]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^mlops\.yaml:\d+: /);
    assert.equal(list.modelOf('weather-drift'), 'weather');
    assert.equal(list.modelOf('nope'), undefined);

    list.invalidate();
    assert.notEqual(list.get(), first, 'invalidating fetches again');
    await list.get();
    assert.deepEqual(warnings, [`monitors: ${errors[0]}`], 'the same mlops.yaml problem is logged once');
  });

  it('remembers the latest retrain state of each monitor', () => {
    const list = new MonitorList(() => client, { warn: () => undefined });
    list.noteTrigger({ id: 1, monitor: 'weather-drift', reason: 'manual', policy: 'ask', status: 'running', createdAt: 0, updatedAt: 0 });
    list.noteTrigger({ id: 1, monitor: 'weather-drift', reason: 'manual', policy: 'ask', status: 'validating', createdAt: 0, updatedAt: 1 });
    assert.equal(list.retrainStatus('weather-drift'), 'validating');
    assert.equal(list.retrainStatus('churn-watch'), undefined);
  });

  it('has no monitors without a runtime, and reports an unreachable one then tries again', async () => {
    assert.deepEqual(await new MonitorList(() => undefined, { warn: () => undefined }).get(), { monitors: [], errors: [] });
    const warnings: string[] = [];
    const gone = new RuntimeClient({ ...runtime.info, port: 1 }, 2000);
    const list = new MonitorList(() => gone, { warn: (m) => warnings.push(m) });
    assert.deepEqual(await list.get(), { monitors: [], errors: [] });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^could not list monitors: The MLOps runtime at http:\/\/127\.0\.0\.1:1 did not answer/);
    const again = list.get();
    await again;
    assert.equal(warnings.length, 1, 'the same failure is not logged twice');
  });
});
