import type { Pipeline, PipelineStage } from '../../../shared/pipelines';
import type { DagStateChange } from '../../../shared/webview/dag-messages';

/** What the DAG page was last sent: its graph's shape and each stage's state. No vscode import. */
export interface SentGraph {
  shape: string;
  states: Map<string, string>;
}

export type DagUpdate = { kind: 'graph'; sent: SentGraph } | { kind: 'states'; changes: DagStateChange[]; sent: SentGraph };

/** Everything that changes the layout: stages, their files and lines, and what joins them. */
function shapeOf(pipelines: readonly Pipeline[]): string {
  return JSON.stringify(pipelines.map((p) => [p.file, p.stages.map((s) => [s.id, s.name, s.file, s.line, s.deps, s.outs, s.params ?? [], s.upstream])]));
}

export function stateChange(stage: PipelineStage): DagStateChange {
  return { id: stage.id, state: stage.state, reasons: [...stage.reasons], ...(stage.startedAt !== undefined && { startedAt: stage.startedAt }) };
}

/**
 * The least the page needs to show `pipelines`: the whole graph when its shape changed (or nothing
 * was sent yet), else the stages whose state changed (possibly none).
 */
export function dagUpdate(sent: SentGraph | undefined, pipelines: readonly Pipeline[]): DagUpdate {
  const states = new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, JSON.stringify(stateChange(s))] as const)));
  const next: SentGraph = { shape: shapeOf(pipelines), states };
  if (!sent || sent.shape !== next.shape) return { kind: 'graph', sent: next };
  const changes = pipelines.flatMap((p) => p.stages.filter((s) => sent.states.get(s.id) !== states.get(s.id)).map(stateChange));
  return { kind: 'states', changes, sent: next };
}
