import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RuntimeClient } from '../../../src/shared/runtime-client';
import { api } from './suite-helpers';

/** The document's lenses, resolved, as VS Code's CodeLens UI asks for them. */
async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

/** Polls the lenses until one has a title passing `accept` (the cache refreshes after run events). */
async function waitForLens(uri: vscode.Uri, accept: (title: string) => boolean, timeoutMs = 20_000): Promise<vscode.CodeLens> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (;;) {
    const found = await lenses(uri);
    seen = found.map((l) => l.command?.title ?? '(unresolved)');
    const lens = found.find((l) => l.command && accept(l.command.title));
    if (lens) return lens;
    if (Date.now() > deadline) throw new Error(`no matching lens; lenses: ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A run of `python <script>` in `cwd`, as `mlops run` records it. */
async function logRun(client: RuntimeClient, metrics: Record<string, number>, params: Record<string, string>, cwd: string, script: string): Promise<string> {
  const name = `codelens-${Date.now()}`;
  const { experiment_id } = await client.request<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name });
  const tags = [
    { key: 'mlops.command', value: JSON.stringify(['python', script]) },
    { key: 'mlops.cwd', value: cwd },
  ];
  // The newest start time of the workspace, so it is "the last run" whatever is in the store.
  const { run } = await client.request<{ run: { info: { run_id: string } } }>('POST', '/api/2.0/mlflow/runs/create', { experiment_id, run_name: 'lens-owl', start_time: Date.now(), tags });
  await client.request('POST', '/api/2.0/mlflow/runs/log-batch', {
    run_id: run.info.run_id,
    metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: Date.now(), step: 0 })),
    params: Object.entries(params).map(([key, value]) => ({ key, value })),
  });
  await client.request('POST', '/api/2.0/mlflow/runs/update', { run_id: run.info.run_id, status: 'FINISHED', end_time: Date.now() });
  return run.info.run_id;
}

describe('Metric CodeLens in the extension host', () => {
  const metric = 'accuracy';
  const value = 0.9137;
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lens-'));
  const script = join(dir, 'train_lens.py');
  const neverRun = join(dir, 'never_run.py');
  const source = ['import mlflow', '', '# mlflow.log_metric("commented_out", 1)', `mlflow.log_metric("${metric}", acc)`, 'mlflow.log_metric("never_logged_metric", 1)', ''].join('\n');

  before(async () => {
    writeFileSync(script, source);
    writeFileSync(neverRun, source);
    const mlops = await api();
    await mlops.whenRuntimeReady(30_000);
    await logRun(mlops.runtimeClient()!, { [metric]: value }, { 'train.lr': '0.0137' }, dir, 'train_lens.py');
  });

  it('shows the last logged value above mlflow.log_metric in the Python file the run ran, and opens the comparison on click', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(script));
    const lens = await waitForLens(doc.uri, (title) => title.includes(metric) && title.includes(String(value)));
    assert.equal(lens.range.start.line, 3);
    assert.equal(lens.command!.title, 'accuracy 0.9137');
    assert.match(lens.command!.tooltip ?? '', /of the last 1 run of train_lens\.py/);
    assert.equal(lens.command!.command, 'mlops.compareRuns');
    assert.deepEqual(lens.command!.arguments, [{ focusMetric: metric }]);
    const all = await lenses(doc.uri);
    assert.equal(all.length, 2, 'no lens for the commented-out call');
    assert.ok(all.some((l) => l.command?.title === 'never_logged_metric — not logged yet'));
  });

  it('shows no lenses in a file no run ran, though it logs the same metric', async () => {
    const ran = await vscode.workspace.openTextDocument(vscode.Uri.file(script));
    await waitForLens(ran.uri, (title) => title.includes(metric));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(neverRun));
    assert.deepEqual(await lenses(doc.uri), []);
  });

  it('shows what a nested params.yaml key was set to in the runs', async () => {
    const file = join(dir, 'params.yaml');
    writeFileSync(file, 'train:\n  lr: 0.0137\n  epochs: 3\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    // Which run is "best" depends on what else the store holds; the value tried does not.
    const lens = await waitForLens(doc.uri, (title) => title.startsWith('train.lr '));
    assert.match(lens.command!.tooltip ?? '', /^tried: (.*, )?0\.0137\b/m);
    assert.equal(lens.range.start.line, 1);
    assert.deepEqual(lens.command!.arguments, [{ focusParam: 'train.lr' }]);
  });

  it('mlops.codeLens.enabled = false removes the lenses', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(script));
    await waitForLens(doc.uri, (title) => title.includes(metric));
    const config = vscode.workspace.getConfiguration('mlops');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await lenses(doc.uri), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForLens(doc.uri, (title) => title.includes(metric));
  });
});
