import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RuntimeEvent } from '../../../src/shared/events';
import type { JobsResponse } from '../../../src/shared/jobs';
import type { PipelinesResponse } from '../../../src/shared/pipelines';
import type { RuntimeClient} from '../../../src/shared/runtime-client';
import { RuntimeRequestError } from '../../../src/shared/runtime-client';
import type { FollowedRuntime } from '../../helpers/runtime';
import { startFollowedRuntime } from '../../helpers/runtime';
import { until } from '../../helpers/until';

const DVC_YAML = `stages:
  prepare:
    cmd: cp input.txt prepared.txt
    deps: [input.txt]
    outs: [prepared.txt]
  train:
    cmd: touch train.started && while [ ! -f go ]; do sleep 0.02; done && cat prepared.txt > model.txt
    deps: [prepared.txt]
    outs: [model.txt]
  other:
    cmd: echo other > other.txt
    outs: [other.txt]
`;

describe('the runtime pipeline routes', () => {
  let rt: FollowedRuntime;
  let client: RuntimeClient;
  let events: RuntimeEvent[];
  let ws: string;

  before(async () => {
    rt = await startFollowedRuntime('mlops-runtime-pipelines-', { 'dvc.yaml': DVC_YAML, 'input.txt': 'hello\n' });
    ({ client, events, workspace: ws } = rt);
  });
  after(() => rt.stop());

  const stages = async () => Object.fromEntries((await client.request<PipelinesResponse>('GET', '/api/pipelines')).pipelines.flatMap((p) => p.stages).map((s) => [s.id, s]));
  const stageEvents = (id: string) => events.flatMap((e) => (e.type === 'pipeline.stage' && e.data.id === id ? [e.data.state] : []));

  it('lists each stage with its state, the reason and its upstream', async () => {
    const all = await stages();
    assert.deepEqual(Object.keys(all), ['prepare', 'train', 'other']);
    assert.equal(all.prepare!.state, 'changed');
    assert.deepEqual(all.prepare!.reasons, ['never run (not in dvc.lock)']);
    assert.deepEqual(all.train!.upstream, ['prepare']);
    assert.equal(all.train!.file, 'dvc.yaml');
  });

  it('repro runs on the job runner with pipeline.stage events, shows a running stage, refuses a second repro, and tracks the stages as runs', async () => {
    const started = await client.request<{ started: boolean }>('POST', '/api/pipelines/repro', { targets: ['train'] });
    assert.equal(started.started, true);
    await until('train to start', () => existsSync(join(ws, 'train.started')));
    const during = await until('train shown running', async () => {
      const all = await stages();
      return all.train!.state === 'running' && all;
    });
    assert.equal(typeof during.train!.startedAt, 'number');
    assert.equal(during.prepare!.state, 'up-to-date');
    await assert.rejects(client.request('POST', '/api/pipelines/repro', {}), (e: unknown) => e instanceof RuntimeRequestError && e.status === 400 && /already running/.test(e.message));

    writeFileSync(join(ws, 'go'), '');
    await until('the repro to finish', () => events.some((e) => e.type === 'pipeline.repro' && e.data.state === 'finished'));
    const finished = events.find((e) => e.type === 'pipeline.repro' && e.data.state === 'finished')!;
    assert.deepEqual(finished.type === 'pipeline.repro' && finished.data.result?.ran, ['prepare', 'train']);
    assert.deepEqual(stageEvents('prepare'), ['running', 'ran']);
    assert.deepEqual(stageEvents('train'), ['running', 'ran']);
    assert.deepEqual(stageEvents('other'), [], 'not a target');
    assert.equal(readFileSync(join(ws, 'model.txt'), 'utf8'), 'hello\n');
    const after = await stages();
    assert.equal(after.train!.state, 'up-to-date');
    assert.equal(after.other!.state, 'changed');

    const { jobs } = await client.request<JobsResponse>('GET', '/api/jobs');
    assert.deepEqual(jobs.filter((j) => j.kind === 'stage').map((j) => j.label).sort(), ['stage prepare: cp input.txt prepared.txt', `stage train: ${DVC_YAML.split('\n')[6]!.trim().slice(5)}`]);
    const runs = await client.request<{ runs: { info: { run_name: string } }[] }>('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: ['0'] });
    assert.deepEqual(runs.runs.map((r) => r.info.run_name).sort(), ['prepare', 'repro train', 'train']);
  });

  it('a failed stage shows failed with the reason until it runs again; bad requests are refused', async () => {
    writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML.replace('echo other > other.txt', 'exit 3'));
    const before = events.length;
    await client.request('POST', '/api/pipelines/repro', { targets: ['other'], force: true });
    await until('the repro to finish', () => events.slice(before).some((e) => e.type === 'pipeline.repro' && e.data.state === 'finished'));
    const all = await stages();
    assert.equal(all.other!.state, 'failed');
    assert.match(all.other!.reasons[0]!, /failed to reproduce 'other'/);
    await assert.rejects(client.request('POST', '/api/pipelines/repro', { targets: ['nope'] }), (e: unknown) => e instanceof RuntimeRequestError && e.status === 400);
    await assert.rejects(client.request('POST', '/api/pipelines/repro', { force: 'yes' }), (e: unknown) => e instanceof RuntimeRequestError && e.status === 400);
  });
});
