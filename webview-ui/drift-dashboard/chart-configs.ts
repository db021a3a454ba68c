// chart.js configurations of the drift dashboard, built from the model's series and a palette of
// theme colours; no DOM here, so they are unit-tested as data.
import type { ChartConfiguration, ChartDataset, Plugin, TooltipItem } from 'chart.js';
import type { Severity } from '../../src/shared/monitors';
import type { AlertMarker, FeatureScores, HistogramBars, Point, PredictionTimeline, ServingTimelines } from './model';
import { formatNumber, formatPercent, formatTime } from './model';

export interface Palette {
  foreground: string;
  muted: string;
  series: string[];
  drifted: string;
  stable: string;
  reference: string;
  current: string;
  threshold: string;
  severity: Record<Severity, string>;
}

export type DashboardChartConfig = ChartConfiguration<'line' | 'bar' | 'scatter', (Point | number)[], string>;
type AnyDataset = ChartDataset<'line' | 'bar' | 'scatter', (Point | number)[]>;

const seriesColor = (palette: Palette, i: number): string => palette.series[i % palette.series.length]!;

/** A dashed horizontal line across the plot at `value` of the y axis, labelled at its right end. */
export function thresholdLine(value: number, color: string, label: string): Plugin {
  return {
    id: 'thresholdLine',
    afterDatasetsDraw(chart) {
      const y = chart.scales.y;
      if (!y) return;
      const { left, right, top, bottom } = chart.chartArea;
      const at = y.getPixelForValue(value);
      if (at < top || at > bottom) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(left, at);
      ctx.lineTo(right, at);
      ctx.stroke();
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(label, right - 4, at - 2);
      ctx.restore();
    },
  };
}

function alertDataset(markers: readonly AlertMarker[], palette: Palette): AnyDataset {
  return {
    type: 'scatter',
    label: 'Alerts',
    data: markers.map((m) => ({ ...m })),
    pointStyle: 'triangle',
    pointRadius: 7,
    pointHoverRadius: 9,
    backgroundColor: markers.map((m) => palette.severity[m.alert.severity] ?? palette.severity.warning),
    borderColor: markers.map((m) => palette.severity[m.alert.severity] ?? palette.severity.warning),
  };
}

function lineDataset(label: string, points: readonly Point[], color: string, extra: Partial<ChartDataset<'line', Point[]>> = {}): AnyDataset {
  return { type: 'line', label, data: [...points], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: points.length > 60 ? 0 : 2.5, ...extra } as AnyDataset;
}

function alertLabel(item: TooltipItem<'line' | 'bar' | 'scatter'>, value: (y: number) => string): string {
  const marker = item.raw as Partial<AlertMarker>;
  if (marker.alert) return `${marker.alert.severity}: ${marker.alert.message}`;
  const onRightAxis = (item.dataset as { yAxisID?: string }).yAxisID === 'y1';
  return `${item.dataset.label}: ${(onRightAxis ? formatPercent : value)(item.parsed.y ?? NaN)}`;
}

const MIN_TIME_SPAN_MS = 10 * 60_000;

/**
 * The x range: the points' own times, widened to at least ten minutes around them. Left to
 * itself, a linear scale given one point (or points seconds apart) rounds epoch milliseconds to
 * "nice" numbers months apart.
 */
export function timeRange(datasets: readonly AnyDataset[], markers: readonly AlertMarker[]): { min?: number; max?: number } {
  const times = [...datasets.flatMap((d) => (d.data as unknown[]).map((p) => (p as Partial<Point>).x)), ...markers.map((m) => m.x)].filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (times.length === 0) return {};
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (max - min < MIN_TIME_SPAN_MS) {
    const middle = (min + max) / 2;
    [min, max] = [middle - MIN_TIME_SPAN_MS / 2, middle + MIN_TIME_SPAN_MS / 2];
  }
  return { min, max };
}

/** A timeline: linear x in epoch ms with date ticks, alert markers on top, a threshold line if given. */
function timelineConfig(datasets: AnyDataset[], markers: readonly AlertMarker[], palette: Palette, y: { title: string; min?: number; max?: number; format?: (v: number) => string }, threshold?: { value: number; label: string }): DashboardChartConfig {
  const format = y.format ?? formatNumber;
  return {
    type: 'line',
    data: { datasets: (markers.length ? [...datasets, alertDataset(markers, palette)] : datasets).map((d) => ({ ...d, clip: false }) as AnyDataset) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      // Points and alert markers on the axis' ends (a drift share of 1) are drawn whole, not cut by the chart area.
      layout: { padding: { top: 10, right: 6 } },
      scales: {
        x: { type: 'linear', ...timeRange(datasets, markers), ticks: { maxTicksLimit: 6, callback: (v) => formatTime(Number(v)) } },
        y: { title: { display: true, text: y.title }, min: y.min, max: y.max, ...(threshold && { suggestedMax: threshold.value * 1.1 }), ticks: { callback: (v) => format(Number(v)) } },
      },
      plugins: {
        legend: { position: 'bottom', display: datasets.length > 1 || markers.length > 0 },
        tooltip: { callbacks: { title: (items) => (items[0] ? formatTime(items[0].parsed.x ?? 0) : ''), label: (item) => alertLabel(item, format) } },
      },
    },
    plugins: threshold ? [thresholdLine(threshold.value, palette.threshold, threshold.label)] : [],
  };
}

export function driftShareConfig(points: readonly Point[], threshold: number, markers: readonly AlertMarker[], palette: Palette): DashboardChartConfig {
  return timelineConfig([lineDataset('Drifted share of features', points, seriesColor(palette, 0), { fill: false })], markers, palette, { title: 'share of features drifted', min: 0, max: 1, format: formatPercent }, { value: threshold, label: `dataset drifts at ${formatPercent(threshold)}` });
}

/** Sorted bars, drifted ones coloured, the threshold as a line; clicking a bar names its feature. */
export function featureScoresConfig(scores: FeatureScores, selected: string | null, palette: Palette, onSelect: (column: string) => void): DashboardChartConfig {
  return {
    type: 'bar',
    data: {
      labels: scores.bars.map((b) => b.column),
      datasets: [
        {
          type: 'bar',
          label: 'drift score',
          data: scores.bars.map((b) => b.score),
          backgroundColor: scores.bars.map((b) => (b.drifted ? palette.drifted : palette.stable)),
          borderColor: scores.bars.map((b) => (b.column === selected ? palette.foreground : 'transparent')),
          borderWidth: 2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      onClick: (_event, elements) => {
        const bar = scores.bars[elements[0]?.index ?? -1];
        if (bar) onSelect(bar.column);
      },
      scales: { y: { beginAtZero: true, suggestedMax: scores.threshold * 1.2, title: { display: true, text: scores.axisTitle } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${scores.bars[item.dataIndex]?.drifted ? 'drifted' : 'stable'} · ${scores.bars[item.dataIndex]?.detail ?? ''}` } },
      },
    },
    plugins: [thresholdLine(scores.threshold, palette.threshold, 'threshold')],
  };
}

export function histogramConfig(bars: HistogramBars, palette: Palette): DashboardChartConfig {
  return {
    type: 'bar',
    data: {
      labels: bars.labels,
      datasets: [
        { type: 'bar', label: 'reference', data: bars.reference, backgroundColor: palette.reference },
        { type: 'bar', label: 'current window', data: bars.current, backgroundColor: palette.current },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: bars.kind === 'numeric' ? 'value bin' : 'category' } },
        y: { beginAtZero: true, title: { display: true, text: 'share of rows' }, ticks: { callback: (v) => formatPercent(Number(v)) } },
      },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatPercent(item.parsed.y ?? 0)}` } } },
    },
  };
}

export function predictionConfig(timeline: PredictionTimeline, markers: readonly AlertMarker[], palette: Palette): DashboardChartConfig {
  if (timeline.kind === 'numeric') {
    const datasets = [lineDataset(`mean ${timeline.column} (current window)`, timeline.current, palette.current)];
    if (timeline.referenceMean !== undefined && timeline.current.length > 0) {
      const span = [timeline.current[0]!.x, timeline.current[timeline.current.length - 1]!.x];
      datasets.push(lineDataset(`mean ${timeline.column} (reference)`, span.map((x) => ({ x, y: timeline.referenceMean! })), palette.reference, { borderDash: [6, 4], pointRadius: 0 }));
    }
    return timelineConfig(datasets, markers, palette, { title: `mean ${timeline.column} (from histogram bins)` });
  }
  const datasets = timeline.classes.map((c, i) => lineDataset(c.label, c.points, seriesColor(palette, i)));
  return timelineConfig(datasets, markers, palette, { title: `share of ${timeline.column} per class`, min: 0, max: 1, format: formatPercent });
}

export function performanceConfig(timelines: readonly { metric: string; points: Point[] }[], markers: readonly AlertMarker[], palette: Palette): DashboardChartConfig {
  return timelineConfig(timelines.map((t, i) => lineDataset(t.metric, t.points, seriesColor(palette, i))), markers, palette, { title: 'metric on labelled requests' });
}

/** Latency percentiles in ms on the left axis, error rate on the right one. */
export function servingConfig(serving: ServingTimelines, markers: readonly AlertMarker[], palette: Palette): DashboardChartConfig {
  const config = timelineConfig(
    [
      lineDataset('latency p50', serving.p50, seriesColor(palette, 0)),
      lineDataset('latency p99', serving.p99, seriesColor(palette, 1)),
      ...(serving.errorRate.length ? [lineDataset('error rate', serving.errorRate, palette.severity.error, { yAxisID: 'y1', borderDash: [3, 3] })] : []),
    ],
    markers,
    palette,
    { title: 'latency (ms)', min: 0 },
  );
  if (serving.errorRate.length) config.options!.scales!.y1 = { position: 'right', min: 0, suggestedMax: 0.05, grid: { drawOnChartArea: false }, title: { display: true, text: 'error rate' }, ticks: { callback: (v) => formatPercent(Number(v)) } };
  return config;
}
