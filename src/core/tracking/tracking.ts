import { join, resolve } from 'node:path';
import { invalid } from '../errors';
import type { Store } from '../store';
import { ArtifactStore } from './artifacts';
import { ExperimentRepository } from './experiments';
import { LoggedModelRepository } from './logged-models';
import { MetricRepository, parseInt64, parseMetricValue } from './metrics';
import type { MovedRun } from './move-run';
import { moveRunToExperiment } from './move-run';
import { RunInputRepository } from './run-inputs';
import type { DataVersionResolver } from './run-inputs';
import { RunRepository } from './runs';
import type { KeyValue, Metric, RunInfo } from './types';
import { LIMITS, validateKey } from './validation';

export interface TrackingChange {
  kind: 'experiment' | 'run' | 'metrics';
  experimentId: string;
  runId?: string;
  metrics?: Metric[];
  /** A run change: the run as it is after it (absent when it can no longer be read). */
  info?: RunInfo;
  /** Params the change logged. */
  params?: KeyValue[];
}

export interface LogBatchInput {
  metrics?: unknown[];
  params?: unknown[];
  tags?: unknown[];
}

/** The tracking area's entry point: repositories, transactions and change notification. */
export class Tracking {
  readonly experiments: ExperimentRepository;
  readonly metrics: MetricRepository;
  readonly runs: RunRepository;
  readonly artifacts: ArtifactStore;
  readonly loggedModels: LoggedModelRepository;
  readonly inputs: RunInputRepository;
  /** The workspace the store belongs to: `artifactRoot` is its `.mlops/artifacts`. */
  readonly workspaceRoot: string;

  constructor(
    private readonly store: Store,
    artifactRoot: string,
    private readonly notify: (change: TrackingChange) => void = () => undefined,
  ) {
    this.experiments = new ExperimentRepository(store.db);
    this.metrics = new MetricRepository(store.db);
    this.inputs = new RunInputRepository(store.db);
    this.runs = new RunRepository(store.db, this.experiments, this.metrics, this.inputs);
    this.artifacts = new ArtifactStore(artifactRoot);
    this.workspaceRoot = resolve(artifactRoot, '..', '..');
    this.loggedModels = new LoggedModelRepository(store.db, this.experiments);
  }

  static artifactRoot(mlopsDir: string): string {
    return join(mlopsDir, 'artifacts');
  }

  createRun(input: Parameters<RunRepository['create']>[0]) {
    const info = this.store.transaction(() => this.runs.create(input));
    this.runChanged(info.runId);
    return this.runs.get(info.runId);
  }

  /** Validates the whole batch first, then writes it in one transaction: all or nothing. */
  logBatch(runId: unknown, input: LogBatchInput): void {
    const metrics = parseMetrics(input.metrics ?? []);
    const params = parseKeyValues('params', input.params ?? []);
    const tags = parseKeyValues('tags', input.tags ?? []);
    if (metrics.length > LIMITS.maxMetricsPerBatch) throw invalid(`A batch logging request can contain at most ${LIMITS.maxMetricsPerBatch} metrics. Got ${metrics.length} metrics.`);
    if (params.length > LIMITS.maxParamsTagsPerBatch) throw invalid(`A batch logging request can contain at most ${LIMITS.maxParamsTagsPerBatch} params. Got ${params.length} params.`);
    if (tags.length > LIMITS.maxParamsTagsPerBatch) throw invalid(`A batch logging request can contain at most ${LIMITS.maxParamsTagsPerBatch} tags. Got ${tags.length} tags.`);
    const total = metrics.length + params.length + tags.length;
    if (total > LIMITS.maxEntitiesPerBatch) throw invalid(`A batch logging request can contain at most ${LIMITS.maxEntitiesPerBatch} metrics, params and tags in total. Got ${total}.`);
    const keys = new Set<string>();
    for (const p of params) {
      if (keys.has(p.key)) {
        const values = params.filter((q) => q.key === p.key).map((q) => q.value);
        if (new Set(values).size > 1) throw invalid(`Duplicate parameter keys have been submitted: ['${p.key}']. Please ensure the request contains only one param value per param key.`);
      }
      keys.add(p.key);
    }
    const info = this.store.transaction(() => {
      const id = this.runs.activeRunId(runId);
      this.runs.logParams(id, params);
      for (const tag of tags) this.runs.setTag(id, tag.key, tag.value);
      if (metrics.length > 0) this.metrics.append(id, metrics);
      this.loggedModels.logMetrics(id, metrics);
      return this.runs.info(id);
    });
    if (metrics.length > 0) this.notify({ kind: 'metrics', experimentId: info.experimentId, runId: info.runId, metrics });
    if (params.length > 0 || tags.length > 0) this.runChanged(info.runId, params);
  }

  /** MLflow's LogInputs: datasets (joined to tracked data versions by `resolve`) and logged models the run read. */
  logInputs(runId: unknown, datasets: unknown[], models: unknown[], resolve?: DataVersionResolver): void {
    this.changeRun(runId, (id) => this.inputs.log(id, this.runs.info(id).experimentId, datasets, models, resolve));
  }

  /** Runs a write on one run inside a transaction and notifies its change. */
  changeRun<T>(runId: unknown, fn: (runId: string) => T, requireActive = true): T {
    const { result, id } = this.store.transaction(() => {
      const id = requireActive ? this.runs.activeRunId(runId) : this.runs.info(runId).runId;
      return { result: fn(id), id };
    });
    this.runChanged(id);
    return result;
  }

  /** Files a RUNNING run under the experiment named `experimentName`, creating it when missing (see move-run.ts). */
  moveRun(runId: unknown, experimentName: unknown): MovedRun {
    const moved = moveRunToExperiment({ store: this.store, experiments: this.experiments, runs: this.runs, artifacts: this.artifacts }, runId, experimentName);
    const { experimentId, runId: id } = moved.info;
    if (moved.fromExperimentId === experimentId) return moved;
    if (moved.createdExperiment) this.experimentChanged(experimentId);
    this.experimentChanged(moved.fromExperimentId);
    this.runChanged(id);
    return moved;
  }

  changeExperiment<T>(fn: () => T, experimentId: () => string): T {
    const result = fn();
    this.experimentChanged(experimentId());
    return result;
  }

  experimentChanged(experimentId: string): void {
    this.notify({ kind: 'experiment', experimentId });
  }

  /** At startup: runs whose runtime died while they were RUNNING become FAILED. */
  failOrphanedRuns(): string[] {
    const ids = this.store.transaction(() => this.runs.failOrphans());
    for (const id of ids) this.runChanged(id);
    return ids;
  }

  /** Notifies a run's change with the run as it is now, so listeners need not read it back. */
  private runChanged(runId: string, params?: KeyValue[]): void {
    const info = this.runs.info(runId);
    this.notify({ kind: 'run', experimentId: info.experimentId, runId, info, ...(params && params.length > 0 && { params }) });
  }
}

function parseMetrics(raw: unknown[]): Metric[] {
  if (!Array.isArray(raw)) throw invalid("Invalid value for parameter 'metrics': must be a list.");
  return raw.map((m, i) => {
    if (typeof m !== 'object' || m === null) throw invalid(`Invalid metric ${JSON.stringify(m)}: must be an object with key, value, timestamp and step.`);
    const { key, value, timestamp, step, model_id: modelId, dataset_name: datasetName, dataset_digest: datasetDigest } = m as Record<string, unknown>;
    const k = validateKey('metric', key);
    return {
      key: k,
      value: parseMetricValue(k, value),
      timestamp: parseInt64(`metrics[${i}].timestamp`, timestamp),
      step: parseInt64(`metrics[${i}].step`, step, 0),
      ...optionalString('model_id', modelId, 'modelId'),
      ...optionalString('dataset_name', datasetName, 'datasetName'),
      ...optionalString('dataset_digest', datasetDigest, 'datasetDigest'),
    };
  });
}

function optionalString<K extends string>(wire: string, value: unknown, field: K): Partial<Record<K, string>> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${wire}' supplied: it must be a string.`);
  return { [field]: value } as Partial<Record<K, string>>;
}

function parseKeyValues(what: 'params' | 'tags', raw: unknown[]): KeyValue[] {
  if (!Array.isArray(raw)) throw invalid(`Invalid value for parameter '${what}': must be a list.`);
  return raw.map((item) => {
    if (typeof item !== 'object' || item === null) throw invalid(`Invalid ${what.slice(0, -1)} ${JSON.stringify(item)}: must be an object with key and value.`);
    const { key, value } = item as Record<string, unknown>;
    if (typeof key !== 'string') throw invalid(`Invalid ${what.slice(0, -1)} key ${JSON.stringify(key)}: must be a string.`);
    if (typeof value !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for ${what.slice(0, -1)} '${key}': must be a string.`);
    return { key, value };
  });
}
