import { transaction } from '../store';
import type { SqlDriver, SqlValue } from '../store';
import type { Bucket, BucketPoint } from './metric-buckets';
import { LEVELS, bucketsOf, coarsen, coarsestLevel, emptyBucket, levelFor, mergeBucket, oddValue } from './metric-buckets';
import type { BucketRow, BucketTable } from './metric-bucket-rows';
import { BUCKET_COLUMNS, ROWS_PER_WRITE, fromRow, toRow, writeBuckets } from './metric-bucket-rows';

/** A point a chart may draw: x is the step or the timestamp. */
export interface ChartPoint {
  x: number;
  y: number;
}

const FINEST = LEVELS[0]!;
const stored = (table: BucketTable) => `SELECT ${BUCKET_COLUMNS} FROM ${table} WHERE run_uuid = ? AND key = ? AND level = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`;
const STORED = { metric_fine: stored('metric_fine'), metric_buckets: stored('metric_buckets') };
const tableOf = (level: number): BucketTable => (level === FINEST ? 'metric_fine' : 'metric_buckets');
const LOGGED = 'SELECT count FROM latest_metrics WHERE run_uuid = ? AND key = ?';
const SERIES = 'SELECT count FROM metric_series WHERE run_uuid = ? AND key = ?';

/**
 * The multi-resolution summaries of metric series (metric-buckets.ts), kept inside the transaction
 * that logs the points and read by the compare panel instead of the points. The finest level is
 * stored whole; a coarser level only its complete buckets, each written once, when its last point
 * arrives (from the four below it): a batch writes about one row per 16 points. The last, partly
 * filled bucket of a coarse level is merged from the finer levels when read.
 */
export class MetricSummaries {
  constructor(
    private readonly db: SqlDriver,
    /** The series' points in chunks, for a series logged before summaries existed. */
    private readonly history: (runId: string, key: string) => Iterable<readonly BucketPoint[]>,
  ) {}

  /**
   * Adds points just logged to the series of one run (each in log order); the caller holds the
   * transaction. Each series' buckets are worked out from one read of its last finest bucket (and
   * of coarser ones only when a batch completes a bucket whose start was logged earlier), then the
   * rows of every series are written in a few multi-row statements.
   */
  append(runId: string, series: ReadonlyMap<string, readonly BucketPoint[]>): void {
    const out: [string, Bucket[]][] = [];
    const counts: SqlValue[] = [];
    for (const [key, points] of series) {
      let total = this.summarised(runId, key);
      // A series logged before summaries existed is summarised whole when first read.
      if (total === undefined && (this.db.get<{ count: number }>(LOGGED, [runId, key])?.count ?? 0) > 0) continue;
      total ??= 0;
      const head = total % 2 ** FINEST === 0 ? undefined : this.stored(runId, key, FINEST, Math.floor(total / 2 ** FINEST), Math.floor(total / 2 ** FINEST) + 1)[0];
      out.push([key, this.add(runId, key, total, points, head)]);
      counts.push(runId, key, total + points.length);
    }
    // Series rows first: the buckets' foreign key needs them.
    for (let i = 0; i < counts.length; i += 3 * ROWS_PER_WRITE) {
      const part = counts.slice(i, i + 3 * ROWS_PER_WRITE);
      this.db.run(`INSERT INTO metric_series (run_uuid, key, count) VALUES ${Array.from({ length: part.length / 3 }, () => '(?, ?, ?)').join(', ')} ON CONFLICT (run_uuid, key) DO UPDATE SET count = excluded.count`, part);
    }
    this.write(runId, out);
  }

  /** How many points the series' summaries hold, summarising a series logged before them first. */
  ensure(runId: string, key: string): number {
    const total = this.summarised(runId, key);
    if (total !== undefined) return total;
    if ((this.db.get<{ count: number }>(LOGGED, [runId, key])?.count ?? 0) === 0) return 0;
    return transaction(this.db, () => {
      this.db.run('INSERT INTO metric_series (run_uuid, key) VALUES (?, ?)', [runId, key]);
      let start = 0;
      let head: Bucket | undefined;
      for (const chunk of this.history(runId, key)) {
        const buckets = this.add(runId, key, start, chunk, head);
        this.write(runId, [[key, buckets]]);
        head = buckets.filter((b) => b.level === FINEST).at(-1);
        start += chunk.length;
      }
      this.db.run('UPDATE metric_series SET count = ? WHERE run_uuid = ? AND key = ?', [start, runId, key]);
      return start;
    });
  }

  /**
   * What a chart of about `maxBuckets` x-buckets can show of a series, from the finest level that
   * has at most that many buckets: each bucket's lowest and highest finite points and its first
   * non-finite one, and the series' first and last finite points, in x order. Only the columns
   * the chart needs are read: the row count is bounded, their width is what costs.
   */
  chartPoints(runId: string, key: string, axis: 'step' | 'timestamp', maxBuckets: number): ChartPoint[] {
    const total = this.ensure(runId, key);
    if (total === 0) return [];
    const level = levelFor(total, maxBuckets);
    const complete = Math.floor(total / 2 ** level);
    const x = axis === 'step' ? 'step' : 'ts';
    const at = (p: BucketPoint): ChartPoint => ({ x: axis === 'step' ? p.step : p.timestamp, y: p.value });
    const ends = this.level(runId, key, coarsestLevel(total), total).reduce((all, b) => (mergeBucket(all, b), all), emptyBucket(0, 0));
    const first = ends.first && at(ends.first);
    const last = ends.last && at(ends.last);
    const isEnd = (p: ChartPoint) => (first !== null && p.x === first.x && p.y === first.y) || (last !== null && p.x === last.x && p.y === last.y);
    const where = 'WHERE run_uuid = ? AND key = ? AND level = ? AND bucket < ?';
    const params = [runId, key, level, complete];
    // One scan: the finest level's rows sit among the run's other keys (metric-summary-schema.ts).
    const rows = this.db.all<{ lo: number | null; lo_x: number; hi: number | null; hi_x: number; kind: number | null; odd_x: number }>(
      `SELECT min_value AS lo, min_${x} AS lo_x, max_value AS hi, max_${x} AS hi_x, odd_kind AS kind, odd_${x} AS odd_x FROM ${tableOf(level)} ${where} ORDER BY bucket`,
      params,
    );
    const extremes = rows.map((r) => [r.lo === null ? null : { x: r.lo_x, y: r.lo }, r.hi === null ? null : { x: r.hi_x, y: r.hi }]);
    const odd = rows.filter((r) => r.kind !== null).map((r) => ({ x: r.odd_x, y: oddValue(r.kind!) }));
    const tail = this.tail(runId, key, level, total);
    if (tail) {
      extremes.push([tail.min && at(tail.min), tail.max && at(tail.max)]);
      if (tail.odd) odd.push(at(tail.odd));
    }
    const out: ChartPoint[] = first ? [first] : [];
    for (const [lo, hi] of extremes) {
      if (lo && !isEnd(lo)) out.push(lo);
      if (hi && !isEnd(hi) && !(lo && hi.x === lo.x && hi.y === lo.y)) out.push(hi);
    }
    out.push(...odd);
    if (last && !(first && last.x === first.x && last.y === first.y)) out.push(last);
    return out.sort((a, b) => a.x - b.x);
  }

  /** Every bucket of one level of a series of `total` points, in order, the last one whole or not. */
  level(runId: string, key: string, level: number, total = this.ensure(runId, key)): Bucket[] {
    const buckets = this.stored(runId, key, level, 0, Math.floor(total / 2 ** level));
    const tail = this.tail(runId, key, level, total);
    return tail ? [...buckets, tail] : buckets;
  }

  /** How many points the summaries hold; undefined when the series has none (not logged, or logged before them). */
  private summarised(runId: string, key: string): number | undefined {
    return this.db.get<{ count: number }>(SERIES, [runId, key])?.count;
  }

  /** The part of the last bucket of `level` that is not complete: merged from the finer levels, which hold it. */
  private tail(runId: string, key: string, level: number, total: number): Bucket | null {
    const index = Math.floor(total / 2 ** level);
    let from = index * 2 ** level;
    if (from === total) return null;
    const tail = emptyBucket(level, index);
    for (let k = level === FINEST ? FINEST : level - 2; k >= FINEST; k -= 2) {
      // The finest level is stored whole, its last bucket too; coarser ones hold complete buckets only.
      const to = k === FINEST ? Math.ceil(total / 2 ** k) : Math.floor(total / 2 ** k);
      for (const b of this.stored(runId, key, k, from / 2 ** k, to)) mergeBucket(tail, b);
      from = to * 2 ** k;
    }
    return tail;
  }

  private stored(runId: string, key: string, level: number, fromBucket: number, toBucket: number): Bucket[] {
    return this.db.all<BucketRow>(STORED[tableOf(level)], [runId, key, level, fromBucket, toBucket]).map(fromRow);
  }

  /**
   * The buckets that points with ordinals start, start + 1, … change, whole: the finest level's
   * (the first merged into `head`, the stored last finest bucket, when the points continue it),
   * then every coarser bucket they complete, built from the level below (read back only for the
   * part of it logged before these points). Nothing is written.
   */
  private add(runId: string, key: string, start: number, points: readonly BucketPoint[], head?: Bucket): Bucket[] {
    if (points.length === 0) return [];
    const end = start + points.length;
    let finer = bucketsOf(FINEST, start, points);
    if (head && head.bucket === finer[0]!.bucket) {
      mergeBucket(head, finer[0]!);
      finer[0] = head;
    }
    const out = [...finer];
    for (const level of LEVELS.slice(1)) {
      const from = Math.floor(start / 2 ** level);
      const to = Math.floor(end / 2 ** level);
      // A bucket completed at a coarser level completes one here too.
      if (from === to) break;
      const first = finer[0]!.bucket;
      const earlier = first > from * 4 ? this.stored(runId, key, level - 2, from * 4, first) : [];
      finer = coarsen(level, [...earlier, ...finer.filter((b) => b.bucket < to * 4)]);
      out.push(...finer);
    }
    return out;
  }

  /** Writes whole buckets of one run's series, many rows a statement. */
  private write(runId: string, series: readonly [string, readonly Bucket[]][]): void {
    for (const table of ['metric_fine', 'metric_buckets'] as const) {
      let params: SqlValue[] = [];
      let rows = 0;
      const flush = () => {
        if (rows > 0) this.db.run(writeBuckets(table, rows), params);
        params = [];
        rows = 0;
      };
      for (const [key, buckets] of series) {
        for (const b of buckets) {
          if (tableOf(b.level) !== table) continue;
          params.push(runId, key, ...toRow(b));
          if (++rows === ROWS_PER_WRITE) flush();
        }
      }
      flush();
    }
  }
}
