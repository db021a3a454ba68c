import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessRunning } from '../workspace';

/**
 * `.mlops/models/.staging`: where a registration copies its model before publishing it. Each
 * entry is named `<pid>-<random>`, so a registration killed mid-copy leaves an entry whose owner
 * is known to be dead, and the next registry open removes it.
 */
export function stagingRoot(storageRoot: string): string {
  return join(storageRoot, '.staging');
}

/** An unpredictable staging folder name owned by this process. */
export function newStagingDir(storageRoot: string): string {
  return join(stagingRoot(storageRoot), `${process.pid}-${randomBytes(12).toString('hex')}`);
}

/** Entries named by older versions (no pid) are removed once they are this old. */
const UNOWNED_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Removes staging entries left by registrations that died: their pid is no longer running, or
 * (for names without a pid) they are over an hour old. A live process's entries are never
 * touched, so a concurrent registration elsewhere keeps its copy. Returns the removed names.
 */
export function sweepStaging(storageRoot: string, now = Date.now()): string[] {
  const root = stagingRoot(storageRoot);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isStale(join(root, name), name, now)) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // another process is sweeping the same entry, or it is not ours to remove; try next open
    }
  }
  return removed;
}

function isStale(path: string, name: string, now: number): boolean {
  const owner = /^(\d+)-[0-9a-f]+$/.exec(name);
  if (owner) return !isProcessRunning(Number(owner[1]));
  const info = statSync(path, { throwIfNoEntry: false });
  return info !== undefined && now - info.mtimeMs > UNOWNED_MAX_AGE_MS;
}
