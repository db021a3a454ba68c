import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Tracking } from '../../../src/core/tracking';
import { Runtime } from '../../../src/runtime';
import type { Retrainer } from '../../../src/runtime/retrain';
import type { RetrainTrigger } from '../../../src/shared/monitors';
import { runCli } from '../../helpers/cli';
import { MONITOR, monitorsYaml, seedChampion, writeWorkspaceFiles } from './fixtures';

/** Where `require('local-mlops/client')` resolves for the stage's script (as `mlops run` sets it for commands). */
const NODE_PATH = resolve(__dirname, '../../../dist/node_path');

/** The training as a dvc.yaml stage: train.js (see fixtures) registers a new version of clf. */
const dvcYaml = (kind: string): string => `stages:
  train:
    cmd: NODE_PATH=${JSON.stringify(NODE_PATH)} node train.js ${kind}
    deps: [data/train.csv, train.js]
`;

/** A workspace whose monitor retrains through the train stage, its runtime started with v1 of clf at champion. */
async function pipelineWorkspace(): Promise<{ ws: string; runtime: Runtime }> {
  const ws = writeWorkspaceFiles({ command: 'node train.js good', policy: 'auto' });
  writeFileSync(join(ws, 'mlops.yaml'), monitorsYaml({ command: 'PLACEHOLDER', policy: 'auto' }).replace('command: PLACEHOLDER', 'pipeline: train'));
  writeFileSync(join(ws, 'dvc.yaml'), dvcYaml('good'));
  const started = await Runtime.start({ workspace: ws, log: () => undefined });
  if (started.kind !== 'started') throw new Error('runtime did not start');
  const { runtime } = started;
  await seedChampion(runtime.store, runtime.paths, (path) => runtime.context.datasets.add(path));
  return { ws, runtime };
}

describe('a retrain that targets a pipeline (retrain: {pipeline: train})', () => {
  let runtime: Runtime;
  let retrainer: Retrainer;
  let ws: string;

  before(async () => {
    ({ ws, runtime } = await pipelineWorkspace());
    retrainer = runtime.context.retrainer;
  });
  after(async () => {
    await runtime.stop('test done');
  });

  const retrain = async (): Promise<RetrainTrigger> => {
    const { id } = retrainer.request(MONITOR);
    await retrainer.settled();
    return retrainer.triggers.get(id);
  };

  it('reproduces the stage in the runtime, then validates the version it registered and promotes it', async () => {
    const trigger = await retrain();
    assert.equal(trigger.status, 'promoted', trigger.decision);
    assert.equal(trigger.decision, 'v2 promoted to champion: accuracy 0.9 (v1 0.805)');
    assert.deepEqual(trigger.modelVersion, { name: 'clf', version: '2' });
    assert.equal(runtime.context.registry.versionByAlias('clf', 'champion').version, 2);
    assert.equal(trigger.dataVersion?.path, 'data/train.csv', 'the data version it started from is recorded');
    assert.match(readFileSync(join(ws, 'dvc.lock'), 'utf8'), /train:\n {4}cmd: NODE_PATH=.* node train\.js good/, 'the stage ran as a repro: its lock entry is written');

    const tracking = new Tracking(runtime.store, Tracking.artifactRoot(runtime.paths.mlopsDir));
    const pipelineRun = tracking.runs.get(trigger.runId!);
    assert.equal(pipelineRun.info.runName, 'repro train', 'the trigger links the pipeline run');
    const stages = runtime.store.events.since(0, 100_000).filter((e) => e.type === 'pipeline.stage').map((e) => (e.data as { id: string; state: string }).state);
    assert.deepEqual(stages, ['running', 'ran'], 'the Pipelines view sees the stage run');
  });

  it('fails with the reason when the pipeline is up to date (nothing retrained)', async () => {
    const trigger = await retrain();
    assert.equal(trigger.status, 'failed');
    assert.equal(trigger.decision, 'the pipeline train was up to date (no dependency changed), so nothing retrained; add force: true to retrain: to run it anyway');
    assert.equal(runtime.context.registry.versionByAlias('clf', 'champion').version, 2, 'champion stays');
  });

  it('with force: true runs it anyway; a worse model is rejected by the validation gate', async () => {
    writeFileSync(join(ws, 'train.js'), readFileSync(join(ws, 'train.js'), 'utf8'));
    writeFileSync(join(ws, 'dvc.yaml'), dvcYaml('bad'));
    const trigger = await retrain();
    assert.equal(trigger.status, 'rejected', trigger.decision);
    assert.match(trigger.decision!, /^v3 rejected, champion stays on v2: /);
  });

  it('a failing stage fails the retrain with the stage and its reason; no version is looked for', async () => {
    writeFileSync(join(ws, 'dvc.yaml'), dvcYaml('fail'));
    const trigger = await retrain();
    assert.equal(trigger.status, 'failed');
    assert.match(trigger.decision!, /^the pipeline train failed: stage train: /);
    assert.equal(trigger.modelVersion, undefined);
    assert.match(readFileSync(join(ws, 'dvc.lock'), 'utf8'), /node train\.js bad/, 'the lock keeps the last good run');
  });
});

describe('mlops retrain MONITOR with a pipeline retrain', () => {
  it('has a runtime (here one it starts itself) reproduce the pipeline, and follows the retrain to its decision', async () => {
    const { ws, runtime } = await pipelineWorkspace();
    await runtime.stop('the CLI starts its own');
    const result = await runCli(['retrain', MONITOR, '--workspace', ws], { timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^retrain 1 of clf-drift: the runtime reproduces the pipeline train$/m);
    assert.match(result.stdout, /^promoted: v2 promoted to champion: accuracy 0\.9 \(v1 0\.805\)$/m);
  });
});
