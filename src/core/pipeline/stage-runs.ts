import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { KeyValue } from '../tracking';
import type { LockEntry } from './lock';
import { readMetricsFile, flatten } from './metrics-file';
import { PyFloat } from './py-yaml';
import type { EndStatus, RunWriter } from './run-writer';
import type { Stage } from './types';

/** What repro tells about the stages it executes (never about skipped ones). */
export interface StageRunHooks {
  started(stage: Stage): Promise<void>;
  /** The run of a stage executing now; undefined for one restored from the run-cache (or not tracked). */
  runIdOf(stage: Stage): Promise<string | undefined>;
  finished(stage: Stage, result: { entry: LockEntry } | { error: string }): Promise<void>;
}

export interface StageRunOptions {
  writer: RunWriter;
  workspace: string;
  experiment: string;
  /** The run stages nest under; without it one is created, named `pipelineRunName`, when the first stage starts. */
  parentRunId?: string;
  pipelineRunName?: string;
  /** The number of the data version of `rel` holding `md5`, when it was versioned. */
  versionOf(rel: string, md5: string): number | undefined;
  warn(line: string): void;
}

const BATCH = 100;

/**
 * Records every executed stage as a tracked run nested under one pipeline run (`mlflow.parentRunId`):
 * its command, its resolved params, the numbers of its metrics files, and lineage — the data
 * versions of its deps (`mlops.data.<path>`) and of its outputs (`mlops.output.<path>`). Tracking
 * trouble is reported, never fails a stage.
 */
export class StageRunTracker implements StageRunHooks {
  private parent: Promise<string> | undefined;
  private readonly runs = new Map<string, Promise<string | undefined>>();

  constructor(private readonly o: StageRunOptions) {
    if (o.parentRunId) this.parent = Promise.resolve(o.parentRunId);
  }

  /** The pipeline run, when one exists (a stage ran, or it was given). */
  get parentRunId(): Promise<string | undefined> {
    return this.parent ?? Promise.resolve(undefined);
  }

  async started(stage: Stage): Promise<void> {
    const run = this.guard(`start a run for stage '${stage.id}'`, async () => {
      const parentRunId = await this.pipelineRun();
      const experimentId = await this.experimentId();
      const cmd = typeof stage.cmd === 'string' ? stage.cmd : stage.cmd.join('\n');
      const tags: KeyValue[] = [
        { key: 'mlflow.parentRunId', value: parentRunId },
        { key: 'mlflow.source.name', value: cmd },
        { key: 'mlflow.source.type', value: 'LOCAL' },
        { key: 'mlflow.user', value: safeUser() },
        { key: 'mlops.stage', value: stage.id },
        { key: 'mlops.stage.file', value: stage.file },
        { key: 'mlops.stage.cmd', value: cmd },
        { key: 'mlops.cwd', value: join(this.o.workspace, ...stage.wdir.split('/').filter(Boolean)) },
      ];
      return this.o.writer.create({ experimentId, runName: stage.id, tags });
    });
    this.runs.set(stage.id, run);
    await run;
  }

  async runIdOf(stage: Stage): Promise<string | undefined> {
    return this.runs.get(stage.id);
  }

  async finished(stage: Stage, result: { entry: LockEntry } | { error: string }): Promise<void> {
    const runId = await this.runs.get(stage.id);
    this.runs.delete(stage.id);
    if (!runId) return;
    await this.guard(`record stage '${stage.id}'`, async () => {
      if ('error' in result) {
        await this.o.writer.log(runId, { tags: [{ key: 'mlops.error', value: result.error.slice(0, 5000) }] });
        await this.o.writer.end(runId, 'FAILED');
        return;
      }
      const { entry } = result;
      const params = stageParams(entry);
      const tags = this.lineage(stage, entry);
      const now = Date.now();
      const metrics = stage.outs.filter((o) => o.kind === 'metrics').flatMap((o) => readMetricsFile(join(this.o.workspace, ...o.key.split('/')), o.key)).map((m) => ({ ...m, timestamp: now, step: 0 }));
      // One write for params, tags and metrics together (MLflow's batch limits are per kind).
      for (let i = 0; i < Math.max(params.length, tags.length, metrics.length); i += BATCH) {
        const part = <T>(list: T[]): T[] => list.slice(i, i + BATCH);
        await this.o.writer.log(runId, { ...(i < params.length && { params: part(params) }), ...(i < tags.length && { tags: part(tags) }), ...(i < metrics.length && { metrics: part(metrics) }) });
      }
      await this.o.writer.end(runId, 'FINISHED');
    });
  }

  /** Ends the pipeline run this tracker created (a given parent is its owner's to end). */
  async finish(status: EndStatus): Promise<string | undefined> {
    if (!this.parent || this.o.parentRunId) return this.parentRunId;
    const runId = await this.parent.catch(() => undefined);
    if (runId) await this.guard('end the pipeline run', () => this.o.writer.end(runId, status));
    return runId;
  }

  private pipelineRun(): Promise<string> {
    this.parent ??= (async () => {
      const experimentId = await this.experimentId();
      return this.o.writer.create({
        experimentId,
        runName: this.o.pipelineRunName ?? 'repro',
        tags: [
          { key: 'mlflow.source.name', value: 'mlops repro' },
          { key: 'mlflow.source.type', value: 'LOCAL' },
          { key: 'mlflow.user', value: safeUser() },
          { key: 'mlops.pipeline', value: 'true' },
          { key: 'mlops.cwd', value: this.o.workspace },
        ],
      });
    })();
    return this.parent;
  }

  private experiment: Promise<string> | undefined;
  private experimentId(): Promise<string> {
    this.experiment ??= this.o.writer.experimentId(this.o.experiment);
    return this.experiment;
  }

  private lineage(stage: Stage, entry: LockEntry): KeyValue[] {
    const tag = (prefix: string, key: string, md5: string | undefined): KeyValue[] => {
      if (!md5) return [];
      const version = this.o.versionOf(key, md5);
      return [{ key: `${prefix}${key}`, value: version === undefined ? md5 : `v${version} ${md5}` }];
    };
    const md5Of = (items: LockEntry['deps'], path: string): string | undefined => items.find((i) => i.path === path)?.md5;
    return [...stage.deps.flatMap((d) => tag('mlops.data.', d.key, md5Of(entry.deps, d.path))), ...stage.outs.flatMap((o) => tag('mlops.output.', o.key, md5Of(entry.outs, o.path)))];
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      this.o.warn(`WARNING: could not ${what}: ${(error as Error).message}`);
      return undefined;
    }
  }
}

/** A stage's resolved params as run params: `key` for params.yaml, `file:key` for other files, DVC's flattened keys. */
export function stageParams(entry: LockEntry): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [file, values] of Object.entries(entry.params)) {
    for (const [key, value] of flatten(values as Record<string, unknown>)) out.push({ key: file === 'params.yaml' ? key : `${file}:${key}`, value: paramText(value) });
  }
  return out;
}

function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof PyFloat) return value.toString();
  return JSON.stringify(value, (_, v: unknown) => (v instanceof PyFloat ? v.value : v));
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
