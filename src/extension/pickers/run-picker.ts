import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { MlopsContext } from '../ctx';
import { formatValue, headlineMetrics } from '../runs/run-format';
import type { RunsNode } from '../runs/runs-tree-provider';
import type { Run as WireRun } from '../../shared/contract';
import { call, EXPERIMENTS_SEARCH, RUNS_SEARCH } from '../../shared/contract';

export type RunTarget = RunsNode & { kind: 'run' };

const RECENT = 200;

export interface RunPickOptions {
  title: string;
  /** Only runs this accepts are offered, e.g. running ones for Stop Run. */
  where?: (run: WireRun) => boolean;
  /** Said when no run qualifies. */
  none?: string;
}

/** The newest runs of every experiment, newest first, with their experiment's name. */
export async function recentRuns(client: RuntimeClient, max = RECENT): Promise<{ runs: WireRun[]; experiments: Map<string, string> }> {
  const { experiments = [] } = await call(client, EXPERIMENTS_SEARCH, { max_results: 1000 });
  const names = new Map(experiments.map((e) => [e.experiment_id, e.name]));
  if (experiments.length === 0) return { runs: [], experiments: names };
  const { runs = [] } = await call(client, RUNS_SEARCH, {
    experiment_ids: experiments.map((e) => e.experiment_id),
    max_results: max,
    order_by: ['attributes.start_time DESC'],
  });
  return { runs, experiments: names };
}

function item(run: WireRun, experiments: Map<string, string>): vscode.QuickPickItem & { target: RunTarget } {
  const metrics = headlineMetrics(run.data.metrics ?? []).map((m) => `${m.key} ${formatValue(m.value)}`);
  return {
    label: run.info.run_name || run.info.run_id.slice(0, 8),
    description: `${experiments.get(run.info.experiment_id) ?? run.info.experiment_id} · ${run.info.run_id.slice(0, 8)}`,
    detail: [run.info.status.toLowerCase(), new Date(run.info.start_time ?? 0).toLocaleString(), ...metrics].join(' · '),
    target: { kind: 'run', run },
  };
}

async function candidates(ctx: MlopsContext, options: RunPickOptions): Promise<(vscode.QuickPickItem & { target: RunTarget })[]> {
  const { runs, experiments } = await recentRuns(ctx.requireClient());
  const offered = runs.filter((r) => options.where?.(r) ?? true);
  if (offered.length === 0) throw new Error(options.none ?? 'No runs yet: train a model first with MLOps: Run Experiment….');
  return offered.map((r) => item(r, experiments));
}

/** A run chosen in a QuickPick, as the Runs view would hand it to a command; undefined when dismissed. */
export async function pickRun(ctx: MlopsContext, options: RunPickOptions): Promise<RunTarget | undefined> {
  const pick = await vscode.window.showQuickPick(candidates(ctx, options), { title: options.title, matchOnDescription: true, matchOnDetail: true });
  return pick?.target;
}

/** Several runs chosen in a QuickPick; empty when dismissed. */
export async function pickRuns(ctx: MlopsContext, options: RunPickOptions): Promise<RunTarget[]> {
  const picks = await vscode.window.showQuickPick(candidates(ctx, options), { title: options.title, canPickMany: true, matchOnDescription: true, matchOnDetail: true });
  return (picks ?? []).map((p) => p.target);
}
