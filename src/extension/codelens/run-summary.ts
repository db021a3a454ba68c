import { lowerIsBetter } from '../../shared/metric-direction';
import { headlineMetrics } from '../runs/run-format';
import type { Run as WireRun } from '../../shared/contract';

/**
 * What the lenses show, computed once per refresh from the workspace's recent runs (newest first):
 * per metric key the last, previous and best values, per param key the values tried and the one
 * in the best run. Pure: no vscode, no network.
 */

export interface RunRef {
  runId: string;
  runName: string;
}

export interface MetricPoint extends RunRef {
  value: number | string;
}

export interface MetricSummary {
  key: string;
  lowerIsBetter: boolean;
  /** The newest run that logged the key. */
  last: MetricPoint;
  /** The run before it that logged the key. */
  previous?: MetricPoint;
  /** The best finite value (direction by key), undefined when none is finite. */
  best?: MetricPoint;
  runs: number;
}

export interface ParamSummary {
  key: string;
  /** Distinct values, newest first. */
  values: string[];
  last: MetricPoint & { value: string };
  runs: number;
}

export interface RunSummary {
  runCount: number;
  /** Which runs these are, for tooltips: `train.js` when only the runs of that file. */
  scope?: string;
  metrics: Map<string, MetricSummary>;
  params: Map<string, ParamSummary>;
  /** The metric "best run" means for params: the headline metric most runs logged. */
  primaryMetric?: string;
  /** The best run by the primary metric, with its params. */
  bestRun?: MetricPoint & { metric: string; params: Map<string, string> };
  /** Lens texts already formatted from this summary, by `metric:key` / `param:key` (see lensText). */
  texts: Map<string, { title: string; tooltip: string }>;
}

/** A metric value as a number: MLflow's "NaN" / "Infinity" strings become their doubles. */
export function numeric(value: number | string): number {
  if (typeof value === 'number') return value;
  if (/^-inf(inity)?$/i.test(value)) return -Infinity;
  if (/^\+?inf(inity)?$/i.test(value)) return Infinity;
  return Number(value);
}

function isBetter(candidate: number, than: number, lower: boolean): boolean {
  return lower ? candidate < than : candidate > than;
}

function ref(run: WireRun): RunRef {
  return { runId: run.info.run_id, runName: run.info.run_name || run.info.run_id.slice(0, 8) };
}

export function summarizeRuns(input: readonly WireRun[]): RunSummary {
  const runs = [...input].sort((a, b) => (b.info.start_time ?? 0) - (a.info.start_time ?? 0));
  const metrics = new Map<string, MetricSummary>();
  const params = new Map<string, ParamSummary>();
  for (const run of runs) {
    const r = ref(run);
    for (const m of run.data.metrics ?? []) {
      const point = { ...r, value: m.value };
      const value = numeric(m.value);
      const s = metrics.get(m.key);
      if (!s) {
        const lower = lowerIsBetter(m.key);
        metrics.set(m.key, { key: m.key, lowerIsBetter: lower, last: point, ...(Number.isFinite(value) && { best: point }), runs: 1 });
        continue;
      }
      s.runs++;
      s.previous ??= point;
      if (Number.isFinite(value) && (!s.best || isBetter(value, numeric(s.best.value), s.lowerIsBetter))) s.best = point;
    }
    for (const p of run.data.params ?? []) {
      const s = params.get(p.key);
      if (!s) {
        params.set(p.key, { key: p.key, values: [p.value], last: { ...r, value: p.value }, runs: 1 });
        continue;
      }
      s.runs++;
      if (!s.values.includes(p.value)) s.values.push(p.value);
    }
  }
  const summary: RunSummary = { runCount: runs.length, metrics, params, texts: new Map() };
  const primary = primaryMetric(metrics);
  if (primary) {
    summary.primaryMetric = primary.key;
    const best = primary.best!;
    const run = runs.find((candidate) => candidate.info.run_id === best.runId);
    summary.bestRun = { ...best, metric: primary.key, params: new Map((run?.data.params ?? []).map((p) => [p.key, p.value])) };
  }
  return summary;
}

/** The headline metric (validation accuracy first, then accuracy-like, then loss-like) with a finite best. */
function primaryMetric(metrics: Map<string, MetricSummary>): MetricSummary | undefined {
  const candidates = [...metrics.values()].filter((m) => m.best !== undefined && !m.key.startsWith('system/'));
  if (candidates.length === 0) return undefined;
  const mostRuns = Math.max(...candidates.map((m) => m.runs));
  // Among metrics at least half the runs logged, the run tree's headline ranking decides.
  const common = candidates.filter((m) => m.runs * 2 >= mostRuns);
  const [headline] = headlineMetrics(common.map((m) => ({ key: m.key, value: 0, step: 0, timestamp: 0 })), 1);
  return headline ? metrics.get(headline.key) : common[0];
}
