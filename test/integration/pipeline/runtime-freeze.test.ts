import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { call, PIPELINES_FREEZE, PIPELINES_LIST, PIPELINES_REPRO } from '../../../src/shared/contract';
import type { RuntimeEvent } from '../../../src/shared/events';
import type { RuntimeClient} from '../../../src/shared/runtime-client';
import { RuntimeRequestError } from '../../../src/shared/runtime-client';
import type { FollowedRuntime } from '../../helpers/runtime';
import { startFollowedRuntime } from '../../helpers/runtime';
import { until } from '../../helpers/until';

const DVC_YAML = `# two stages
stages:
  make:   # writes out.txt
    cmd: echo made > out.txt
    outs: [out.txt]
  use:
    cmd: cat out.txt > used.txt
    deps: [out.txt]
    outs: [used.txt]
`;

describe('freezing a stage and its last run, through the runtime', () => {
  let rt: FollowedRuntime;
  let client: RuntimeClient;
  let events: RuntimeEvent[];
  let ws: string;

  before(async () => {
    rt = await startFollowedRuntime('mlops-runtime-freeze-', { 'dvc.yaml': DVC_YAML });
    ({ client, events, workspace: ws } = rt);
  });
  after(() => rt.stop());

  const stages = async () => Object.fromEntries((await call(client, PIPELINES_LIST)).pipelines.flatMap((p) => p.stages).map((s) => [s.id, s]));
  const repro = async (targets: string[]): Promise<void> => {
    const before = events.length;
    await call(client, PIPELINES_REPRO, { targets });
    await until('the repro to finish', () => events.slice(before).some((e) => e.type === 'pipeline.repro' && e.data.state === 'finished'));
  };

  it('after a repro each executed stage lists its last tracked run with its times', async () => {
    assert.equal((await stages()).make!.lastRun, undefined);
    await repro(['use']);
    const all = await stages();
    for (const id of ['make', 'use']) {
      const run = all[id]!.lastRun;
      assert.ok(run, `${id} has a last run`);
      assert.equal(run.status, 'FINISHED');
      assert.ok(run.endTime! >= run.startTime!);
    }
    assert.notEqual(all.make!.lastRun!.runId, all.use!.lastRun!.runId);
  });

  it('freeze writes frozen: true into dvc.yaml, byte for byte otherwise, and the stage lists as frozen; unfreeze restores the file', async () => {
    assert.deepEqual(await call(client, PIPELINES_FREEZE, { stage: 'make', frozen: true }), { file: 'dvc.yaml', changed: true });
    assert.equal(readFileSync(join(ws, 'dvc.yaml'), 'utf8'), DVC_YAML.replace('    cmd: echo made', '    frozen: true\n    cmd: echo made'));
    assert.equal((await stages()).make!.state, 'frozen');
    assert.deepEqual(await call(client, PIPELINES_FREEZE, { stage: 'make', frozen: true }), { file: 'dvc.yaml', changed: false });
    await call(client, PIPELINES_FREEZE, { stage: 'make', frozen: false });
    assert.equal(readFileSync(join(ws, 'dvc.yaml'), 'utf8'), DVC_YAML);
    assert.equal((await stages()).make!.state, 'up-to-date');
  });

  it('refuses an unknown stage or a bad body with a clear error, the file untouched', async () => {
    await assert.rejects(call(client, PIPELINES_FREEZE, { stage: 'nope', frozen: true }), (e: unknown) => e instanceof RuntimeRequestError && e.status === 404 && /'nope' is not a stage/.test(e.message));
    await assert.rejects(client.request('POST', '/api/pipelines/freeze', { stage: 'make', frozen: 'yes' }), (e: unknown) => e instanceof RuntimeRequestError && e.status === 400);
    assert.equal(readFileSync(join(ws, 'dvc.yaml'), 'utf8'), DVC_YAML);
  });
});
