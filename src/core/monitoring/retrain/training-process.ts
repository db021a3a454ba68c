import { join, relative, sep } from 'node:path';
import type { JobInfo } from '../../../shared/jobs';
import type { JobListeners, JobRunner, JobSpec } from '../../jobs';
import { startProcess } from '../../jobs';

export interface TrainingOptions {
  /** The mlops CLI (dist/cli.js), run with this process's Node. */
  cliPath: string;
  workspace: string;
  logsDir: string;
  triggerId: number;
  monitor: string;
  command: readonly string[];
  env: Record<string, string>;
  /** The experiment the run joins (that of the version being replaced); default: mlops run's. */
  experiment?: string;
  /** The runtime's job runner: the training is queued, stored and listed as a job of kind `retrain`. */
  runner?: JobRunner;
  /** Called once, when `mlops run` names the run it created. */
  onRun?(runId: string): void;
  /** Every chunk of the command's output, besides the log file. */
  onOutput?(text: string): void;
}

export interface TrainingResult {
  exitCode: number;
  runId?: string;
  /** Workspace-relative path of the output log. */
  log: string;
  /** The job it ran as, when a runner ran it. */
  jobId?: number;
}

/** `mlops run` announces its run on stderr before the command starts: "mlops: run NAME (RUN_ID) in experiment ID". */
const RUN_LINE = /^mlops: run .* \(([0-9a-f]{32})\) in experiment \S+$/;

/** `mlops run` gets this long after SIGTERM to end its run KILLED before its process group is killed. */
const STOP_GRACE_MS = 15_000;

/** `.mlops/logs/retrain-ID.log`, relative to the workspace. */
export function retrainLogName(triggerId: number): string {
  return `retrain-${triggerId}.log`;
}

/**
 * A retrain's training: `mlops run --name retrain-MONITOR -- COMMAND…` in the workspace (no shell),
 * so the run is tracked like any other; a job of kind `retrain`, its output in the log.
 */
export class TrainingProcess {
  private stopRequested = false;
  private stopJob: (() => void) | undefined;

  constructor(private readonly o: TrainingOptions) {}

  async run(): Promise<TrainingResult> {
    const { o } = this;
    const logFile = join(o.logsDir, retrainLogName(o.triggerId));
    const experiment = o.experiment === undefined ? [] : ['--experiment', o.experiment];
    const spec: JobSpec = {
      kind: 'retrain',
      label: `retrain ${o.triggerId} of ${o.monitor}`,
      command: [process.execPath, o.cliPath, 'run', '--workspace', o.workspace, '--name', `retrain-${o.monitor}`, ...experiment, '--', ...o.command],
      cwd: o.workspace,
      env: { ...process.env, ...o.env, MLOPS_RETRAIN_TRIGGER: String(o.triggerId) },
      log: logFile,
      logHeader: `$ mlops run --name retrain-${o.monitor}${o.experiment === undefined ? '' : ` --experiment ${JSON.stringify(o.experiment)}`} -- ${o.command.join(' ')}`,
      graceMs: STOP_GRACE_MS,
    };
    let runId: string | undefined;
    const listeners: JobListeners = {
      onChunk: (_stream, text) => o.onOutput?.(text),
      onLine: (stream, line) => {
        if (stream !== 'stderr' || runId !== undefined) return;
        const found = RUN_LINE.exec(line);
        if (found) o.onRun?.((runId = found[1]!));
      },
    };
    const ended = await this.start(spec, listeners);
    const log = relative(o.workspace, logFile).split(sep).join('/');
    return { exitCode: ended.exitCode, ...(runId !== undefined && { runId }), log, ...(ended.jobId !== undefined && { jobId: ended.jobId }) };
  }

  /** Stops the training: `mlops run` passes the signal on and ends the run KILLED. */
  stop(): void {
    this.stopRequested = true;
    this.stopJob?.();
  }

  private async start(spec: JobSpec, listeners: JobListeners): Promise<{ exitCode: number; jobId?: number }> {
    const { runner } = this.o;
    if (!runner) {
      const child = startProcess(spec, listeners);
      this.stopJob = () => child.stop('SIGTERM');
      if (this.stopRequested) this.stopJob();
      const exit = await child.exited;
      return { exitCode: exit.startError !== undefined ? 127 : (exit.code ?? 1) };
    }
    const job = runner.submit(spec, listeners);
    this.stopJob = () => {
      try {
        runner.cancel(job.id, 'the retrain was stopped');
      } catch {
        // Ended (or its runner closed) meanwhile: nothing left to stop.
      }
    };
    if (this.stopRequested) this.stopJob();
    return { exitCode: exitCodeOf(await job.done), jobId: job.id };
  }
}

function exitCodeOf(job: JobInfo): number {
  if (job.state === 'SUCCEEDED') return 0;
  return job.exitCode ?? 1;
}
