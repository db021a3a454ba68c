import type { JobKind } from '../../shared/jobs';
import type { sampleProcessTree } from '../tracking';

/** CPU (percent of one core, summed) and resident memory of a process and its descendants. */
export type ProcessTreeUsage = NonNullable<Awaited<ReturnType<typeof sampleProcessTree>>>;

export type OutputStream = 'stdout' | 'stderr';

/** One process tree to run: the part of a job the CLI uses too. */
export interface ProcessSpec {
  /** argv (no shell), or one string run by the shell. */
  command: string | readonly string[];
  cwd: string;
  /** The whole environment the command sees; default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** `inherit` hands the command this process's stdin (an interactive `mlops run`). */
  stdin?: 'ignore' | 'inherit';
  /** Past this the tree is stopped (SIGTERM, then SIGKILL after graceMs) and the attempt fails. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when stopping; default 5 s. */
  graceMs?: number;
  /** A file that receives stdout and stderr as they come, plus the runner's notes. */
  log?: string;
  /** A first line for the log, e.g. the command as the user would type it. */
  logHeader?: string;
  /** Resource sampling of the whole tree at this interval; none when unset. */
  sampleMs?: number;
}

export interface ProcessListeners {
  /** Output as it arrives (for echoing). */
  onChunk?(stream: OutputStream, text: string): void;
  /** Each complete line, without its line break (for parsing metric lines). */
  onLine?(stream: OutputStream, line: string): void;
  /** CPU and RSS of the process tree, every sampleMs. */
  onSample?(usage: ProcessTreeUsage): void;
}

/** How one process tree ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped because it ran past timeoutMs. */
  timedOut: boolean;
  /** Stopped on request, with the signal asked for. */
  stoppedBy?: NodeJS.Signals;
  /** It could not be started (ENOENT, EACCES, …). */
  startError?: string;
}

/** A job: a process spec plus what the runner needs to queue, retry, name and list it. */
export interface JobSpec extends ProcessSpec {
  kind: JobKind;
  /** Shown in lists; default: the command. */
  label?: string;
  /** Further attempts after a failure (not after a cancel); default 0. */
  retries?: number;
  /** Before the first retry; doubled for each next one. Default 1 s. */
  retryDelayMs?: number;
}

export interface JobListeners extends ProcessListeners {
  /** Each attempt's process group leader, once spawned. */
  onStart?(pid: number, attempt: number): void;
}
