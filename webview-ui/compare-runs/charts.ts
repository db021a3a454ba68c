// chart.js drawing for the compare panel: one line chart per metric, a param-vs-metric scatter and
// parallel coordinates. Charts are updated in place on live data, never rebuilt.
import type { ChartConfiguration, ChartDataset, LegendItem } from 'chart.js';
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { CompareResponse } from '../../src/shared/compare';
import type { CompareViewState } from '../../src/shared/webview/compare-messages';
import { themeColor } from '../shared/dom';
import { formatValue, parallelAxes, runLabel, smooth, toNumber } from './model';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip);

const FALLBACK = ['#3794ff', '#f0a530', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#4ec9b0', '#d16969', '#9cdcfe', '#c586c0'];
const THEMED = ['charts-blue', 'charts-orange', 'charts-green', 'charts-purple', 'charts-red', 'charts-yellow'];

export function runColor(index: number): string {
  if (index < THEMED.length) return themeColor(THEMED[index]!, FALLBACK[index]!);
  return FALLBACK[index % FALLBACK.length]!;
}

function applyTheme(): void {
  Chart.defaults.color = themeColor('foreground', '#cccccc');
  Chart.defaults.borderColor = themeColor('editorWidget-border', 'rgba(128,128,128,0.3)');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
}

function xTitle(axis: CompareViewState['xAxis']): string {
  return axis === 'step' ? 'step' : axis === 'wall' ? 'wall time' : 'seconds since start';
}

function xTick(axis: CompareViewState['xAxis'], value: number): string {
  if (axis === 'wall') return new Date(value).toLocaleTimeString();
  if (axis === 'relative') return formatValue(Math.round(value / 100) / 10);
  return formatValue(value);
}

type Hide = (runId: string, hidden: boolean) => void;

function legendToggle(runIds: readonly string[], onHide: Hide) {
  return (_e: unknown, item: LegendItem, legend: { chart: Chart }) => {
    const index = item.datasetIndex ?? 0;
    onHide(runIds[index]!, legend.chart.isDatasetVisible(index));
  };
}

/** Keeps one chart per metric in `container`, updating in place when only the data changed. */
export class MetricCharts {
  private readonly charts = new Map<string, Chart<'line', { x: number; y: number }[]>>();

  constructor(private readonly container: HTMLElement, private readonly onHide: Hide, private readonly onExport: (key: string, canvas: HTMLCanvasElement) => void) {}

  render(data: CompareResponse, state: CompareViewState, keys: readonly string[]): void {
    applyTheme();
    for (const [key, chart] of this.charts) {
      if (!keys.includes(key)) {
        chart.destroy();
        this.charts.delete(key);
        this.container.querySelector(`[data-chart="${CSS.escape(key)}"]`)?.remove();
      }
    }
    const runIds = data.runs.map((r) => r.run_id);
    for (const key of keys) {
      const datasets = data.runs.map((run, i): ChartDataset<'line', { x: number; y: number }[]> => {
        const series = data.series.find((s) => s.run_id === run.run_id && s.key === key);
        const ys = smooth(
          (series?.y ?? []).map((v) => {
            const y = toNumber(v);
            return Number.isFinite(y) && (state.yScale === 'linear' || y > 0) ? y : NaN;
          }),
          state.smoothing,
        );
        return {
          label: runLabel(run),
          data: (series?.x ?? []).map((x, j) => ({ x, y: ys[j]! })),
          borderColor: runColor(i),
          backgroundColor: runColor(i),
          borderWidth: 1.5,
          pointRadius: 0,
          hidden: state.hiddenRuns.includes(run.run_id),
          parsing: false,
          normalized: true,
        };
      });
      const existing = this.charts.get(key);
      if (existing) {
        existing.data.datasets = datasets;
        existing.options.scales!.y!.type = state.yScale === 'log' ? 'logarithmic' : 'linear';
        (existing.options.scales!.x as { title: { text: string } }).title.text = xTitle(state.xAxis);
        existing.update('none');
        continue;
      }
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset.chart = key;
      const caption = document.createElement('figcaption');
      caption.textContent = key;
      const exportButton = document.createElement('vscode-button');
      exportButton.setAttribute('secondary', '');
      exportButton.className = 'export-png';
      exportButton.textContent = 'PNG';
      exportButton.setAttribute('aria-label', `Export the ${key} chart as PNG`);
      caption.append(exportButton);
      const box = document.createElement('div');
      box.className = 'canvas-box';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${key} by ${xTitle(state.xAxis)} for ${data.runs.length} runs`);
      box.append(canvas);
      figure.append(caption, box);
      this.container.append(figure);
      exportButton.addEventListener('click', () => this.onExport(key, canvas));
      const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
        type: 'line',
        data: { datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          spanGaps: false,
          interaction: { mode: 'nearest', intersect: false, axis: 'x' },
          scales: {
            x: { type: 'linear', title: { display: true, text: xTitle(state.xAxis) }, ticks: { callback: (v) => xTick(state.xAxis, Number(v)) } },
            y: { type: state.yScale === 'log' ? 'logarithmic' : 'linear' },
          },
          plugins: { legend: { position: 'bottom', onClick: legendToggle(runIds, this.onHide) }, tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y)}` } } },
        },
      };
      this.charts.set(key, new Chart(canvas, config));
    }
    // Keep the chart order the user asked for.
    for (const key of keys) {
      const figure = this.container.querySelector(`[data-chart="${CSS.escape(key)}"]`);
      if (figure) this.container.append(figure);
    }
  }

  destroy(): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.container.replaceChildren();
  }
}

/** Latest value of a metric against a numeric param, one point per run in the run's colour. */
export function scatterChart(canvas: HTMLCanvasElement, data: CompareResponse, param: string, metric: string): Chart {
  applyTheme();
  const values = data.params.find((p) => p.key === param)?.values ?? [];
  const summaries = data.metrics.find((m) => m.key === metric)?.per_run ?? [];
  return new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: data.runs.map((run, i) => ({
        label: runLabel(run),
        data: values[i] !== null && values[i] !== undefined && summaries[i] ? [{ x: Number(values[i]), y: toNumber(summaries[i]!.latest) }] : [],
        backgroundColor: runColor(i),
        borderColor: runColor(i),
        pointRadius: 5,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { type: 'linear', title: { display: true, text: param } }, y: { title: { display: true, text: metric } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

/** Each run as a polyline across the axes (differing numeric params, then metrics), scaled 0…1 per axis. */
export function parallelChart(canvas: HTMLCanvasElement, data: CompareResponse): Chart | undefined {
  const axes = parallelAxes(data);
  if (axes.length < 2) return undefined;
  applyTheme();
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: axes.map((a) => a.key),
      datasets: data.runs.map((run, i) => ({
        label: runLabel(run),
        data: axes.map((a) => a.scaled[i] ?? NaN),
        borderColor: runColor(i),
        backgroundColor: runColor(i),
        borderWidth: 1.5,
        pointRadius: 3,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { type: 'category' }, y: { min: 0, max: 1, ticks: { display: false } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item) => {
              const axis = axes[item.dataIndex]!;
              const scaled = axis.scaled[item.datasetIndex];
              return `${item.dataset.label}: ${scaled === null || scaled === undefined ? '—' : formatValue(axis.min + scaled * (axis.max - axis.min))}`;
            },
          },
        },
      },
    },
  });
}
