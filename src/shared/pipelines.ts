/** The runtime's pipeline routes (`/api/pipelines`), for the Pipelines view and the DAG. */

/** What repro did or is doing to a stage (`pipeline.stage` events). */
export type StageEventState = 'running' | 'ran' | 'cached' | 'skipped' | 'failed' | 'blocked';

/**
 * A stage as the view shows it: `running` while the runtime's repro runs it; `failed` when its
 * last repro here failed (until it runs again); else its status by DVC's rules.
 */
export type StageViewState = 'up-to-date' | 'changed' | 'frozen' | 'running' | 'failed';

export interface PipelineStage {
  id: string;
  name: string;
  /** Workspace-relative dvc.yaml holding it, and the line of its definition. */
  file: string;
  line: number;
  cmd: string | string[];
  deps: string[];
  outs: string[];
  /** Stage ids it depends on. */
  upstream: string[];
  state: StageViewState;
  /** Why it is changed or failed, as `mlops status --pipeline` says it. */
  reasons: string[];
  /** When it started running (state `running`). */
  startedAt?: number;
}

export interface Pipeline {
  /** Workspace-relative dvc.yaml. */
  file: string;
  stages: PipelineStage[];
}

export interface PipelinesResponse {
  pipelines: Pipeline[];
  /** A repro the runtime is running now. */
  running: boolean;
  /** Why the dvc.yaml files could not be read (then no pipelines). */
  error?: string;
}

export interface PipelineReproRequest {
  targets?: string[];
  force?: boolean;
  downstream?: boolean;
}

export interface PipelineReproResult {
  ran: string[];
  skipped: string[];
  failed: { id: string; reason: string }[];
  blocked: string[];
}
