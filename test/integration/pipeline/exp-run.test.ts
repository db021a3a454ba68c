import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import type { Run } from '../../../src/core/tracking';
import { workspacePaths } from '../../../src/core/workspace';
import { CLI, runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

const PARAMS = '# tuning\ntrain:\n  lr: 0.01   # small steps\n  epochs: 3\n';

function workspace(cmd = `printf '{"score": %s}' "$(grep lr: params.yaml | tr -s ' ' | cut -d' ' -f3)" > metrics.json`): string {
  const ws = tempDir('mlops-exp-run-');
  writeFileSync(join(ws, 'dvc.yaml'), `stages:\n  train:\n    cmd: |-\n      ${cmd}\n    params: [train.lr, train.epochs]\n    metrics:\n    - metrics.json:\n        cache: false\n`);
  writeFileSync(join(ws, 'params.yaml'), PARAMS);
  return ws;
}

function storedRuns(ws: string): Run[] {
  const paths = workspacePaths(ws);
  const store = Store.open(paths.db);
  try {
    return new Tracking(store, Tracking.artifactRoot(paths.mlopsDir)).runs.search({ experimentIds: ['0'], maxResults: 1000 }).items;
  } finally {
    store.close();
  }
}

const tag = (run: Run, key: string) => run.data.tags.find((t) => t.key === key)?.value;
const expRun = (runs: Run[]) => runs.find((r) => tag(r, 'mlops.exp') === 'true')!;

describe('mlops exp run', () => {
  it('runs the pipeline with the override as one experiment run, its stages nested, and puts params.yaml back byte for byte', async () => {
    const ws = workspace();
    const run = await runCli(['exp', 'run', '-S', 'train.lr=0.5', '--name', 'lr-half', '--workspace', ws], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(readFileSync(join(ws, 'params.yaml'), 'utf8'), PARAMS);
    assert.equal(readFileSync(join(ws, 'metrics.json'), 'utf8'), '{"score": 0.5}', 'the stage saw the override');
    const runs = storedRuns(ws);
    const exp = expRun(runs);
    assert.equal(exp.info.runName, 'lr-half');
    assert.equal(exp.info.status, 'FINISHED');
    assert.deepEqual(exp.data.params, [{ key: 'train.lr', value: '0.5' }]);
    assert.deepEqual(exp.data.metrics.map((m) => [m.key, m.value]), [['score', 0.5]]);
    assert.equal(tag(exp, 'mlops.exp.overrides'), JSON.stringify(['train.lr=0.5']));
    const stage = runs.find((r) => r.info.runName === 'train')!;
    assert.equal(tag(stage, 'mlflow.parentRunId'), exp.info.runId);
    assert.ok(stage.data.params.some((p) => p.key === 'train.lr' && p.value === '0.5'));
    assert.equal(runs.length, 2);
  });

  it('a failing stage fails the experiment run, and params.yaml is still put back', async () => {
    const ws = workspace('exit 5');
    const run = await runCli(['exp', 'run', '-S', 'params.yaml:train.epochs=10', '--workspace', ws], { timeoutMs: 60_000 });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /failed to reproduce 'train'/);
    assert.equal(readFileSync(join(ws, 'params.yaml'), 'utf8'), PARAMS);
    const exp = expRun(storedRuns(ws));
    assert.equal(exp.info.status, 'FAILED');
    assert.deepEqual(exp.data.params, [{ key: 'train.epochs', value: '10' }]);
  });

  it('Ctrl+C mid-stage: the run ends KILLED and params.yaml is put back', async () => {
    const ws = workspace('touch started && while true; do sleep 0.05; done');
    const child = spawn(process.execPath, [CLI, 'exp', 'run', '-S', 'train.lr=0.9', '--workspace', ws], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until('the stage to start', () => existsSync(join(ws, 'started')));
    assert.match(readFileSync(join(ws, 'params.yaml'), 'utf8'), /lr: 0\.9/);
    child.kill('SIGINT');
    assert.equal(await exited, 1);
    assert.equal(readFileSync(join(ws, 'params.yaml'), 'utf8'), PARAMS);
    assert.equal(expRun(storedRuns(ws)).info.status, 'KILLED');
  });

  it('refuses an override of a params file that does not exist, before any run', async () => {
    const ws = workspace();
    const run = await runCli(['exp', 'run', '-S', 'other.yaml:lr=1', '--workspace', ws]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /other\.yaml does not exist/);
    assert.equal(existsSync(join(ws, 'metrics.json')), false);
    assert.equal(storedRuns(ws).length, 0);
  });
});
