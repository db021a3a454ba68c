// The graph model → dagre's input (node sizes from their text, left-to-right ranks) → positions.
// Pure (no DOM): sizes come from character counts, not from measuring rendered text.
import dagre from '@dagrejs/dagre';
import type { DagNode, GraphModel } from './graph-model';
import { stateLine } from './stage-text';

/** An average character of the UI font at its usual 13px; node text is cut to fit, never overflows. */
export const CHAR_WIDTH = 7.2;
const PADDING = 24;
const SIZES: Record<DagNode['kind'], { min: number; max: number; height: number }> = {
  stage: { min: 190, max: 320, height: 48 },
  data: { min: 80, max: 260, height: 28 },
  param: { min: 60, max: 220, height: 26 },
};

export interface LayoutInput {
  graph: { rankdir: 'LR'; nodesep: number; ranksep: number; edgesep: number; marginx: number; marginy: number };
  nodes: { id: string; width: number; height: number }[];
  edges: { v: string; w: string }[];
}

export interface Box {
  /** Centre, as dagre places it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Laid {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

/** How many characters fit in a node `width` wide. */
export function charsFitting(width: number): number {
  return Math.max(4, Math.floor((width - PADDING) / CHAR_WIDTH));
}

/** `text` cut to `max` characters with an ellipsis; paths keep their end (the file name). */
export function fitText(text: string, max: number, keepEnd = false): string {
  if (text.length <= max) return text;
  return keepEnd ? `…${text.slice(text.length - max + 1)}` : `${text.slice(0, max - 1)}…`;
}

/** Wide enough for its name and (for a stage) its state line as sent, within its kind's bounds. */
export function nodeWidth(node: DagNode): number {
  const { min, max } = SIZES[node.kind];
  const chars = node.kind === 'stage' ? Math.max(node.label.length, stateLine(node, node.startedAt ?? 0).length) : node.label.length;
  return Math.ceil(Math.min(max, Math.max(min, chars * CHAR_WIDTH + PADDING)));
}

export function layoutInput(model: GraphModel): LayoutInput {
  const ids = new Set(model.nodes.map((n) => n.id));
  return {
    graph: { rankdir: 'LR', nodesep: 18, ranksep: 56, edgesep: 10, marginx: 16, marginy: 16 },
    nodes: model.nodes.map((n) => ({ id: n.id, width: nodeWidth(n), height: SIZES[n.kind].height })),
    edges: model.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to).map((e) => ({ v: e.from, w: e.to })),
  };
}

/** Runs dagre's layered layout over the input. */
export function layOut(input: LayoutInput): Laid {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ ...input.graph });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) g.setEdge(e.v, e.w);
  dagre.layout(g);
  const nodes = new Map<string, Box>();
  for (const n of input.nodes) {
    const placed = g.node(n.id) as { x: number; y: number };
    nodes.set(n.id, { x: placed.x, y: placed.y, width: n.width, height: n.height });
  }
  const edges = input.edges.map((e) => ({ from: e.v, to: e.w, points: ((g.edge(e.v, e.w) as { points?: { x: number; y: number }[] }).points ?? []).map((p) => ({ x: p.x, y: p.y })) }));
  const size = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
