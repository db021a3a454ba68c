// What the compare panel shows, computed from the runtime's answer: pure, DOM-free, unit-tested.
import type { CompareResponse } from '../../src/shared/compare';

export type CompareRun = CompareResponse['runs'][number];
export type CompareMetric = CompareResponse['metrics'][number];
export type CompareSeries = CompareResponse['series'][number];

export interface ParamRow {
  key: string;
  values: (string | null)[];
  differs: boolean;
}

export function paramRows(data: CompareResponse, onlyDifferences: boolean): ParamRow[] {
  return data.params.filter((p) => !onlyDifferences || p.differs);
}

/** A series value off the wire: MLflow writes non-finite doubles as strings. */
export function toNumber(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return NaN;
}

export function formatValue(wire: number | string | null | undefined): string {
  if (wire === null || wire === undefined) return '—';
  const value = toNumber(wire);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** The run's display name: its name, else the start of its id. */
export function runLabel(run: CompareRun): string {
  return run.run_name || run.run_id.slice(0, 8);
}

/** Exponential moving average with TensorBoard's debiasing, skipping non-finite points. */
export function smooth(ys: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...ys];
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (!Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    n++;
    return last / (1 - weight ** n);
  });
}

/** Index of the best run for a metric under a direction override, or the runtime's choice. */
export function bestIndex(metric: CompareMetric, direction: 'min' | 'max' | undefined): number | null {
  if (!direction || direction === metric.direction) return metric.best_index;
  let best: number | null = null;
  metric.per_run.forEach((s, i) => {
    const latest = s ? toNumber(s.latest) : NaN;
    if (!Number.isFinite(latest)) return;
    const current = best === null ? undefined : toNumber(metric.per_run[best]!.latest);
    if (current === undefined || (direction === 'min' ? latest < current : latest > current)) best = i;
  });
  return best;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: string[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function paramsCsv(data: CompareResponse, onlyDifferences: boolean): string {
  return csv([['param', ...data.runs.map(runLabel)], ...paramRows(data, onlyDifferences).map((p) => [p.key, ...p.values.map((v) => v ?? '')])]);
}

export function metricsCsv(data: CompareResponse): string {
  const header = ['metric', 'statistic', ...data.runs.map(runLabel)];
  const rows = data.metrics.flatMap((m) =>
    (['latest', 'min', 'max'] as const).map((stat) => [m.key, stat, ...m.per_run.map((s) => (s ? String(s[stat]) : ''))]),
  );
  return csv([header, ...rows]);
}

/** Numeric params (every value parses as a number) can be scatter and parallel-coordinate axes. */
export function numericParams(data: CompareResponse): string[] {
  return data.params.filter((p) => p.values.some((v) => v !== null) && p.values.every((v) => v === null || (v.trim() !== '' && Number.isFinite(Number(v))))).map((p) => p.key);
}

export interface ParallelAxis {
  key: string;
  kind: 'param' | 'metric';
  min: number;
  max: number;
  /** Per run, scaled to 0…1 (null where the run has no value). */
  scaled: (number | null)[];
}

/** Axes for parallel coordinates: differing numeric params, then metrics' latest values. */
export function parallelAxes(data: CompareResponse): ParallelAxis[] {
  const axes: { key: string; kind: 'param' | 'metric'; raw: (number | null)[] }[] = [
    ...numericParams(data)
      .filter((key) => data.params.find((p) => p.key === key)!.differs)
      .map((key) => ({ key, kind: 'param' as const, raw: data.params.find((p) => p.key === key)!.values.map((v) => (v === null ? null : Number(v))) })),
    ...data.metrics.map((m) => ({ key: m.key, kind: 'metric' as const, raw: m.per_run.map((s) => (s && Number.isFinite(toNumber(s.latest)) ? toNumber(s.latest) : null)) })),
  ];
  return axes.map(({ key, kind, raw }) => {
    const finite = raw.filter((v): v is number => v !== null);
    const min = finite.length ? Math.min(...finite) : 0;
    const max = finite.length ? Math.max(...finite) : 0;
    return { key, kind, min, max, scaled: raw.map((v) => (v === null ? null : max === min ? 0.5 : (v - min) / (max - min))) };
  });
}

/** Metrics to draw: the chosen ones that exist, else all, the focused metric first. */
export function chartMetrics(data: CompareResponse, chosen: readonly string[], focus: string | undefined): string[] {
  const all = data.metrics.map((m) => m.key);
  const picked = chosen.filter((k) => all.includes(k));
  const keys = picked.length ? picked : all;
  return focus && keys.includes(focus) ? [focus, ...keys.filter((k) => k !== focus)] : keys;
}
