// What the drift dashboard draws, computed from a monitor's results: pure, DOM-free, unit-tested.
import type { ColumnHistogram, MonitorColumnResult, MonitorResult, MonitorSummary, StoredAlert } from '../../src/shared/monitors';

export interface Point {
  /** Epoch milliseconds. */
  x: number;
  y: number;
}

/** Used when the monitor's summary does not say at which share of drifted columns the dataset drifts (the runtime's default). */
export const DEFAULT_SHARE_THRESHOLD = 0.5;
/** p-values below this are plotted at its −log10 (double precision cannot tell them apart anyway). */
const SMALLEST_P = 1e-16;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

export function formatPercent(share: number): string {
  return `${formatNumber(Math.round(share * 1000) / 10)}%`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Oldest first: the order of a timeline. */
export function chronological(results: readonly MonitorResult[]): MonitorResult[] {
  return [...results].sort((a, b) => a.time - b.time);
}

/** The newest result, whatever order the list came in. */
export function latestResult(results: readonly MonitorResult[]): MonitorResult | undefined {
  return results.reduce<MonitorResult | undefined>((newest, r) => (!newest || r.time > newest.time ? r : newest), undefined);
}

/** The share of drifted columns at which the dataset counts as drifted. */
export function shareThreshold(summary: MonitorSummary | null): number {
  // Read defensively: the wire field is proposed, not yet in MonitorSummary.
  const value = (summary as { driftShareThreshold?: unknown } | null)?.driftShareThreshold;
  return typeof value === 'number' && value > 0 && value <= 1 ? value : DEFAULT_SHARE_THRESHOLD;
}

/** One value per result that has it, oldest first. */
export function timeline(results: readonly MonitorResult[], pick: (r: MonitorResult) => number | undefined): Point[] {
  return chronological(results).flatMap((r) => {
    const y = pick(r);
    return y === undefined || !Number.isFinite(y) ? [] : [{ x: r.time, y }];
  });
}

export interface AlertMarker extends Point {
  alert: StoredAlert;
}

/** Alerts of the results and of GET /api/alerts, each once, oldest first. */
export function monitorAlerts(results: readonly MonitorResult[], alerts: readonly StoredAlert[]): StoredAlert[] {
  const byId = new Map<number, StoredAlert>();
  for (const alert of [...results.flatMap((r) => r.alerts), ...alerts]) byId.set(alert.id, alert);
  return [...byId.values()].sort((a, b) => a.time - b.time || a.id - b.id);
}

/** An alert sits on the series at the point nearest its time; alerts outside the series' span are left out. */
export function alertMarkers(alerts: readonly StoredAlert[], series: readonly Point[]): AlertMarker[] {
  if (series.length === 0) return [];
  const first = series[0]!.x;
  const last = series[series.length - 1]!.x;
  const slack = series.length > 1 ? (last - first) / (series.length - 1) / 2 : 60_000;
  return alerts
    .filter((a) => a.time >= first - slack && a.time <= last + slack)
    .map((alert) => {
      const nearest = series.reduce((best, p) => (Math.abs(p.x - alert.time) < Math.abs(best.x - alert.time) ? p : best));
      return { x: alert.time, y: nearest.y, alert };
    });
}

export interface FeatureBar {
  column: string;
  /** On the chart's scale: −log10 p, a distance, or either divided by its threshold. */
  score: number;
  drifted: boolean;
  /** "ks p = 0.001 (threshold 0.05)". */
  detail: string;
}

export interface FeatureScores {
  /** Most drifted first. */
  bars: FeatureBar[];
  /** Where the threshold line goes on the same scale. */
  threshold: number;
  axisTitle: string;
  /** Columns without a score and why. */
  untested: { column: string; reason: string }[];
}

const isPValueTest = (c: MonitorColumnResult): boolean => c.pValue !== undefined;
const minusLog10 = (p: number): number => -Math.log10(Math.max(p, SMALLEST_P));

function rawScore(c: MonitorColumnResult): { score: number; threshold: number } {
  if (isPValueTest(c)) return { score: minusLog10(c.adjustedPValue ?? c.pValue!), threshold: minusLog10(c.threshold!) };
  return { score: c.statistic!, threshold: c.threshold! };
}

function detailOf(c: MonitorColumnResult): string {
  if (isPValueTest(c)) {
    const p = c.adjustedPValue ?? c.pValue!;
    return `${c.test} ${c.adjustedPValue !== undefined ? 'adjusted p' : 'p'} ${p < SMALLEST_P ? `< ${SMALLEST_P}` : `= ${formatNumber(p)}`} (threshold ${formatNumber(c.threshold!)})`;
  }
  return `${c.test} distance = ${formatNumber(c.statistic!)} (threshold ${formatNumber(c.threshold!)})`;
}

function untestedReason(c: MonitorColumnResult): string {
  if (c.noData === 'current') return 'no values in the current window';
  if (c.noData === 'reference') return 'no values in the reference';
  if (c.noData === 'both') return 'no values on either side';
  return 'not tested';
}

/**
 * Per-feature drift evidence on one scale where higher means more drift: −log10 of the (adjusted)
 * p-value for tests, the distance for distances. When the features mix kinds or thresholds, each
 * score is divided by its own threshold's, so the one threshold line sits at 1.
 */
export function featureScores(columns: readonly MonitorColumnResult[]): FeatureScores {
  const tested = columns.filter((c) => c.statistic !== null && c.threshold !== null && c.test !== 'none');
  const untested = columns.filter((c) => !tested.includes(c)).map((c) => ({ column: c.column, reason: untestedReason(c) }));
  const raw = tested.map((c) => ({ c, ...rawScore(c) }));
  const kinds = new Set(tested.map((c) => (isPValueTest(c) ? 'p' : 'distance')));
  const thresholds = new Set(raw.map((r) => r.threshold));
  const shared = kinds.size <= 1 && thresholds.size <= 1;
  const tests = [...new Set(tested.map((c) => c.test))].join(', ');
  const adjusted = tested.some((c) => c.adjustedPValue !== undefined);
  const threshold = shared ? (raw[0]?.threshold ?? 1) : 1;
  const axisTitle = !shared
    ? 'drift score ÷ threshold (−log10 p for tests, distance for distances; ≥ 1 drifts)'
    : kinds.has('p')
      ? `−log10 ${adjusted ? 'adjusted ' : ''}p-value (${tests}; drifts above −log10 ${formatNumber(tested[0]!.threshold!)} = ${formatNumber(threshold)})`
      : `distance (${tests || 'none'}; drifts at ${formatNumber(threshold)} and above)`;
  const bars = raw
    .map(({ c, score, threshold: own }) => ({ column: c.column, score: shared ? score : own > 0 ? score / own : score, drifted: c.drifted, detail: detailOf(c) }))
    .sort((a, b) => b.score - a.score || (a.column < b.column ? -1 : 1));
  return { bars, threshold, axisTitle, untested };
}

/** The feature to show: the one chosen if the latest result has it, else the most drifted, else the first. */
export function selectedFeature(chosen: string | null, columns: readonly MonitorColumnResult[]): string | null {
  if (chosen && columns.some((c) => c.column === chosen)) return chosen;
  return featureScores(columns).bars[0]?.column ?? columns[0]?.column ?? null;
}

export interface HistogramBars {
  kind: ColumnHistogram['kind'];
  labels: string[];
  /** Shares of each side's counts, so windows of any size compare with the reference. */
  reference: number[];
  current: number[];
}

const shares = (counts: readonly number[]): number[] => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
};

export function histogramBars(histogram: ColumnHistogram): HistogramBars {
  const labels =
    histogram.kind === 'numeric'
      ? histogram.reference.map((_, i) => `${formatNumber(histogram.edges?.[i] ?? NaN)} – ${formatNumber(histogram.edges?.[i + 1] ?? NaN)}`)
      : histogram.reference.map((_, i) => histogram.labels?.[i] ?? `#${i + 1}`);
  return { kind: histogram.kind, labels, reference: shares(histogram.reference), current: shares(histogram.current) };
}

/** Mean of a numeric histogram's side from its bin midpoints; undefined when that side is empty. */
export function binnedMean(edges: readonly number[], counts: readonly number[]): number | undefined {
  let total = 0;
  let sum = 0;
  counts.forEach((count, i) => {
    const [low, high] = [edges[i], edges[i + 1]];
    if (low === undefined || high === undefined) return;
    total += count;
    sum += count * ((low + high) / 2);
  });
  return total > 0 ? sum / total : undefined;
}

/** How one prediction column moved over time: a numeric one by its mean, a categorical one by each class's share. */
export type PredictionTimeline =
  | { column: string; kind: 'numeric'; current: Point[]; referenceMean: number | undefined }
  | { column: string; kind: 'categorical'; classes: { label: string; points: Point[] }[] };

/** From each result's prediction-drift histograms, oldest first, one timeline per prediction column. */
export function predictionTimelines(results: readonly MonitorResult[]): PredictionTimeline[] {
  const ordered = chronological(results);
  const columns = [...new Set(ordered.flatMap((r) => (r.predictionDrift?.columns ?? []).filter((c) => c.histogram).map((c) => c.column)))];
  return columns.map((column): PredictionTimeline => {
    const samples = ordered.flatMap((r) => {
      const histogram = r.predictionDrift?.columns.find((c) => c.column === column)?.histogram;
      return histogram ? [{ time: r.time, histogram }] : [];
    });
    const latest = samples[samples.length - 1]!.histogram;
    if (latest.kind === 'numeric') {
      const numeric = samples.filter((s) => s.histogram.kind === 'numeric' && s.histogram.edges);
      return {
        column,
        kind: 'numeric',
        current: numeric.flatMap((s) => {
          const y = binnedMean(s.histogram.edges!, s.histogram.current);
          return y === undefined ? [] : [{ x: s.time, y }];
        }),
        referenceMean: latest.edges ? binnedMean(latest.edges, latest.reference) : undefined,
      };
    }
    const categorical = samples.filter((s) => s.histogram.kind === 'categorical');
    const labels = [...new Set(categorical.flatMap((s) => s.histogram.labels ?? []))];
    return {
      column,
      kind: 'categorical',
      classes: labels.map((label) => ({
        label,
        points: categorical.map((s) => {
          const i = s.histogram.labels?.indexOf(label) ?? -1;
          const total = s.histogram.current.reduce((a, b) => a + b, 0);
          return { x: s.time, y: i >= 0 && total > 0 ? s.histogram.current[i]! / total : 0 };
        }),
      })),
    };
  });
}

/** Each performance metric the results carry, oldest first. */
export function performanceTimelines(results: readonly MonitorResult[]): { metric: string; points: Point[] }[] {
  const metrics = [...new Set(chronological(results).flatMap((r) => Object.keys(r.performance?.metrics ?? {})))];
  return metrics.map((metric) => ({ metric, points: timeline(results, (r) => r.performance?.metrics[metric]) }));
}

export interface ServingTimelines {
  p50: Point[];
  p99: Point[];
  errorRate: Point[];
}

export function servingTimelines(results: readonly MonitorResult[]): ServingTimelines {
  return {
    p50: timeline(results, (r) => r.latency?.p50),
    p99: timeline(results, (r) => r.latency?.p99),
    errorRate: timeline(results, (r) => r.errorRate),
  };
}

export interface HeaderFact {
  id: string;
  label: string;
  value: string;
}

/** The header's facts about the monitor and its latest result. */
export function headerFacts(summary: MonitorSummary | null, latest: MonitorResult | undefined, now = Date.now()): HeaderFact[] {
  const facts: HeaderFact[] = [];
  const model = latest ? `${latest.model}${latest.modelVersion ? ` (version ${latest.modelVersion})` : ''}` : summary?.model;
  if (model) facts.push({ id: 'fact-model', label: 'Model', value: model });
  const lastTime = latest?.time ?? summary?.last?.time;
  facts.push({ id: 'fact-last-run', label: 'Last run', value: lastTime === undefined ? 'never' : formatTime(lastTime) });
  if (latest) {
    const { rows, requests } = latest.window;
    facts.push({ id: 'fact-window', label: 'Window', value: `${rows.toLocaleString()} rows${requests !== undefined ? ` from ${requests.toLocaleString()} requests` : ''}` });
    facts.push({ id: 'fact-reference', label: 'Reference', value: `${latest.reference.path} v${latest.reference.version} (${latest.reference.rows.toLocaleString()} rows)` });
    facts.push({ id: 'fact-drift-share', label: 'Drifted features', value: `${latest.drift.driftedColumns} of ${latest.drift.testedColumns} (${formatPercent(latest.driftShare)})` });
  }
  if (summary?.nextRunAt) facts.push({ id: 'fact-next-run', label: 'Next run', value: formatTime(summary.nextRunAt) });
  if (summary?.silencedUntil && summary.silencedUntil > now) facts.push({ id: 'fact-silenced', label: 'Alerts silenced until', value: formatTime(summary.silencedUntil) });
  return facts;
}
