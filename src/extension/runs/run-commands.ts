import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { pickRun, pickRuns } from '../pickers/run-picker';
import type { MlopsTaskDefinition } from '../tasks/mlops-task-provider';
import { RunPagePanel } from './run-page/run-page-panel';
import type { RunsNode } from './runs-tree-provider';
import type { Run as WireRun } from '../../shared/contract';
import { call, RUNS_DELETE, RUNS_RESTORE, RUNS_SEARCH, RUNS_SET_TAG, RUNS_UPDATE } from '../../shared/contract';

type RunNode = RunsNode & { kind: 'run' };

export function runsOf(node: unknown, selection: unknown): RunNode[] {
  const all = Array.isArray(selection) && selection.length > 0 ? selection : [node];
  return all.filter((n): n is RunNode => typeof n === 'object' && n !== null && (n as RunsNode).kind === 'run');
}

function tag(run: WireRun, key: string): string | undefined {
  return run.data.tags?.find((t) => t.key === key)?.value;
}

/** The Runs view's commands: open, filter, rename, tag, delete (with undo), stop, re-run, reveal. */
export function registerRunCommands(ctx: MlopsContext): void {
  const runs = ctx.runsTree;

  ctx.registerCommand('mlops.refreshRuns', () => runs.refresh());
  ctx.registerCommand('mlops.loadMoreRuns', (node) => runs.loadMore(node as RunsNode & { kind: 'more' }));

  ctx.registerCommand('mlops.filterRuns', async () => {
    const value = await vscode.window.showInputBox({
      title: 'Filter runs',
      prompt: "MLflow search syntax, plus OR, parentheses and IN: metrics.val_accuracy > 0.7 AND params.model = 'tree'",
      value: runs.filter ?? '',
      validateInput: async (text) => {
        if (!text.trim()) return undefined;
        try {
          await call(ctx.requireClient(), RUNS_SEARCH, { experiment_ids: ['0'], filter: text, max_results: 1 });
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (value !== undefined) runs.setFilter(value);
  });
  ctx.registerCommand('mlops.clearRunsFilter', () => runs.setFilter(undefined));

  // A run row, a run id (the compare panel, a run page) or, from the palette, a picked run.
  ctx.registerCommand('mlops.openRun', async (node: unknown) => {
    if (typeof node === 'string' && node !== '') return void RunPagePanel.show(ctx, node);
    node ??= await pickRun(ctx, { title: 'Open which run?' });
    const [target] = runsOf(node, undefined);
    if (target) RunPagePanel.show(ctx, target.run.info.run_id, target.run.info.run_name);
  });

  ctx.registerCommand('mlops.copyRunId', async (node, selection) => {
    if (node === undefined) selection = await pickRuns(ctx, { title: 'Copy the ids of which runs?' });
    const ids = runsOf(node, selection).map((n) => n.run.info.run_id);
    if (ids.length === 0) return;
    await vscode.env.clipboard.writeText(ids.join('\n'));
    void vscode.window.setStatusBarMessage(`Copied ${ids.length === 1 ? 'run id' : `${ids.length} run ids`}`, 3000);
  });

  ctx.registerCommand('mlops.renameRun', async (node) => {
    node ??= await pickRun(ctx, { title: 'Rename which run?' });
    const [target] = runsOf(node, undefined);
    if (!target) return;
    const name = await vscode.window.showInputBox({ title: 'Rename run', value: target.run.info.run_name, validateInput: (v) => (v.trim() ? undefined : 'A run needs a name') });
    if (name) await call(ctx.requireClient(), RUNS_UPDATE, { run_id: target.run.info.run_id, run_name: name.trim() });
  });

  ctx.registerCommand('mlops.tagRun', async (node, selection) => {
    if (node === undefined) selection = await pickRuns(ctx, { title: 'Tag which runs?' });
    const targets = runsOf(node, selection);
    if (targets.length === 0) return;
    const text = await vscode.window.showInputBox({ title: 'Tag runs', prompt: 'key=value', validateInput: (v) => (/^[^=\s][^=]*=/.test(v) ? undefined : 'Write key=value') });
    if (!text) return;
    const [key, ...rest] = text.split('=');
    for (const t of targets) await call(ctx.requireClient(), RUNS_SET_TAG, { run_id: t.run.info.run_id, key: key!.trim(), value: rest.join('=') });
  });

  ctx.registerCommand('mlops.deleteRun', async (node, selection) => {
    if (node === undefined) selection = await pickRuns(ctx, { title: 'Delete which runs?' });
    const targets = runsOf(node, selection);
    if (targets.length === 0) return;
    const what = targets.length === 1 ? `run "${targets[0]!.run.info.run_name}"` : `${targets.length} runs`;
    const ok = await vscode.window.showWarningMessage(`Delete ${what}? Its params, metrics and artifacts are kept and it can be restored.`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    for (const t of targets) await call(ctx.requireClient(), RUNS_DELETE, { run_id: t.run.info.run_id });
    const undo = await vscode.window.showInformationMessage(`Deleted ${what}.`, 'Undo');
    if (undo === 'Undo') {
      for (const t of targets) await call(ctx.requireClient(), RUNS_RESTORE, { run_id: t.run.info.run_id });
      runs.refresh();
    }
  });

  ctx.registerCommand('mlops.stopRun', async (node) => {
    node ??= await pickRun(ctx, { title: 'Stop which run?', where: (r) => r.info.status === 'RUNNING', none: 'No run is running.' });
    const [target] = runsOf(node, undefined);
    if (!target) return;
    const pid = Number(tag(target.run, 'mlops.pid'));
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
        return;
      } catch {
        // the supervising process is gone: mark the run below
      }
    }
    await call(ctx.requireClient(), RUNS_UPDATE, { run_id: target.run.info.run_id, status: 'KILLED', end_time: Date.now() });
  });

  ctx.registerCommand('mlops.rerun', async (node) => {
    node ??= await pickRun(ctx, { title: 'Re-run which run?', where: (r) => tag(r, 'mlops.command') !== undefined, none: 'No run was started by mlops run yet: use MLOps: Run Experiment… first.' });
    const [target] = runsOf(node, undefined);
    if (!target || !ctx.folder) return;
    const command = JSON.parse(tag(target.run, 'mlops.command') ?? 'null') as string[] | null;
    if (!command) throw new Error(`Run ${target.run.info.run_name} was not started by mlops run, so its command is unknown.`);
    const params = JSON.parse(tag(target.run, 'mlops.params') ?? '{}') as Record<string, string>;
    const definition: MlopsTaskDefinition = { type: 'mlops', command, params, experiment: tag(target.run, 'mlops.experiment') ?? target.run.info.experiment_id };
    const folder = vscode.workspace.workspaceFolders?.[0];
    await vscode.tasks.executeTask(ctx.taskProvider.build(definition, folder ?? vscode.TaskScope.Workspace, `re-run ${target.run.info.run_name}`));
  });

  ctx.registerCommand('mlops.revealArtifacts', async (node) => {
    node ??= await pickRun(ctx, { title: 'Reveal the artifacts of which run?' });
    const [target] = runsOf(node, undefined);
    if (!target || !ctx.folder) return;
    const dir = join(ctx.folder, '.mlops', 'artifacts', ...target.run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '').split('/'));
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
  });
}
