import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../../src/extension/api';

const EXTENSION_ID = 'local-mlops.local-mlops';

async function api(): Promise<MlopsApi> {
  const extension = vscode.extensions.getExtension<MlopsApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

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
});
