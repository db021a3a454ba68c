import { invalid } from '../errors';
import type { SqlDriver } from '../store';
import type { Metric, MetricSummary } from './types';
import { LIMITS, validateKey } from './validation';
import { MetricSummaries } from './metric-summaries';
import { decodePageToken, encodePageToken } from './page-token';

interface MetricRow {
  key: string;
  value: number | null;
  is_nan: number;
  step: number;
  timestamp: number;
}

const UPSERT_LATEST = `
  INSERT INTO latest_metrics (run_uuid, key, value, is_nan, step, timestamp, min_value, max_value, count)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(run_uuid, key) DO UPDATE SET
    value     = CASE WHEN excluded.step > step OR (excluded.step = step AND excluded.timestamp >= timestamp) THEN excluded.value ELSE value END,
    is_nan    = CASE WHEN excluded.step > step OR (excluded.step = step AND excluded.timestamp >= timestamp) THEN excluded.is_nan ELSE is_nan END,
    timestamp = CASE WHEN excluded.step > step OR (excluded.step = step AND excluded.timestamp >= timestamp) THEN excluded.timestamp ELSE timestamp END,
    step      = CASE WHEN excluded.step > step OR (excluded.step = step AND excluded.timestamp >= timestamp) THEN excluded.step ELSE step END,
    min_value = CASE WHEN min_value IS NULL THEN excluded.min_value WHEN excluded.min_value IS NULL THEN min_value ELSE min(min_value, excluded.min_value) END,
    max_value = CASE WHEN max_value IS NULL THEN excluded.max_value WHEN excluded.max_value IS NULL THEN max_value ELSE max(max_value, excluded.max_value) END,
    count     = count + excluded.count`;

/** Reads a metric value off the wire: a number, or MLflow's "NaN" / "Infinity" / "-Infinity" strings. */
export function parseMetricValue(key: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'nan') return NaN;
  if (value === 'Infinity' || value === 'inf') return Infinity;
  if (value === '-Infinity' || value === '-inf') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw invalid(`Got invalid value ${JSON.stringify(value)} for metric '${key}' (timestamp must be provided). Please specify value as a valid double (64-bit floating point)`);
}

export function parseInt64(name: string, value: unknown, fallback?: number): number {
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw invalid(`Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`);
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied: it must be an integer.`);
  return n;
}

/** Metric history and the per-key summary (latest by step then timestamp, min, max, count). */
export class MetricRepository {
  readonly summaries: MetricSummaries;

  constructor(private readonly db: SqlDriver) {
    this.summaries = new MetricSummaries(db, (runId, key) => this.historyChunks(runId, key, 0, Number.MAX_SAFE_INTEGER, 10_000));
  }

  /** Appends points; the caller holds the transaction. */
  append(runId: string, metrics: readonly Metric[]): void {
    const summaries = new Map<string, { latest: Metric; min: number | null; max: number | null; count: number; points: Metric[] }>();
    for (const m of metrics) {
      const isNan = Number.isNaN(m.value);
      this.db.run('INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)', [runId, m.key, m.step, m.timestamp, isNan ? null : m.value, isNan ? 1 : 0]);
      const s = summaries.get(m.key);
      const finite = isNan ? null : m.value;
      if (!s) {
        summaries.set(m.key, { latest: m, min: finite, max: finite, count: 1, points: [m] });
        continue;
      }
      if (m.step > s.latest.step || (m.step === s.latest.step && m.timestamp >= s.latest.timestamp)) s.latest = m;
      if (finite !== null) {
        s.min = s.min === null ? finite : Math.min(s.min, finite);
        s.max = s.max === null ? finite : Math.max(s.max, finite);
      }
      s.count++;
      s.points.push(m);
    }
    this.summaries.append(runId, new Map([...summaries].map(([key, s]) => [key, s.points])));
    for (const [key, s] of summaries) {
      const isNan = Number.isNaN(s.latest.value);
      this.db.run(UPSERT_LATEST, [runId, key, isNan ? null : s.latest.value, isNan ? 1 : 0, s.latest.step, s.latest.timestamp, s.min, s.max, s.count]);
    }
  }

  latest(runId: string): MetricSummary[] {
    return this.latestOfRuns([runId]).get(runId) ?? [];
  }

  /** The latest-value summaries of many runs in one query, by run id (keys in order). */
  latestOfRuns(runIds: readonly string[]): Map<string, MetricSummary[]> {
    const out = new Map<string, MetricSummary[]>();
    if (runIds.length === 0) return out;
    const rows = this.db.all<MetricRow & { run_uuid: string; min_value: number | null; max_value: number | null; count: number }>(
      `SELECT run_uuid, key, value, is_nan, step, timestamp, min_value, max_value, count FROM latest_metrics WHERE run_uuid IN (${runIds.map(() => '?').join(',')}) ORDER BY run_uuid, key`,
      [...runIds],
    );
    for (const row of rows) {
      const list = out.get(row.run_uuid) ?? [];
      list.push({ ...toMetric(row), min: row.min_value, max: row.max_value, count: row.count });
      out.set(row.run_uuid, list);
    }
    return out;
  }

  /** Every point of one metric, by step then timestamp, paged. */
  history(runId: string, key: string, options: { maxResults?: number; pageToken?: string } = {}): { metrics: Metric[]; nextPageToken?: string } {
    validateKey('metric', key);
    const max = options.maxResults ?? LIMITS.maxHistoryResults;
    if (!Number.isInteger(max) || max < 1 || max > LIMITS.maxHistoryResults * 40) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
    const offset = decodePageToken(options.pageToken);
    const rows = this.db.all<MetricRow>(
      'SELECT key, value, is_nan, step, timestamp FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp, value, is_nan LIMIT ? OFFSET ?',
      [runId, key, max + 1, offset],
    );
    const metrics = rows.slice(0, max).map(toMetric);
    return rows.length > max ? { metrics, nextPageToken: encodePageToken(offset + max) } : { metrics };
  }

  /**
   * What a chart of `buckets` pixels can show of a history (x = step or timestamp), read from the
   * write-time summaries (metric-summaries.ts) instead of the points: each bucket's extremes and
   * first non-finite point, and the first and last finite points, in x order.
   */
  chartPoints(runId: string, key: string, axis: 'step' | 'timestamp', buckets: number): { x: number; y: number }[] {
    validateKey('metric', key);
    return this.summaries.chartPoints(runId, key, axis, buckets);
  }

  /**
   * The same points as history(), in chunks of one query each, so a caller can stream a million
   * points without holding them and other requests run between chunks. Keyset paging on
   * (step, timestamp) in the covering index's order; rows tied with the last one sent are skipped.
   */
  *historyChunks(runId: string, key: string, offset: number, limit: number, chunkSize = 10_000): Generator<Metric[]> {
    validateKey('metric', key);
    const columns = 'SELECT key, value, is_nan, step, timestamp FROM metrics WHERE run_uuid = ? AND key = ?';
    const order = 'ORDER BY step, timestamp, value, is_nan';
    let boundary: { step: number; timestamp: number } | undefined;
    let skip = 0;
    let position = offset;
    let remaining = limit;
    while (remaining > 0) {
      const size = Math.min(chunkSize, remaining);
      const rows = boundary
        ? this.db.all<MetricRow>(`${columns} AND (step, timestamp) >= (?, ?) ${order} LIMIT ?`, [runId, key, boundary.step, boundary.timestamp, size + skip]).slice(skip)
        : this.db.all<MetricRow>(`${columns} ${order} LIMIT ? OFFSET ?`, [runId, key, size, offset]);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      position += rows.length;
      let tied = 0;
      for (let i = rows.length - 1; i >= 0 && rows[i]!.step === last.step && rows[i]!.timestamp === last.timestamp; i--) tied++;
      const sameBoundary = boundary !== undefined && boundary.step === last.step && boundary.timestamp === last.timestamp;
      if (sameBoundary && tied === rows.length) skip += tied;
      else if (boundary === undefined && offset > 0) {
        // The first chunk after an offset: rows tied with it may sit before the offset too.
        const before = this.db.get<{ n: number }>('SELECT count(*) AS n FROM metrics WHERE run_uuid = ? AND key = ? AND (step, timestamp) < (?, ?)', [runId, key, last.step, last.timestamp])?.n ?? 0;
        skip = position - before;
      } else skip = tied;
      boundary = { step: last.step, timestamp: last.timestamp };
      remaining -= rows.length;
      yield rows.map(toMetric);
      if (rows.length < size) return;
    }
  }

  count(runId: string, key: string): number {
    return this.db.get<{ n: number }>('SELECT count(*) AS n FROM metrics WHERE run_uuid = ? AND key = ?', [runId, key])?.n ?? 0;
  }

  /**
   * Points of one metric across runs within [startStep, endStep], at most `maxResults` per run,
   * spread evenly over the steps present (MLflow's get-history-bulk-interval sampling keeps the
   * first and last step of the range).
   */
  /**
   * Points of `key` across runs at sampled steps, as MLflow's get_metric_history_bulk_interval
   * samples them: about `maxResults` steps spread over the union of the runs' steps in the range,
   * plus every run's first and last step.
   */
  bulkInterval(runIds: string[], key: string, options: { startStep?: number; endStep?: number; maxResults: number }): (Metric & { runId: string })[] {
    const perRun = runIds.map((runId) => this.db.all<{ step: number }>('SELECT DISTINCT step FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step', [runId, key]).map((r) => r.step));
    const allSteps = [...new Set(perRun.flat())].sort((a, b) => a - b);
    const start = options.startStep ?? 0;
    const end = options.endStep ?? (options.startStep === undefined ? (allSteps.at(-1) ?? 0) : Number.MAX_SAFE_INTEGER);
    const steps = new Set(perRun.flatMap((run) => (run.length > 0 ? [run[0]!, run.at(-1)!] : [])).filter((step) => step >= start && step <= end));
    const inRange = allSteps.filter((step) => step >= start && step <= end);
    if (inRange.length <= options.maxResults) {
      for (const step of inRange) steps.add(step);
    } else {
      const interval = inRange.length / options.maxResults;
      for (let i = 0; i < options.maxResults; i++) steps.add(inRange[Math.floor(i * interval)]!);
      steps.add(inRange.at(-1)!);
    }
    const chosen = [...steps];
    const out: (Metric & { runId: string })[] = [];
    if (chosen.length === 0) return out;
    for (const runId of runIds) {
      const rows = this.db.all<MetricRow>(
        `SELECT key, value, is_nan, step, timestamp FROM metrics WHERE run_uuid = ? AND key = ? AND step IN (${chosen.map(() => '?').join(',')}) ORDER BY step, timestamp, value LIMIT ?`,
        [runId, key, ...chosen, LIMITS.maxHistoryResults],
      );
      for (const row of rows) out.push({ ...toMetric(row), runId });
    }
    return out;
  }
}

function toMetric(row: MetricRow): Metric {
  return { key: row.key, value: row.is_nan ? NaN : (row.value as number), step: row.step, timestamp: row.timestamp };
}
