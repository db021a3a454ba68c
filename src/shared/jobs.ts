/** Jobs: every process the runtime starts (trainings, retrains, pipeline stages, sweep trials, …). */

export type JobKind = 'training' | 'retrain' | 'stage' | 'trial' | 'serving';

/** QUEUED → RUNNING → one of the final three; a failed attempt with retries left goes back to QUEUED. */
export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const FINAL_JOB_STATES: readonly JobState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface JobInfo {
  id: number;
  kind: JobKind;
  label: string;
  state: JobState;
  /** argv, or one string run by the shell. */
  command: string[] | string;
  cwd: string;
  /** 1 for the first run; retries count up to maxAttempts. */
  attempt: number;
  maxAttempts: number;
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  /** The process group leader while RUNNING (and of the last attempt after). */
  pid?: number;
  exitCode?: number;
  signal?: string;
  /** Why it failed or was cancelled, or why a retry is queued. */
  reason?: string;
  /** The output log's path. */
  log?: string;
}

/** GET /api/jobs: newest first. */
export interface JobsResponse {
  jobs: JobInfo[];
}
