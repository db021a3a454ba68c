import { createHash } from 'node:crypto';
import type { DatasetRepository } from '../data';
import { restoreObject } from '../data';
import type { SqlDriver } from '../store';
import type { LockEntry, LockItem } from './lock';
import { PyFloat } from './py-yaml';
import type { RunCache, StageTools } from './run-stage';
import { recordStage } from './run-stage';
import { currentParams } from './status';
import type { Stage } from './types';

/** The run-cache in the store's `run_cache` table, its objects in the data cache. */
export class StoreRunCache implements RunCache {
  constructor(
    private readonly db: SqlDriver,
    private readonly repo: DatasetRepository,
  ) {}

  outsOf(key: string): LockItem[] | undefined {
    const row = this.db.get<{ outs: string }>('SELECT outs FROM run_cache WHERE key = ?', [key]);
    return row ? (JSON.parse(row.outs) as LockItem[]) : undefined;
  }

  /** `cache: false` files are copied into the data cache too (as DVC does), so they can be restored; such a folder is not saved. */
  async save(key: string, stage: Stage, outs: readonly LockItem[]): Promise<void> {
    for (const out of stage.outs) {
      if (out.cache) continue;
      const item = outs.find((o) => o.path === out.path);
      if (!item || item.md5.endsWith('.dir')) return;
      await this.repo.cache.storeFile(item.md5, this.repo.locate(out.key));
    }
    this.db.run('INSERT INTO run_cache (key, stage, outs, created_time) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET stage = excluded.stage, outs = excluded.outs, created_time = excluded.created_time', [
      key,
      stage.id,
      JSON.stringify(outs),
      Date.now(),
    ]);
  }

  holds(md5: string): Promise<boolean> {
    return this.repo.inCache(md5);
  }

  restore(rel: string, md5: string): Promise<void> {
    return restoreObject(this.repo, rel, md5);
  }
}

/** As DVC's `_can_hash`: a stage with deps and outputs, none persistent, and not always_changed. */
export function runCacheable(stage: Stage): boolean {
  return !stage.alwaysChanged && stage.deps.length > 0 && stage.outs.length > 0 && !stage.outs.some((o) => o.persist);
}

/** The run-cache key of a stage's inputs: its command, wdir, deps' md5s, params and outputs' paths (as DVC's). */
export function runCacheKey(stage: Stage, entry: Pick<LockEntry, 'cmd' | 'deps' | 'params'>): string {
  const inputs = {
    cmd: entry.cmd,
    wdir: stage.wdir,
    deps: entry.deps.map((d) => [d.path, d.md5]),
    params: entry.params,
    outs: stage.outs.map((o) => o.path),
  };
  return createHash('md5')
    .update(JSON.stringify(inputs, (_, v: unknown) => (v instanceof PyFloat ? v.value : v)))
    .digest('hex');
}

/**
 * When the stage's current inputs ran before and every output they made is still in the cache:
 * restores the outputs, records the stage in dvc.lock as a run would, and answers its entry.
 */
export async function restoreFromRunCache(stage: Stage, tools: StageTools & { runCache: RunCache }): Promise<LockEntry | undefined> {
  const deps: LockItem[] = [];
  for (const dep of stage.deps) {
    const hashed = await tools.hash(dep.key);
    if (!hashed) return undefined;
    deps.push({ path: dep.path, md5: hashed.md5, size: hashed.size, hashMd5: true });
  }
  const outs = tools.runCache.outsOf(runCacheKey(stage, { cmd: stage.cmd, deps, params: currentParams(tools.workspace, stage) }));
  if (!outs || outs.length !== stage.outs.length) return undefined;
  for (const item of outs) if (!(await tools.runCache.holds(item.md5))) return undefined;
  tools.log(`Stage '${stage.id}' is cached - skipping run, checking out outputs`);
  for (const out of stage.outs) {
    const item = outs.find((o) => o.path === out.path);
    if (!item) return undefined;
    await tools.runCache.restore(out.key, item.md5);
  }
  return recordStage(stage, tools);
}

/** Remembers what the stage's inputs made, for `restoreFromRunCache`. */
export async function saveToRunCache(stage: Stage, entry: LockEntry, runCache: RunCache): Promise<void> {
  await runCache.save(runCacheKey(stage, entry), stage, entry.outs);
}
