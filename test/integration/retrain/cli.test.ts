import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { retrainCommand } from '../../../src/cli/commands/retrain';
import { DatasetRepository } from '../../../src/core/data';
import { RetrainTriggerStore } from '../../../src/core/monitoring';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { CLI } from '../../helpers/cli';
import type { RetrainSettings } from './fixtures';
import { MONITOR, seedChampion, writeWorkspaceFiles } from './fixtures';

/** A workspace with no runtime: `mlops retrain` starts one for the training to attach to. */
async function cliWorkspace(settings: RetrainSettings): Promise<string> {
  const paths = workspacePaths(writeWorkspaceFiles(settings));
  const store = Store.open(paths.db);
  try {
    await seedChampion(store, paths, (path) => new DatasetRepository(store.db, paths.root).add(path));
  } finally {
    store.close();
  }
  return paths.root;
}

async function mlopsRetrain(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let [stdout, stderr] = ['', ''];
  const io = { out: (line: string) => (stdout += `${line}\n`), err: (line: string) => (stderr += `${line}\n`) };
  const code = await retrainCommand(parseArgs([...args, '--workspace', root], new Set(['workspace'])), io, CLI);
  return { code, stdout, stderr };
}

describe('mlops retrain', () => {
  it('runs the chain with progress lines, exits 0 on promotion, and lists retrains', async () => {
    const root = await cliWorkspace({ command: 'node train.js good', policy: 'ask' });
    const run = await mlopsRetrain(root, MONITOR);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], `retrain 1 of ${MONITOR}: mlops run -- node train.js good`);
    assert.match(lines[1]!, /^data: data\/train\.csv v1 \([0-9a-f]{8}\)$/);
    assert.match(run.stdout, /^run: [0-9a-f]{32}$/m);
    assert.match(run.stdout, /^ {2}registered clf v2$/m, "the training's output is shown");
    assert.deepEqual(lines.slice(-2), ['validating clf v2', 'promoted: v2 promoted to champion: accuracy 0.9 (v1 0.805)']);

    const store = Store.open(workspacePaths(root).db);
    try {
      assert.equal(openWorkspaceRegistry(store, workspacePaths(root)).versionByAlias('clf', 'champion').version, 2);
    } finally {
      store.close();
    }

    const list = await mlopsRetrain(root, 'list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`^#1 {2}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d {2}${MONITOR} {2}manual {2}promoted {2}run [0-9a-f]{8} {2}clf v2 {2}v2 promoted to champion: accuracy 0\\.9 \\(v1 0\\.805\\)\\n$`));
    assert.equal((await mlopsRetrain(root, 'list', 'no-retrain')).stdout, 'No retrains of no-retrain yet: run mlops retrain no-retrain.\n');
  });

  it('answers yes to a retrain waiting for the user instead of starting a second one', async () => {
    const root = await cliWorkspace({ command: 'node train.js good', policy: 'ask' });
    const store = Store.open(workspacePaths(root).db);
    try {
      const triggers = new RetrainTriggerStore(store.db);
      const waiting = triggers.create({ monitor: MONITOR, reason: 'alert: drift_share > 0.3', policy: 'ask', status: 'pending', time: Date.now() });
      const run = await mlopsRetrain(root, MONITOR);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`^retrain ${waiting.id} of ${MONITOR} was waiting for an answer \\(alert: drift_share > 0\\.3\\); starting it$`, 'm'));
      assert.equal(triggers.get(waiting.id).status, 'promoted');
      assert.equal(triggers.list().length, 1, 'no second trigger');

    } finally {
      store.close();
    }
  });

  it('exits 1 when the new version is rejected, and explains monitors it cannot retrain', async () => {
    const root = await cliWorkspace({ command: 'node train.js bad' });
    const rejected = await mlopsRetrain(root, MONITOR);
    assert.equal(rejected.code, 1);
    assert.match(rejected.stdout, /^rejected: v2 rejected, champion stays on v1: /m);

    const bare = await mlopsRetrain(root, 'no-retrain');
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /monitor no-retrain has no retrain configured; add to monitor no-retrain in mlops\.yaml: retrain:/);
    assert.match((await mlopsRetrain(root, 'nope')).stderr, /no valid monitor named "nope" in mlops\.yaml \(monitors: clf-drift, no-retrain\)/);
    await assert.rejects(mlopsRetrain(root), UsageError);
    await assert.rejects(mlopsRetrain(root, MONITOR, 'extra'), UsageError);

    const taskRoot = await cliWorkspace({ task: 'train model' });
    const task = await mlopsRetrain(taskRoot, MONITOR);
    assert.equal(task.code, 1);
    assert.match(task.stderr, /retrains with the VS Code task "train model", which only VS Code can run/);
  });
});
