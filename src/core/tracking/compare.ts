import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  CompareMetric,
  CompareParam,
  CompareResponse,
  CompareRun,
  CompareSeries,
  CompareXAxis,
  DownsampleMethod,
  MetricDirection,
  WireDouble,
} from '../../shared/compare';
import { COMPARE_LIMITS } from '../../shared/compare';
import { metricDirection } from '../../shared/metric-direction';
import { wireDouble } from '../../shared/mlflow-values';
import { invalid } from '../errors';
import type { Downsampled } from './downsample';
import { createDownsampler } from './downsample';
import type { MetricRepository } from './metrics';
import type { RunRepository } from './runs';
import type { MetricSummary, Run } from './types';
import { validateKey } from './validation';

/** A checked compare request with its defaults filled in. */
export interface CompareQuery {
  runIds: string[];
  /** undefined: every key the runs logged. */
  metricKeys?: string[];
  xAxis: CompareXAxis;
  points: number;
  method: DownsampleMethod;
  directions: Map<string, MetricDirection>;
}

const X_AXES: readonly CompareXAxis[] = ['step', 'wall', 'relative'];
const METHODS: readonly DownsampleMethod[] = ['lttb', 'minmax'];
const CHUNK_ROWS = 10_000;
/** Histories longer than this many times the target are preselected from their summaries (MinMaxLTTB: Van Der Donckt et al., 2023). */
const PRESELECT_FROM = 8;
/** Buckets per target point for the preselection: each gives its min and max. */
const PRESELECT_RATIO = 2;
/** Points the series cache holds at most, over all its entries (16 bytes each). */
const CACHE_POINTS = 1_000_000;

/** Checks the body of POST /api/compare (see CompareRequest). */
export function parseCompareRequest(body: unknown): CompareQuery {
  if (!isObject(body)) throw invalid('The request body must be a JSON object.');
  const runIds = stringList(body, 'run_ids');
  if (!runIds) throw invalid("Missing value for required parameter 'run_ids'. See the API docs for more information about request parameters.");
  const { minRuns, maxRuns, minPoints, maxPoints, defaultPoints } = COMPARE_LIMITS;
  if (runIds.length < minRuns || runIds.length > maxRuns) throw invalid(`Invalid value for parameter 'run_ids' supplied: compare takes ${minRuns} to ${maxRuns} runs, got ${runIds.length}.`);
  if (new Set(runIds).size !== runIds.length) throw invalid("Invalid value for parameter 'run_ids' supplied: a run is listed twice.");
  const metricKeys = stringList(body, 'metric_keys');
  const points = body.points ?? defaultPoints;
  if (typeof points !== 'number' || !Number.isInteger(points) || points < minPoints || points > maxPoints) {
    throw invalid(`Invalid value ${JSON.stringify(points)} for parameter 'points' supplied: it must be an integer from ${minPoints} to ${maxPoints}.`);
  }
  return {
    runIds,
    metricKeys: metricKeys && [...new Set(metricKeys.map((k) => validateKey('metric', k)))],
    xAxis: oneOf(body, 'x_axis', X_AXES, 'step'),
    points,
    method: oneOf(body, 'method', METHODS, 'lttb'),
    directions: parseDirections(body.directions),
  };
}

/**
 * Runs side by side: their params with differences marked, metric summaries with the best run
 * per metric, and every metric's history downsampled. Histories are read in chunks with a turn
 * of the event loop between them, so logging goes on meanwhile and memory stays bounded.
 */
export class CompareService {
  private readonly cache = new SeriesCache(CACHE_POINTS);

  constructor(
    private readonly runs: RunRepository,
    private readonly metrics: MetricRepository,
  ) {}

  async compare(query: CompareQuery): Promise<CompareResponse> {
    const runs = query.runIds.map((id) => this.runs.get(id));
    const summaries = runs.map((run) => new Map(run.data.metrics.map((m) => [m.key, m])));
    const keys = query.metricKeys ?? [...new Set(runs.flatMap((run) => run.data.metrics.map((m) => m.key)))].sort();
    const seriesCount = keys.reduce((n, key) => n + summaries.filter((s) => s.has(key)).length, 0);
    const points = Math.max(COMPARE_LIMITS.minPoints, Math.min(query.points, Math.floor(COMPARE_LIMITS.maxTotalPoints / Math.max(1, seriesCount))));
    const series: CompareSeries[] = [];
    for (const key of keys) {
      for (const [i, run] of runs.entries()) {
        const summary = summaries[i]!.get(key);
        if (summary) series.push(await this.series(run, summary, query, points));
      }
    }
    return {
      runs: runs.map(wireRun),
      params: paramRows(runs),
      metrics: keys.map((key) => metricRow(key, query.directions.get(key) ?? metricDirection(key), summaries.map((s) => s.get(key)))),
      series,
    };
  }

  private async series(run: Run, summary: MetricSummary, query: CompareQuery, points: number): Promise<CompareSeries> {
    const runId = run.info.runId;
    const byStep = query.xAxis === 'step';
    const total = summary.count;
    const cacheKey = [runId, summary.key, byStep ? 'step' : 'time', query.method, points].join('\n');
    const sampled = await this.cache.get(cacheKey, total, () => this.downsample(runId, summary.key, total, byStep, query.method, points));
    const origin = query.xAxis === 'relative' ? (run.info.startTime ?? sampled.xs[0] ?? 0) : 0;
    const x = new Array<number>(sampled.xs.length);
    const y = new Array<WireDouble>(sampled.ys.length);
    for (let k = 0; k < x.length; k++) {
      x[k] = sampled.xs[k]! - origin;
      y[k] = wire(sampled.ys[k]!);
    }
    return { run_id: runId, key: summary.key, x, y, total_points: total, downsampled: x.length < total };
  }

  private async downsample(runId: string, key: string, total: number, byStep: boolean, method: DownsampleMethod, points: number): Promise<Downsampled> {
    if (total > points * PRESELECT_FROM) {
      // Long histories: the write-time summaries give each bucket's extremes, then the method runs on those (MinMaxLTTB for lttb).
      await nextTurn();
      const candidates = this.metrics.chartPoints(runId, key, byStep ? 'step' : 'timestamp', points * PRESELECT_RATIO);
      const sampler = createDownsampler(method, candidates.length, points);
      for (const p of candidates) sampler.push(p.x, p.y);
      return sampler.finish();
    }
    const sampler = createDownsampler(method, total, points);
    for (const chunk of this.metrics.historyChunks(runId, key, 0, total, CHUNK_ROWS)) {
      if (byStep) for (const m of chunk) sampler.push(m.step, m.value);
      else for (const m of chunk) sampler.push(m.timestamp, m.value);
      await nextTurn();
    }
    return sampler.finish();
  }
}

/**
 * Downsampled series of earlier answers, least recently used first out. A metric's points are
 * only ever appended, so a series whose count is unchanged is unchanged. Requests arriving while
 * a series is being read (a panel refreshing for a live run) share that read.
 */
class SeriesCache {
  private readonly entries = new Map<string, { count: number; sampled: Promise<Downsampled>; points: number }>();
  private points = 0;

  constructor(private readonly maxPoints: number) {}

  get(key: string, count: number, compute: () => Promise<Downsampled>): Promise<Downsampled> {
    const hit = this.entries.get(key);
    if (hit && hit.count === count) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.sampled;
    }
    this.delete(key);
    const entry = { count, sampled: compute(), points: 0 };
    this.entries.set(key, entry);
    entry.sampled.then(
      (sampled) => {
        if (this.entries.get(key) !== entry) return;
        entry.points = sampled.xs.length;
        this.points += entry.points;
        for (const oldest of this.entries.keys()) {
          if (this.points <= this.maxPoints) break;
          this.delete(oldest);
        }
      },
      () => this.entries.get(key) === entry && this.delete(key),
    );
    return entry.sampled;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.points -= entry.points;
    this.entries.delete(key);
  }
}

function wire(value: number): WireDouble {
  return wireDouble(value) as WireDouble;
}

function wireRun(run: Run): CompareRun {
  const { info, data } = run;
  return {
    run_id: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    status: info.status,
    start_time: info.startTime,
    end_time: info.endTime,
    params: Object.fromEntries(data.params.map((p) => [p.key, p.value])),
    tags: Object.fromEntries(data.tags.map((t) => [t.key, t.value])),
  };
}

function paramRows(runs: Run[]): CompareParam[] {
  const maps = runs.map((run) => new Map(run.data.params.map((p) => [p.key, p.value])));
  const keys = [...new Set(runs.flatMap((run) => run.data.params.map((p) => p.key)))].sort();
  return keys.map((key) => {
    const values = maps.map((m) => m.get(key) ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
}

function metricRow(key: string, direction: MetricDirection, perRun: (MetricSummary | undefined)[]): CompareMetric {
  let best: number | null = null;
  perRun.forEach((s, i) => {
    if (!s || !Number.isFinite(s.value)) return;
    const current = best === null ? undefined : perRun[best]!.value;
    if (current === undefined || (direction === 'min' ? s.value < current : s.value > current)) best = i;
  });
  return {
    key,
    direction,
    per_run: perRun.map((s) =>
      s ? { latest: wire(s.value), min: s.min === null ? null : wire(s.min), max: s.max === null ? null : wire(s.max), count: s.count, step: s.step } : null,
    ),
    best_index: best,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied: it must be a list of non-empty strings.`);
  }
  return value as string[];
}

function oneOf<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], fallback: T): T {
  const value = body[name] ?? fallback;
  if (!allowed.includes(value as T)) throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied: use one of ${allowed.join(', ')}.`);
  return value as T;
}

function parseDirections(value: unknown): Map<string, MetricDirection> {
  if (value === undefined || value === null) return new Map();
  if (!isObject(value) || !Object.values(value).every((d) => d === 'min' || d === 'max')) {
    throw invalid(`Invalid value ${JSON.stringify(value)} for parameter 'directions' supplied: it must map metric keys to 'min' or 'max'.`);
  }
  return new Map(Object.entries(value as Record<string, MetricDirection>));
}
