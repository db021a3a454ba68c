import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The `mlops repro` arguments of a task `{"type": "mlops", "pipeline": …}`: a stage id, or a
 * dvc.yaml path meaning all of its stages (`sub/dvc.yaml` → `sub/dvc.yaml:<name>` each). No vscode import.
 */
export function pipelineTaskArgs(pipeline: string, folder: string | undefined, force: boolean | undefined): string[] {
  const args = ['repro', ...(folder ? ['--workspace', folder] : []), ...pipelineTargets(pipeline, folder)];
  if (force) args.push('--force');
  return args;
}

function pipelineTargets(pipeline: string, folder: string | undefined): string[] {
  const target = pipeline.trim().replace(/^\.\//, '');
  if (!/(^|\/)dvc\.yaml$/.test(target)) return [target];
  const file = folder ? join(folder, ...target.split('/')) : target;
  if (!existsSync(file)) return [target];
  let stages: unknown;
  try {
    stages = (parse(readFileSync(file, 'utf8')) as { stages?: unknown } | null)?.stages;
  } catch {
    return [target]; // mlops repro says what is wrong with it, with the line
  }
  if (!stages || typeof stages !== 'object') return [target];
  const prefix = target === 'dvc.yaml' ? '' : `${target}:`;
  return Object.keys(stages).map((name) => `${prefix}${name}`);
}
