import type * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { createGuardedView } from '../views/register-views';
import type { ViewProblemNode } from '../views/view-error';
import { registerDvcYamlLenses } from './dvc-yaml-lens';
import { registerPipelineCommands } from './pipeline-commands';
import { PipelineState } from './pipeline-state';
import type { PipelinesNode } from './pipelines-tree-provider';
import { PipelinesTreeProvider } from './pipelines-tree-provider';

export const PIPELINES_VIEW = 'mlops.pipelines';

export interface Pipelines {
  /** The one PipelineState of the window (the DAG webview reads it too). */
  state: PipelineState;
  view: vscode.TreeView<PipelinesNode | ViewProblemNode>;
}

/** The Pipelines view, its commands, and the CodeLens and hovers in dvc.yaml files. */
export function registerPipelines(ctx: MlopsContext): Pipelines {
  const ready = (): boolean => ctx.runtimeClient() !== undefined;
  const state = new PipelineState(() => ctx.runtimeClient(), ctx.onRuntimeEvent, ctx.onRuntimeState);
  const tree = new PipelinesTreeProvider(state, ready);
  const view = createGuardedView({ subscriptions: ctx.subscriptions, log: ctx.log, runtimeReady: ready }, PIPELINES_VIEW, 'pipelines', tree);
  ctx.subscriptions.push(state, tree, view, registerDvcYamlLenses(state, () => ctx.folder));
  registerPipelineCommands(ctx, state);
  return { state, view };
}
