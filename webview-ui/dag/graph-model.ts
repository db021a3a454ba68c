// The pipelines as a graph to draw: stages, and on demand the data files and params they read and
// write. Pure (no DOM), so the conversion to the layout's input is tested on its own.
import type { Pipeline, StageViewState } from '../../src/shared/pipelines';

export type DagNode =
  | { id: string; kind: 'stage'; stageId: string; label: string; file: string; state: StageViewState; reasons: string[]; startedAt?: number }
  /** A file or folder a stage reads or writes; `output` when some stage writes it. */
  | { id: string; kind: 'data'; path: string; label: string; output: boolean }
  /** A params key (`key`), or a whole params file (no key). */
  | { id: string; kind: 'param'; file: string; key?: string; label: string };

export interface DagEdge {
  from: string;
  to: string;
}

export interface GraphModel {
  nodes: DagNode[];
  edges: DagEdge[];
}

export interface GraphOptions {
  /** Data files and params as nodes between the stages. */
  showData: boolean;
}

export const stageNodeId = (stageId: string): string => `stage:${stageId}`;
const dataNodeId = (path: string): string => `data:${path}`;
const paramNodeId = (param: string): string => `param:${param}`;
const DEFAULT_PARAMS_FILE = 'params.yaml';

/** The path that holds `path`: itself, or the listed folder it lies in (a dep inside another stage's output folder). */
function holder(path: string, outputs: Set<string>): string | undefined {
  if (outputs.has(path)) return path;
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
    const folder = path.slice(0, cut);
    if (outputs.has(folder)) return folder;
  }
  return undefined;
}

/** `params.yaml:train.lr` → file and key; a whole file has no key. */
export function splitParam(param: string): { file: string; key?: string } {
  const colon = param.lastIndexOf(':');
  return colon > 0 ? { file: param.slice(0, colon), key: param.slice(colon + 1) } : { file: param };
}

export function graphModel(pipelines: readonly Pipeline[], options: GraphOptions): GraphModel {
  const stages = pipelines.flatMap((p) => p.stages);
  const nodes = new Map<string, DagNode>();
  const edges = new Map<string, DagEdge>();
  const link = (from: string, to: string): void => void edges.set(`${from}\u0000${to}`, { from, to });

  for (const s of stages) {
    nodes.set(stageNodeId(s.id), {
      id: stageNodeId(s.id),
      kind: 'stage',
      stageId: s.id,
      label: s.id,
      file: s.file,
      state: s.state,
      reasons: s.reasons,
      ...(s.startedAt !== undefined && { startedAt: s.startedAt }),
    });
  }
  if (!options.showData) {
    for (const s of stages) for (const up of s.upstream) if (nodes.has(stageNodeId(up))) link(stageNodeId(up), stageNodeId(s.id));
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  const outputs = new Set(stages.flatMap((s) => s.outs));
  const producer = new Map(stages.flatMap((s) => s.outs.map((o) => [o, s.id] as const)));
  const data = (path: string): string => {
    const id = dataNodeId(path);
    if (!nodes.has(id)) nodes.set(id, { id, kind: 'data', path, label: path, output: outputs.has(path) });
    return id;
  };
  for (const s of stages) {
    const self = stageNodeId(s.id);
    const fed = new Set<string>();
    for (const dep of s.deps) {
      const path = holder(dep, outputs) ?? dep;
      link(data(path), self);
      const from = producer.get(path);
      if (from) fed.add(from);
    }
    for (const out of s.outs) link(self, data(out));
    for (const param of s.params ?? []) {
      const { file, key } = splitParam(param);
      const id = paramNodeId(param);
      const label = key === undefined ? file : file === DEFAULT_PARAMS_FILE ? key : `${file}:${key}`;
      if (!nodes.has(id)) nodes.set(id, { id, kind: 'param', file, ...(key !== undefined && { key }), label });
      link(id, self);
    }
    // An upstream stage no drawn file joins to this one (a dep that holds its output) keeps a direct edge.
    for (const up of s.upstream) if (!fed.has(up) && nodes.has(stageNodeId(up))) link(stageNodeId(up), self);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
