import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor } from './suite-helpers';

interface Trigger {
  id: number;
  status: string;
  task?: string;
  decision?: string;
  modelVersion?: { name: string; version: string };
}

/** A monitor whose retrain is the workspace's "weather: retrain" task (it always registers; validation decides), added to the example's mlops.yaml. */
const TASK_MONITOR = `
  - name: task-retrain
    model: weather@champion
    reference: data/weather.csv
    on_new_data: false
    retrain:
      task: "weather: retrain"
      policy: auto
      validation: { data: holdout/weather.csv, label: weather }
`;

describe('Monitoring in the extension host', () => {
  it('registers the monitor, alert and retraining commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlops.runMonitor', 'mlops.silenceMonitor', 'mlops.retrainModel', 'mlops.showRetrainHistory', 'mlops.showAlerts', 'mlops.openDriftDashboard']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it("opens the example monitor's retraining history as a read-only Markdown document", async () => {
    await (await api()).whenRuntimeReady(30_000);
    const uri = vscode.Uri.from({ scheme: 'mlops-retrain', path: '/weather-drift retraining.md', query: 'monitor=weather-drift' });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /^# weather-drift: retraining history\n\nRetrains `weather@champion`\./);
  });

  it('runs a task retrain: the runtime hands the trigger to VS Code, which runs the task and reports its end', async function () {
    this.timeout(240_000);
    const mlops = await api();
    await mlops.whenRuntimeReady(30_000);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const config = join(root, 'mlops.yaml');
    const original = readFileSync(config, 'utf8');
    // The example commits its held-out file (2015, disjoint from the training data).
    assert.ok(existsSync(join(root, 'holdout', 'weather.csv')), 'the example holds holdout/weather.csv');
    writeFileSync(config, original.replace(/^monitors:\n/m, `monitors:${TASK_MONITOR}`));
    try {
      const client = mlops.runtimeClient()!;
      await waitFor('the runtime to load the new monitor', async () => {
        const { monitors = [] } = await client.request<{ monitors?: { name: string }[] }>('GET', '/api/monitors');
        return monitors.some((m) => m.name === 'task-retrain') ? true : undefined;
      }, 30_000);
      const started = await client.request<Trigger>('POST', '/api/retrain', { monitor: 'task-retrain' });
      assert.equal(started.status, 'running');
      assert.equal(started.task, 'weather: retrain');
      const ended = await waitFor('the retrain to end', async () => {
        const { triggers } = await client.request<{ triggers: Trigger[] }>('GET', '/api/retrain?monitor=task-retrain');
        const trigger = triggers.find((t) => t.id === started.id);
        return trigger && ['promoted', 'rejected', 'failed'].includes(trigger.status) ? trigger : undefined;
      }, 200_000);
      assert.notEqual(ended.status, 'failed', `the retrain failed: ${ended.decision}`);
      assert.equal(ended.modelVersion?.name, 'weather', 'the version the task registered was validated');
    } finally {
      writeFileSync(config, original);
    }
  });
});
