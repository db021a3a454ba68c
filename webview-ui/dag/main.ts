// The pipeline DAG panel: stages laid out by dagre, coloured by state and kept live from the
// extension's state changes; data files and params on demand.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './style.css';
import type { Pipeline, StageViewState } from '../../src/shared/pipelines';
import type { DagFromWebview, DagStateChange, DagViewState } from '../../src/shared/webview/dag-messages';
import { parseDagToWebview, parseDagViewState } from '../../src/shared/webview/dag-messages';
import { h } from '../shared/dom';
import { statusLine } from '../shared/status-line';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import { graphModel } from './graph-model';
import { layOut, layoutInput } from './layout';
import { applyStates, renderGraph, tickRunning } from './render';
import { stateName } from './stage-text';

const vscode = vscodeApi();
const post = (message: DagFromWebview): void => vscode.postMessage(message);
let view: DagViewState = parseDagViewState(vscode.getState()) ?? { showData: false };
let pipelines: Pipeline[] | undefined;
let running = false;
let focusId: string | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;

const app = document.getElementById('app')!;
const status = h('p', { id: 'status', class: 'status', role: 'status' });
const setStatus = statusLine(status, () => post({ type: 'retry' }));
const graph = h('div', { id: 'graph', class: 'graph' });
const showData = h('vscode-checkbox', { id: 'show-data', label: 'Data and params', checked: view.showData });
const MIN_SCALE = 0.6;
const LEGEND: StageViewState[] = ['up-to-date', 'changed', 'running', 'failed', 'frozen'];
const legend = h('div', { class: 'legend', 'aria-label': 'Stage states' }, ...LEGEND.map((state) => h('span', { class: `legend-item state-${state}` }, h('span', { class: 'swatch' }), stateName(state))));
app.replaceChildren(h('header', { class: 'toolbar' }, showData, legend), status, graph);

showData.addEventListener('change', () => {
  view = { showData: (showData as HTMLElement & { checked: boolean }).checked };
  vscode.setState(view);
  draw();
});

function hint(): void {
  if (running) setStatus('The pipeline is running…', 'busy');
  else setStatus('Click a stage to open its definition, right-click it for its last run; click a file to see its versions.');
}

function draw(): void {
  if (!pipelines) return;
  const stages = pipelines.flatMap((p) => p.stages);
  if (stages.length === 0) {
    graph.replaceChildren(h('p', { class: 'empty' }, 'No dvc.yaml stages in this workspace. Add a dvc.yaml with stages (cmd, deps, outs) and they show here.'));
    return;
  }
  const model = graphModel(pipelines, view);
  graph.replaceChildren(renderGraph(model, layOut(layoutInput(model)), Date.now()));
  fit();
  showFocus();
  followRunning();
}

/** Shrinks a graph wider than the panel down to 60% (then it scrolls); never enlarges it. */
function fit(): void {
  const svg = graph.querySelector('svg');
  if (!svg) return;
  const [, , width = 0, height = 0] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  const scale = Math.min(1, Math.max(MIN_SCALE, (graph.clientWidth || width) / width));
  svg.setAttribute('width', String(Math.round(width * scale)));
  svg.setAttribute('height', String(Math.round(height * scale)));
}

window.addEventListener('resize', fit);

/** Keeps the state changes in the last graph, so a redraw (the toggle) shows them. */
function remember(changes: DagStateChange[]): void {
  for (const change of changes) {
    for (const p of pipelines ?? []) {
      const stage = p.stages.find((s) => s.id === change.id);
      if (!stage) continue;
      stage.state = change.state;
      stage.reasons = change.reasons;
      if (change.startedAt === undefined) delete stage.startedAt;
      else stage.startedAt = change.startedAt;
    }
  }
}

function followRunning(): void {
  const any = tickRunning(graph, Date.now());
  if (any && !ticker) ticker = setInterval(() => void (tickRunning(graph, Date.now()) || stopTicker()), 1000);
  else if (!any) stopTicker();
}

function stopTicker(): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
}

function showFocus(): void {
  if (!focusId) return;
  const g = [...graph.querySelectorAll('g.stage')].find((el) => el.getAttribute('data-stage') === focusId);
  if (!g) return;
  for (const el of graph.querySelectorAll('g.focused')) el.classList.remove('focused');
  g.classList.add('focused');
  (g as SVGGElement).focus?.();
  g.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
}

function activate(node: Element): void {
  const stage = node.getAttribute('data-stage');
  const path = node.getAttribute('data-path');
  const file = node.getAttribute('data-params-file');
  if (stage) post({ type: 'openDefinition', id: stage });
  else if (path) post({ type: 'revealData', path });
  else if (file) post({ type: 'openParams', file });
}

graph.addEventListener('click', (event) => {
  const node = (event.target as Element).closest('g.node');
  if (node) activate(node);
});
graph.addEventListener('keydown', (event) => {
  const node = (event.target as Element).closest('g.node');
  if (!node) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    if (event.shiftKey && node.getAttribute('data-stage')) post({ type: 'openRun', id: node.getAttribute('data-stage')! });
    else activate(node);
  }
});

onExtensionMessage('pipeline DAG', parseDagToWebview, (message) => {
  switch (message.type) {
    case 'loading':
      setStatus('Loading the pipelines…', 'busy');
      break;
    case 'error':
      setStatus(message.message, 'error', true);
      break;
    case 'graph':
      pipelines = message.pipelines;
      running = message.running;
      hint();
      draw();
      break;
    case 'states':
      remember(message.changes);
      applyStates(graph, message.changes, Date.now());
      if (running !== message.running) {
        running = message.running;
        hint();
      }
      followRunning();
      break;
    case 'focus':
      focusId = message.id;
      showFocus();
      break;
  }
});

post({ type: 'ready' });
