import { notFound } from '../errors';
import type { SqlDriver, SqlValue } from '../store';
import type { JobInfo, JobKind, JobState } from '../../shared/jobs';

export interface NewJob {
  kind: JobKind;
  label: string;
  command: string[] | string;
  cwd: string;
  maxAttempts: number;
  queuedAt: number;
  log?: string;
}

/** What a step of a job changes: undefined leaves a field, null clears it. */
export type JobChange = {
  [K in 'state' | 'attempt' | 'pid' | 'startedAt' | 'endedAt' | 'exitCode' | 'signal' | 'reason' | 'log']?: JobInfo[K] | null;
};

interface JobRow {
  id: number;
  kind: string;
  label: string;
  state: string;
  command: string;
  cwd: string;
  attempt: number;
  max_attempts: number;
  owner_pid: number;
  pid: number | null;
  queued_at: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  log: string | null;
}

const COLUMNS: Record<keyof JobChange, string> = {
  state: 'state',
  attempt: 'attempt',
  pid: 'pid',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  exitCode: 'exit_code',
  signal: 'signal',
  reason: 'reason',
  log: 'log',
};

export const ORPHANED = 'orphaned: the runtime stopped';

/** The jobs table: one row per job, owned by the process (owner_pid) that runs it. */
export class JobTable {
  constructor(
    private readonly db: SqlDriver,
    private readonly ownerPid = process.pid,
  ) {}

  insert(job: NewJob): JobInfo {
    const { lastInsertRowid } = this.db.run(
      'INSERT INTO jobs (kind, label, state, command, cwd, attempt, max_attempts, owner_pid, queued_at, log) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)',
      [job.kind, job.label, 'QUEUED', JSON.stringify(job.command), job.cwd, job.maxAttempts, this.ownerPid, job.queuedAt, job.log ?? null],
    );
    return this.get(lastInsertRowid);
  }

  update(id: number, change: JobChange): JobInfo {
    const set = Object.entries(change).filter(([, value]) => value !== undefined) as [keyof JobChange, SqlValue][];
    if (set.length > 0) this.db.run(`UPDATE jobs SET ${set.map(([key]) => `${COLUMNS[key]} = ?`).join(', ')} WHERE id = ?`, [...set.map(([, value]) => value), id]);
    return this.get(id);
  }

  get(id: number): JobInfo {
    const row = this.db.get<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
    if (!row) throw notFound(`No job with id ${id}: GET /api/jobs lists them.`);
    return toJob(row);
  }

  /** Newest first. */
  list(limit = 200): JobInfo[] {
    return this.db.all<JobRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?', [limit]).map(toJob);
  }

  /** Jobs left QUEUED or RUNNING by a process that is gone become FAILED, orphaned; returns them. */
  failOrphans(isRunning: (pid: number) => boolean, now: number): JobInfo[] {
    const unfinished = this.db.all<JobRow>("SELECT * FROM jobs WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id");
    const orphans = unfinished.filter((row) => !isRunning(row.owner_pid));
    for (const row of orphans) this.update(row.id, { state: 'FAILED', reason: ORPHANED, endedAt: now });
    return orphans.map((row) => this.get(row.id));
  }
}

function toJob(row: JobRow): JobInfo {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    label: row.label,
    state: row.state as JobState,
    command: JSON.parse(row.command) as string[] | string,
    cwd: row.cwd,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    queuedAt: row.queued_at,
    ...(row.started_at !== null && { startedAt: row.started_at }),
    ...(row.ended_at !== null && { endedAt: row.ended_at }),
    ...(row.pid !== null && { pid: row.pid }),
    ...(row.exit_code !== null && { exitCode: row.exit_code }),
    ...(row.signal !== null && { signal: row.signal }),
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.log !== null && { log: row.log }),
  };
}
