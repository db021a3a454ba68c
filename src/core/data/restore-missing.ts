import { chmod, lstat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { DatasetRepository } from './datasets';
import { discoverPointers } from './discover';
import { discoverStageOuts } from './dvc-stages';
import { restoreFolder } from './folder-swap';
import { manifestToRestore } from './manifest';

interface Target {
  path: string;
  md5: string;
  /** What named it, for errors: the pointer file or the dataset's record. */
  from: string;
  isexec?: boolean;
}

/** A dataset not restored, and why (a pointer file that could not be read has no md5: ''). */
export interface RestoreProblem {
  md5: string;
  dataset: string;
  reason: string;
}

/**
 * Restores from the cache every dataset whose workspace copy is missing: what its pointer file
 * or dvc.lock says, else its latest version. A folder is assembled beside its place and renamed in at once,
 * so the watcher never versions a half-restored folder. Existing copies are never touched, and
 * nothing is written where a pointer, a record or a manifest entry leads out of the workspace.
 */
export async function restoreMissingDatasets(repo: DatasetRepository): Promise<{ restored: string[]; failed: RestoreProblem[] }> {
  const targets = new Map<string, Target>();
  const failed: RestoreProblem[] = [];
  for (const { path, latest } of repo.list()) if (latest) targets.set(path, { path, md5: latest.md5, from: `dataset ${path}` });
  for (const out of discoverStageOuts(repo.workspace).outs) targets.set(out.path, { path: out.path, md5: out.md5, from: `${out.lockFile} (stage ${out.stage})` });
  for (const pointer of discoverPointers(repo.workspace)) {
    const file = relative(repo.workspace, pointer.pointerFile).split(sep).join('/');
    if (pointer.out && !pointer.problem) targets.set(pointer.path, { path: pointer.path, md5: pointer.out.md5, from: file, ...(pointer.out.isexec && { isexec: true }) });
    else if (pointer.refused || !pointer.out) failed.push({ md5: pointer.out?.md5 ?? '', dataset: file, reason: `not restored: ${pointer.problem}` });
  }
  const restored: string[] = [];
  for (const target of targets.values()) {
    try {
      const abs = repo.locate(target.path, target.from);
      if ((await lstat(abs).catch(() => undefined)) || !(await repo.inCache(target.md5))) continue;
      await restore(repo, target, abs);
      restored.push(target.path);
      await repo.summarizeLatest(target.path).catch(() => undefined); // a version imported from a pointer gets its rows × columns now
    } catch (error) {
      failed.push({ md5: target.md5, dataset: target.path, reason: `not restored into the workspace: ${(error as Error).message}` });
    }
  }
  return { restored, failed };
}

async function restore(repo: DatasetRepository, target: Target, abs: string): Promise<void> {
  if (!target.md5.endsWith('.dir')) {
    await repo.cache.restoreFile(target.md5, abs);
    if (target.isexec) await chmod(abs, 0o755);
    return;
  }
  const entries = await manifestToRestore(repo.cache, target.md5, target.path);
  await restoreFolder(repo.cache, entries, abs, `the .dir manifest ${target.md5}`);
}
