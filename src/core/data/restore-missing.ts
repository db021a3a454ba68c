import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid } from '../errors';
import type { DatasetRepository } from './datasets';
import { discoverPointers } from './discover';
import { readManifest } from './manifest';

interface Target {
  path: string;
  md5: string;
  isexec?: boolean;
}

/**
 * Restores from the cache every dataset whose workspace copy is missing: what its pointer file
 * says, else its latest version. A folder is assembled beside its place and renamed in at once,
 * so the watcher never versions a half-restored folder. Existing copies are never touched.
 */
export async function restoreMissingDatasets(repo: DatasetRepository): Promise<{ restored: string[]; failed: { md5: string; dataset: string; reason: string }[] }> {
  const targets = new Map<string, Target>();
  for (const { path, latest } of repo.list()) if (latest) targets.set(path, { path, md5: latest.md5 });
  for (const pointer of discoverPointers(repo.workspace)) {
    if (pointer.out && !pointer.problem) targets.set(pointer.path, { path: pointer.path, md5: pointer.out.md5, ...(pointer.out.isexec && { isexec: true }) });
  }
  const restored: string[] = [];
  const failed: { md5: string; dataset: string; reason: string }[] = [];
  for (const target of targets.values()) {
    const abs = join(repo.workspace, ...target.path.split('/'));
    if ((await stat(abs).catch(() => undefined)) || !(await repo.inCache(target.md5))) continue;
    try {
      await restore(repo, target, abs);
      restored.push(target.path);
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
  const entries = (await readManifest(repo.cache.objectPath(target.md5))) ?? [];
  const temp = `${abs}.${randomBytes(6).toString('hex')}.mlops-tmp`;
  try {
    await mkdir(temp, { recursive: true });
    for (const entry of entries) {
      const parts = entry.relpath.split('/');
      if (parts.some((p) => p === '' || p === '.' || p === '..') || entry.relpath.includes('\\')) {
        throw invalid(`the .dir manifest ${target.md5} lists "${entry.relpath}", which is not a path inside the folder; the manifest is not trusted`);
      }
      await repo.cache.restoreFile(entry.md5, join(temp, ...parts));
    }
    await rename(temp, abs);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
