import type { DatasetRepository } from '../../core/data';
import { DomainError } from '../../core/errors';
import type { JobRunner } from '../../core/jobs';
import { StageRunTracker, buildDag, loadPipeline, pipelineStatus, reproduce, selectStages, trackingRunWriter, workspaceStageTools } from '../../core/pipeline';
import type { Dag, ReproResult, StageEvent } from '../../core/pipeline';
import type { Store } from '../../core/store';
import type { Tracking } from '../../core/tracking';
import type { WorkspacePaths } from '../../core/workspace';
import type { Pipeline, PipelineReproRequest, PipelinesResponse, PipelineStage } from '../../shared/pipelines';
import type { EventHub } from '../event-hub';
import { ApiError } from '../http';
import type { Log } from '../logger';

export interface PipelineServiceContext {
  paths: WorkspacePaths;
  store: Store;
  tracking: Tracking;
  datasets: DatasetRepository;
  jobs: JobRunner;
  hub: EventHub;
  log: Log;
}

interface LiveState {
  state: 'running' | 'failed';
  reasons: string[];
  startedAt?: number;
}

/**
 * The workspace's dvc.yaml pipelines for the editor: each stage's state (its status by DVC's rules,
 * or running / failed in the runtime's own repro), and one repro at a time on the runtime's job
 * runner, its stages tracked as runs and every state change published as `pipeline.stage`.
 */
export class PipelineService {
  private readonly live = new Map<string, LiveState>();
  private running: Promise<void> | undefined;

  constructor(private readonly ctx: PipelineServiceContext) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  async list(): Promise<PipelinesResponse> {
    let dag: Dag;
    try {
      dag = buildDag(loadPipeline(this.ctx.paths.root).stages);
    } catch (error) {
      return { pipelines: [], running: this.busy, error: (error as Error).message };
    }
    let statuses: Awaited<ReturnType<typeof pipelineStatus>>;
    try {
      statuses = await pipelineStatus({ workspace: this.ctx.paths.root, hash: (rel) => this.ctx.datasets.hash(rel) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { pipelines: [], running: this.busy, error: error.message };
    }
    const byFile = new Map<string, Pipeline>();
    for (const status of statuses) {
      const stage = dag.stages.get(status.id)!;
      const live = this.live.get(status.id);
      const view: PipelineStage = {
        id: stage.id,
        name: stage.name,
        file: stage.file,
        line: stage.line,
        cmd: stage.cmd,
        deps: stage.deps.map((d) => d.key),
        outs: stage.outs.map((o) => o.key),
        upstream: [...dag.upstream.get(stage.id)!],
        state: live?.state ?? status.state,
        reasons: live?.reasons ?? status.reasons,
        ...(live?.startedAt !== undefined && { startedAt: live.startedAt }),
      };
      if (!byFile.has(stage.file)) byFile.set(stage.file, { file: stage.file, stages: [] });
      byFile.get(stage.file)!.stages.push(view);
    }
    return { pipelines: [...byFile.values()], running: this.busy };
  }

  /** Starts a repro of the targets (all stages when none); refused while one runs or when a target is unknown. */
  repro(request: PipelineReproRequest): { started: true; targets: string[] } {
    if (this.running) throw new ApiError('INVALID_STATE', 'A pipeline repro is already running in the runtime; wait for it to finish (pipeline.repro event).');
    const targets = request.targets ?? [];
    const dag = buildDag(loadPipeline(this.ctx.paths.root).stages);
    selectStages(dag, targets, { downstream: request.downstream });
    this.ctx.hub.publish('pipeline.repro', { state: 'started', targets });
    this.running = this.run(dag, request, targets).finally(() => {
      this.running = undefined;
    });
    return { started: true, targets };
  }

  /** Resolves when no repro is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(dag: Dag, request: PipelineReproRequest, targets: string[]): Promise<void> {
    const { paths, datasets, store, tracking, jobs, hub, log } = this.ctx;
    const tracker = new StageRunTracker({
      writer: trackingRunWriter(tracking),
      workspace: paths.root,
      experiment: 'Default',
      pipelineRunName: ['repro', ...targets].join(' '),
      versionOf: (rel, md5) => datasets.versionWithMd5(rel, md5)?.version,
      warn: (line) => log(`pipeline: ${line}`),
    });
    const tools = workspaceStageTools({ repo: datasets, db: store.db, jobs, log: (line) => log(`pipeline: ${line}`) });
    tools.runs = tracker;
    const onStage = (id: string, state: StageEvent, reason?: string): void => {
      if (state === 'running') this.live.set(id, { state, reasons: reason ? [reason] : [], startedAt: Date.now() });
      else if (state === 'failed') this.live.set(id, { state, reasons: reason ? [reason] : [] });
      else if (state !== 'blocked') this.live.delete(id);
      hub.publish('pipeline.stage', { id, file: dag.stages.get(id)?.file ?? 'dvc.yaml', state, ...(reason && { reason }), time: Date.now() });
    };
    let result: ReproResult | undefined;
    let error: string | undefined;
    try {
      result = await reproduce(tools, { targets, force: request.force, downstream: request.downstream, onStage });
    } catch (e) {
      error = (e as Error).message;
      log(`pipeline: repro failed: ${error}`);
    }
    await tracker.finish(result && result.failed.length === 0 ? 'FINISHED' : 'FAILED');
    for (const [id, live] of this.live) if (live.state === 'running') this.live.delete(id);
    hub.publish('pipeline.repro', { state: 'finished', targets, ...(result && { result }), ...(error && { error }) });
  }
}
