import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { walkFiles } from '../data';
import { recordingReads } from './params-file';
import { ParseCache } from './parse-cache';
import { resolveStages } from './resolve-stages';
import { toStage } from './stage-spec';
import type { Pipeline, Stage } from './types';
import { YamlSource } from './yaml-source';

/** Every dvc.yaml of the workspace (root first, then subfolders in path order), its stages resolved. */
export function loadPipeline(workspace: string, maxDepth = 8): Pipeline {
  const files: string[] = [];
  walkFiles(workspace, (full) => full.endsWith(`${sep}dvc.yaml`) && files.push(relative(workspace, full).split(sep).join('/')), maxDepth);
  files.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const stages: Stage[] = [];
  const plots: Record<string, unknown> = {};
  for (const file of files) {
    const { stages: found, plots: defined } = loadDvcYaml(workspace, file);
    stages.push(...found);
    if (defined !== undefined) plots[file] = defined;
  }
  return { stages, files, plots };
}

/**
 * One dvc.yaml (workspace-relative `/` path), answered from the parse cache while it and the params
 * and vars files its templating read are unchanged.
 */
export function loadDvcYaml(workspace: string, file: string): { stages: Stage[]; plots: unknown } {
  const abs = join(workspace, ...file.split('/'));
  const loaded = ParseCache.of(workspace).through(`dvc.yaml:${abs}`, () => {
    const { value, files } = recordingReads(() => parseDvcYaml(workspace, file, abs));
    return { value, files: [abs, ...files] };
  });
  return { stages: structuredClone(loaded.stages), plots: loaded.plots };
}

function parseDvcYaml(workspace: string, file: string, abs: string): { stages: Stage[]; plots: unknown } {
  const source = YamlSource.parse(readFileSync(abs, 'utf8'), file);
  const folder = dirname(abs);
  const stages = resolveStages(source, workspace, folder).map((resolved) => toStage(resolved, source, workspace, folder));
  return { stages, plots: (source.data as { plots?: unknown } | null)?.plots };
}
