import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DomainError, invalid, invalidState } from '../errors';
import type { Store } from '../store';
import { isProcessRunning } from '../workspace';
import type { JobInfo } from '../../shared/jobs';
import { outcomeOf, seconds } from './job-outcome';
import type { JobOutcome } from './job-outcome';
import { JobProcess } from './job-process';
import type { JobChange } from './job-table';
import { JobTable } from './job-table';
import type { JobListeners, JobSpec, ProcessExit } from './types';

export interface JobRunnerOptions {
  store: Store;
  /** Jobs running at once; default: the number of cores. */
  concurrency?: number;
  /** A job without its own log writes `<logsDir>/job-<id>.log`; none when unset. */
  logsDir?: string;
  /** Where a listener's failure is reported. */
  log?: (message: string) => void;
  now?: () => number;
}

/** A submitted job: its id at once, its final state when it ends. */
export interface Job {
  readonly id: number;
  readonly done: Promise<JobInfo>;
}

interface Entry {
  id: number;
  spec: JobSpec;
  listeners: JobListeners;
  attempt: number;
  process?: JobProcess;
  retry?: NodeJS.Timeout;
  /** Set by cancel(): the reason the final state gives. */
  cancelled?: string;
  /** Set by close(): the state stored for good; later exits change nothing. */
  final?: JobInfo;
  resolve(job: JobInfo): void;
}

/**
 * Runs jobs: a queue with a concurrency limit, retries with backoff, cancellation of whole process
 * trees, timeouts. Every state change is stored (table jobs) and handed to onChanged listeners, in
 * order per job: QUEUED, RUNNING, (QUEUED, RUNNING per retry), then SUCCEEDED, FAILED or CANCELLED.
 */
export class JobRunner {
  /** Jobs a previous process left QUEUED or RUNNING, failed as orphaned when this runner opened. */
  readonly orphans: readonly JobInfo[];
  readonly concurrency: number;
  private readonly table: JobTable;
  private readonly now: () => number;
  private readonly queue: Entry[] = [];
  private readonly entries = new Map<number, Entry>();
  private readonly listeners = new Set<(job: JobInfo) => void>();
  private running = 0;
  private closed = false;

  constructor(private readonly o: JobRunnerOptions) {
    this.now = o.now ?? Date.now;
    this.concurrency = o.concurrency ?? availableParallelism();
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw invalid(`concurrency must be a whole number of at least 1, got ${o.concurrency}`);
    this.table = new JobTable(o.store.db);
    this.orphans = this.table.failOrphans(isProcessRunning, this.now());
  }

  /** Called after every stored state change; returns the unsubscribe. */
  onChanged(listener: (job: JobInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  submit(spec: JobSpec, listeners: JobListeners = {}): Job {
    if (this.closed) throw new DomainError('TEMPORARILY_UNAVAILABLE', 'The job runner is closed: the runtime is stopping.');
    const retries = spec.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0) throw invalid(`retries must be a whole number of at least 0, got ${spec.retries}`);
    if (spec.timeoutMs !== undefined && !(spec.timeoutMs > 0)) throw invalid(`timeoutMs must be positive, got ${spec.timeoutMs}`);
    const command = typeof spec.command === 'string' ? spec.command : [...spec.command];
    if (typeof command === 'string' ? command.trim() === '' : !command[0] || command.some((arg) => typeof arg !== 'string')) throw invalid(`A job needs a command: a program and its arguments, or a shell line; got ${JSON.stringify(spec.command)}.`);
    const label = spec.label ?? (typeof command === 'string' ? command : command.join(' '));
    let info = this.table.insert({ kind: spec.kind, label, command, cwd: spec.cwd, maxAttempts: retries + 1, queuedAt: this.now(), ...(spec.log !== undefined && { log: spec.log }) });
    const log = spec.log ?? (this.o.logsDir === undefined ? undefined : join(this.o.logsDir, `job-${info.id}.log`));
    if (log !== undefined && spec.log === undefined) info = this.table.update(info.id, { log });
    let resolve!: (job: JobInfo) => void;
    const done = new Promise<JobInfo>((r) => (resolve = r));
    const entry: Entry = { id: info.id, spec: { ...spec, ...(log !== undefined && { log }) }, listeners, attempt: 1, resolve };
    this.emit(info);
    this.entries.set(info.id, entry);
    this.queue.push(entry);
    this.pump();
    return { id: info.id, done };
  }

  get(id: number): JobInfo {
    return this.table.get(id);
  }

  /** Newest first. */
  list(limit?: number): JobInfo[] {
    return this.table.list(limit);
  }

  /** A queued job ends CANCELLED at once; a running one once its process tree is down. */
  cancel(id: number, reason = 'cancelled by the user'): JobInfo {
    const entry = this.entries.get(id);
    if (!entry) {
      const job = this.table.get(id);
      if (job.state === 'QUEUED' || job.state === 'RUNNING') throw invalidState(`Job ${id} is run by another process (pid of its runtime is not this one's); cancel it there.`);
      throw invalidState(`Job ${id} is ${job.state} already; only a queued or running job can be cancelled.`);
    }
    if (entry.process) {
      entry.cancelled ??= reason;
      entry.process.stop('SIGTERM');
      return this.table.get(id);
    }
    this.dequeue(entry);
    return this.conclude(entry, { state: 'CANCELLED', reason });
  }

  /** The runtime is stopping: every unfinished job is stored CANCELLED now and its tree stopped; nothing is written after. */
  close(reason = 'the runtime stopped'): void {
    if (this.closed) return;
    for (const entry of [...this.entries.values()]) {
      this.dequeue(entry);
      entry.cancelled ??= reason;
      const final = this.conclude(entry, { state: 'CANCELLED', reason: entry.cancelled });
      if (entry.process) {
        entry.final = final;
        entry.process.stop('SIGTERM');
      }
    }
    this.closed = true;
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.queue.length > 0) this.start(this.queue.shift()!);
  }

  private start(entry: Entry): void {
    let child: JobProcess;
    try {
      child = new JobProcess(entry.spec, entry.listeners);
    } catch (error) {
      // E.g. the log's folder cannot be made: this attempt fails like a command that cannot start.
      this.change(entry.id, { state: 'RUNNING', attempt: entry.attempt, startedAt: this.now() });
      this.conclude(entry, { state: 'FAILED', exitCode: 127, reason: `cannot start: ${(error as Error).message}` });
      return;
    }
    this.running++;
    entry.process = child;
    this.change(entry.id, { state: 'RUNNING', attempt: entry.attempt, pid: child.pid ?? null, startedAt: this.now(), endedAt: null });
    if (child.pid !== undefined) entry.listeners.onStart?.(child.pid, entry.attempt);
    child.exited.then((exit) => this.exited(entry, exit)).catch((error: unknown) => this.o.log?.(`job ${entry.id}: recording its end failed: ${(error as Error).message}`));
  }

  private exited(entry: Entry, exit: ProcessExit): void {
    this.running--;
    entry.process = undefined;
    if (entry.final) {
      const { exitCode, signal } = outcomeOf(exit, entry.cancelled, entry.spec.timeoutMs);
      entry.resolve({ ...entry.final, ...(exitCode !== undefined && { exitCode }), ...(signal !== undefined && { signal }) });
      return;
    }
    const outcome = outcomeOf(exit, entry.cancelled, entry.spec.timeoutMs);
    const maxAttempts = (entry.spec.retries ?? 0) + 1;
    if (outcome.state === 'FAILED' && entry.attempt < maxAttempts) this.retry(entry, outcome);
    else this.conclude(entry, outcome);
    this.pump();
  }

  private retry(entry: Entry, failed: JobOutcome): void {
    const delay = (entry.spec.retryDelayMs ?? 1000) * 2 ** (entry.attempt - 1);
    const reason = `attempt ${entry.attempt} failed (${failed.reason}); retrying in ${seconds(delay)}`;
    entry.attempt++;
    this.change(entry.id, { state: 'QUEUED', ...outcomeFields(failed), reason });
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      this.queue.push(entry);
      this.pump();
    }, delay);
  }

  /** Stores the final state, tells the listeners, resolves `done`. */
  private conclude(entry: Entry, outcome: JobOutcome): JobInfo {
    const job = this.change(entry.id, { ...outcomeFields(outcome), state: outcome.state, reason: outcome.reason ?? null, endedAt: this.now() });
    this.entries.delete(entry.id);
    if (!entry.process) entry.resolve(job);
    return job;
  }

  private dequeue(entry: Entry): void {
    clearTimeout(entry.retry);
    entry.retry = undefined;
    const at = this.queue.indexOf(entry);
    if (at >= 0) this.queue.splice(at, 1);
  }

  private change(id: number, change: JobChange): JobInfo {
    const job = this.table.update(id, change);
    this.emit(job);
    return job;
  }

  private emit(job: JobInfo): void {
    for (const listener of this.listeners) {
      try {
        listener(job);
      } catch (error) {
        this.o.log?.(`job ${job.id}: a state listener failed: ${(error as Error).message}`);
      }
    }
  }
}

function outcomeFields(outcome: JobOutcome): JobChange {
  return { exitCode: outcome.exitCode ?? null, signal: outcome.signal ?? null };
}
