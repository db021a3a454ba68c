import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Temp names of an artifact upload (`<file>.<12 hex>.partial`) and a cache write (`<object>.<12 hex><n>.tmp`). */
export const ARTIFACT_LEFTOVER = /\.[0-9a-f]{12}\.partial$/;
export const CACHE_LEFTOVER = /\.[0-9a-f]{12}[0-9a-z]*\.tmp$/;

/**
 * Removes leftovers of writers killed mid-write under each root: files whose names match its pattern and whose
 * last write is older than `olderThanMs` (a live writer keeps touching its file). Never follows
 * symlinks; returns how many were removed.
 */
export async function sweepLeftovers(roots: readonly { dir: string; pattern: RegExp }[], olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  const walk = async (dir: string, pattern: RegExp, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth > 0) await walk(path, pattern, depth - 1);
      else if (entry.isFile() && pattern.test(entry.name)) {
        const stat = await lstat(path).catch(() => undefined);
        if (stat && now - stat.mtimeMs >= olderThanMs && (await unlink(path).then(() => true, () => false))) removed++;
      }
    }
  };
  for (const root of roots) await walk(root.dir, root.pattern, 12);
  return removed;
}
