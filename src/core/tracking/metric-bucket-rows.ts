import type { SqlValue } from '../store';
import type { Bucket, BucketPoint } from './metric-buckets';
import { oddKind, oddValue } from './metric-buckets';

/** A row of metric_buckets (metric-summary-schema.ts) without its series. */
export interface BucketRow {
  level: number;
  bucket: number;
  count: number;
  finite: number;
  sum: number | null;
  min_value: number | null;
  min_step: number | null;
  min_ts: number | null;
  max_value: number | null;
  max_step: number | null;
  max_ts: number | null;
  first_value: number | null;
  first_step: number | null;
  first_ts: number | null;
  last_value: number | null;
  last_step: number | null;
  last_ts: number | null;
  odd_kind: number | null;
  odd_step: number | null;
  odd_ts: number | null;
}

export const BUCKET_COLUMNS =
  'level, bucket, count, finite, sum, min_value, min_step, min_ts, max_value, max_step, max_ts, first_value, first_step, first_ts, last_value, last_step, last_ts, odd_kind, odd_step, odd_ts';

const COLUMNS = BUCKET_COLUMNS.split(', ');
const ROW = `(${Array.from({ length: COLUMNS.length + 2 }, () => '?').join(', ')})`;
/** Rows per statement: 22 parameters each, under SQLite's oldest 999-parameter limit. */
export const ROWS_PER_WRITE = 40;
const writes = new Map<string, string>();

/** Where a level's buckets are kept (metric-summary-schema.ts): the finest in metric_fine. */
export type BucketTable = 'metric_fine' | 'metric_buckets';

/**
 * Writes `rows` buckets to `table` (parameters: run, key, then toRow(), per row), each whole: a
 * stored part of a bucket is read and merged in memory before it is written again.
 */
export function writeBuckets(table: BucketTable, rows: number): string {
  let sql = writes.get(`${table} ${rows}`);
  if (!sql) {
    const updates = COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`);
    const target = table === 'metric_fine' ? 'run_uuid, level, bucket, key' : 'run_uuid, key, level, bucket';
    sql = `INSERT INTO ${table} (run_uuid, key, ${BUCKET_COLUMNS}) VALUES ${Array.from({ length: rows }, () => ROW).join(', ')}
  ON CONFLICT (${target}) DO UPDATE SET ${updates.join(', ')}`;
    writes.set(`${table} ${rows}`, sql);
  }
  return sql;
}

export function toRow(b: Bucket): SqlValue[] {
  const point = (p: BucketPoint | null): SqlValue[] => (p ? [p.value, p.step, p.timestamp] : [null, null, null]);
  return [
    b.level,
    b.bucket,
    b.count,
    b.finite,
    Number.isNaN(b.sum) ? null : b.sum,
    ...point(b.min),
    ...point(b.max),
    ...point(b.first),
    ...point(b.last),
    ...(b.odd ? [oddKind(b.odd.value), b.odd.step, b.odd.timestamp] : [null, null, null]),
  ];
}

export function fromRow(r: BucketRow): Bucket {
  const point = (value: number | null, step: number | null, timestamp: number | null): BucketPoint | null => (value === null ? null : { value, step: step!, timestamp: timestamp! });
  return {
    level: r.level,
    bucket: r.bucket,
    count: r.count,
    finite: r.finite,
    sum: r.sum ?? NaN,
    min: point(r.min_value, r.min_step, r.min_ts),
    max: point(r.max_value, r.max_step, r.max_ts),
    first: point(r.first_value, r.first_step, r.first_ts),
    last: point(r.last_value, r.last_step, r.last_ts),
    odd: r.odd_kind === null ? null : { value: oddValue(r.odd_kind), step: r.odd_step!, timestamp: r.odd_ts! },
  };
}
