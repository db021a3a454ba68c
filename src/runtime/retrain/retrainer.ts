import { DomainError, invalid, notFound } from '../../core/errors';
import { JobRunner } from '../../core/jobs';
import type { RetrainTriggerStore, TrainingProcess, TrainingRun } from '../../core/monitoring';
import { RetrainSteps, retrainConfigHint } from '../../core/monitoring';
import type { ModelRegistry } from '../../core/registry';
import type { Store } from '../../core/store';
import type { WorkspacePaths } from '../../core/workspace';
import type { MonitorConfig } from '../../core/monitoring';
import type { MonitorResult, RetrainStatus, RetrainTrigger, StoredAlert } from '../../shared/monitors';
import type { EventHub } from '../event-hub';
import type { Log } from '../logger';
import { createRuntimeRegistry } from '../registry-events';
import { RetrainSchedules } from './retrain-schedules';
import type { RetrainSchedule } from './retrain-schedules';
import { trainWithPipeline } from './pipeline-training';
import type { RetrainPipelines } from './pipeline-training';

export interface RetrainerOptions {
  store: Store;
  paths: WorkspacePaths;
  hub: EventHub;
  log: Log;
  /** The monitors of mlops.yaml as loaded now. */
  monitors: () => readonly MonitorConfig[];
  /** dist/cli.js, which runs `mlops run`: the runtime's own script by default. */
  cliPath?: string;
  /** The runtime's job runner; by default one of the retrainer's own, publishing `job.changed`, closed by stop(). */
  jobs?: JobRunner;
  /** The runtime's registry (Runtime passes its one); by default one of the retrainer's own that publishes `model.changed`. */
  registry?: ModelRegistry;
  /** The runtime's PipelineService, which runs `retrain: {pipeline: …}` retrains; without it they fail. */
  pipelines?: RetrainPipelines;
  now?: () => number;
}

const INTERRUPTED = 'the runtime stopped during the retrain';
const UNFINISHED: readonly RetrainStatus[] = ['running', 'validating'];

/**
 * Starts retrains (from alerts, schedules and the user), runs command retrains as tracked runs,
 * waits for task retrains to be reported finished, then validates and promotes. Owned by the
 * runtime; every change is stored and published as `retrain.changed`.
 */
export class Retrainer {
  private readonly steps: RetrainSteps;
  private readonly schedules: RetrainSchedules;
  private readonly cliPath: string;
  private readonly now: () => number;
  private readonly jobs: JobRunner;
  private readonly ownsJobs: boolean;
  private readonly trainings = new Map<number, TrainingProcess>();
  /** Task retrains running, and since when (a version registered since then is theirs). */
  private readonly taskStarts = new Map<number, number>();
  private readonly work = new Set<Promise<unknown>>();
  /** Retrains this runtime started and has not concluded. */
  private readonly mine = new Set<number>();
  private started = false;
  private stopped = false;

  constructor(private readonly o: RetrainerOptions) {
    this.now = o.now ?? Date.now;
    this.cliPath = o.cliPath ?? process.argv[1] ?? '';
    this.ownsJobs = o.jobs === undefined;
    this.jobs = o.jobs ?? ownJobRunner(o);
    const registry = o.registry ?? createRuntimeRegistry(o.store, o.paths, o.hub);
    this.steps = new RetrainSteps({ store: o.store, paths: o.paths, registry, now: this.now, changed: (trigger) => o.hub.publish('retrain.changed', { trigger }) });
    this.schedules = new RetrainSchedules(this.now, (schedule) => this.onSchedule(schedule));
  }

  /**
   * Once this runtime owns the workspace: retrains a killed runtime left running or validating
   * become failed, and the schedules are armed. (Not in the constructor: a runtime that loses the
   * start race must not touch the winner's retrains.)
   */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const trigger of this.triggers.withStatus(UNFINISHED)) {
      this.steps.update(trigger.id, { status: 'failed', decision: INTERRUPTED });
      this.o.log(`retrain ${trigger.id} of ${trigger.monitor}: marked failed, ${INTERRUPTED}`);
    }
    this.setMonitors();
  }

  get triggers(): RetrainTriggerStore {
    return this.steps.triggers;
  }

  /** Newest first; of one monitor when named. */
  list(monitor?: string): RetrainTrigger[] {
    return this.triggers.list(monitor);
  }

  /** Re-arms the retrain schedules after mlops.yaml changed. */
  setMonitors(monitors: readonly MonitorConfig[] = this.o.monitors()): void {
    if (!this.started || this.stopped) return;
    this.schedules.arm(monitors.flatMap((m): RetrainSchedule[] => (m.retrain?.schedule ? [{ monitor: m.name, expr: m.retrain.schedule }] : [])));
  }

  /** When the monitor's retrain schedule fires next (epoch ms). */
  nextScheduledAt(monitor: string): number | undefined {
    return this.schedules.nextAt(monitor);
  }

  /**
   * After a monitor run: an alert of a `retrain: true` rule starts a retrain (or, with policy ask,
   * waits for the user). Returns the trigger's id: the new one, or the monitor's active one.
   */
  async onAlerts(monitor: MonitorConfig, alerts: readonly StoredAlert[], _result?: MonitorResult): Promise<number | undefined> {
    const alert = alerts.find((a) => a.retrain);
    if (!alert || !monitor.retrain || this.stopped) return undefined;
    return this.trigger(monitor, `alert: ${alert.rule}`, alert.id).id;
  }

  /** The user asks for a retrain now: a pending one starts, else a new one; refused while one runs. */
  request(monitorName: string, reason = 'manual'): RetrainTrigger {
    const monitor = this.monitor(monitorName);
    const active = this.triggers.active(monitor.name);
    if (active?.status === 'pending') return this.approve(active.id);
    if (active) throw busy(active);
    return this.begin(this.create(monitor, reason, 'running'), monitor);
  }

  approve(id: number): RetrainTrigger {
    const trigger = this.pending(id, 'approve');
    const monitor = this.monitor(trigger.monitor);
    return this.begin(this.steps.update(trigger.id, { status: 'running' }) ?? trigger, monitor);
  }

  decline(id: number): RetrainTrigger {
    const trigger = this.pending(id, 'decline');
    return this.steps.update(trigger.id, { status: 'declined', decision: 'declined by the user' }) ?? trigger;
  }

  /** The extension reports that a task retrain's VS Code task ended. */
  finished(id: number, exitCode: number): RetrainTrigger {
    if (!Number.isInteger(exitCode)) throw invalid(`exitCode must be an integer, got ${JSON.stringify(exitCode)}`);
    const trigger = this.triggers.get(id);
    if (trigger.status !== 'running') throw new DomainError('INVALID_STATE', `Retrain ${id} is ${trigger.status}, not running: only a running task retrain can be reported finished.`);
    const since = this.taskStarts.get(id);
    if (since === undefined) throw new DomainError('INVALID_STATE', `Retrain ${id} runs a command the runtime started itself; it reports its own end.`);
    this.taskStarts.delete(id);
    const monitor = this.o.monitors().find((m) => m.name === trigger.monitor);
    if (!monitor) return this.steps.update(id, { status: 'failed', decision: `monitor ${trigger.monitor} is no longer in mlops.yaml` }) ?? trigger;
    // Runs synchronously up to validation: the answer already says failed or validating.
    this.track(this.steps.conclude(id, monitor, { exitCode, since }), id);
    return this.triggers.get(id);
  }

  /** Resolves once the retrains started so far have ended (or the runtime stopped them). */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Clears the timers, stops trainings and marks the retrains it was running failed; waits for nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.schedules.clear();
    for (const training of this.trainings.values()) training.stop();
    for (const id of this.mine) {
      if (UNFINISHED.includes(this.triggers.get(id).status)) this.steps.update(id, { status: 'failed', decision: INTERRUPTED });
    }
    this.steps.close();
    if (this.ownsJobs) this.jobs.close();
  }

  private onSchedule(schedule: RetrainSchedule): void {
    const monitor = this.o.monitors().find((m) => m.name === schedule.monitor);
    if (!monitor?.retrain || this.stopped) return;
    try {
      const trigger = this.trigger(monitor, `schedule: ${schedule.expr}`);
      this.o.log(`retrain ${trigger.id} of ${monitor.name}: schedule ${schedule.expr} (${trigger.status})`);
    } catch (error) {
      this.o.log(`retrain of ${monitor.name} on schedule ${schedule.expr}: ${(error as Error).message}`);
    }
  }

  /** A new trigger by policy, unless the monitor has an active one: that one's returned instead. */
  private trigger(monitor: MonitorConfig, reason: string, alertId?: number): RetrainTrigger {
    const active = this.triggers.active(monitor.name);
    if (active) return active;
    const auto = monitor.retrain!.policy === 'auto';
    const trigger = this.create(monitor, reason, auto ? 'running' : 'pending', alertId);
    return auto ? this.begin(trigger, monitor) : trigger;
  }

  private create(monitor: MonitorConfig, reason: string, status: 'pending' | 'running', alertId?: number): RetrainTrigger {
    const trigger = this.triggers.create({ monitor: monitor.name, reason, policy: monitor.retrain!.policy, status, time: this.now(), ...(alertId !== undefined && { alertId }), ...(monitor.retrain!.task !== undefined && { task: monitor.retrain!.task }) });
    this.o.hub.publish('retrain.changed', { trigger });
    this.o.log(`retrain ${trigger.id} of ${monitor.name}: ${reason}, ${status}`);
    return trigger;
  }

  /** A running trigger: the runtime runs a command; a task waits for the extension's finished(). */
  private begin(trigger: RetrainTrigger, monitor: MonitorConfig): RetrainTrigger {
    this.mine.add(trigger.id);
    if (monitor.retrain?.command) {
      this.track(this.runCommand(trigger.id, monitor), trigger.id);
      return this.triggers.get(trigger.id);
    }
    if (monitor.retrain?.pipeline !== undefined) {
      this.track(this.runPipeline(trigger.id, monitor), trigger.id);
      return this.triggers.get(trigger.id);
    }
    this.taskStarts.set(trigger.id, Date.now());
    try {
      this.steps.recordDataVersion(trigger.id, monitor);
    } catch (error) {
      this.taskStarts.delete(trigger.id);
      return this.steps.update(trigger.id, { status: 'failed', decision: `cannot read the data version: ${(error as Error).message}` }) ?? trigger;
    }
    return this.triggers.get(trigger.id);
  }

  private async runCommand(id: number, monitor: MonitorConfig): Promise<void> {
    let run: TrainingRun;
    try {
      run = await this.steps.train(id, monitor, { cliPath: this.cliPath, runner: this.jobs, started: (training) => this.trainings.set(id, training) });
    } finally {
      this.trainings.delete(id);
    }
    if (this.stopped) return;
    const ended = await this.steps.conclude(id, monitor, run);
    if (ended) this.o.log(`retrain ${id} of ${monitor.name}: ${ended.status}${ended.decision ? `, ${ended.decision}` : ''}`);
  }

  /** Reproduces the retrain's pipeline in the runtime, then validates the version it registered. */
  private async runPipeline(id: number, monitor: MonitorConfig): Promise<void> {
    const { pipelines } = this.o;
    if (!pipelines) throw new Error(`retrain.pipeline of ${monitor.name} runs only in the runtime (mlops runtime start), which reproduces the pipeline`);
    this.steps.recordDataVersion(id, monitor);
    const training = await trainWithPipeline(pipelines, this.o.paths, monitor.retrain!, (runId) => runId !== undefined && this.steps.update(id, { runId }));
    if (this.stopped) return;
    const ended = 'failed' in training ? this.steps.update(id, { status: 'failed', decision: training.failed }) : await this.steps.conclude(id, monitor, training.run);
    if (ended) this.o.log(`retrain ${id} of ${monitor.name}: ${ended.status}${ended.decision ? `, ${ended.decision}` : ''}`);
  }

  /** Keeps the promise for settled(); an unexpected error fails the trigger rather than vanishing. */
  private track(promise: Promise<unknown>, id: number): void {
    const tracked = promise
      .catch((error: Error) => {
        this.o.log(`retrain ${id}: ${error.stack ?? error.message}`);
        this.steps.update(id, { status: 'failed', decision: error.message });
      })
      .finally(() => {
        this.work.delete(tracked);
        this.mine.delete(id);
      });
    this.work.add(tracked);
  }

  private monitor(name: string): MonitorConfig {
    const monitor = this.o.monitors().find((m) => m.name === name);
    if (!monitor) throw notFound(`No monitor named "${name}" in mlops.yaml (monitors: ${this.o.monitors().map((m) => m.name).join(', ') || 'none'}).`);
    if (!monitor.retrain) throw invalid(`Monitor ${name} has no retrain configured; ${retrainConfigHint(name)}.`);
    return monitor;
  }

  private pending(id: number, action: string): RetrainTrigger {
    const trigger = this.triggers.get(id);
    if (trigger.status !== 'pending') throw new DomainError('INVALID_STATE', `Retrain ${id} of ${trigger.monitor} is ${trigger.status}; only a pending retrain can be ${action === 'approve' ? 'approved' : 'declined'}.`);
    return trigger;
  }
}

function ownJobRunner(o: RetrainerOptions): JobRunner {
  const jobs = new JobRunner({ store: o.store, log: o.log });
  jobs.onChanged((job) => o.hub.publish('job.changed', { job }));
  return jobs;
}

function busy(active: RetrainTrigger): DomainError {
  return new DomainError('INVALID_STATE', `A retrain of ${active.monitor} is already ${active.status} (retrain ${active.id}, started ${new Date(active.createdAt).toISOString()}); wait for it to finish.`);
}
