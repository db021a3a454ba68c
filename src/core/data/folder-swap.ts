import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { joinInside } from '../workspace';
import { isProcessRunning } from '../workspace';
import type { ContentCache } from './cache';
import type { DirEntry } from './hash';

// A folder restore is assembled beside its place and swapped in with two renames, so a process
// killed mid-restore leaves the old folder whole (plus a temp folder the next restore removes).
// Temp names carry the writer's pid: only a dead writer's leftovers are removed.

const SUFFIX = '.mlops-tmp';

/** Restores a folder version at `abs` as one step: assembled beside it from the cache, then swapped in. */
export async function restoreFolder(cache: ContentCache, entries: readonly DirEntry[], abs: string, from: string): Promise<void> {
  const temp = await assemblyFolder(abs);
  try {
    for (const entry of entries) await cache.restoreFile(entry.md5, joinInside(temp, entry.relpath, from));
    await swapIn(temp, abs);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** A fresh folder beside `abs` to assemble a restore in. */
export async function assemblyFolder(abs: string): Promise<string> {
  await removeDeadLeftovers(abs);
  const temp = `${abs}.${process.pid}-${randomBytes(6).toString('hex')}${SUFFIX}`;
  await mkdir(temp, { recursive: true });
  return temp;
}

/** Puts `assembled` at `abs`; what was there is moved aside first and removed after. */
export async function swapIn(assembled: string, abs: string): Promise<void> {
  const aside = `${abs}.${process.pid}-${randomBytes(6).toString('hex')}.old${SUFFIX}`;
  const moved = await rename(abs, aside).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  try {
    await rename(assembled, abs);
  } catch (error) {
    if (moved) await rename(aside, abs).catch(() => undefined);
    throw error;
  }
  if (moved) await rm(aside, { recursive: true, force: true });
}

/** Removes temp folders beside `abs` whose writer is no longer running; puts back a folder a writer moved aside and died. */
export async function removeDeadLeftovers(abs: string): Promise<void> {
  const name = basename(abs);
  const dir = dirname(abs);
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)-[0-9a-f]{12}(\\.old)?${SUFFIX.replace('.', '\\.')}$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of names) {
    const match = pattern.exec(entry);
    if (!match || isProcessRunning(Number(match[1]))) continue;
    const path = join(dir, entry);
    if (match[2] && !(await exists(abs))) await rename(path, abs).catch(() => undefined);
    else await rm(path, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
