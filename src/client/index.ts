// Local MLOps client for Node scripts: log params, metrics, tags and artifacts to the workspace's
// runtime without any ML library. Inside `mlops run` (or a VS Code `mlops` task) it attaches to the
// run being tracked; elsewhere it creates its own run.
//
//   const { startRun } = require('local-mlops/client');
//   const run = await startRun({ experiment: 'weather', params: { lr: 0.1 } });
//   run.logMetric('loss', 0.42, 3);
//   await run.end();
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isPlainRelative } from '../core/workspace/confine';
import { paramEnvName, wireDouble } from '../shared/mlflow-values';
import { RuntimeClient, RuntimeRequestError } from '../shared/runtime-client';

/** ONNX builders, for scripts that train by hand and have no converter. */
export { linearRegressionModel, logisticRegressionModel, mlpModel, treeEnsembleModel } from '../core/models/onnx';
import { MLOPS_DIR, RUNTIME_FILE, parseRuntimeInfo } from '../shared/runtime-info';
import { call, EXPERIMENTS_CREATE, EXPERIMENTS_GET_BY_NAME, MODEL_VERSIONS_CREATE, REGISTERED_MODELS_CREATE, RUNS_CREATE, RUNS_GET, RUNS_LOG_BATCH, RUNS_MOVE, RUNS_UPDATE } from '../shared/contract';

export interface StartRunOptions {
  experiment?: string;
  runName?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  /** Where to look for .mlops/runtime.json when MLFLOW_TRACKING_URI is not set. */
  cwd?: string;
}

type Status = 'FINISHED' | 'FAILED' | 'KILLED';

const FLUSH_AT = 1000;
const FLUSH_EVERY_MS = 250;

/** The runtime named by MLFLOW_TRACKING_URI (+ MLFLOW_TRACKING_TOKEN), else the workspace's. */
export function connect(cwd = process.cwd()): RuntimeClient {
  const uri = process.env.MLFLOW_TRACKING_URI;
  if (uri && /^https?:\/\//.test(uri)) {
    const port = Number(new URL(uri).port || 80);
    return new RuntimeClient({ pid: 0, port, token: process.env.MLFLOW_TRACKING_TOKEN ?? '', version: '' });
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, MLOPS_DIR, RUNTIME_FILE);
    if (existsSync(file)) {
      const info = parseRuntimeInfo(readFileSync(file, 'utf8'));
      if (info) return new RuntimeClient(info);
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error('No Local MLOps runtime found: run the script with `mlops run -- …`, from VS Code, or set MLFLOW_TRACKING_URI.');
}

export class Run {
  private queue: { key: string; value: number | string; timestamp: number; step: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: RuntimeClient,
    readonly runId: string,
    readonly experimentId: string,
    /** True when `mlops run` owns the run (it sets the final status). */
    readonly attached: boolean,
  ) {}

  logMetric(key: string, value: number, step = 0): void {
    this.queue.push({ key, value: wireDouble(value), timestamp: Date.now(), step });
    if (this.queue.length >= FLUSH_AT) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), FLUSH_EVERY_MS);
  }

  /** A background flush that fails is reported here and again by `end()`, never as an unhandled rejection. */
  private flushInBackground(): void {
    this.flush().catch((error: unknown) => console.error(`mlops: sending metrics of run ${this.runId} failed: ${(error as Error).message}`));
  }

  logMetrics(values: Record<string, number>, step = 0): void {
    for (const [key, value] of Object.entries(values)) this.logMetric(key, value, step);
  }

  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    const list = Object.entries(params).map(([key, value]) => ({ key, value: String(value) }));
    for (let i = 0; i < list.length; i += 100) await this.batch({ params: list.slice(i, i + 100) });
  }

  async setTag(key: string, value: string): Promise<void> {
    await this.batch({ tags: [{ key, value }] });
  }

  /**
   * Stores `content` as `path` among this run's artifacts. `path` must be a plain relative `/` path
   * (no '..', '.', empty or absolute parts, no '\\'): `fetch` would resolve a '..' before the
   * runtime saw it, landing the file in another run's artifacts.
   */
  async logArtifact(path: string, content: string | Uint8Array): Promise<void> {
    requireArtifactPath('logArtifact', path);
    const run = await call(this.client, RUNS_GET, { run_id: this.runId });
    await this.client.putArtifact(`${run.run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '')}/${path}`, content);
  }

  /**
   * Registers an artifact of this run (an ONNX file) as a new version of model `name`, creating the
   * model on first use. Returns the version's number.
   */
  async registerModel(name: string, artifactPath: string): Promise<{ name: string; version: string }> {
    requireArtifactPath('registerModel', artifactPath);
    try {
      await call(this.client, REGISTERED_MODELS_CREATE, { name });
    } catch (error) {
      if (!(error instanceof RuntimeRequestError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    const { model_version } = await call(this.client, MODEL_VERSIONS_CREATE, {
      name,
      source: `runs:/${this.runId}/${artifactPath}`,
      run_id: this.runId,
    });
    return { name: model_version.name, version: model_version.version };
  }

  /** Sends queued metrics now. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const metrics = this.queue.splice(0, this.queue.length);
    if (metrics.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      for (let i = 0; i < metrics.length; i += FLUSH_AT) await this.batch({ metrics: metrics.slice(i, i + FLUSH_AT) });
    });
    return this.flushing;
  }

  /** Flushes, then (for a run this script created) records its end. */
  async end(status: Status = 'FINISHED'): Promise<void> {
    await this.flush();
    if (!this.attached) await call(this.client, RUNS_UPDATE, { run_id: this.runId, status, end_time: Date.now() });
  }

  private async batch(body: Record<string, unknown>): Promise<void> {
    await call(this.client, RUNS_LOG_BATCH, { run_id: this.runId, ...body });
  }
}

/** Refuses, before any request, an artifact path that could name something outside the run's artifacts. */
function requireArtifactPath(method: string, path: string): void {
  if (typeof path === 'string' && isPlainRelative(path)) return;
  throw new Error(
    `${method}: ${JSON.stringify(String(path).slice(0, 200))} is not a path inside the run's artifacts; use a relative path such as "plots/loss.png", without '..', '.', empty parts, a leading '/' or '\\'.`,
  );
}

/** Attaches to MLFLOW_RUN_ID when set (inside `mlops run`), else creates a run. */
export async function startRun(options: StartRunOptions = {}): Promise<Run> {
  const client = connect(options.cwd);
  let run: Run;
  const attachedId = process.env.MLFLOW_RUN_ID;
  if (attachedId) {
    run = new Run(client, attachedId, await attachedExperimentId(client, attachedId, options.experiment), true);
  } else {
    const experimentId = await experimentIdOf(client, options.experiment ?? process.env.MLFLOW_EXPERIMENT_NAME ?? 'Default');
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }));
    const created = await call(client, RUNS_CREATE, {
      experiment_id: experimentId,
      start_time: Date.now(),
      ...(options.runName && { run_name: options.runName }),
      tags,
    });
    run = new Run(client, created.run.info.run_id, experimentId, false);
  }
  if (options.params) await run.logParams(options.params);
  return run;
}

/**
 * The attached run's experiment. When `mlops run` only defaulted it (MLOPS_EXPERIMENT_DEFAULTED=1:
 * no --experiment, no MLFLOW_EXPERIMENT_NAME), the experiment this script names wins: the run
 * moves there, once. If it cannot move, the run stays where it is, with a warning.
 */
async function attachedExperimentId(client: RuntimeClient, runId: string, requested: string | undefined): Promise<string> {
  if (requested && process.env.MLOPS_EXPERIMENT_DEFAULTED === '1') {
    delete process.env.MLOPS_EXPERIMENT_DEFAULTED;
    try {
      const moved = await call(client, RUNS_MOVE, { run_id: runId, experiment_name: requested });
      return moved.run_info.experiment_id;
    } catch (error) {
      process.emitWarning(`local-mlops: run ${runId} stays in its experiment, not '${requested}': ${(error as Error).message}`);
    }
  }
  const got = await call(client, RUNS_GET, { run_id: runId });
  return got.run.info.experiment_id;
}

async function experimentIdOf(client: RuntimeClient, name: string): Promise<string> {
  if (process.env.MLFLOW_EXPERIMENT_ID) return process.env.MLFLOW_EXPERIMENT_ID;
  try {
    return (await call(client, EXPERIMENTS_GET_BY_NAME, { experiment_name: name })).experiment.experiment_id;
  } catch {
    return (await call(client, EXPERIMENTS_CREATE, { name })).experiment_id;
  }
}

/** MLOPS_PARAM_<KEY> values `mlops run -p key=value` hands the script, with `defaults` for the rest. */
export function params<T extends Record<string, string | number>>(defaults: T): T {
  const out: Record<string, string | number> = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const raw = process.env[paramEnvName(key)];
    if (raw !== undefined) out[key] = typeof fallback === 'number' ? Number(raw) : raw;
  }
  return out as T;
}
