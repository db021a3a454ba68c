import type { DatasetRepository } from '../../core/data';
import { DomainError } from '../../core/errors';
import type { JobRunner } from '../../core/jobs';
import { StageRunTracker, buildDag, lastStageRuns, loadPipeline, pipelineStatus, reproduce, selectStages, setStageFrozen, trackingRunWriter, workspaceStageTools } from '../../core/pipeline';
import type { Dag, ReproResult, StageEvent } from '../../core/pipeline';
import type { Store } from '../../core/store';
import type { Tracking } from '../../core/tracking';
import type { WorkspacePaths } from '../../core/workspace';
import type { Pipeline, PipelineFreezeResult, PipelineReproRequest, PipelinesResponse, PipelineStage, StageLastRun } from '../../shared/pipelines';
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

/** How a repro of the runtime ended: its result, or why it stopped; the pipeline run its stages nest under. */
export interface ReproOutcome {
  result?: ReproResult;
  error?: string;
  runId?: string;
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
  private outcome: Promise<ReproOutcome> | undefined;

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
    const runs = this.lastRuns();
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
        params: stage.params.flatMap((p) => (p.keys ? p.keys.map((k) => `${p.key}:${k}`) : [p.key])),
        outs: stage.outs.map((o) => o.key),
        upstream: [...dag.upstream.get(stage.id)!],
        state: live?.state ?? status.state,
        reasons: live?.reasons ?? status.reasons,
        ...(live?.startedAt !== undefined && { startedAt: live.startedAt }),
        ...(runs.has(stage.id) && { lastRun: runs.get(stage.id) }),
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
    const outcome = this.run(dag, request, targets);
    this.outcome = outcome;
    this.running = outcome.then(() => undefined).finally(() => {
      this.running = undefined;
    });
    return { started: true, targets };
  }

  /** Starts a repro as repro() does and resolves with how it ended (for schedules and pipeline retrains). */
  reproduce(request: PipelineReproRequest): Promise<ReproOutcome> {
    this.repro(request);
    return this.outcome!;
  }

  /** Freezes or unfreezes a stage in its dvc.yaml; refused while a repro runs (it read the file when it started). */
  freeze(stage: string, frozen: boolean): PipelineFreezeResult {
    if (this.running) throw new ApiError('INVALID_STATE', `A pipeline repro is running; ${frozen ? 'freeze' : 'unfreeze'} '${stage}' once it has finished.`);
    const result = setStageFrozen(this.ctx.paths.root, stage, frozen);
    if (result.changed) this.ctx.log(`pipeline: ${frozen ? 'froze' : 'unfroze'} stage '${stage}' in ${result.file}`);
    return result;
  }

  /** Each stage's newest run; tracking trouble leaves the stages without one rather than failing the list. */
  private lastRuns(): Map<string, StageLastRun> {
    const runs = new Map<string, StageLastRun>();
    try {
      for (const [id, run] of lastStageRuns(this.ctx.store.db)) {
        runs.set(id, { runId: run.runId, status: run.status, ...(run.startTime !== null && { startTime: run.startTime }), ...(run.endTime !== null && { endTime: run.endTime }) });
      }
    } catch (error) {
      this.ctx.log(`pipeline: could not read the stages' last runs: ${(error as Error).message}`);
    }
    return runs;
  }

  /** Resolves when no repro is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(dag: Dag, request: PipelineReproRequest, targets: string[]): Promise<ReproOutcome> {
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
    const runId = await tracker.finish(result && result.failed.length === 0 ? 'FINISHED' : 'FAILED');
    for (const [id, live] of this.live) if (live.state === 'running') this.live.delete(id);
    hub.publish('pipeline.repro', { state: 'finished', targets, ...(result && { result }), ...(error && { error }) });
    return { ...(result && { result }), ...(error && { error }), ...(runId && { runId }) };
  }
}
