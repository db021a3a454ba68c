// The laid-out graph as SVG: stage boxes coloured by state (CSS classes, theme colours), file and
// params nodes, edges with arrows. States change in place; only a new graph is laid out again.
import type { DagStateChange } from '../../src/shared/webview/dag-messages';
import type { DagNode, GraphModel } from './graph-model';
import type { Box, Laid } from './layout';
import { charsFitting, fitText } from './layout';
import { stageTooltip, stateLine, stateName } from './stage-text';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}

function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${first!.x},${first!.y}`;
  // Rounded through dagre's bend points: a quadratic to each midpoint, a line to the end.
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${last.x},${last.y}`;
  return d;
}

function stageNode(node: Extract<DagNode, { kind: 'stage' }>, box: Box, now: number): SVGElement {
  const fit = charsFitting(box.width);
  const g = s(
    'g',
    {
      class: `node stage state-${node.state}`,
      'data-node': node.id,
      'data-stage': node.stageId,
      tabindex: 0,
      role: 'button',
      'aria-label': `Stage ${node.stageId}, ${stateName(node.state)}${node.reasons[0] ? `: ${node.reasons[0]}` : ''}`,
      'data-vscode-context': JSON.stringify({ webviewSection: 'stage', stageId: node.stageId, preventDefaultContextMenuItems: true }),
      transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`,
    },
    s('title', {}, stageTooltip(node.stageId, node)),
    s('rect', { class: 'box', width: box.width, height: box.height, rx: 6, ry: 6 }),
    s('rect', { class: 'band', width: 5, height: box.height, rx: 2, ry: 2 }),
    s('text', { class: 'name', x: 14, y: 20 }, fitText(node.label, fit)),
    s('text', { class: 'state', x: 14, y: 38 }, fitText(stateLine(node, now), fit)),
  );
  if (node.startedAt !== undefined) g.setAttribute('data-started', String(node.startedAt));
  return g;
}

function fileNode(node: Exclude<DagNode, { kind: 'stage' }>, box: Box): SVGElement {
  const fit = charsFitting(box.width);
  const isData = node.kind === 'data';
  const tip = isData ? `${node.path}${node.output ? '\nClick: its versions in the Datasets view' : ''}` : `${node.file}${node.key ? `: ${node.key}` : ''}\nClick: open ${node.file}`;
  return s(
    'g',
    {
      class: `node ${node.kind}${isData && node.output ? ' output' : ''}`,
      'data-node': node.id,
      ...(isData ? { 'data-path': node.path } : { 'data-params-file': node.file }),
      tabindex: 0,
      role: 'button',
      'aria-label': isData ? `${node.output ? 'Output' : 'Data'} ${node.path}` : `Params ${node.label}`,
      transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`,
    },
    s('title', {}, tip),
    s('rect', { class: 'box', width: box.width, height: box.height, rx: isData ? 3 : box.height / 2, ry: isData ? 3 : box.height / 2 }),
    s('text', { class: 'name', x: box.width / 2, y: box.height / 2 + 4, 'text-anchor': 'middle' }, fitText(node.label, fit, isData)),
  );
}

export function renderGraph(model: GraphModel, laid: Laid, now: number): SVGSVGElement {
  const width = Math.max(laid.width, 1);
  const height = Math.max(laid.height, 1);
  const svg = s('svg', { id: 'dag', viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': 'Pipeline stages' }) as SVGSVGElement;
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z' }))));
  const edges = s('g', { class: 'edges' });
  for (const e of laid.edges) edges.append(s('path', { class: 'edge', d: edgePath(e.points), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
  const nodes = s('g', { class: 'nodes' });
  for (const node of model.nodes) {
    const box = laid.nodes.get(node.id);
    if (box) nodes.append(node.kind === 'stage' ? stageNode(node, box, now) : fileNode(node, box));
  }
  svg.append(edges, nodes);
  return svg;
}

/** Elements matching `selector` whose `attr` is `value` (ids may hold any character, so no attribute selector). */
function withAttr(root: ParentNode, selector: string, attr: string, value: string): Element[] {
  return [...root.querySelectorAll(selector)].filter((el) => el.getAttribute(attr) === value);
}

/** Recolours and relabels the changed stages in place; edges into a running stage are marked active. */
export function applyStates(root: ParentNode, changes: DagStateChange[], now: number): void {
  for (const change of changes) {
    const [g] = withAttr(root, 'g.stage', 'data-stage', change.id);
    if (!g) continue;
    g.setAttribute('class', `node stage state-${change.state}`);
    if (change.startedAt === undefined) g.removeAttribute('data-started');
    else g.setAttribute('data-started', String(change.startedAt));
    g.setAttribute('aria-label', `Stage ${change.id}, ${stateName(change.state)}${change.reasons[0] ? `: ${change.reasons[0]}` : ''}`);
    g.querySelector('title')!.textContent = stageTooltip(change.id, change);
    const box = g.querySelector('rect.box')!;
    g.querySelector('text.state')!.textContent = fitText(stateLine(change, now), charsFitting(Number(box.getAttribute('width'))));
    const node = g.getAttribute('data-node')!;
    for (const edge of withAttr(root, 'path.edge', 'data-to', node)) edge.classList.toggle('active', change.state === 'running');
  }
}

/** Advances the elapsed time of running stages; answers whether any runs. */
export function tickRunning(root: ParentNode, now: number): boolean {
  const running = [...root.querySelectorAll('g.stage.state-running')];
  for (const g of running) {
    const started = g.getAttribute('data-started');
    const text = g.querySelector('text.state')!;
    const box = g.querySelector('rect.box')!;
    text.textContent = fitText(stateLine({ state: 'running', reasons: [], ...(started !== null && { startedAt: Number(started) }) }, now), charsFitting(Number(box.getAttribute('width'))));
  }
  return running.length > 0;
}
