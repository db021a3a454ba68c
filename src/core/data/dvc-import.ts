import { readdirSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { ContentCache } from './cache';
import type { DatasetRepository } from './datasets';
import { discoverPointers } from './discover';
import { discoverStageOuts } from './dvc-stages';
import { readManifest } from './manifest';
import type { TrackProblem } from './track-specs';

export interface DvcImport {
  /** Workspace-relative paths that `.dvc` pointers and `dvc.lock` outputs name: tracked like `data.track` entries. */
  paths: string[];
  /** Versions recorded from what the files say, with the file that said it. */
  imported: { path: string; version: number; from: string }[];
  problems: TrackProblem[];
}

/**
 * Records what a DVC repository already tracks: every `.dvc` pointer's output, and every cached
 * stage output `dvc.lock` records. Objects found only in DVC 2's cache layout are copied into
 * DVC 3's first, so everything after reads one layout.
 */
export async function importDvcData(repo: DatasetRepository): Promise<DvcImport> {
  const result: DvcImport = { paths: [], imported: [], problems: [] };
  const legacy = hasLegacyLayout(repo.cache);
  const record = async (path: string, out: { md5: string; size: number; nfiles?: number }, from: string, ifUnseen: boolean): Promise<void> => {
    try {
      if (legacy) await adoptLegacy(repo.cache, out.md5);
      const version = repo.importPointer(path, out, { ifUnseen });
      if (version) result.imported.push({ path, version: version.version, from });
      if (!result.paths.includes(path)) result.paths.push(path);
    } catch (error) {
      result.problems.push({ spec: from, reason: (error as Error).message });
    }
  };
  for (const found of discoverPointers(repo.workspace)) {
    const file = relative(repo.workspace, found.pointerFile).split(sep).join('/');
    if (found.problem || !found.out) result.problems.push({ spec: file, reason: found.problem ?? 'not readable' });
    else await record(found.path, found.out, file, false);
  }
  const stages = discoverStageOuts(repo.workspace);
  for (const problem of stages.problems) result.problems.push({ spec: problem.file, reason: problem.reason });
  for (const out of stages.outs) await record(out.path, out, `${out.lockFile} (stage ${out.stage})`, true);
  return result;
}

/** Copies an object (and a folder's files) from DVC 2's layout into DVC 3's where only DVC 2's has it. */
export async function adoptLegacy(cache: ContentCache, md5: string): Promise<void> {
  if (!(await cache.adoptLegacy(md5)) || !md5.endsWith('.dir')) return;
  for (const entry of (await readManifest(cache.objectPath(md5))) ?? []) await cache.adoptLegacy(entry.md5);
}

/** Whether the cache holds DVC 2 shard folders (`<2 hex>/` beside `files/`). */
export function hasLegacyLayout(cache: ContentCache): boolean {
  try {
    return readdirSync(cache.root).some((name) => /^[0-9a-f]{2}$/.test(name));
  } catch {
    return false;
  }
}
