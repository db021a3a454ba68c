/** The runtime's pipeline schedules (mlops.yaml `schedules:`), as `GET /api/schedules` lists them. */

/** One time a schedule fired: the repro it started, or why it started none. */
export interface ScheduleFiring {
  /** When it fired (epoch ms). */
  at: number;
  /** running: its repro runs now; skipped: another repro was running, so none started. */
  outcome: 'running' | 'succeeded' | 'failed' | 'skipped';
  /** Why it failed or was skipped; the stages it ran otherwise. */
  detail?: string;
  /** The pipeline run its stages nest under. */
  runId?: string;
  /** When its repro ended (epoch ms). */
  endedAt?: number;
}

export interface ScheduleInfo {
  name: string;
  /** A stage (with its upstream), a dvc.yaml path or `all`. */
  pipeline: string;
  cron: string;
  force: boolean;
  /** When it fires next (epoch ms); absent while the runtime does not run schedules. */
  nextRun?: number;
  lastRun?: ScheduleFiring;
}

export interface SchedulesResponse {
  schedules: ScheduleInfo[];
}
