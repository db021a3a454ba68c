import { DomainError } from '../../errors';
import type { JobRunner } from '../../jobs';
import type { ModelRegistry } from '../../registry';
import type { Store } from '../../store';
import { Tracking } from '../../tracking';
import type { WorkspacePaths } from '../../workspace';
import type { MonitorConfig } from '../monitors/monitors-config';
import type { RetrainTrigger } from '../../../shared/monitors';
import { parseModelSpec } from '../monitors/reference';
import { currentDataVersion, dataVersionEnv } from './data-version';
import { findRetrainedVersion } from './retrained-version';
import type { TriggerChange } from './trigger-store';
import { RetrainTriggerStore } from './trigger-store';
import type { TrainingResult } from './training-process';
import { TrainingProcess } from './training-process';
import { validateAndPromote } from './validate-retrained';

export interface RetrainStepsContext {
  store: Store;
  paths: WorkspacePaths;
  registry: ModelRegistry;
  now(): number;
  /** After every stored change of a trigger. */
  changed(trigger: RetrainTrigger): void;
}

export interface TrainingRun {
  /** The command's exit code (a task's, as the extension reports it). */
  exitCode: number;
  runId?: string;
  /** Workspace-relative output log, when the runtime ran the command. */
  log?: string;
  /** When the training started (epoch ms): a version created since may be the retrained one. */
  since: number;
}

/**
 * The steps of one retrain that need no runtime: record the data version, run the command as a
 * tracked run, then find the version it registered, validate it against the alias's version and
 * promote or reject it. Every step is stored on the trigger and announced through `changed`.
 */
export class RetrainSteps {
  readonly triggers: RetrainTriggerStore;
  private closed = false;

  constructor(private readonly ctx: RetrainStepsContext) {
    this.triggers = new RetrainTriggerStore(ctx.store.db);
  }

  /** Stores a change and announces it; once closed (the runtime stopping) changes are dropped. */
  update(id: number, change: TriggerChange): RetrainTrigger | undefined {
    if (this.closed) return undefined;
    const trigger = this.triggers.update(id, change, this.ctx.now());
    this.ctx.changed(trigger);
    return trigger;
  }

  /** Nothing more is written: the store is about to close. */
  close(): void {
    this.closed = true;
  }

  /** Records the current data version on the trigger; the command reads it from MLOPS_DATA_*. */
  recordDataVersion(id: number, monitor: MonitorConfig): Record<string, string> {
    const data = currentDataVersion(this.ctx.store, this.ctx.paths, monitor);
    if (data) this.update(id, { dataVersion: data });
    return dataVersionEnv(data);
  }

  /** Runs monitor.retrain.command through `mlops run`; `started` receives the training so it can be stopped. */
  async train(id: number, monitor: MonitorConfig, options: { cliPath: string; runner?: JobRunner; onOutput?(text: string): void; started?(training: TrainingProcess): void }): Promise<TrainingRun> {
    const command = monitor.retrain?.command;
    if (!command) throw new Error(`monitor ${monitor.name} has no retrain command`);
    const since = Date.now();
    const env = this.recordDataVersion(id, monitor);
    const experiment = this.experimentOfCurrentVersion(monitor);
    const training = new TrainingProcess({
      cliPath: options.cliPath,
      workspace: this.ctx.paths.root,
      logsDir: this.ctx.paths.logs,
      triggerId: id,
      monitor: monitor.name,
      command,
      env,
      ...(experiment !== undefined && { experiment }),
      onRun: (runId) => this.update(id, { runId }),
      ...(options.runner && { runner: options.runner }),
      ...(options.onOutput && { onOutput: options.onOutput }),
    });
    options.started?.(training);
    const result: TrainingResult = await training.run();
    return { ...result, since };
  }

  /** The experiment of the run that trained the version the alias points at: the retrain's run joins it. */
  private experimentOfCurrentVersion(monitor: MonitorConfig): string | undefined {
    const runId = this.ctx.registry.findVersionByAlias(parseModelSpec(monitor.model).name, monitor.retrain!.alias)?.runId;
    if (!runId) return undefined;
    const tracking = new Tracking(this.ctx.store, Tracking.artifactRoot(this.ctx.paths.mlopsDir));
    try {
      return tracking.experiments.get(tracking.runs.get(runId).info.experimentId).name;
    } catch (error) {
      // The run was deleted: mlops run's default experiment.
      if (error instanceof DomainError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }

  /** After the training: fails, or finds, validates and promotes or rejects the new version. */
  async conclude(id: number, monitor: MonitorConfig, run: TrainingRun): Promise<RetrainTrigger | undefined> {
    const where = run.log ? `; log: ${run.log}` : '';
    if (run.runId !== undefined && this.triggers.get(id).runId !== run.runId) this.update(id, { runId: run.runId });
    if (run.exitCode !== 0) return this.update(id, { status: 'failed', decision: `training exited with code ${run.exitCode}${where}` });
    const retrain = monitor.retrain;
    if (!retrain) return this.update(id, { status: 'failed', decision: `monitor ${monitor.name} no longer has a retrain: section in mlops.yaml` });
    const { name } = parseModelSpec(monitor.model);
    const version = findRetrainedVersion(this.ctx.registry, name, run);
    if (!version) return this.update(id, { status: 'failed', decision: `the training registered no new version of ${name}${where}` });
    if (!this.update(id, { status: 'validating', modelVersion: { name, version: String(version.version) } })) return undefined;
    try {
      const verdict = await validateAndPromote(this.ctx.registry, this.ctx.paths, retrain, version);
      return this.update(id, { status: verdict.promoted ? 'promoted' : 'rejected', decision: verdict.decision });
    } catch (error) {
      return this.update(id, { status: 'failed', decision: `validating v${version.version} failed: ${(error as Error).message}` });
    }
  }
}
