// The compare panel: params and metrics tables, curves, scatter and parallel coordinates.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './style.css';
import type { Chart } from 'chart.js';
import type { CompareResponse } from '../../src/shared/compare';
import type { CompareViewState, FromWebview } from '../../src/shared/webview/compare-messages';
import { parseToWebview, parseViewState } from '../../src/shared/webview/compare-messages';
import { applyToCompare } from '../../src/shared/webview/live-updates';
import { h } from '../shared/dom';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import type { MetricCharts } from './charts';
import type { ChartsModule } from './charts-loader';
import { loadCharts } from './charts-loader';
import { chartMetrics, metricsCsv, numericParams, paramsCsv, runLabel } from './model';
import { metricsTable, paramsTable } from './render-tables';

const vscode = vscodeApi();
const post = (message: FromWebview): void => vscode.postMessage(message);
let state: CompareViewState | undefined = parseViewState(vscode.getState());
let data: CompareResponse | undefined;
let scatter: Chart | undefined;
let parallel: Chart | undefined;
/** The chart code, once its bundle ran; until then only the tables are drawn. */
let chartCode: ChartsModule | undefined;
let charts: MetricCharts | undefined;

const app = document.getElementById('app')!;
const status = h('p', { class: 'status', role: 'status' });
const runChips = h('div', { class: 'runs' });
const paramsBox = h('div', { class: 'table-box' });
const metricsBox = h('div', { class: 'table-box' });
const chartsBox = h('div', { class: 'charts' });
const scatterBox = h('div', { class: 'canvas-box' });
const parallelBox = h('div', { class: 'canvas-box' });
const scatterControls = h('div', { class: 'controls' });

function select(label: string, id: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLElement {
  const el = h('vscode-single-select', { id, 'aria-label': label }, ...options.map(([v, text]) => h('vscode-option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onChange((el as HTMLElement & { value: string }).value));
  return h('label', { class: 'control' }, `${label} `, el);
}

function save(): void {
  if (state) vscode.setState(state);
}

function update(change: Partial<CompareViewState>, refetch = false): void {
  if (!state) return;
  state = { ...state, ...change };
  save();
  if (refetch) post({ type: 'fetch', state });
  else render();
}

/** For the e2e harness: when a step of the first load happened, in ms since this page started loading. */
function mark(name: 'dataMs' | 'chartCodeMs'): void {
  document.body.dataset[name] ??= String(Math.round(performance.now()));
}

function chartsLoaded(code: ChartsModule): void {
  mark('chartCodeMs');
  chartCode = code;
  charts = new code.MetricCharts(
    chartsBox,
    (runId, hidden) => update({ hiddenRuns: hidden ? [...new Set([...(state?.hiddenRuns ?? []), runId])] : (state?.hiddenRuns ?? []).filter((id) => id !== runId) }),
    (key, canvas) => post({ type: 'export', format: 'png', name: `${key}.png`, content: canvas.toDataURL('image/png') }),
  );
  renderCharts();
}

function buildLayout(s: CompareViewState): void {
  const smoothing = h('input', { type: 'range', min: '0', max: '0.99', step: '0.01', value: String(s.smoothing), 'aria-label': 'Smoothing' });
  const smoothingValue = h('output', {}, String(s.smoothing));
  smoothing.addEventListener('input', () => {
    smoothingValue.textContent = smoothing.value;
    update({ smoothing: Number(smoothing.value) });
  });
  const onlyDiff = h('vscode-checkbox', { id: 'only-differences', checked: s.onlyDifferences, label: 'Only differences' });
  onlyDiff.addEventListener('change', () => update({ onlyDifferences: (onlyDiff as HTMLElement & { checked: boolean }).checked }));
  const exportParams = h('vscode-button', { secondary: true, id: 'export-params' }, 'Params CSV');
  exportParams.addEventListener('click', () => data && state && post({ type: 'export', format: 'csv', name: 'params.csv', content: paramsCsv(data, state.onlyDifferences) }));
  const exportMetrics = h('vscode-button', { secondary: true, id: 'export-metrics' }, 'Metrics CSV');
  exportMetrics.addEventListener('click', () => data && post({ type: 'export', format: 'csv', name: 'metrics.csv', content: metricsCsv(data) }));
  metricsBox.addEventListener('click', (event) => {
    const key = (event.target as HTMLElement).closest('[data-direction-for]')?.getAttribute('data-direction-for');
    if (!key || !state || !data) return;
    const current = state.directions[key] ?? data.metrics.find((m) => m.key === key)?.direction ?? 'max';
    update({ directions: { ...state.directions, [key]: current === 'min' ? 'max' : 'min' } });
  });
  runChips.addEventListener('click', (event) => {
    const runId = (event.target as HTMLElement).closest('[data-run]')?.getAttribute('data-run');
    if (runId) post({ type: 'openRun', runId });
  });
  app.replaceChildren(
    h('header', {}, h('h1', {}, 'Compare runs'), runChips, status),
    h(
      'section',
      { 'aria-labelledby': 'params-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'params-title' }, 'Params'), onlyDiff, exportParams),
      paramsBox,
    ),
    h('section', { 'aria-labelledby': 'metrics-title' }, h('div', { class: 'section-head' }, h('h2', { id: 'metrics-title' }, 'Metrics'), exportMetrics), metricsBox),
    h(
      'section',
      { 'aria-labelledby': 'curves-title' },
      h(
        'div',
        { class: 'section-head' },
        h('h2', { id: 'curves-title' }, 'Curves'),
        select('X axis', 'x-axis', [['step', 'Step'], ['wall', 'Wall time'], ['relative', 'Relative time']], s.xAxis, (v) => update({ xAxis: v as CompareViewState['xAxis'] }, true)),
        select('Y scale', 'y-scale', [['linear', 'Linear'], ['log', 'Log']], s.yScale, (v) => update({ yScale: v as CompareViewState['yScale'] })),
        h('label', { class: 'control' }, 'Smoothing ', smoothing, smoothingValue),
      ),
      chartsBox,
    ),
    h('section', { 'aria-labelledby': 'scatter-title' }, h('div', { class: 'section-head' }, h('h2', { id: 'scatter-title' }, 'Param vs metric'), scatterControls), scatterBox),
    h('section', { 'aria-labelledby': 'parallel-title' }, h('h2', { id: 'parallel-title' }, 'Parallel coordinates'), parallelBox),
  );
}

function renderScatter(code: ChartsModule, d: CompareResponse, s: CompareViewState): void {
  const params = numericParams(d);
  const metrics = d.metrics.map((m) => m.key);
  scatter?.destroy();
  scatter = undefined;
  if (params.length === 0 || metrics.length === 0) {
    scatterControls.replaceChildren();
    scatterBox.replaceChildren(h('p', { class: 'empty' }, 'Needs a numeric param and a metric.'));
    return;
  }
  const chosen = s.scatter && params.includes(s.scatter.param) && metrics.includes(s.scatter.metric) ? s.scatter : { param: s.focus?.param && params.includes(s.focus.param) ? s.focus.param : params[0]!, metric: s.focus?.metric && metrics.includes(s.focus.metric) ? s.focus.metric : metrics[0]! };
  scatterControls.replaceChildren(
    select('Param', 'scatter-param', params.map((p) => [p, p]), chosen.param, (param) => update({ scatter: { ...chosen, param } })),
    select('Metric', 'scatter-metric', metrics.map((m) => [m, m]), chosen.metric, (metric) => update({ scatter: { ...chosen, metric } })),
  );
  const canvas = h('canvas', { role: 'img', 'aria-label': `${chosen.metric} against ${chosen.param}` });
  scatterBox.replaceChildren(canvas);
  scatter = code.scatterChart(canvas, d, chosen.param, chosen.metric);
}

function renderParallel(code: ChartsModule, d: CompareResponse): void {
  parallel?.destroy();
  const canvas = h('canvas', { role: 'img', 'aria-label': 'Parallel coordinates of params and metrics' });
  parallelBox.replaceChildren(canvas);
  parallel = code.parallelChart(canvas, d);
  if (!parallel) parallelBox.replaceChildren(h('p', { class: 'empty' }, 'Needs at least two differing numeric params or metrics.'));
}

function render(): void {
  if (!state || !data) return;
  const d = data;
  const s = state;
  runChips.replaceChildren(
    ...d.runs.map((run, i) => h('button', { class: `run-chip run-${i % 10}`, 'data-run': run.run_id, title: `Open run ${run.run_id}` }, runLabel(run), run.status === 'RUNNING' ? h('span', { class: 'live' }, ' ● live') : null)),
  );
  paramsBox.replaceChildren(paramsTable(d, s.onlyDifferences));
  metricsBox.replaceChildren(metricsTable(d, s.directions, s.focus?.metric));
  renderCharts();
  status.textContent = `${d.runs.length} runs · ${d.params.filter((p) => p.differs).length} params differ · ${d.metrics.length} metrics`;
  if (s.focus?.param) app.querySelector(`[data-param="${CSS.escape(s.focus.param)}"]`)?.classList.add('focused');
}

function renderCharts(): void {
  if (!state || !data || !chartCode || !charts) return;
  charts.render(data, state, chartMetrics(data, state.chartMetrics, state.focus?.metric));
  renderScatter(chartCode, data, state);
  renderParallel(chartCode, data);
  // For the e2e harness: when the first charts were drawn, since this page started loading.
  if (!document.body.dataset.firstChartMs && chartsBox.querySelector('canvas')) requestAnimationFrame(() => (document.body.dataset.firstChartMs = String(Math.round(performance.now()))));
}

function focusOnce(): void {
  const target = state?.focus?.metric ? app.querySelector(`[data-chart="${CSS.escape(state.focus.metric)}"]`) : state?.focus?.param ? app.querySelector(`[data-param="${CSS.escape(state.focus.param)}"]`) : null;
  target?.scrollIntoView({ block: 'center' });
}

onExtensionMessage('compare panel', parseToWebview, (message) => {
  switch (message.type) {
    case 'loading':
      status.replaceChildren(h('vscode-progress-ring', { 'aria-label': 'Loading' }), ' Loading runs…');
      break;
    case 'error':
      status.textContent = message.message;
      status.classList.add('error');
      break;
    case 'exported':
      status.textContent = `Saved ${message.path}`;
      break;
    case 'live':
      // Only the new points arrive; they extend the curves and tables already drawn.
      if (data && state && applyToCompare(data, message.update, state.xAxis)) {
        document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates ?? 0) + 1);
        render();
      }
      break;
    case 'data': {
      mark('dataMs');
      const first = !data || state?.runIds.join() !== message.state.runIds.join() || state?.focus !== message.state.focus;
      if (!state || state.runIds.join() !== message.state.runIds.join()) buildLayout(message.state);
      status.classList.remove('error');
      state = message.state;
      data = message.data;
      save();
      render();
      if (first) focusOnce();
      break;
    }
  }
});

loadCharts(chartsLoaded);
if (state) buildLayout(state);
post({ type: 'ready', state: state ?? null });
