// chart.js drawing of the run page: one line chart per metric, updated in place as the run logs.
import type { ChartConfiguration } from 'chart.js';
import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { RunPageMetric } from '../../src/shared/run-page';
import { h, themeColor } from '../shared/dom';
import { chartPoints, formatValue } from './model';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

type Points = { x: number; y: number | null }[];

function applyTheme(): void {
  Chart.defaults.color = themeColor('foreground', '#cccccc');
  Chart.defaults.borderColor = themeColor('editorWidget-border', 'rgba(128,128,128,0.3)');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
}

function config(metric: RunPageMetric, color: string): ChartConfiguration<'line', Points> {
  const points = chartPoints(metric);
  return {
    type: 'line',
    data: { datasets: [{ label: metric.key, data: points, borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: points.length > 30 ? 0 : 2, spanGaps: false }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step' }, ticks: { callback: (v) => formatValue(Number(v)) } },
        y: { type: 'linear', ticks: { callback: (v) => formatValue(Number(v)) } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${metric.key} ${formatValue(item.parsed.y ?? NaN)}` } } },
    },
  };
}

/** One figure per metric in `container`; a second render updates the charts it already drew. */
export class MetricCharts {
  private readonly charts = new Map<string, { chart: Chart<'line', Points>; figure: HTMLElement; caption: HTMLElement }>();

  constructor(
    private readonly container: HTMLElement,
    private readonly colorName: string,
  ) {}

  render(metrics: RunPageMetric[]): void {
    applyTheme();
    const keys = new Set(metrics.map((m) => m.key));
    for (const [key, entry] of this.charts) {
      if (keys.has(key)) continue;
      entry.chart.destroy();
      entry.figure.remove();
      this.charts.delete(key);
    }
    for (const metric of metrics) {
      const existing = this.charts.get(metric.key);
      const caption = `${formatValue(metric.latest)} at step ${metric.step}${metric.count > 1 ? ` · ${metric.count.toLocaleString('en')} points` : ''}`;
      if (existing) {
        existing.caption.textContent = caption;
        existing.figure.querySelector('canvas')!.dataset.points = String(metric.x.length);
        existing.chart.data.datasets[0]!.data = chartPoints(metric);
        // A chart without a 2D context (none was available) has nothing to redraw.
        if (existing.chart.canvas) existing.chart.update('none');
        continue;
      }
      const canvas = h('canvas', { class: 'metric-chart', role: 'img', 'aria-label': `${metric.key} by step`, 'data-metric': metric.key, 'data-points': String(metric.x.length) });
      const captionText = h('span', { class: 'latest' }, caption);
      const figure = h('figure', { class: 'chart', 'data-metric': metric.key }, h('figcaption', {}, h('strong', {}, metric.key), ' ', captionText), h('div', { class: 'canvas-box' }, canvas));
      this.container.append(figure);
      const color = themeColor(this.colorName, '#3794ff');
      this.charts.set(metric.key, { chart: new Chart(canvas, config(metric, color)), figure, caption: captionText });
    }
    // A metric that appears mid-run takes its place in the order, not the end.
    for (const metric of metrics) this.container.append(this.charts.get(metric.key)!.figure);
  }
}
