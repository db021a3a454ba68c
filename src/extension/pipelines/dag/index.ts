import type { MlopsContext } from '../../ctx';
import type { PipelineState } from '../pipeline-state';
import { openStageDefinition, openStageRun } from './dag-actions';
import { DagPanel } from './dag-panel';

/**
 * The stage a command was given: a Pipelines view row (`{ kind: 'stage', stage }`), the DAG page's
 * context menu (`{ stageId }`) or a stage id.
 */
export function stageIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { stageId?: unknown; kind?: unknown; stage?: { id?: unknown } };
  if (typeof o.stageId === 'string') return o.stageId;
  if (o.kind === 'stage' && typeof o.stage?.id === 'string') return o.stage.id;
  return undefined;
}

/** *MLOps: Show Pipeline DAG* and the DAG page's stage context menu. */
export function registerDag(ctx: MlopsContext, state: PipelineState): void {
  ctx.registerCommand('mlops.showPipelineDag', (arg: unknown) => void DagPanel.show(ctx, state, stageIdOf(arg)));

  const stageOf = (arg: unknown) => {
    const id = stageIdOf(arg);
    const stage = id === undefined ? undefined : state.stage(id);
    if (!stage) throw new Error(id ? `Stage '${id}' is not in the pipelines any more.` : 'Choose a stage in the pipeline DAG.');
    return stage;
  };
  ctx.registerCommand('mlops.dagOpenStageDefinition', (arg: unknown) => openStageDefinition(ctx, stageOf(arg)));
  ctx.registerCommand('mlops.dagOpenStageRun', (arg: unknown) => openStageRun(stageOf(arg)));
}
