import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RuntimeEvent } from '../../../src/shared/events';
import { api, waitFor } from './suite-helpers';

function folder(): string {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(f, 'the tests run with a workspace folder open');
  return f;
}

describe('Local MLOps in the extension host', () => {
  it('activates and registers its commands under the MLOps category', async () => {
    const mlops = await api();
    assert.ok(mlops.activationMs < 1000, `activation took ${mlops.activationMs} ms`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlops.init', 'mlops.restartRuntime', 'mlops.showLogs', 'mlops.stopRuntime', 'mlops.openConfig']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('starts the workspace runtime, which reports its Node and store driver', async () => {
    const status = await (await api()).whenRuntimeReady(30_000);
    assert.equal(status.workspace, folder());
    assert.match(status.node.version, /^v\d+/);
    const expected = process.env.MLOPS_EXPECT_DRIVER;
    if (expected) assert.equal(status.store.driver, expected);
    const info = JSON.parse(readFileSync(join(folder(), '.mlops', 'runtime.json'), 'utf8')) as { pid: number };
    assert.equal(info.pid, status.pid);
    assert.equal(statSync(join(folder(), '.mlops', 'runtime.json')).mode & 0o777, 0o600);
  });

  it('never loads a native module into the extension host', () => {
    const loaded = Object.keys(require.cache).filter((p) => /better-sqlite3|onnxruntime|chokidar|[\\/]dist[\\/]cli\.js$/.test(p));
    assert.deepEqual(loaded, []);
  });

  it('receives runtime events over the event stream', async () => {
    const mlops = await api();
    await mlops.whenRuntimeReady();
    const received = new Promise<RuntimeEvent>((resolve) => {
      const sub = mlops.onRuntimeEvent((event) => {
        if (event.type === 'workspace.initialized') {
          sub.dispose();
          resolve(event);
        }
      });
    });
    await vscode.commands.executeCommand('mlops.init');
    const event = await received;
    assert.equal((event.data as { workspace: string }).workspace, folder());
  });

  it('restarts the runtime on command, with a new process', async () => {
    const mlops = await api();
    const before = await mlops.whenRuntimeReady();
    await vscode.commands.executeCommand('mlops.restartRuntime');
    const after = await mlops.whenRuntimeReady();
    assert.notEqual(after.pid, before.pid);
  });

  it('restarts a runtime that crashed (SIGKILL)', async () => {
    const mlops = await api();
    const before = await mlops.whenRuntimeReady();
    process.kill(before.pid, 'SIGKILL');
    const after = await waitFor('a new runtime', async () => {
      const client = mlops.runtimeClient();
      if (!client) return undefined;
      const status = await client.status().catch(() => undefined);
      return status && status.pid !== before.pid ? status : undefined;
    });
    assert.notEqual(after.pid, before.pid);
    assert.equal(mlops.runtimeState(), 'ready');
  });
});

describe('Experiment tracking in the extension host', () => {
  it('the mlops task of tasks.json runs the trainer as a tracked run that ends FINISHED, announced over the event stream', async () => {
    const mlops = await api();
    await mlops.whenRuntimeReady();
    const events: RuntimeEvent[] = [];
    const sub = mlops.onRuntimeEvent((e) => events.push(e));
    const tasks = await vscode.tasks.fetchTasks({ type: 'mlops' });
    const task = tasks.find((t) => t.name === 'mlops: train');
    assert.ok(task, `tasks: ${tasks.map((t) => t.name).join(', ')}`);
    const ended = new Promise<number | undefined>((resolve) => {
      const d = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'mlops: train') {
          d.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 0);
    const client = mlops.runtimeClient()!;
    const experiment = await client.request<{ experiment: { experiment_id: string } }>('GET', '/api/2.0/mlflow/experiments/get-by-name?experiment_name=weather');
    const found = await client.request<{ runs: { info: { run_id: string; status: string }; data: { params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] } }[] }>(
      'POST',
      '/api/2.0/mlflow/runs/search',
      { experiment_ids: [experiment.experiment.experiment_id], max_results: 1 },
    );
    const run = found.runs[0]!;
    assert.equal(run.info.status, 'FINISHED');
    const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
    assert.equal(params.learning_rate, '0.5');
    assert.equal(params.model, 'softmax-regression');
    await waitFor('run events', () => (events.some((e) => e.type === 'run.changed' && e.data.runId === run.info.run_id) && events.some((e) => e.type === 'run.metrics') ? true : undefined));
    sub.dispose();
  });

  it('the Runs view lists experiments and their runs, newest first', async () => {
    const tree = (await api()).runsTree();
    const roots = await tree.getChildren();
    const experiment = roots.find((n) => n.kind === 'experiment' && n.experiment.name === 'weather');
    assert.ok(experiment, `experiments: ${JSON.stringify(roots.map((r) => r.kind === 'experiment' && r.experiment.name))}`);
    const runs = await tree.getChildren(experiment);
    assert.ok(runs.length >= 1);
    const item = tree.getTreeItem(runs[0]!);
    assert.match(String(item.description), /val_accuracy 0\.\d+/);
    assert.match(String(item.accessibilityInformation?.label), /, finished$/);
  });

  it('a failed request shows an error row with its reason, Show Logs and Retry, and Retry brings the runs back', async () => {
    const mlops = await api();
    const tree = mlops.runsTree();
    const view = mlops.runsView();
    const experiment = (await view.getChildren())!.find((n) => n.kind === 'experiment' && n.experiment.name === 'weather');
    assert.ok(experiment);
    tree.setFilter('metrics.x >>> 1');
    try {
      const shown = (await view.getChildren(experiment))!;
      assert.equal(shown.length, 1);
      const row = await view.getTreeItem(shown[0]!);
      assert.match(String(row.label), /Could not load runs/);
      assert.match(String(row.accessibilityInformation?.label), /^Error: could not load runs: .+/);
      const actions = await Promise.all((await view.getChildren(shown[0]!))!.map((n) => view.getTreeItem(n)));
      assert.deepEqual(actions.map((a) => a.command?.command), ['mlops.showLogs', 'mlops.retryView']);
    } finally {
      tree.setFilter(undefined);
    }
    await vscode.commands.executeCommand('mlops.retryView', 'mlops.runs');
    const runs = (await view.getChildren(experiment))!;
    assert.ok(runs.some((n) => n.kind === 'run') && !runs.some((n) => n.kind === 'viewError'), 'the runs are back');
  });
});

describe('Data versioning in the extension host', () => {
  it('the Datasets view lists the tracked table with its versions, newest first, and its rows × columns', async () => {
    const mlops = await api();
    await mlops.whenRuntimeReady();
    const tree = mlops.datasetsTree();
    const roots = await waitFor('the data/weather.csv dataset', async () => {
      const nodes = await tree.getChildren();
      return nodes.some((n) => n.kind === 'dataset' && n.dataset.path === 'data/weather.csv') ? nodes : undefined;
    });
    const data = roots.find((n) => n.kind === 'dataset' && n.dataset.path === 'data/weather.csv');
    assert.ok(data);
    const item = tree.getTreeItem(data);
    assert.match(String(item.description), /(^|· )v\d+ · [\d,]+ rows × \d+ cols/);
    const versions = await tree.getChildren(data);
    assert.ok(versions.length >= 1);
    assert.equal(tree.getTreeItem(versions[0]!).iconPath instanceof vscode.ThemeIcon, true);
  });

  it('a row appended to the tracked table becomes a version announced as an event', async () => {
    const mlops = await api();
    const seen = new Promise<RuntimeEvent>((resolve) => {
      const sub = mlops.onRuntimeEvent((e) => {
        if (e.type === 'dataset.version' && (e.data as { path: string }).path === 'data/weather.csv') {
          sub.dispose();
          resolve(e);
        }
      });
    });
    const { appendFileSync, readFileSync } = await import('node:fs');
    const table = join(folder(), 'data', 'weather.csv');
    const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
    appendFileSync(table, `${lines[lines.length - 1]}\n`);
    const event = await seen;
    assert.equal((event.data as { path: string }).path, 'data/weather.csv');
  });
});
