import { readFileSync } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { invalid } from '../errors';
import type { SqlDriver } from '../store';
import type { DatasetRepository } from './datasets';
import { discoverPointers } from './discover';
import { readManifest } from './manifest';
import type { GcResult } from '../../shared/data';
export type { GcResult } from '../../shared/data';

export const DEFAULT_GC_KEEP = 5;

/** Temp files of interrupted writes older than this are debris; younger objects may be mid-add. */
const IN_FLIGHT_MS = 60 * 60 * 1000;

const MD5 = /[0-9a-f]{32}(\.dir)?/;

export interface GcOptions {
  /** Most recent versions of each dataset kept (mlops.yaml `data.gc.keep`). */
  keep?: number;
  dryRun?: boolean;
  /** Unreferenced objects written less than this long ago are kept (an add may be under way). */
  graceMs?: number;
  now?: number;
}

/**
 * Deletes cache objects nothing references. Referenced: the last `keep` versions of each dataset,
 * versions a run wrote (`dataset_versions.run_id`) or read (run tags `mlops.data.<path>`), the
 * workspace's `.dvc` pointer files and `dvc.lock`, and every file a kept `.dir` manifest lists.
 * Only the local cache is touched, never a remote; shard folders stay (ContentCache remembers them).
 */
export async function collectGarbage(repo: DatasetRepository, db: SqlDriver, options: GcOptions = {}): Promise<GcResult> {
  const now = options.now ?? Date.now();
  const graceMs = options.graceMs ?? IN_FLIGHT_MS;
  const dryRun = options.dryRun ?? false;
  const { kept: referenced, manifestsMissing } = await referencedObjects(repo, db, options.keep ?? DEFAULT_GC_KEEP);
  const result: GcResult = { dryRun, removed: [], removedBytes: 0, kept: 0, recent: 0, tempFiles: { count: 0, bytes: 0 }, manifestsMissing };
  const root = join(repo.cache.root, 'files', 'md5');
  for (const prefix of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    const dir = join(root, prefix);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const age = now - info.mtimeMs;
      if (name.endsWith('.tmp')) {
        if (age <= IN_FLIGHT_MS) continue;
        result.tempFiles.count++;
        result.tempFiles.bytes += info.size;
        if (!dryRun) await unlink(path).catch(() => undefined);
        continue;
      }
      const md5 = prefix + name;
      if (!/^[0-9a-f]{32}(\.dir)?$/.test(md5)) continue;
      if (referenced.has(md5)) result.kept++;
      else if (age < graceMs) result.recent++;
      else {
        result.removed.push({ md5, size: info.size });
        result.removedBytes += info.size;
        if (!dryRun) await unlink(path);
      }
    }
  }
  return result;
}

/** Every cache object something still references, with the manifests of kept folders expanded. */
export async function referencedObjects(repo: DatasetRepository, db: SqlDriver, keep: number): Promise<{ kept: Set<string>; manifestsMissing: string[] }> {
  if (!Number.isInteger(keep) || keep < 1) throw invalid(`gc keep must be a positive integer, got ${keep}.`);
  const roots = new Set<string>();
  for (const { path } of repo.list()) for (const v of repo.versions(path).slice(-keep)) roots.add(v.md5);
  for (const row of db.all<{ md5: string }>('SELECT DISTINCT md5 FROM dataset_versions WHERE run_id IN (SELECT run_uuid FROM runs)')) roots.add(row.md5);
  for (const row of db.all<{ value: string }>("SELECT value FROM tags WHERE substr(key, 1, 11) = 'mlops.data.'")) {
    const md5 = MD5.exec(row.value)?.[0];
    if (md5) roots.add(md5);
  }
  for (const pointer of discoverPointers(repo.workspace)) if (pointer.out) roots.add(pointer.out.md5);
  for (const md5 of dvcLockObjects(repo.workspace)) roots.add(md5);
  const kept = new Set(roots);
  const manifestsMissing: string[] = [];
  for (const md5 of roots) {
    if (!md5.endsWith('.dir')) continue;
    const entries = await readManifest(repo.cache.objectPath(md5));
    if (!entries) manifestsMissing.push(md5);
    for (const entry of entries ?? []) kept.add(entry.md5);
  }
  return { kept, manifestsMissing };
}

/** md5s of the deps and outs `dvc.lock` records; a broken lock file stops gc rather than being guessed at. */
function dvcLockObjects(workspace: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(workspace, 'dvc.lock'), 'utf8');
  } catch {
    return [];
  }
  let doc: { stages?: Record<string, { deps?: unknown; outs?: unknown }> } | null;
  try {
    doc = parse(text) as typeof doc;
  } catch (error) {
    throw invalid(`dvc.lock is not valid YAML (${(error as Error).message.split('\n')[0]}); fix it before gc, which must know what it references.`);
  }
  const out: string[] = [];
  for (const stage of Object.values(doc?.stages ?? {})) {
    for (const list of [stage?.deps, stage?.outs]) {
      if (!Array.isArray(list)) continue;
      for (const item of list as { md5?: unknown }[]) if (typeof item?.md5 === 'string' && MD5.test(item.md5)) out.push(item.md5);
    }
  }
  return out;
}
