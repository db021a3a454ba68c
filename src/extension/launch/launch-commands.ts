import type { MlopsContext } from '../ctx';
import { pickRun } from '../pickers/run-picker';
import { runsOf } from '../runs/run-commands';
import { formForRun, formForTarget, pickLaunchTarget } from './launch-forms';
import { runCommandOf } from './param-sources';
import { RunFormPanel } from './run-form-panel';

/** Run Experiment… (a task or a command, then the form) and Re-run with Changes… (the form, pre-filled). */
export function registerLaunchCommands(ctx: MlopsContext): void {
  ctx.registerCommand('mlops.runExperiment', async () => {
    if (!ctx.folder) throw new Error('Open a folder first: Local MLOps keeps its runs in the workspace folder.');
    const target = await pickLaunchTarget(ctx);
    if (target) RunFormPanel.show(ctx, await formForTarget(ctx, target));
  });

  ctx.registerCommand('mlops.rerunWithChanges', async (node: unknown) => {
    const [target] = node === undefined ? [await pickRun(ctx, { title: 'Re-run which run with changes?', where: (r) => runCommandOf(r) !== undefined, none: 'No run was started by mlops run yet: use MLOps: Run Experiment… first.' })] : runsOf(node, undefined);
    if (target) RunFormPanel.show(ctx, await formForRun(ctx, target.run));
  });
}
