import { invalid } from '../errors';
import type { OutSpec, Stage } from './types';

export interface Dag {
  stages: Map<string, Stage>;
  /** Stage id → ids of the stages it depends on. */
  upstream: Map<string, Set<string>>;
  downstream: Map<string, Set<string>>;
  /** Every stage id, each after all it depends on (ties in file order). */
  order: string[];
}

const within = (parent: string, child: string): boolean => parent === '' || child === parent || child.startsWith(`${parent}/`);
const where = (s: Stage, line = s.line): string => `'${s.id}' (${s.file}:${line})`;

/**
 * The stage graph: A → B when an output of A is a dependency of B, or holds it, or lies inside it.
 * Two stages writing one output, an output inside another's, and cycles are errors naming the stages.
 */
export function buildDag(stages: readonly Stage[]): Dag {
  const byId = new Map<string, Stage>();
  for (const stage of stages) {
    const twin = byId.get(stage.id);
    if (twin) throw invalid(`stage ${where(stage)} is defined twice (also at ${twin.file}:${twin.line}).`);
    byId.set(stage.id, stage);
  }
  const outs = checkOutputs(stages);
  const upstream = new Map<string, Set<string>>(stages.map((s) => [s.id, new Set()]));
  const downstream = new Map<string, Set<string>>(stages.map((s) => [s.id, new Set()]));
  const producersOf = outputIndex(outs);
  for (const stage of stages) {
    for (const dep of stage.deps) {
      for (const producer of producersOf(dep.key)) {
        if (producer === stage) continue;
        upstream.get(stage.id)!.add(producer.id);
        downstream.get(producer.id)!.add(stage.id);
      }
    }
  }
  return { stages: byId, upstream, downstream, order: topoOrder(stages, upstream) };
}

/**
 * The stages whose output is `key`, holds it or lies inside it, in output order: each folder above
 * `key` looked up, and the outputs under it found by binary search in the sorted keys.
 */
function outputIndex(outs: readonly { stage: Stage; out: OutSpec }[]): (key: string) => Stage[] {
  const byKey = new Map<string, Stage[]>();
  for (const { stage, out } of outs) byKey.set(out.key, [...(byKey.get(out.key) ?? []), stage]);
  const keys = [...byKey.keys()].sort();
  const order = new Map(outs.map(({ out }, i) => [out.key, i]));
  return (key) => {
    const found = new Set<string>();
    if (byKey.has('')) found.add('');
    for (let at = key.indexOf('/'); ; at = key.indexOf('/', at + 1)) {
      const above = at < 0 ? key : key.slice(0, at);
      if (byKey.has(above)) found.add(above);
      if (at < 0) break;
    }
    const prefix = key === '' ? '' : `${key}/`;
    let lo = 0;
    for (let hi = keys.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) found.add(keys[i]!);
    return [...found].sort((a, b) => order.get(a)! - order.get(b)!).flatMap((k) => byKey.get(k)!);
  };
}

function checkOutputs(stages: readonly Stage[]): { stage: Stage; out: OutSpec }[] {
  const outs = stages.flatMap((stage) => stage.outs.map((out) => ({ stage, out })));
  const sorted = [...outs].sort((a, b) => (a.out.key < b.out.key ? -1 : a.out.key > b.out.key ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.out.key === b.out.key) throw invalid(`output '${a.out.key}' is specified in two stages: ${where(a.stage, a.out.line)} and ${where(b.stage, b.out.line)}.`);
  }
  // An output inside another: sorted order puts a folder right before the paths under it.
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.out.key.startsWith(sorted[i]!.out.key); j++) {
      const outer = sorted[i]!;
      const inner = sorted[j]!;
      if (within(outer.out.key, inner.out.key)) throw invalid(`output '${inner.out.key}' of stage ${where(inner.stage, inner.out.line)} is inside output '${outer.out.key}' of stage ${where(outer.stage, outer.out.line)}.`);
    }
  }
  return outs;
}

function topoOrder(stages: readonly Stage[], upstream: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(stages.map((s) => [s.id, s]));
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      throw invalid(`the pipeline has a cycle: ${[...cycle, id].map((s) => where(byId.get(s)!)).join(' → ')}.`);
    }
    state.set(id, 'visiting');
    for (const up of upstream.get(id)!) visit(up, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const stage of stages) visit(stage.id, []);
  return order;
}

/** The stages `targets` need (themselves and everything upstream), or with `downstream` what follows from them. */
export function selectStages(dag: Dag, targets: readonly string[], options: { downstream?: boolean; single?: boolean } = {}): string[] {
  if (targets.length === 0) return dag.order;
  const chosen = new Set<string>();
  const edges = options.downstream ? dag.downstream : dag.upstream;
  const add = (id: string): void => {
    if (chosen.has(id)) return;
    chosen.add(id);
    if (!options.single) for (const next of edges.get(id)!) add(next);
  };
  for (const target of targets) for (const id of resolveTarget(dag, target)) add(id);
  return dag.order.filter((id) => chosen.has(id));
}

/** A stage id, a foreach/matrix group name (all its members), or `path/dvc.yaml:name`. */
function resolveTarget(dag: Dag, target: string): string[] {
  const normal = target.replace(/^\.\//, '').replace(/^dvc\.yaml:/, '');
  if (dag.stages.has(normal)) return [normal];
  const group = [...dag.stages.keys()].filter((id) => id.startsWith(`${normal}@`));
  if (group.length > 0) return group;
  throw invalid(`'${target}' is not a stage of this workspace's dvc.yaml files (stages: ${[...dag.stages.keys()].join(', ') || 'none'}).`);
}
