/** Runs the chosen plan of a run search against the store: a page of `runs` rows. */
import type { SqlDriver } from '../../store';
import type { SqlFragment } from './compile';
import { planRunSearch } from './run-plan';
import type { PlanOptions, PlanProbe, RunSearchPlan, RunSearchQuery } from './run-plan';

export function storeProbe(db: SqlDriver): PlanProbe {
  return {
    totalRuns: () => db.get<{ n: number | null }>('SELECT max(rowid) AS n FROM runs')?.n ?? 0,
    count: (sql, cap) => db.get<{ n: number }>(`SELECT count(*) AS n FROM (${sql.sql} LIMIT ?)`, [...sql.params, cap])?.n ?? 0,
  };
}

/** The plan `searchRunRows` would use (for tests and diagnostics). */
export function explainRunSearch(db: SqlDriver, q: RunSearchQuery, options?: PlanOptions): RunSearchPlan {
  return planRunSearch(q, storeProbe(db), options);
}

/** Up to `q.limit` rows from `q.offset` on, through the plan's segments in turn. */
export function searchRunRows<T>(db: SqlDriver, q: RunSearchQuery, options?: PlanOptions): T[] {
  const plan = planRunSearch(q, storeProbe(db), options);
  return readSegments<T>(db, plan.segments, q.offset, q.limit);
}

function readSegments<T>(db: SqlDriver, segments: readonly SqlFragment[], offset: number, limit: number): T[] {
  const rows: T[] = [];
  let skip = offset;
  for (const [i, segment] of segments.entries()) {
    const got = db.all<T>(`${segment.sql} LIMIT ? OFFSET ?`, [...segment.params, limit - rows.length, skip]);
    rows.push(...got);
    if (rows.length >= limit || i === segments.length - 1) break;
    // This segment ran out: the next one starts after what remains of the offset.
    const skipped = got.length > 0 ? skip : Math.min(skip, db.get<{ n: number }>(`SELECT count(*) AS n FROM (${segment.sql})`, segment.params)?.n ?? 0);
    skip -= skipped;
  }
  return rows;
}
