import { invalid } from '../errors';
import type { Dag } from './dag';
import { selectStages } from './dag';

/**
 * What a schedule or a retrain names as `pipeline:` as repro targets: `all` is every stage (no
 * target), a dvc.yaml path is each of its stages, anything else a stage (run with its upstream).
 * Throws when it names nothing in the workspace's dvc.yaml files.
 */
export function pipelineTargets(dag: Dag, pipeline: string): string[] {
  const text = pipeline.trim();
  if (text === 'all') return [];
  if (/(^|\/)dvc\.yaml$/.test(text)) {
    const file = text.replace(/^\.\//, '');
    const stages = [...dag.stages.values()].filter((s) => s.file === file).map((s) => s.id);
    const files = [...new Set([...dag.stages.values()].map((s) => s.file))];
    if (stages.length === 0) throw invalid(`${file} has no stages in this workspace (dvc.yaml files with stages: ${files.join(', ') || 'none'}).`);
    return stages;
  }
  selectStages(dag, [text]);
  return [text];
}
