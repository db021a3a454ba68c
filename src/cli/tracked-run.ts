import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import type { JobProcess, ProcessTreeUsage } from '../core/jobs';
import { startProcess } from '../core/jobs';
import type { KeyValue } from '../core/tracking';
import { gitTags, parseStdoutLine, readEnvironment, readGit } from '../core/tracking';
import type { DatasetInfo } from '../shared/data';
import { paramEnvName, wireDouble } from '../shared/mlflow-values';
import type { RuntimeClient } from '../shared/runtime-client';
import { runtimeBaseUrl } from '../shared/runtime-info';
import { defaultedRunToken } from '../shared/run-token';
import type { RunInfo } from '../shared/contract';
import { call, DATA_ADD, DATA_DATASETS, EXPERIMENTS_CREATE, EXPERIMENTS_GET_BY_NAME, RUNS_CREATE, RUNS_GET, RUNS_LOG_BATCH, RUNS_UPDATE } from '../shared/contract';

export interface TrackedRunOptions {
  client: RuntimeClient;
  token: string;
  port: number;
  workspace: string;
  logsDir: string;
  command: string[];
  /** The experiment named on the command line or task; else MLFLOW_EXPERIMENT_NAME; else Default, which the script may override. */
  experiment?: string;
  runName?: string;
  params: KeyValue[];
  systemMetricsMs?: number;
  out(text: string): void;
  err(text: string): void;
}

export interface TrackedRunResult {
  runId: string;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  exitCode: number;
}

/** After a stop signal, how long the command may take to end before its process tree is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs a command as a tracked run: creates the run with its lineage, hands the command the MLflow
 * environment, records stdout metric lines, system metrics and the output log, and ends the run
 * FINISHED, FAILED or KILLED from how the command ended.
 */
export class TrackedRun {
  private child: JobProcess | undefined;
  private killedBy: NodeJS.Signals | undefined;
  private pending: Promise<unknown>[] = [];
  private readonly experiment: string;
  /** Nobody named the experiment: the script may name it (the Node client then moves the run). */
  private readonly experimentDefaulted: boolean;

  constructor(private readonly o: TrackedRunOptions) {
    const named = o.experiment || process.env.MLFLOW_EXPERIMENT_NAME || undefined;
    this.experiment = named ?? 'Default';
    this.experimentDefaulted = named === undefined;
  }

  async execute(): Promise<TrackedRunResult> {
    const { client } = this.o;
    const experimentId = await this.experimentId();
    const git = await readGit(this.o.workspace);
    const tags: KeyValue[] = [
      { key: 'mlflow.source.name', value: this.o.command.join(' ') },
      { key: 'mlflow.source.type', value: 'LOCAL' },
      { key: 'mlflow.user', value: safeUser() },
      { key: 'mlops.command', value: JSON.stringify(this.o.command) },
      { key: 'mlops.cwd', value: this.o.workspace },
      { key: 'mlops.pid', value: String(process.pid) },
      { key: 'mlops.params', value: JSON.stringify(Object.fromEntries(this.o.params.map((p) => [p.key, p.value]))) },
      // What re-runs pass as --experiment; a defaulted run goes by the experiment it ends up in.
      ...(this.experimentDefaulted ? [] : [{ key: 'mlops.experiment', value: this.experiment }]),
      ...gitTags(git),
    ];
    const created = await call(client, RUNS_CREATE, {
      experiment_id: experimentId,
      start_time: Date.now(),
      user_id: safeUser(),
      ...(this.o.runName && { run_name: this.o.runName }),
      tags,
    });
    const run = created.run.info;
    await this.recordDataVersions(run.run_id);
    if (this.o.params.length > 0) await call(client, RUNS_LOG_BATCH, { run_id: run.run_id, params: this.o.params });
    this.o.err(`mlops: run ${run.run_name} (${run.run_id}) in experiment ${experimentId}\n`);

    const logFile = join(this.o.logsDir, `${run.run_id}.log`);
    const environment = readEnvironment(this.o.command, this.o.workspace);
    const ended = await this.spawnAndWait(run, logFile);
    await Promise.allSettled(this.pending);

    const status = this.killedBy ? 'KILLED' : ended.code === 0 ? 'FINISHED' : 'FAILED';
    const exitCode = ended.code ?? (ended.signal ? 128 + signalNumber(ended.signal) : 1);
    const uploads: [string, string | Uint8Array][] = [['logs/output.log', readFileSync(logFile)]];
    if (git.diff) uploads.push(['lineage/git.diff', git.diff + '\n']);
    const env = await environment;
    // Read again: the script may have filed the run under another experiment, moving its artifacts.
    const final = (await call(client, RUNS_GET, { run_id: run.run_id })).run.info;
    if (final.experiment_id !== run.experiment_id) this.o.err(`mlops: run ${run.run_name} moved to experiment ${final.experiment_id}, as the script asked\n`);
    const artifactRoot = final.artifact_uri.replace(/^mlflow-artifacts:\/+/, '');
    for (const [name, content] of Object.entries(env.files)) uploads.push([`lineage/${name}`, content]);
    for (const [path, body] of uploads) {
      await client.putArtifact(`${artifactRoot}/${path}`, body).catch((error: Error) => this.o.err(`mlops: could not store ${path}: ${error.message}\n`));
    }
    await call(client, RUNS_LOG_BATCH, {
      run_id: run.run_id,
      tags: [...env.tags, { key: 'mlops.exit_code', value: String(exitCode) }, ...(ended.signal ? [{ key: 'mlops.signal', value: ended.signal }] : [])],
    });
    await call(client, RUNS_UPDATE, { run_id: run.run_id, status, end_time: Date.now() });
    this.o.err(`mlops: run ${run.run_name} ${status.toLowerCase()} (exit ${exitCode})\n`);
    return { runId: run.run_id, status, exitCode };
  }

  /**
   * The data the run starts from: every tracked dataset is versioned now (a no-op when unchanged)
   * and its version recorded on the run as `mlops.data.<path>` = `v<N> <md5>`.
   */
  private async recordDataVersions(runId: string): Promise<void> {
    const { client } = this.o;
    const { datasets } = await call(client, DATA_DATASETS).catch(() => ({ datasets: [] as DatasetInfo[] }));
    const tags: KeyValue[] = [];
    for (const dataset of datasets) {
      const current = await call(client, DATA_ADD, { path: dataset.path }).catch(() => undefined);
      const version = current?.version ?? dataset.latest;
      if (version) tags.push({ key: `mlops.data.${dataset.path}`, value: `v${version.version} ${version.md5}` });
    }
    for (let i = 0; i < tags.length; i += 100) await call(client, RUNS_LOG_BATCH, { run_id: runId, tags: tags.slice(i, i + 100) });
  }

  /** Forwards a stop request to the command's process tree (SIGKILL if still there after 10 s); the run then ends KILLED. */
  stop(signal: NodeJS.Signals): void {
    this.killedBy = signal;
    this.child?.stop(signal);
  }

  private async experimentId(): Promise<string> {
    const { client } = this.o;
    const { experiment } = this;
    if (/^\d+$/.test(experiment)) return experiment;
    try {
      const found = await call(client, EXPERIMENTS_GET_BY_NAME, { experiment_name: experiment });
      return found.experiment.experiment_id;
    } catch {
      const created = await call(client, EXPERIMENTS_CREATE, { name: experiment });
      return created.experiment_id;
    }
  }

  private async spawnAndWait(run: RunInfo, logFile: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const [program] = this.o.command;
    let step = 0;
    const child = startProcess(
      {
        command: this.o.command.length === 1 ? program! : this.o.command,
        cwd: this.o.workspace,
        env: this.commandEnv(run),
        stdin: 'inherit',
        log: logFile,
        sampleMs: this.o.systemMetricsMs ?? 5000,
        graceMs: STOP_GRACE_MS,
      },
      {
        onChunk: (stream, text) => (stream === 'stdout' ? this.o.out(text) : this.o.err(text)),
        onLine: (stream, line) => stream === 'stdout' && this.recordLine(run.run_id, line),
        onSample: (usage) => this.recordUsage(run.run_id, usage, step++),
      },
    );
    this.child = child;
    // A stop that came while the run was being created reaches the command at once.
    if (this.killedBy) child.stop(this.killedBy);
    const exit = await child.exited;
    if (exit.startError !== undefined) this.o.err(`mlops: cannot start ${program}: ${exit.startError}\n`);
    return { code: exit.code, signal: exit.signal };
  }

  /** The MLflow environment of the run, the params as MLOPS_PARAM_*, and the Node client on NODE_PATH. */
  private commandEnv(run: RunInfo): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MLFLOW_TRACKING_URI: runtimeBaseUrl({ port: this.o.port }),
      MLFLOW_TRACKING_TOKEN: this.experimentDefaulted ? defaultedRunToken(this.o.token, run.run_id) : this.o.token,
      MLFLOW_RUN_ID: run.run_id,
      MLFLOW_EXPERIMENT_ID: run.experiment_id,
      PYTHONUNBUFFERED: '1',
    };
    delete env.ELECTRON_RUN_AS_NODE;
    if (this.experimentDefaulted) env.MLOPS_EXPERIMENT_DEFAULTED = '1';
    else delete env.MLOPS_EXPERIMENT_DEFAULTED;
    // Node scripts can require('local-mlops/client') with nothing installed.
    const clientDir = join(__dirname, 'node_path');
    if (existsSync(clientDir)) env.NODE_PATH = [clientDir, process.env.NODE_PATH].filter(Boolean).join(delimiter);
    for (const p of this.o.params) env[paramEnvName(p.key)] = p.value;
    return env;
  }

  /** A metric, param or tag line on stdout is logged to the run. */
  private recordLine(runId: string, line: string): void {
    const record = parseStdoutLine(line);
    if (!record) return;
    const now = Date.now();
    const body =
      record.kind === 'metrics'
        ? { metrics: record.metrics.map((m) => ({ key: m.key, value: wireDouble(m.value), timestamp: now, step: record.step ?? 0 })) }
        : record.kind === 'params'
          ? { params: record.params }
          : { tags: record.tags };
    this.track(call(this.o.client, RUNS_LOG_BATCH, { run_id: runId, ...body }));
  }

  private recordUsage(runId: string, usage: ProcessTreeUsage, step: number): void {
    const timestamp = Date.now();
    this.track(
      call(this.o.client, RUNS_LOG_BATCH, {
        run_id: runId,
        metrics: [
          { key: 'system/cpu_percent', value: usage.cpuPercent, timestamp, step },
          { key: 'system/memory_mb', value: Math.round(usage.memoryMb * 10) / 10, timestamp, step },
        ],
      }),
    );
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: Error) => this.o.err(`mlops: logging failed: ${error.message}\n`));
    this.pending.push(tracked);
    if (this.pending.length > 256) this.pending = this.pending.slice(-128);
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
