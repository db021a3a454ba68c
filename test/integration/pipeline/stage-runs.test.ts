import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import type { Run } from '../../../src/core/tracking';
import { workspacePaths } from '../../../src/core/workspace';
import { md5Bytes } from '../../../src/core/data';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const DVC_YAML = `stages:
  prepare:
    cmd: cp input.txt prepared.txt
    deps: [input.txt]
    outs: [prepared.txt]
  train:
    cmd: |-
      cat prepared.txt > model.txt && printf '{"acc": 0.9, "nested": {"loss": 0.25}, "name": "x", "list": [1]}' > metrics.json
    deps: [prepared.txt]
    params: [train.lr, train.epochs]
    outs: [model.txt]
    metrics:
    - metrics.json:
        cache: false
`;

function workspace(): string {
  const ws = tempDir('mlops-stage-runs-');
  writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML);
  writeFileSync(join(ws, 'input.txt'), 'hello\n');
  writeFileSync(join(ws, 'params.yaml'), 'train:\n  lr: 0.01\n  epochs: 3\n');
  return ws;
}

const repro = (ws: string, args: string[] = []) => runCli(['repro', '--workspace', ws, ...args], { timeoutMs: 60_000 });

function storedRuns(ws: string): Run[] {
  const paths = workspacePaths(ws);
  const store = Store.open(paths.db);
  try {
    const tracking = new Tracking(store, Tracking.artifactRoot(paths.mlopsDir));
    return tracking.runs.search({ experimentIds: ['0'], maxResults: 1000 }).items;
  } finally {
    store.close();
  }
}

/** The run recorded as the writer of the newest version of `path`. */
function writerOf(ws: string, path: string): string | null | undefined {
  const store = Store.open(workspacePaths(ws).db);
  try {
    return store.db.get<{ run_id: string | null }>('SELECT run_id FROM dataset_versions WHERE path = ? ORDER BY id DESC LIMIT 1', [path])?.run_id;
  } finally {
    store.close();
  }
}

const tag = (run: Run, key: string) => run.data.tags.find((t) => t.key === key)?.value;
const byName = (runs: Run[], name: string) => runs.find((r) => r.info.runName === name)!;

function assertPipelineRuns(runs: Run[]): void {
  const parent = byName(runs, 'repro');
  assert.ok(parent, `runs: ${runs.map((r) => r.info.runName).join(', ')}`);
  assert.equal(parent.info.status, 'FINISHED');
  const prepare = byName(runs, 'prepare');
  const train = byName(runs, 'train');
  for (const stage of [prepare, train]) {
    assert.equal(tag(stage, 'mlflow.parentRunId'), parent.info.runId);
    assert.equal(stage.info.status, 'FINISHED');
  }
  assert.match(tag(train, 'mlops.stage.cmd')!, /^cat prepared\.txt > model\.txt/);
  assert.deepEqual(
    train.data.params.map((p) => `${p.key}=${p.value}`).sort(),
    ['train.epochs=3', 'train.lr=0.01'],
  );
  assert.deepEqual(
    train.data.metrics.map((m) => `${m.key}=${m.value}`).sort(),
    ['acc=0.9', 'nested.loss=0.25'],
  );
  const inputMd5 = md5Bytes(Buffer.from('hello\n'));
  assert.equal(tag(prepare, 'mlops.data.input.txt'), inputMd5, 'an unversioned dep: its md5');
  assert.equal(tag(prepare, 'mlops.output.prepared.txt'), `v1 ${inputMd5}`);
  assert.equal(tag(train, 'mlops.data.prepared.txt'), `v1 ${inputMd5}`, "the dep is the version prepare's run wrote");
  assert.match(tag(train, 'mlops.output.model.txt')!, /^v1 [0-9a-f]{32}$/);
}

describe('stage runs as tracked runs', () => {
  it('without a runtime: each executed stage is a run nested under one pipeline run, with params, metrics and lineage; skipped stages are not runs', async () => {
    const ws = workspace();
    const first = await repro(ws);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const runs = storedRuns(ws);
    assert.equal(runs.length, 3);
    assertPipelineRuns(runs);
    assert.equal(writerOf(ws, 'prepared.txt'), byName(runs, 'prepare').info.runId, "an output's version is credited to its stage's run");
    assert.equal(writerOf(ws, 'model.txt'), byName(runs, 'train').info.runId);

    const again = await repro(ws);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(storedRuns(ws).length, 3, 'nothing ran: no new runs');

    writeFileSync(join(ws, 'params.yaml'), 'train:\n  lr: 0.02\n  epochs: 3\n');
    const changed = await repro(ws);
    assert.equal(changed.code, 0, changed.stderr);
    const after = storedRuns(ws);
    assert.equal(after.length, 5, 'a pipeline run and the train run');
    const trains = after.filter((r) => r.info.runName === 'train');
    assert.ok(trains.some((r) => r.data.params.some((p) => p.key === 'train.lr' && p.value === '0.02')));
  });

  it('a failed stage is a FAILED run with the reason, and so is its pipeline run', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML.replace('cat prepared.txt > model.txt', 'exit 4'));
    const run = await repro(ws);
    assert.equal(run.code, 1);
    const runs = storedRuns(ws);
    assert.equal(byName(runs, 'train').info.status, 'FAILED');
    assert.match(tag(byName(runs, 'train'), 'mlops.error')!, /failed to reproduce 'train'/);
    assert.equal(byName(runs, 'prepare').info.status, 'FINISHED');
    assert.equal(byName(runs, 'repro').info.status, 'FAILED');
  });

  it('with the runtime up: the runs go through its REST API', async () => {
    const ws = workspace();
    const started = await Runtime.start({ workspace: ws, log: () => undefined });
    if (started.kind !== 'started') throw new Error('runtime did not start');
    const client = new RuntimeClient(started.runtime.info);
    const events: string[] = [];
    const sub = client.subscribe({ since: 0, onEvent: (e) => events.push(e.type) });
    try {
      const run = await repro(ws);
      assert.equal(run.code, 0, run.stderr + run.stdout);
      const found = await client.request<{ runs: { info: { run_name: string } }[] }>('POST', '/api/2.0/mlflow/runs/search', { experiment_ids: ['0'] });
      assert.deepEqual(found.runs.map((r) => r.info.run_name).sort(), ['prepare', 'repro', 'train']);
      assertPipelineRuns(storedRuns(ws));
    } finally {
      sub.close();
      await started.runtime.stop('test done');
    }
  });
});
