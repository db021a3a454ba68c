// What the compare panel and run page post to their pages while runs train: only the new points
// (the latest per key per runtime window) and run state changes, applied to the data already shown.
import type { CompareMetricSummary, CompareResponse, CompareXAxis, WireDouble } from '../compare';
import type { LiveMetric, RunChange } from '../events';
import { metricDirection } from '../metric-direction';
import type { RunPageResponse } from '../run-page';
import { isObject, isText } from './message-guards';

export interface LiveUpdate {
  /** New points per run, in the order they were logged. */
  points: { runId: string; metrics: LiveMetric[] }[];
  runs: RunChange[];
}

export const emptyLiveUpdate = (): LiveUpdate => ({ points: [], runs: [] });

const isLiveMetric = (m: unknown): m is LiveMetric =>
  isObject(m) && typeof m.key === 'string' && (typeof m.value === 'number' || typeof m.value === 'string') && typeof m.step === 'number' && typeof m.timestamp === 'number';

export function parseLiveUpdate(value: unknown): LiveUpdate | undefined {
  if (!isObject(value) || !Array.isArray(value.points) || !Array.isArray(value.runs)) return undefined;
  if (!value.points.every((p) => isObject(p) && isText(p.runId) && Array.isArray(p.metrics) && p.metrics.every(isLiveMetric))) return undefined;
  if (!value.runs.every((r) => isObject(r) && isText(r.runId))) return undefined;
  return value as unknown as LiveUpdate;
}

const toNumber = (v: WireDouble | number | string): number => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);

/** One more point in a metric's summary: latest by step (then time), min and max ignoring NaN. */
function summarize(s: CompareMetricSummary | null | undefined, m: LiveMetric): CompareMetricSummary {
  const y = toNumber(m.value);
  const finite = Number.isNaN(y) ? null : m.value;
  if (!s) return { latest: m.value, min: finite, max: finite, count: 1, step: m.step };
  const later = m.step >= s.step;
  const min = finite === null ? s.min : s.min === null || y < toNumber(s.min) ? finite : s.min;
  const max = finite === null ? s.max : s.max === null || y > toNumber(s.max) ? finite : s.max;
  return { latest: later ? m.value : s.latest, min, max, count: s.count + 1, step: later ? m.step : s.step };
}

/** Appends (x, y) unless x goes back; the same x again replaces the last point (a step logged twice). */
function appendPoint(xs: number[], ys: WireDouble[], x: number, y: WireDouble): void {
  const last = xs.length ? xs[xs.length - 1]! : -Infinity;
  if (x < last) return;
  if (x === last) ys[ys.length - 1] = y;
  else {
    xs.push(x);
    ys.push(y);
  }
}

/** Applies an update to the compare data in place; false when it names none of the compared runs. */
export function applyToCompare(data: CompareResponse, update: LiveUpdate, xAxis: CompareXAxis): boolean {
  let touched = false;
  for (const change of update.runs) {
    const run = data.runs.find((r) => r.run_id === change.runId);
    if (!run) continue;
    touched = true;
    if (change.status) run.status = change.status;
    if (change.runName !== undefined) run.run_name = change.runName;
    if (change.startTime !== undefined) run.start_time = change.startTime;
    if (change.endTime !== undefined) run.end_time = change.endTime;
    for (const p of change.params ?? []) run.params[p.key] = p.value;
    if (change.params?.length) data.params = compareParams(data);
  }
  for (const { runId, metrics } of update.points) {
    const index = data.runs.findIndex((r) => r.run_id === runId);
    if (index < 0) continue;
    touched = true;
    const origin = xAxis === 'relative' ? (data.runs[index]!.start_time ?? 0) : 0;
    for (const m of metrics) {
      let series = data.series.find((s) => s.run_id === runId && s.key === m.key);
      if (!series) data.series.push((series = { run_id: runId, key: m.key, x: [], y: [], total_points: 0, downsampled: false }));
      appendPoint(series.x, series.y, xAxis === 'step' ? m.step : m.timestamp - origin, m.value);
      series.total_points = Math.max(series.total_points + 1, series.x.length);
      let row = data.metrics.find((r) => r.key === m.key);
      if (!row) data.metrics.push((row = { key: m.key, direction: metricDirection(m.key), per_run: data.runs.map(() => null), best_index: null }));
      row.per_run[index] = summarize(row.per_run[index], m);
      row.best_index = bestIndex(row.per_run, row.direction);
    }
  }
  return touched;
}

function compareParams(data: CompareResponse): CompareResponse['params'] {
  const keys = [...new Set(data.runs.flatMap((r) => Object.keys(r.params)))].sort();
  return keys.map((key) => {
    const values = data.runs.map((r) => r.params[key] ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
}

function bestIndex(perRun: (CompareMetricSummary | null)[], direction: 'min' | 'max'): number | null {
  let best: number | null = null;
  perRun.forEach((s, i) => {
    const v = s ? toNumber(s.latest) : NaN;
    if (!Number.isFinite(v)) return;
    const current = best === null ? undefined : toNumber(perRun[best]!.latest);
    if (current === undefined || (direction === 'min' ? v < current : v > current)) best = i;
  });
  return best;
}

/** Applies an update to a run page's data in place; false when it is about another run. */
export function applyToRunPage(page: RunPageResponse, update: LiveUpdate): boolean {
  const runId = page.run.run_id;
  let touched = false;
  for (const change of update.runs) {
    if (change.runId !== runId) continue;
    touched = true;
    if (change.status) page.run.status = change.status;
    if (change.runName !== undefined) page.run.run_name = change.runName;
    if (change.endTime !== undefined) page.run.end_time = change.endTime;
    if (change.lifecycleStage) page.run.lifecycle_stage = change.lifecycleStage;
    for (const p of change.params ?? []) page.run.params[p.key] = p.value;
  }
  for (const { metrics } of update.points.filter((p) => p.runId === runId)) {
    touched = true;
    for (const m of metrics) {
      let metric = page.metrics.find((x) => x.key === m.key);
      if (!metric) page.metrics.push((metric = { key: m.key, x: [], y: [], latest: m.value, min: null, max: null, count: 0, step: m.step }));
      appendPoint(metric.x, metric.y, m.step, m.value);
      Object.assign(metric, summarize(metric.count === 0 ? null : metric, m));
    }
  }
  return touched;
}
