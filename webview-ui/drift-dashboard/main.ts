// The drift dashboard of one monitor: drift share over time, per-feature drift, the selected
// feature's distributions, predictions, performance and serving health, alerts on the timelines.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './style.css';
import type { DriftDashboardData, DriftFromWebview, DriftViewState } from '../../src/shared/webview/drift-messages';
import { parseDriftToWebview, parseDriftViewState } from '../../src/shared/webview/drift-messages';
import { h } from '../shared/dom';
import { statusLine } from '../shared/status-line';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import { driftShareConfig, featureScoresConfig, histogramConfig, performanceConfig, predictionConfig, servingConfig } from './chart-configs';
import { ChartSlot, themePalette } from './charts';
import type { PredictionTimeline } from './model';
import { alertMarkers, featureScores, headerFacts, histogramBars, latestResult, monitorAlerts, performanceTimelines, predictionTimelines, selectedFeature, servingTimelines, shareThreshold, timeline } from './model';
import { emptyMessage, factList, featureSelect, featuresTable, statusBadge } from './render';

const vscode = vscodeApi();
const post = (message: DriftFromWebview): void => vscode.postMessage(message);
let state: DriftViewState | undefined = parseDriftViewState(vscode.getState());
let data: DriftDashboardData | undefined;
let running = false;

const app = document.getElementById('app')!;
app.classList.add('drift-dashboard');

const title = h('h1', { id: 'monitor-name' }, state?.monitor ?? 'Drift dashboard');
const badgeBox = h('span', { class: 'badge-box' });
const runNow = h('vscode-button', { id: 'run-now', title: 'Run the monitor now on its current window' }, 'Run Now');
const factsBox = h('div', { class: 'facts-box' });
const status = h('p', { id: 'dashboard-status', class: 'status', role: 'status' });
const setStatus = statusLine(status, () => post({ type: 'refresh' }));
const empty = h('p', { id: 'empty-results', class: 'empty', hidden: true });

function canvas(id: string, label: string): HTMLCanvasElement {
  return h('canvas', { id, role: 'img', 'aria-label': label });
}

interface ChartSection {
  section: HTMLElement;
  box: HTMLElement;
  note: HTMLElement;
}

function chartSection(id: string, heading: string, body: HTMLElement, ...extra: HTMLElement[]): ChartSection {
  const box = h('div', { class: 'canvas-box' }, body);
  const note = h('p', { class: 'empty', hidden: true });
  const section = h('section', { id, 'aria-labelledby': `${id}-title` }, h('div', { class: 'section-head' }, h('h2', { id: `${id}-title` }, heading), ...extra), box, note);
  return { section, box, note };
}

function showNote(part: ChartSection, text: string | null, action?: HTMLElement): void {
  part.box.hidden = text !== null;
  part.note.hidden = text === null;
  part.note.replaceChildren(...(text === null ? [] : [text, ...(action ? [' ', action] : [])]));
}

/** The empty Performance section's action: the extension asks for a file, its request-id and label columns. */
const addLabelsButton = h('vscode-button', { id: 'add-labels', title: 'Add the true labels of served requests from a CSV, TSV or JSONL file' }, 'Add Labels…');
addLabelsButton.addEventListener('click', () => post({ type: 'addLabels' }));

const shareCanvas = canvas('drift-share-chart', 'Share of drifted features over time');
const featuresCanvas = canvas('feature-scores-chart', 'Drift score per feature, most drifted first');
const histogramCanvas = canvas('feature-histogram-chart', 'Reference and current distribution of the selected feature');
const performanceCanvas = canvas('performance-chart', 'Model performance over time');
const servingCanvas = canvas('serving-chart', 'Latency and error rate over time');
const predictionBox = h('div', { id: 'prediction-charts', class: 'charts' });
const featureTableBox = h('div', { class: 'table-box' });
const featurePicker = h('label', { class: 'control' });

const sharePart = chartSection('drift-share-section', 'Dataset drift over time', shareCanvas);
const featuresPart = chartSection('features-section', 'Drift per feature (latest result)', featuresCanvas);
const histogramPart = chartSection('histogram-section', 'Reference vs current', histogramCanvas, featurePicker);
const performancePart = chartSection('performance-section', 'Performance over time', performanceCanvas);
const servingPart = chartSection('serving-section', 'Latency and errors over time', servingCanvas);
const predictionSection = h('section', { id: 'prediction-section', 'aria-labelledby': 'prediction-section-title' }, h('h2', { id: 'prediction-section-title' }, 'Predictions over time'), predictionBox);
featuresPart.section.append(featureTableBox);

const slots = { share: new ChartSlot(shareCanvas), features: new ChartSlot(featuresCanvas), histogram: new ChartSlot(histogramCanvas), performance: new ChartSlot(performanceCanvas), serving: new ChartSlot(servingCanvas) };
let predictionSlots: ChartSlot[] = [];
const charts = h('div', { id: 'dashboard-charts' }, sharePart.section, featuresPart.section, histogramPart.section, predictionSection, performancePart.section, servingPart.section);

app.replaceChildren(h('header', { id: 'dashboard-header' }, h('div', { class: 'title-row' }, title, badgeBox, runNow), factsBox, status), empty, charts);

runNow.addEventListener('click', () => {
  if (runNow.hasAttribute('disabled')) return;
  post({ type: 'runNow' });
});
featureTableBox.addEventListener('click', (event) => {
  const feature = (event.target as HTMLElement).closest('button[data-feature]')?.getAttribute('data-feature');
  if (feature) select(feature);
});

/** Takes the extension's state; the feature picked here wins over the one the extension last heard of. */
function adopt(incoming: DriftViewState): void {
  state = { ...incoming, feature: state?.monitor === incoming.monitor ? state.feature : incoming.feature };
  save();
  title.textContent = state.monitor;
}

function save(): void {
  if (state) vscode.setState(state);
}

function select(feature: string): void {
  if (!state || state.feature === feature) return;
  state = { ...state, feature };
  save();
  renderFeatures();
}

/** The latest result's features: bars, table, picker and the chosen feature's histogram. */
function renderFeatures(): void {
  const latest = data && latestResult(data.results);
  if (!state || !latest) return;
  const palette = themePalette();
  const columns = latest.drift.columns;
  const scores = featureScores(columns);
  const chosen = selectedFeature(state.feature, columns);
  app.dataset.selectedFeature = chosen ?? '';
  if (scores.bars.length === 0) {
    slots.features.clear();
    showNote(featuresPart, scores.untested.length ? 'No feature could be tested in the latest window (see the table).' : 'The latest result compared no features.');
  } else {
    showNote(featuresPart, null);
    slots.features.draw(featureScoresConfig(scores, chosen, palette, select));
  }
  featuresCanvas.dataset.bars = String(scores.bars.length);
  featureTableBox.replaceChildren(featuresTable(scores, chosen));
  const ordered = [...scores.bars.map((b) => b.column), ...scores.untested.map((u) => u.column)];
  const picker = featureSelect(ordered, chosen);
  picker.addEventListener('change', () => select((picker as HTMLElement & { value: string }).value));
  featurePicker.replaceChildren('Feature ', picker);
  const column = columns.find((c) => c.column === chosen);
  histogramCanvas.dataset.feature = chosen ?? '';
  if (!column?.histogram) {
    slots.histogram.clear();
    delete histogramCanvas.dataset.kind;
    showNote(histogramPart, chosen ? `No histogram was stored for ${chosen} in the latest result (its window had no values, or the runtime predates histograms).` : 'Pick a feature.');
    return;
  }
  showNote(histogramPart, null);
  histogramCanvas.dataset.kind = column.histogram.kind;
  slots.histogram.draw(histogramConfig(histogramBars(column.histogram), palette));
}

function renderPredictions(timelines: PredictionTimeline[], draw: (t: PredictionTimeline) => Parameters<ChartSlot['draw']>[0]): void {
  for (const slot of predictionSlots) slot.clear();
  predictionSlots = [];
  if (timelines.length === 0) {
    predictionBox.replaceChildren(h('p', { class: 'empty' }, 'No prediction distributions in these results: the monitor reads a folder, or the served model logs no predictions the reference also has.'));
    return;
  }
  predictionBox.replaceChildren(
    ...timelines.map((t) => {
      const c = canvas(`prediction-chart-${t.column}`, t.kind === 'numeric' ? `Mean ${t.column} over time` : `Share of each ${t.column} class over time`);
      c.classList.add('prediction-chart');
      c.dataset.column = t.column;
      const slot = new ChartSlot(c);
      predictionSlots.push(slot);
      return h('figure', { class: 'chart' }, h('figcaption', {}, t.column), h('div', { class: 'canvas-box' }, c));
    }),
  );
  timelines.forEach((t, i) => predictionSlots[i]!.draw(draw(t)));
}

function render(): void {
  if (!state || !data) return;
  const { summary, results } = data;
  const latest = latestResult(results);
  title.textContent = state.monitor;
  badgeBox.replaceChildren(statusBadge(summary));
  factsBox.replaceChildren(factList(headerFacts(summary, latest)));
  app.dataset.results = String(results.length);
  const message = emptyMessage(state.monitor, summary, results.length);
  empty.hidden = message === null;
  empty.textContent = message ?? '';
  charts.hidden = message !== null;
  if (message !== null) return;
  if (summary?.error) setStatus(`The last run failed: ${summary.error}`, 'error');
  const palette = themePalette();
  const alerts = monitorAlerts(results, data.alerts);
  const sharePoints = timeline(results, (r) => r.driftShare);
  const shareAlerts = alertMarkers(alerts, sharePoints);
  slots.share.draw(driftShareConfig(sharePoints, shareThreshold(summary), shareAlerts, palette));
  shareCanvas.dataset.points = String(sharePoints.length);
  shareCanvas.dataset.alerts = String(shareAlerts.length);
  renderFeatures();
  renderPredictions(predictionTimelines(results), (t) => predictionConfig(t, alertMarkers(alerts, t.kind === 'numeric' ? t.current : (t.classes[0]?.points ?? [])), palette));
  const metrics = performanceTimelines(results);
  if (metrics.length === 0) {
    slots.performance.clear();
    showNote(performancePart, 'No performance yet: it needs the true labels of served requests, joined by their request ids.', addLabelsButton);
  } else {
    showNote(performancePart, null);
    slots.performance.draw(performanceConfig(metrics, alertMarkers(alerts, metrics[0]!.points), palette));
  }
  const health = servingTimelines(results);
  if (health.p50.length === 0 && health.errorRate.length === 0) {
    slots.serving.clear();
    showNote(servingPart, 'No latency or error rate: this monitor reads a folder, not a served model’s requests.');
  } else {
    showNote(servingPart, null);
    slots.serving.draw(servingConfig(health, alertMarkers(alerts, health.p99.length ? health.p99 : health.errorRate), palette));
  }
  // For the e2e harness: when the first charts were drawn, since this page started loading.
  if (!document.body.dataset.firstChartMs) requestAnimationFrame(() => (document.body.dataset.firstChartMs = String(Math.round(performance.now()))));
}

onExtensionMessage('drift dashboard', parseDriftToWebview, (message) => {
  switch (message.type) {
    case 'run':
      running = message.phase === 'started';
      runNow.toggleAttribute('disabled', running);
      setStatus(message.message, message.phase === 'failed' ? 'error' : message.phase === 'started' ? 'busy' : 'info');
      return;
    case 'loading':
      adopt(message.state);
      if (!data && !running) setStatus('Loading results…', 'busy');
      return;
    case 'error':
      adopt(message.state);
      setStatus(message.message, 'error', true);
      return;
    case 'data':
      adopt(message.state);
      data = message.data;
      if (!running) setStatus('');
      render();
      return;
  }
});

post({ type: 'ready', state: state ?? null });
