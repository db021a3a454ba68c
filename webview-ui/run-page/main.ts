// The page of one run: status, lineage with links, params, a chart per metric, system metrics,
// and an artifact browser with previews. The extension sends data; this page asks for the rest.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './style.css';
import type { ArtifactPreview } from '../../src/shared/run-page';
import type { RunPageData, RunPageFromWebview, RunPageViewState } from '../../src/shared/webview/run-page-messages';
import { parseRunPageToWebview, parseRunPageViewState } from '../../src/shared/webview/run-page-messages';
import { applyToRunPage } from '../../src/shared/webview/live-updates';
import { h } from '../shared/dom';
import { statusLine } from '../shared/status-line';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import { previewHeader, previewView, treeList } from './artifacts';
import { MetricCharts } from './charts';
import { artifactTree, isSystemMetric, lineageOf, otherTags } from './model';
import { factList, keyValueTable, lineageList, metricsTable, statusBadge } from './render';
import { inputsTable } from './inputs';

const vscode = vscodeApi();
const post = (message: RunPageFromWebview): void => vscode.postMessage(message);
let state: RunPageViewState | undefined = parseRunPageViewState(vscode.getState());
let data: RunPageData | undefined;
let shownPreview: string | null = null;
const closedDirs = new Set<string>();

const app = document.getElementById('app')!;
app.classList.add('run-page');

const title = h('h1', { id: 'run-name' }, 'Run');
const badgeBox = h('span', { class: 'badge-box' });
const factsBox = h('div', { class: 'facts-box' });
const status = h('p', { id: 'page-status', class: 'status', role: 'status' });
const setStatus = statusLine(status, () => post({ type: 'refresh' }));
const lineageBox = h('div');
const paramsBox = h('div');
const metricsBox = h('div', { class: 'table-box' });
const chartsBox = h('div', { id: 'metric-charts', class: 'charts' });
const systemBox = h('div', { id: 'system-charts', class: 'charts' });
const tagsBox = h('div');
const inputsBox = h('div', { class: 'table-box' });
const treeBox = h('nav', { id: 'artifact-tree', 'aria-label': 'Artifacts' });
const previewBox = h('div', { id: 'artifact-preview', 'aria-live': 'polite' });

function section(id: string, heading: string, ...body: HTMLElement[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, heading), ...body);
}

const metricsSection = section('metrics-section', 'Metrics', metricsBox, chartsBox);
const systemSection = section('system-section', 'System metrics', systemBox);
const inputsSection = section('inputs-section', 'Inputs', inputsBox);
const content = h(
  'div',
  { id: 'run-content', hidden: true },
  h('div', { class: 'columns' }, section('lineage-section', 'Lineage', lineageBox), section('params-section', 'Params', paramsBox)),
  inputsSection,
  metricsSection,
  systemSection,
  section('artifacts-section', 'Artifacts', h('div', { class: 'browser' }, treeBox, previewBox)),
  section('tags-section', 'Tags', tagsBox),
);
app.replaceChildren(h('header', {}, h('div', { class: 'title-row' }, title, badgeBox), factsBox, status), content);

const charts = new MetricCharts(chartsBox, 'charts-blue');
const systemCharts = new MetricCharts(systemBox, 'charts-purple');

function save(): void {
  if (state) vscode.setState(state);
}

function adopt(incoming: RunPageViewState): void {
  // The artifact picked here wins over the one the extension last heard of.
  state = { runId: incoming.runId, selected: state?.runId === incoming.runId ? state.selected : incoming.selected };
  save();
}

function select(path: string): void {
  if (!state) return;
  state = { ...state, selected: path };
  save();
  shownPreview = null;
  delete previewBox.dataset.kind;
  renderTree();
  previewBox.replaceChildren(previewHeader(path, null), h('p', { class: 'status' }, h('vscode-progress-ring', { 'aria-label': 'Loading' }), 'Loading the preview…'));
  post({ type: 'preview', path });
}

function renderTree(): void {
  if (!data || !state) return;
  const { files, truncated } = data.page.artifacts;
  const tree = artifactTree(files);
  treeBox.replaceChildren(
    tree.length ? treeList(tree, state.selected, closedDirs) : h('p', { class: 'empty' }, 'No artifacts yet: a script logs them with log_artifact (MLflow) or run.logArtifact.'),
    truncated ? h('p', { class: 'empty' }, 'More files than the page lists: reveal the folder to see them all.') : '',
  );
  app.dataset.artifacts = String(files.filter((f) => !f.is_dir).length);
}

function render(): void {
  if (!state || !data) return;
  const { page, models } = data;
  const { run } = page;
  content.hidden = false;
  app.dataset.status = run.status.toLowerCase();
  title.textContent = run.run_name || run.run_id.slice(0, 8);
  badgeBox.replaceChildren(statusBadge(run));
  factsBox.replaceChildren(factList(run, Date.now()));
  const hasDiff = page.artifacts.files.some((f) => f.path === 'lineage/git.diff');
  lineageBox.replaceChildren(lineageList(lineageOf(run, models), hasDiff));
  paramsBox.replaceChildren(keyValueTable('params', Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b)), 'No params logged.'));
  tagsBox.replaceChildren(keyValueTable('tags', otherTags(run.tags), 'No other tags.'));
  const inputs = page.inputs ?? [];
  const modelInputs = page.model_inputs ?? [];
  inputsSection.hidden = inputs.length === 0 && modelInputs.length === 0;
  inputsBox.replaceChildren(inputsTable(inputs, modelInputs));
  const sorted = [...page.metrics].sort((a, b) => a.key.localeCompare(b.key));
  const metrics = sorted.filter((m) => !isSystemMetric(m.key));
  const system = sorted.filter((m) => isSystemMetric(m.key));
  metricsBox.replaceChildren(metrics.length ? metricsTable(metrics) : h('p', { class: 'empty' }, run.status === 'RUNNING' ? 'No metrics logged yet; they appear here as the run logs them.' : 'This run logged no metrics.'));
  charts.render(metrics);
  systemSection.hidden = system.length === 0;
  systemCharts.render(system);
  renderTree();
  if (!shownPreview && previewBox.childElementCount === 0) previewBox.replaceChildren(h('p', { class: 'empty' }, state.selected ? 'Loading the preview…' : 'Pick a file to preview it.'));
  // For the e2e harness: when the first charts were drawn, since this page started loading.
  if (!document.body.dataset.firstChartMs && metrics.length) requestAnimationFrame(() => (document.body.dataset.firstChartMs = String(Math.round(performance.now()))));
}

function showPreview(preview: ArtifactPreview): void {
  if (state?.selected !== preview.path) return;
  shownPreview = preview.path;
  previewBox.dataset.kind = preview.kind;
  previewBox.replaceChildren(...previewView(preview));
}

app.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const file = target.closest('button.artifact[data-path]');
  if (file) return select(file.getAttribute('data-path')!);
  const button = target.closest('#preview-open, #preview-reveal');
  if (button) return post({ type: button.id === 'preview-open' ? 'openArtifact' : 'revealArtifact', path: button.getAttribute('data-path')! });
  const action = target.closest('button[data-action]');
  if (!action) return;
  const d = (action as HTMLElement).dataset;
  switch (d.action) {
    case 'copy':
      return post({ type: 'copy', text: d.text! });
    case 'preview':
      return select(d.path!);
    case 'revealDataset':
      return post({ type: 'revealDataset', path: d.path!, version: Number(d.version) });
    case 'revealModel':
      return post({ type: 'revealModel', name: d.name!, version: d.version! });
    case 'openRun':
      return post({ type: 'openRun', runId: d.run! });
  }
});
treeBox.addEventListener('toggle', (event) => {
  const details = event.target as HTMLDetailsElement;
  const path = details.dataset?.dir;
  if (path === undefined) return;
  if (details.open) closedDirs.delete(path);
  else closedDirs.add(path);
}, true);

onExtensionMessage('run page', parseRunPageToWebview, (message) => {
  switch (message.type) {
    case 'loading':
      adopt(message.state);
      if (!data) setStatus('Loading the run…', 'busy');
      return;
    case 'error':
      adopt(message.state);
      setStatus(message.message, 'error', true);
      return;
    case 'data':
      adopt(message.state);
      data = message.data;
      setStatus('');
      render();
      return;
    case 'live':
      // Only the new points arrive; the charts already drawn take them in place.
      if (data && applyToRunPage(data.page, message.update)) {
        render();
        app.dataset.liveUpdates = String(Number(app.dataset.liveUpdates ?? 0) + 1);
      }
      return;
    case 'preview':
      showPreview(message.preview);
      return;
    case 'previewError':
      if (state?.selected !== message.path) return;
      previewBox.replaceChildren(previewHeader(message.path, null), h('p', { class: 'status error' }, message.message));
      return;
  }
});

post({ type: 'ready', state: state ?? null });
