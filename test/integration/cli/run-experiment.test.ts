import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import type { Run } from '../../../src/core/tracking';
import { Tracking } from '../../../src/core/tracking';
import { runCli } from '../../helpers/cli';
import { KIT_MISSING, mlflowKitEnv } from '../../helpers/mlflow-kit';
import { tempDir } from '../../helpers/temp';

/**
 * A training script that names its experiment through the Node client `mlops run` makes
 * requirable. It stores one artifact before startRun (by the run's URI, as a Python script's
 * log_artifact would) and one after, so the move has files to carry.
 */
const TRAIN_JS = `const { connect, startRun } = require('local-mlops/client');
(async () => {
  const client = connect();
  const got = await client.request('GET', '/api/2.0/mlflow/runs/get?run_id=' + process.env.MLFLOW_RUN_ID);
  await client.putArtifact(got.run.info.artifact_uri.replace(/^mlflow-artifacts:\\/+/, '') + '/early/notes.txt', 'before the move');
  const run = await startRun({ experiment: 'weather', params: { lr: 0.1 } });
  console.log('experiment=' + run.experimentId);
  run.logMetric('loss', 0.25, 1);
  await run.logArtifact('model/weights.txt', 'after the move');
  await run.end();
})().catch((error) => { console.error(error); process.exit(1); });
`;

function onlyRun(ws: string, experimentName: string): { run: Run; tracking: Tracking; experimentIds: string[]; close(): void } {
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  const tracking = new Tracking(store, join(ws, '.mlops', 'artifacts'));
  const experiments = tracking.experiments.search({}).items;
  const experiment = experiments.find((e) => e.name === experimentName);
  assert.ok(experiment, `no experiment ${experimentName} among ${experiments.map((e) => e.name).join(', ')}`);
  const runs = tracking.runs.search({ experimentIds: experiments.map((e) => e.experimentId) }).items;
  assert.equal(runs.length, 1, 'one run in all');
  assert.equal(runs[0]!.info.experimentId, experiment.experimentId, `the run is in ${experimentName}`);
  return { run: runs[0]!, tracking, experimentIds: experiments.map((e) => e.name), close: () => store.close() };
}

async function artifactText(tracking: Tracking, run: Run, path: string): Promise<string> {
  const root = run.info.artifactUri.replace('mlflow-artifacts:/', '');
  const { stream } = await tracking.artifacts.open(`${root}/${path}`);
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** The same with MLflow's Python client, which refuses an attached run outside the experiment set_experiment chose. */
const TRAIN_PY = `import mlflow
mlflow.set_experiment("weather")
with mlflow.start_run() as run:
    mlflow.log_param("lr", 0.1)
    mlflow.log_metric("loss", 0.25, step=1)
    print("experiment=" + run.info.experiment_id)
`;

function workspaceWithScript(): string {
  const ws = tempDir();
  writeFileSync(join(ws, 'train.js'), TRAIN_JS);
  return ws;
}

describe('mlops run: the experiment a script names', () => {
  it('files the run under the experiment the script asks for when the command line names none', async () => {
    const ws = workspaceWithScript();
    const env = { MLFLOW_EXPERIMENT_NAME: '', MLOPS_EXPERIMENT_DEFAULTED: '' };
    const result = await runCli(['run', '--workspace', ws, '--', process.execPath, 'train.js'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /moved to experiment \d+, as the script asked/);
    const { run, tracking, close } = onlyRun(ws, 'weather');
    try {
      assert.equal(run.info.status, 'FINISHED');
      assert.match(result.stdout, new RegExp(`experiment=${run.info.experimentId}\\b`));
      assert.equal(run.info.artifactUri, `mlflow-artifacts:/${run.info.experimentId}/${run.info.runId}/artifacts`);
      assert.equal(await artifactText(tracking, run, 'early/notes.txt'), 'before the move');
      assert.equal(await artifactText(tracking, run, 'model/weights.txt'), 'after the move');
      assert.match(await artifactText(tracking, run, 'logs/output.log'), /experiment=/);
      assert.equal(existsSync(join(ws, '.mlops', 'artifacts', '0', run.info.runId)), false, 'nothing left under Default');
      const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
      assert.equal(tags['mlops.experiment'], undefined, 'a re-run goes by the experiment the run ended up in');
      assert.deepEqual(run.data.params, [{ key: 'lr', value: '0.1' }]);
      assert.equal(tracking.metrics.history(run.info.runId, 'loss').metrics[0]?.value, 0.25);
    } finally {
      close();
    }
  });

  it('takes MLFLOW_EXPERIMENT_NAME as the command line\'s choice, which the script does not override', async () => {
    const ws = workspaceWithScript();
    const result = await runCli(['run', '--workspace', ws, '--', process.execPath, 'train.js'], { env: { MLFLOW_EXPERIMENT_NAME: 'from-env', MLOPS_EXPERIMENT_DEFAULTED: '1' } });
    assert.equal(result.code, 0, result.stderr);
    const { run, tracking, experimentIds, close } = onlyRun(ws, 'from-env');
    try {
      assert.ok(!experimentIds.includes('weather'), 'the script\'s experiment was not created');
      const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
      assert.equal(tags['mlops.experiment'], 'from-env');
      assert.equal(await artifactText(tracking, run, 'early/notes.txt'), 'before the move');
      assert.equal(readFileSync(join(ws, '.mlops', 'artifacts', run.info.experimentId, run.info.runId, 'artifacts', 'model', 'weights.txt'), 'utf8'), 'after the move');
    } finally {
      close();
    }
  });

  it('keeps --experiment over the script\'s choice', async () => {
    const ws = workspaceWithScript();
    const result = await runCli(['run', '--workspace', ws, '--experiment', 'chosen', '--', process.execPath, 'train.js'], { env: { MLFLOW_EXPERIMENT_NAME: 'from-env' } });
    assert.equal(result.code, 0, result.stderr);
    const { experimentIds, close } = onlyRun(ws, 'chosen');
    close();
    assert.ok(!experimentIds.includes('weather') && !experimentIds.includes('from-env'));
  });

  const kit = mlflowKitEnv();
  it('files the run under the experiment a Python script sets with mlflow.set_experiment', { skip: kit ? false : KIT_MISSING }, async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'train.py'), TRAIN_PY);
    const env = { ...kit, MLFLOW_EXPERIMENT_NAME: '', MLOPS_EXPERIMENT_DEFAULTED: '' };
    const result = await runCli(['run', '--workspace', ws, '--', 'python3', 'train.py'], { env, timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /moved to experiment \d+, as the script asked/);
    const { run, tracking, close } = onlyRun(ws, 'weather');
    try {
      assert.equal(run.info.status, 'FINISHED');
      assert.match(result.stdout, new RegExp(`experiment=${run.info.experimentId}\\b`));
      assert.equal(tracking.metrics.history(run.info.runId, 'loss').metrics[0]?.value, 0.25);
    } finally {
      close();
    }
  });
});
