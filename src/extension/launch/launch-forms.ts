import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunFormModel } from '../../shared/webview/run-form-messages';
import type { MlopsContext } from '../ctx';
import { recentRuns } from '../pickers/run-picker';
import type { Run as WireRun } from '../../shared/contract';
import type { MlopsTaskDefinition } from '../tasks/mlops-task-provider';
import { TASK_TYPE } from '../tasks/mlops-task-provider';
import { commandLine, lastRunOf, resolveParams, runCommandOf, runExperimentOf, runParams, splitCommandLine } from './param-sources';

const LAST_COMMAND = 'mlops.lastLaunchCommand';

/** What the user chose to launch: a task of type mlops, or a typed command. */
export interface LaunchTarget {
  label: string;
  command: string[];
  experiment?: string | undefined;
  params?: MlopsTaskDefinition['params'];
}

/** A training task from tasks.json, or a command typed in; undefined when dismissed. */
export async function pickLaunchTarget(ctx: MlopsContext): Promise<LaunchTarget | undefined> {
  const TYPE = '$(terminal) Type a command…';
  const tasks = (await vscode.tasks.fetchTasks({ type: TASK_TYPE })).filter((t) => (t.definition as MlopsTaskDefinition).command);
  const items = [
    ...tasks.map((task) => {
      const d = task.definition as MlopsTaskDefinition;
      const command = Array.isArray(d.command) ? d.command : splitCommandLine(d.command ?? '');
      const params = Object.entries(d.params ?? {}).map(([k, v]) => `${k}=${String(v)}`);
      return { label: task.name, description: commandLine(command), detail: [d.experiment && `experiment ${d.experiment}`, ...params].filter(Boolean).join(' · '), target: { label: task.name, command, experiment: d.experiment, params: d.params } as LaunchTarget | undefined };
    }),
    { label: TYPE, description: tasks.length ? '' : 'no mlops tasks in tasks.json', detail: undefined, target: undefined },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Run Experiment: which training?', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.target) return pick.target;
  const typed = await vscode.window.showInputBox({
    title: 'Run Experiment: command to run',
    prompt: 'Run through mlops run, so it is tracked; params reach it as MLOPS_PARAM_<KEY>.',
    placeHolder: 'python train.py',
    value: ctx.extensionState.get<string>(LAST_COMMAND) ?? '',
    validateInput: (text) => {
      try {
        return splitCommandLine(text).length ? undefined : 'Give a command, e.g. python train.py';
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!typed) return undefined;
  await ctx.extensionState.update(LAST_COMMAND, typed);
  return { label: `Run ${commandLine(splitCommandLine(typed))}`, command: splitCommandLine(typed) };
}

async function readParamsYaml(folder: string | undefined): Promise<string | undefined> {
  if (!folder) return undefined;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(join(folder, 'params.yaml'))));
  } catch {
    return undefined;
  }
}

/** Recent runs and experiment names, or nothing when the runtime is not running yet. */
async function history(ctx: MlopsContext): Promise<{ runs: WireRun[]; experiments: Map<string, string> }> {
  const client = ctx.runtimeClient();
  if (!client) return { runs: [], experiments: new Map() };
  return recentRuns(client).catch((error: Error) => {
    ctx.log.warn(`run form: could not list earlier runs: ${error.message}`);
    return { runs: [], experiments: new Map<string, string>() };
  });
}

/** The form for a new run of `target`: params from the task, else params.yaml, else the last run of the command. */
export async function formForTarget(ctx: MlopsContext, target: LaunchTarget): Promise<RunFormModel> {
  const [paramsYaml, { runs, experiments }] = await Promise.all([readParamsYaml(ctx.folder), history(ctx)]);
  const lastRun = lastRunOf(runs, target.command);
  const resolved = resolveParams({ task: target.params, paramsYaml, lastRun }, target.label);
  const experiment = target.experiment ?? (lastRun ? (experiments.get(lastRun.info.experiment_id) ?? runExperimentOf(lastRun)) : '');
  return { title: target.label, command: commandLine(target.command), params: resolved.params, source: resolved.source, sourceNote: resolved.note, experiment, runName: '', experiments: [...new Set(experiments.values())] };
}

/** The form pre-filled with a run's command, params and experiment. */
export async function formForRun(ctx: MlopsContext, run: WireRun): Promise<RunFormModel> {
  const command = runCommandOf(run);
  if (!command) throw new Error(`Run ${run.info.run_name} was not started by mlops run, so its command is unknown. Use MLOps: Run Experiment… instead.`);
  const { experiments } = await history(ctx);
  return {
    title: `Re-run ${run.info.run_name}`,
    command: commandLine(command),
    params: runParams(run),
    source: 'run',
    sourceNote: `Command and params of ${run.info.run_name}; change any, then Run.`,
    experiment: experiments.get(run.info.experiment_id) ?? runExperimentOf(run),
    runName: '',
    experiments: [...new Set(experiments.values())],
  };
}
