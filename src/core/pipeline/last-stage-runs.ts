import type { SqlDriver } from '../store';

export interface LastStageRun {
  runId: string;
  status: string;
  startTime: number | null;
  endTime: number | null;
}

/** How many of the newest stage runs are looked at: older stages' runs are not worth a scan. */
const NEWEST = 5000;

/**
 * Each stage's newest tracked run (runs tagged `mlops.stage` by repro's tracker), by stage id:
 * what *Open Run* opens and what the dvc.yaml hover tells (its duration).
 */
export function lastStageRuns(db: SqlDriver): Map<string, LastStageRun> {
  const rows = db.all<{ stage: string; runId: string; status: string; startTime: number | null; endTime: number | null }>(
    `SELECT t.value AS stage, r.run_uuid AS runId, r.status AS status, r.start_time AS startTime, r.end_time AS endTime
       FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid
      WHERE t.key = 'mlops.stage' AND r.lifecycle_stage = 'active'
      ORDER BY r.start_time DESC LIMIT ?`,
    [NEWEST],
  );
  const last = new Map<string, LastStageRun>();
  for (const { stage, ...run } of rows) if (!last.has(stage)) last.set(stage, run);
  return last;
}
