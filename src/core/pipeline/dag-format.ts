import type { Dag } from './dag';

/** The stage graph as data: stages in dependency order and their edges. */
export function dagJson(dag: Dag): { stages: { id: string; file: string; line: number; cmd: string | string[]; frozen: boolean }[]; edges: { from: string; to: string }[] } {
  return {
    stages: dag.order.map((id) => {
      const s = dag.stages.get(id)!;
      return { id, file: s.file, line: s.line, cmd: s.cmd, frozen: s.frozen };
    }),
    edges: dag.order.flatMap((id) => [...dag.downstream.get(id)!].map((to) => ({ from: id, to }))),
  };
}

/** As `dvc dag --mermaid` writes it. */
export function dagMermaid(dag: Dag): string {
  const index = new Map(dag.order.map((id, i) => [id, `node${i + 1}`]));
  const lines = ['flowchart TD'];
  for (const id of dag.order) lines.push(`\t${index.get(id)}["${id.replace(/"/g, '#quot;')}"]`);
  for (const { from, to } of dagJson(dag).edges) lines.push(`\t${index.get(from)}-->${index.get(to)}`);
  return lines.join('\n');
}

/** As `dvc dag --dot` writes it (Graphviz). */
export function dagDot(dag: Dag): string {
  const lines = ['strict digraph  {'];
  for (const id of dag.order) lines.push(`"${id.replace(/"/g, '\\"')}";`);
  for (const { from, to } of dagJson(dag).edges) lines.push(`"${from.replace(/"/g, '\\"')}" -> "${to.replace(/"/g, '\\"')}";`);
  lines.push('}');
  return lines.join('\n');
}
