import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

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
}

/** `mlops run` announces its run on stderr before the command starts: "mlops: run NAME (RUN_ID) in experiment ID". */
const RUN_LINE = /^mlops: run .* \(([0-9a-f]{32})\) in experiment \S+$/m;

/** `.mlops/logs/retrain-ID.log`, relative to the workspace. */
export function retrainLogName(triggerId: number): string {
  return `retrain-${triggerId}.log`;
}

/**
 * A retrain's training: `mlops run --name retrain-MONITOR -- COMMAND…` in the workspace (no shell),
 * so the run is tracked like any other; stdout and stderr go to the log.
 */
export class TrainingProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly o: TrainingOptions) {}

  run(): Promise<TrainingResult> {
    const { o } = this;
    mkdirSync(o.logsDir, { recursive: true });
    const logFile = join(o.logsDir, retrainLogName(o.triggerId));
    const log = createWriteStream(logFile);
    const experiment = o.experiment === undefined ? [] : ['--experiment', o.experiment];
    const args = [o.cliPath, 'run', '--workspace', o.workspace, '--name', `retrain-${o.monitor}`, ...experiment, '--', ...o.command];
    log.write(`$ mlops run --name retrain-${o.monitor}${o.experiment === undefined ? '' : ` --experiment ${JSON.stringify(o.experiment)}`} -- ${o.command.join(' ')}\n`);
    const child = spawn(process.execPath, args, { cwd: o.workspace, env: { ...process.env, ...o.env, MLOPS_RETRAIN_TRIGGER: String(o.triggerId) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let runId: string | undefined;
    let stderrHead = '';
    const write = (text: string) => {
      log.write(text);
      o.onOutput?.(text);
    };
    child.stdout!.setEncoding('utf8').on('data', write);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      write(text);
      if (runId !== undefined || stderrHead.length > 64_000) return;
      stderrHead += text;
      const found = RUN_LINE.exec(stderrHead);
      if (found) {
        runId = found[1]!;
        o.onRun?.(runId);
      }
    });
    const logName = relative(o.workspace, logFile).split(sep).join('/');
    return new Promise((resolve) => {
      let failedToStart = false;
      child.once('error', (error) => {
        failedToStart = true;
        log.write(`mlops: cannot start ${process.execPath} ${o.cliPath}: ${error.message}\n`);
      });
      child.once('close', (code, signal) => {
        if (signal) log.write(`mlops: the training was stopped by ${signal}\n`);
        const exitCode = failedToStart ? 127 : (code ?? 1);
        log.end(() => resolve({ exitCode, ...(runId !== undefined && { runId }), log: logName }));
      });
    });
  }

  /** Stops the training: `mlops run` passes the signal on and ends the run KILLED. */
  stop(): void {
    this.child?.kill('SIGTERM');
  }
}
