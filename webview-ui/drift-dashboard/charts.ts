// chart.js set-up of the drift dashboard: only the pieces it draws with, colours from the theme.
import type { ChartConfiguration } from 'chart.js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { themeColor } from '../shared/dom';
import type { DashboardChartConfig, Palette } from './chart-configs';

Chart.register(LineController, ScatterController, BarController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** Read at each render, so a theme switch shows at the next refresh. */
export function themePalette(): Palette {
  Chart.defaults.color = themeColor('foreground', '#cccccc');
  Chart.defaults.borderColor = themeColor('editorWidget-border', 'rgba(128,128,128,0.3)');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const blue = themeColor('charts-blue', '#3794ff');
  const orange = themeColor('charts-orange', '#d18616');
  const red = themeColor('charts-red', '#f14c4c');
  return {
    foreground: themeColor('foreground', '#cccccc'),
    muted: themeColor('descriptionForeground', '#999999'),
    series: [blue, orange, themeColor('charts-green', '#89d185'), themeColor('charts-purple', '#b180d7'), themeColor('charts-yellow', '#cca700'), red],
    drifted: red,
    stable: blue,
    reference: blue,
    current: orange,
    threshold: themeColor('charts-foreground', themeColor('foreground', '#cccccc')),
    severity: { error: red, warning: orange, info: blue },
  };
}

/** One canvas and the chart drawn on it; drawing again replaces the chart. */
export class ChartSlot {
  private chart: Chart | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {}

  draw(config: DashboardChartConfig): void {
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config as ChartConfiguration);
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
