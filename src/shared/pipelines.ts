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
  /** Params it reads: `file:key`, or `file` for a whole params file (the DAG's param nodes). */
  params?: string[];
  outs: string[];
  /** Stage ids it depends on. */
  upstream: string[];
  state: StageViewState;
  /** Why it is changed or failed, as `mlops status --pipeline` says it. */
  reasons: string[];
  /** When it started running (state `running`). */
  startedAt?: number;
  /** Its newest tracked run (a repro that executed it): *Open Run* and the dvc.yaml hover. */
  lastRun?: StageLastRun;
}

export interface StageLastRun {
  runId: string;
  status: string;
  startTime?: number;
  endTime?: number;
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

export interface PipelineFreezeRequest {
  stage: string;
  frozen: boolean;
}

export interface PipelineFreezeResult {
  /** The dvc.yaml edited (workspace-relative); `changed` false when it already said so. */
  file: string;
  changed: boolean;
}
