import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { MlopsContext } from '../ctx';
import { failureReason } from '../failure-reporting';
import { pickRun } from '../pickers/run-picker';
import { runsOf } from '../runs/run-commands';
import type { Run as WireRun } from '../../shared/contract';
import { ComparePanel } from './compare-panel';
import { lowerIsBetter } from '../../shared/metric-direction';
import { call, EXPERIMENTS_SEARCH, RUNS_SEARCH } from '../../shared/contract';

const RECENT_RUNS = 50;
/** How many runs a lens opens the panel with. */
const FOCUS_RUNS = 10;

interface FocusArgument {
  focusMetric?: string;
  focusParam?: string;
}

async function recentRuns(client: RuntimeClient, filter?: string): Promise<WireRun[]> {
  const { experiments = [] } = await call(client, EXPERIMENTS_SEARCH, { max_results: 1000 });
  if (experiments.length === 0) return [];
  const { runs = [] } = await call(client, RUNS_SEARCH, {
    experiment_ids: experiments.map((e) => e.experiment_id),
    max_results: RECENT_RUNS,
    order_by: ['attributes.start_time DESC'],
    ...(filter && { filter }),
  });
  return runs;
}

function describe(run: WireRun): string {
  const metrics = (run.data.metrics ?? []).slice(0, 3).map((m) => `${m.key} ${typeof m.value === 'number' ? Number(m.value.toPrecision(4)) : m.value}`);
  return [run.info.status.toLowerCase(), new Date(run.info.start_time ?? 0).toLocaleString(), ...metrics].join(' · ');
}

/** Compare Runs from the Runs view selection, the palette, a lens, or a run against its parent or the best run. */
export function registerCompareCommands(ctx: MlopsContext): void {

  ctx.registerCommand('mlops.compareRuns', async (node: unknown, selection: unknown) => {
    // A view-title click may arrive without arguments: the Runs view's own selection then counts.
    const chosen = runsOf(node, selection);
    const selected = (chosen.length >= 2 ? chosen : runsOf(undefined, ctx.views.runs.selection)).map((n) => n.run.info.run_id);
    if (selected.length >= 2) return ComparePanel.show(ctx, selected);
    const focus = node && typeof node === 'object' && !('kind' in node) ? (node as FocusArgument) : undefined;
    if (focus?.focusMetric || focus?.focusParam) {
      const key = focus.focusMetric ? `metrics.\`${focus.focusMetric}\`` : `params.\`${focus.focusParam}\``;
      const runs = (
        await recentRuns(ctx.requireClient(), `${key} IS NOT NULL`).catch((error: unknown) => {
          ctx.log.info(`compare: could not pick the runs that logged ${key} (${failureReason(error)}); comparing the newest runs`);
          return recentRuns(ctx.requireClient());
        })
      ).slice(0, FOCUS_RUNS);
      if (runs.length < 2) throw new Error(`Fewer than two runs logged ${focus.focusMetric ?? focus.focusParam}; there is nothing to compare yet.`);
      return ComparePanel.show(ctx, runs.map((r) => r.info.run_id), { ...(focus.focusMetric && { metric: focus.focusMetric }), ...(focus.focusParam && { param: focus.focusParam }) });
    }
    const runs = await recentRuns(ctx.requireClient());
    if (runs.length < 2) throw new Error('Compare needs at least two runs; train a model first (Terminal › Run Task › mlops).');
    const preselected = new Set(selected);
    const picks = await vscode.window.showQuickPick(
      runs.map((run) => ({ label: run.info.run_name, description: run.info.run_id.slice(0, 8), detail: describe(run), picked: preselected.has(run.info.run_id), runId: run.info.run_id })),
      { canPickMany: true, title: 'Compare runs: pick two or more', matchOnDescription: true, matchOnDetail: true },
    );
    if (!picks) return;
    if (picks.length < 2) throw new Error('Pick at least two runs to compare.');
    ComparePanel.show(ctx, picks.map((p) => p.runId));
  });

  ctx.registerCommand('mlops.compareWithParent', async (node: unknown) => {
    node ??= await pickRun(ctx, { title: 'Compare which run with its parent?', where: (r) => r.data.tags?.some((t) => t.key === 'mlflow.parentRunId') ?? false, none: 'No run has a parent run (an mlflow.parentRunId tag).' });
    const [target] = runsOf(node, undefined);
    if (!target) return;
    const parent = target.run.data.tags?.find((t) => t.key === 'mlflow.parentRunId')?.value;
    if (!parent) throw new Error(`${target.run.info.run_name} has no parent run (no mlflow.parentRunId tag).`);
    ComparePanel.show(ctx, [parent, target.run.info.run_id]);
  });

  ctx.registerCommand('mlops.compareWithBest', async (node: unknown) => {
    node ??= await pickRun(ctx, { title: 'Compare which run with the best run?', where: (r) => (r.data.metrics ?? []).length > 0, none: 'No run logged metrics yet.' });
    const [target] = runsOf(node, undefined);
    if (!target) return;
    const keys = (target.run.data.metrics ?? []).map((m) => m.key);
    if (keys.length === 0) throw new Error(`${target.run.info.run_name} logged no metrics to rank runs by.`);
    const key = keys.length === 1 ? keys[0] : await vscode.window.showQuickPick(keys, { title: 'Best run by which metric?' });
    if (!key) return;
    const { runs = [] } = await call(ctx.requireClient(), RUNS_SEARCH, {
      experiment_ids: [target.run.info.experiment_id],
      filter: `metrics.\`${key}\` IS NOT NULL`,
      order_by: [`metrics.\`${key}\` ${lowerIsBetter(key) ? 'ASC' : 'DESC'}`],
      max_results: 2,
    });
    const best = runs.find((r) => r.info.run_id !== target.run.info.run_id);
    if (!best) throw new Error(`No other run in this experiment logged ${key}.`);
    if (runs[0]?.info.run_id === target.run.info.run_id) void vscode.window.showInformationMessage(`${target.run.info.run_name} is the best run by ${key}; comparing with the runner-up.`);
    ComparePanel.show(ctx, [best.info.run_id, target.run.info.run_id], { metric: key });
  });
}
