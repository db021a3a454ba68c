import { randomBytes } from 'node:crypto';
import { chmod, constants, copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { notFound } from '../errors';
import { ContentCache } from './cache';
import type { DatasetRepository } from './datasets';
import { discoverPointers } from './discover';
import { hasLegacyLayout } from './dvc-import';
import { discoverStageOuts } from './dvc-stages';
import type { DirEntry } from './hash';
import { md5File } from './hash';
import { readManifest } from './manifest';
import type { ResolvedRemote } from './remote';
import type { RemoteDatasetState, TransferResult } from '../../shared/data';
export type { ObjectProblem, RemoteDatasetState, TransferResult } from '../../shared/data';
import { restoreMissingDatasets } from './restore-missing';

/** Called after each object: objects done, objects planned so far, bytes copied so far. */
export type TransferProgress = (done: number, total: number, bytes: number) => void;

export interface TransferOptions {
  /** Every recorded version, not only the latest of each dataset. */
  allVersions?: boolean;
  /** Objects copied at once. */
  concurrency?: number;
  onProgress?: TransferProgress;
}

const CONCURRENCY = 8;

interface Wanted {
  md5: string;
  dataset: string;
}

/**
 * Copies the cache objects of the latest version of every dataset (or of every version), and of
 * the workspace's pointer files, to the remote; a directory's files go before its `.dir` manifest,
 * which is left out when any of its files could not be pushed. Objects already in the remote with
 * the right size are skipped, so an interrupted push resumes where it stopped.
 */
export async function pushObjects(repo: DatasetRepository, remote: ResolvedRemote, options: TransferOptions = {}): Promise<TransferResult> {
  const target = new ContentCache(remote.path);
  await mkdir(remote.path, { recursive: true });
  const result = emptyResult('push', remote.path);
  const files = new Map<string, string>();
  const manifests: (Wanted & { entries: DirEntry[] })[] = [];
  for (const root of wantedObjects(repo, options.allVersions)) {
    if (!root.md5.endsWith('.dir')) {
      if (!files.has(root.md5)) files.set(root.md5, root.dataset);
      continue;
    }
    if (hasLegacyLayout(repo.cache)) await repo.cache.adoptLegacy(root.md5);
    const entries = (await readManifest(repo.cache.objectPath(root.md5))) ?? (await readManifest(target.objectPath(root.md5)));
    if (!entries) {
      result.missing.push({ ...root, reason: 'its .dir manifest is in neither the local cache nor the remote' });
      continue;
    }
    manifests.push({ ...root, entries });
    for (const entry of entries) if (!files.has(entry.md5)) files.set(entry.md5, root.dataset);
  }
  result.objects = files.size + manifests.length;
  const tick = progress(result, options.onProgress);

  const legacy = hasLegacyLayout(repo.cache);
  const push = async ({ md5, dataset }: Wanted): Promise<boolean> => {
    if (legacy) await repo.cache.adoptLegacy(md5);
    const local = await stat(repo.cache.objectPath(md5)).catch(() => undefined);
    const there = await stat(target.objectPath(md5)).catch(() => undefined);
    if (there?.isFile() && (!local || there.size === local.size)) {
      result.skipped++;
      return true;
    }
    if (!local) {
      result.missing.push({ md5, dataset, reason: 'not in the local cache' });
      return false;
    }
    return copyInto(repo.cache.objectPath(md5), target.objectPath(md5), { md5, dataset }, result, 'the local cache object is corrupt (run mlops data verify)');
  };
  const notPushed = new Set<string>();
  await eachLimited([...files].map(([md5, dataset]) => ({ md5, dataset })), options.concurrency ?? CONCURRENCY, async (object) => {
    if (!(await push(object))) notPushed.add(object.md5);
    tick();
  });
  await eachLimited(manifests, options.concurrency ?? CONCURRENCY, async (manifest) => {
    const left = manifest.entries.filter((e) => notPushed.has(e.md5)).length;
    if (left > 0) result.failed.push({ md5: manifest.md5, dataset: manifest.dataset, reason: `not pushed: ${left} of its files could not be pushed` });
    else await push(manifest);
    tick();
  });
  return result;
}

/**
 * Fetches what the workspace's pointer files and the latest versions (or every version) need
 * from the remote into the cache, each object hash-checked before it is stored; then restores
 * datasets whose workspace copy is missing (an existing copy is never overwritten).
 */
export async function pullObjects(repo: DatasetRepository, remote: ResolvedRemote, options: TransferOptions = {}): Promise<TransferResult> {
  const source = new ContentCache(remote.path);
  if (!(await stat(remote.path).catch(() => undefined))?.isDirectory()) {
    throw notFound(`The remote directory ${remote.path} (from ${remote.source}) does not exist; check the remote's path, or push to it first.`);
  }
  const result = emptyResult('pull', remote.path);
  const tick = progress(result, options.onProgress);
  const legacy = hasLegacyLayout(repo.cache);
  const fetch = async ({ md5, dataset }: Wanted): Promise<void> => {
    if ((await repo.cache.has(md5)) || (legacy && (await repo.cache.adoptLegacy(md5)))) {
      result.skipped++;
      return;
    }
    // A remote DVC 2 pushed to keeps its objects at xx/rest, without files/md5.
    const from = (await source.has(md5)) ? source.objectPath(md5) : (await isFile(source.legacyPath(md5))) ? source.legacyPath(md5) : undefined;
    if (!from) {
      result.missing.push({ md5, dataset, reason: 'not in the remote' });
      return;
    }
    await copyInto(from, repo.cache.objectPath(md5), { md5, dataset }, result, 'corrupt in the remote, not stored (push it again from a machine that has it)');
  };
  const concurrency = options.concurrency ?? CONCURRENCY;
  const roots = wantedObjects(repo, options.allVersions);
  const manifests = roots.filter((r) => r.md5.endsWith('.dir'));
  result.objects = manifests.length;
  await eachLimited(manifests, concurrency, async (m) => {
    await fetch(m);
    tick();
  });
  const files = new Map<string, string>();
  for (const root of roots) {
    if (!root.md5.endsWith('.dir')) {
      if (!files.has(root.md5)) files.set(root.md5, root.dataset);
      continue;
    }
    for (const entry of (await readManifest(repo.cache.objectPath(root.md5))) ?? []) if (!files.has(entry.md5)) files.set(entry.md5, root.dataset);
  }
  result.objects += files.size;
  await eachLimited([...files].map(([md5, dataset]) => ({ md5, dataset })), concurrency, async (object) => {
    await fetch(object);
    tick();
  });
  const restore = await restoreMissingDatasets(repo);
  result.restored = restore.restored;
  result.failed.push(...restore.failed);
  return result;
}

/** Which datasets' latest version is fully in the remote (by presence of every object). */
export async function remoteStatus(repo: DatasetRepository, remote: ResolvedRemote): Promise<RemoteDatasetState[]> {
  const target = new ContentCache(remote.path);
  const out: RemoteDatasetState[] = [];
  for (const { path, latest } of repo.list()) {
    if (!latest) continue;
    let missing = (await target.has(latest.md5)) ? 0 : 1;
    if (latest.md5.endsWith('.dir')) {
      const entries = (await readManifest(target.objectPath(latest.md5))) ?? (await readManifest(repo.cache.objectPath(latest.md5)));
      await eachLimited(entries ?? [], 16, async (entry) => {
        if (!(await target.has(entry.md5))) missing++;
      });
    }
    out.push({ path, version: latest.version, md5: latest.md5, pushed: missing === 0, missingObjects: missing });
  }
  return out;
}

/** Root objects wanted: per dataset its latest version (or all), plus what every pointer file and dvc.lock output names. */
function wantedObjects(repo: DatasetRepository, allVersions = false): Wanted[] {
  const wanted = new Map<string, string>();
  for (const { path, latest } of repo.list()) {
    for (const v of allVersions ? repo.versions(path) : latest ? [latest] : []) if (!wanted.has(v.md5)) wanted.set(v.md5, path);
  }
  for (const pointer of discoverPointers(repo.workspace)) {
    if (pointer.out && !pointer.problem && !wanted.has(pointer.out.md5)) wanted.set(pointer.out.md5, pointer.path);
  }
  for (const out of discoverStageOuts(repo.workspace).outs) if (!wanted.has(out.md5)) wanted.set(out.md5, out.path);
  return [...wanted].map(([md5, dataset]) => ({ md5, dataset }));
}

/** Copies one object and records the outcome; true when it is now at the destination. */
async function copyInto(from: string, to: string, object: Wanted, result: TransferResult, corrupt: string): Promise<boolean> {
  try {
    const copied = await copyVerified(from, to, object.md5);
    if (copied.actual !== object.md5) {
      result.failed.push({ ...object, reason: `${corrupt}: its content hashes to ${copied.actual}` });
      return false;
    }
    result.copied++;
    result.bytes += copied.size;
    return true;
  } catch (error) {
    result.failed.push({ ...object, reason: (error as Error).message });
    return false;
  }
}

/**
 * Copies `from` to a temp file beside `to` and renames it into place only if the copy hashes to
 * `md5`, so an interrupted or corrupt transfer never leaves a wrong object under a right name.
 */
async function copyVerified(from: string, to: string, md5: string): Promise<{ actual: string; size: number }> {
  await mkdir(dirname(to), { recursive: true });
  const temp = `${to}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await copyFile(from, temp, constants.COPYFILE_FICLONE);
    const hashed = await md5File(temp);
    const actual = md5.endsWith('.dir') ? `${hashed.md5}.dir` : hashed.md5;
    if (actual !== md5) {
      await unlink(temp);
      return { actual, size: hashed.size };
    }
    await chmod(temp, 0o444);
    await rename(temp, to);
    return { actual, size: hashed.size };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function emptyResult(direction: 'push' | 'pull', remote: string): TransferResult {
  return { direction, remote, objects: 0, copied: 0, skipped: 0, bytes: 0, missing: [], failed: [], restored: [] };
}

function progress(result: TransferResult, onProgress: TransferProgress | undefined): () => void {
  let done = 0;
  return () => onProgress?.(++done, result.objects, result.bytes);
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
