import { buildDag, loadPipeline, loadSchedulesConfig, pipelineTargets } from '../../core/pipeline';
import type { PipelineSchedule } from '../../core/pipeline';
import type { WorkspacePaths } from '../../core/workspace';
import type { PipelineReproRequest } from '../../shared/pipelines';
import type { ScheduleFiring, SchedulesResponse } from '../../shared/schedules';
import type { Log } from '../logger';
import type { ReproOutcome } from '../pipelines/pipeline-service';
import { CronTimers } from './cron-timers';
import type { CronEntry } from './cron-timers';
import { LastRuns } from './last-runs';

/** What the scheduler needs of the runtime's PipelineService: one repro at a time, the same the Pipelines view starts. */
export interface PipelineRepro {
  readonly busy: boolean;
  reproduce(request: PipelineReproRequest): Promise<ReproOutcome>;
}

export interface PipelineSchedulerOptions {
  paths: WorkspacePaths;
  pipelines: PipelineRepro;
  log: Log;
  /** The clock cron times are computed on; default Date.now. */
  now?: () => number;
}

/**
 * Runs mlops.yaml's `schedules:` in the runtime: at each cron time the schedule's stages are
 * reproduced through the PipelineService (so the views see the repro as their own); while a repro
 * runs, a firing starts none and is recorded as skipped.
 */
export class PipelineScheduler {
  private readonly timers: CronTimers;
  private readonly now: () => number;
  private readonly last: LastRuns;
  private readonly work = new Set<Promise<void>>();
  private schedules: PipelineSchedule[] = [];
  private started = false;
  private stopped = false;

  constructor(private readonly o: PipelineSchedulerOptions) {
    this.now = o.now ?? Date.now;
    this.timers = new CronTimers(this.now, (entry) => this.fire(entry));
    this.last = new LastRuns(o.paths.mlopsDir, (line) => o.log(`schedules: ${line}`));
  }

  /** Once this runtime owns the workspace: arms the schedules of mlops.yaml. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.reload();
  }

  /** Re-reads mlops.yaml's schedules (their problems are reported with the whole file's) and re-arms them. */
  reload(): void {
    if (!this.started || this.stopped) return;
    this.schedules = loadSchedulesConfig(this.o.paths.config).schedules;
    this.timers.arm(this.schedules.map((s) => ({ key: s.name, expr: s.cron })));
  }

  list(): SchedulesResponse {
    return {
      schedules: this.schedules.map((s) => {
        const nextRun = this.timers.nextAt(s.name);
        const lastRun = this.last.get(s.name);
        return { name: s.name, pipeline: s.pipeline, cron: s.cron, force: s.force, ...(nextRun !== undefined && { nextRun }), ...(lastRun && { lastRun }) };
      }),
    };
  }

  /** Resolves once the repros schedules started so far have ended. */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  stop(): void {
    this.stopped = true;
    this.timers.clear();
  }

  private fire(entry: CronEntry): void {
    const schedule = this.schedules.find((s) => s.name === entry.key);
    if (!schedule || this.stopped) return;
    const at = this.now();
    const record = (firing: Omit<ScheduleFiring, 'at'>): void => {
      this.last.set(schedule.name, { at, ...firing });
      this.o.log(`schedule ${schedule.name} (${schedule.cron}, ${schedule.pipeline}): ${firing.outcome}${firing.detail ? `: ${firing.detail}` : ''}`);
    };
    if (this.o.pipelines.busy) return record({ outcome: 'skipped', detail: 'a pipeline repro was already running' });
    let outcome: Promise<ReproOutcome>;
    try {
      const targets = pipelineTargets(buildDag(loadPipeline(this.o.paths.root).stages), schedule.pipeline);
      outcome = this.o.pipelines.reproduce({ targets, force: schedule.force });
    } catch (error) {
      return record({ outcome: 'failed', detail: (error as Error).message, endedAt: this.now() });
    }
    record({ outcome: 'running' });
    const tracked = outcome
      .then((ended) => record(conclusion(ended, this.now())))
      .catch((error: Error) => record({ outcome: 'failed', detail: error.message, endedAt: this.now() }))
      .finally(() => this.work.delete(tracked));
    this.work.add(tracked);
  }
}

function conclusion(ended: ReproOutcome, endedAt: number): Omit<ScheduleFiring, 'at'> {
  const runId = ended.runId !== undefined ? { runId: ended.runId } : {};
  const { result, error } = ended;
  if (!result) return { outcome: 'failed', detail: error ?? 'the repro stopped', endedAt, ...runId };
  if (result.failed.length > 0) return { outcome: 'failed', detail: result.failed.map((f) => `${f.id}: ${f.reason}`).join('; '), endedAt, ...runId };
  const detail = result.ran.length > 0 ? `ran ${result.ran.join(', ')}` : 'nothing changed, every stage skipped';
  return { outcome: 'succeeded', detail, endedAt, ...runId };
}
