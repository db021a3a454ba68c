import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid, notFound } from '../errors';
import type { AddResult, DatasetRepository, DatasetVersion } from './datasets';
import type { CheckoutResult } from '../../shared/data';
export type { CheckoutResult } from '../../shared/data';
import { parentGuard } from './data-path';
import { restoreFolder } from './folder-swap';
import type { DirEntry } from './hash';
import { dirManifest, md5File } from './hash';
import { manifestToRestore, parseManifest } from './manifest';
import type { VerifyResult, VersionDiff } from '../../shared/data';
export type { VerifyResult, VersionDiff } from '../../shared/data';

/** `3`, `v3` or a hash prefix of at least 4 characters → that version of the dataset. */
export function findVersion(versions: readonly DatasetVersion[], ref: string): DatasetVersion {
  const n = /^v?(\d+)$/.exec(ref);
  const found = n ? versions.find((v) => v.version === Number(n[1])) : ref.length >= 4 ? versions.filter((v) => v.md5.startsWith(ref)).pop() : undefined;
  if (!found) throw notFound(`No version "${ref}" (versions: ${versions.map((v) => `v${v.version}`).join(', ') || 'none'}).`);
  return found;
}

/**
 * Restores a version into the workspace. Changes not yet versioned are versioned first, so a
 * checkout never loses anything; the restored state is then recorded as the newest version.
 */
export async function checkout(repo: DatasetRepository, path: string, ref: string, add: (path: string) => Promise<AddResult>): Promise<CheckoutResult> {
  const rel = repo.relativePath(path);
  const target = findVersion(repo.versions(rel), ref);
  if (!(await repo.inCache(target.md5))) throw invalid(`v${target.version} of ${rel} is not in the cache (${target.md5}); pull it from a remote first.`);
  const abs = repo.locate(rel);
  const entries = target.md5.endsWith('.dir') ? await manifestToRestore(repo.cache, target.md5, `v${target.version} of ${rel}`) : undefined;
  let savedFirst: DatasetVersion | undefined;
  if (await stat(abs).catch(() => undefined)) {
    const saved = await add(rel);
    if (saved.changed) savedFirst = saved.version;
  }
  if (entries) {
    parentGuard(repo.workspace, `v${target.version} of ${rel}`)(join(abs, 'x'));
    await restoreFolder(repo.cache, entries, abs, `the .dir manifest ${target.md5}`);
  } else {
    await repo.cache.restoreFile(target.md5, abs);
  }
  const now = await add(rel);
  return { restored: target, ...(savedFirst && { savedFirst }), now: now.version };
}

/** Puts the cached object `md5` (a file, or a folder by its `.dir` manifest) at workspace path `rel`, replacing what is there. */
export async function restoreObject(repo: DatasetRepository, rel: string, md5: string): Promise<void> {
  const abs = repo.locate(rel);
  if (!md5.endsWith('.dir')) return repo.cache.restoreFile(md5, abs);
  const entries = await manifestToRestore(repo.cache, md5, rel);
  parentGuard(repo.workspace, rel)(join(abs, 'x'));
  await restoreFolder(repo.cache, entries, abs, `the .dir manifest ${md5}`);
}

/** Re-hashes every cache object; an object whose content no longer matches its name is corrupt. */
export async function verifyCache(repo: DatasetRepository): Promise<VerifyResult> {
  const root = join(repo.cache.root, 'files', 'md5');
  const corrupt: VerifyResult['corrupt'] = [];
  let checked = 0;
  for (const prefix of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, prefix)).catch(() => [] as string[])) {
      if (name.endsWith('.tmp')) continue;
      const md5 = prefix + name;
      const path = join(root, prefix, name);
      checked++;
      let actual: string;
      if (md5.endsWith('.dir')) {
        try {
          actual = dirManifest(JSON.parse(await readFile(path, 'utf8')) as DirEntry[]).md5;
        } catch {
          actual = 'not a valid .dir manifest';
        }
      } else actual = (await md5File(path)).md5;
      if (actual !== md5) corrupt.push({ md5, path, actual });
    }
  }
  return { checked, corrupt };
}

/** What changed between two versions: files of a folder, rows and columns of a table. */
export async function diffVersions(repo: DatasetRepository, path: string, fromRef?: string, toRef?: string): Promise<VersionDiff> {
  const versions = repo.versions(path);
  if (versions.length === 0) throw notFound(`${path} has no versions.`);
  const to = toRef ? findVersion(versions, toRef) : versions[versions.length - 1]!;
  const from = fromRef ? findVersion(versions, fromRef) : (versions[versions.indexOf(to) - 1] ?? to);
  const diff: VersionDiff = { from, to };
  if (from.md5.endsWith('.dir') && to.md5.endsWith('.dir')) {
    const read = async (md5: string) => new Map((parseManifest(await readFile(repo.cache.objectPath(md5), 'utf8')) ?? []).map((e) => [e.relpath, e.md5]));
    const a = await read(from.md5);
    const b = await read(to.md5);
    diff.files = {
      added: [...b.keys()].filter((k) => !a.has(k)),
      removed: [...a.keys()].filter((k) => !b.has(k)),
      modified: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)),
    };
  }
  if (from.summary && to.summary) {
    const a = new Map(from.summary.columns.map((c) => [c.name, c.type]));
    const b = new Map(to.summary.columns.map((c) => [c.name, c.type]));
    diff.rows = { from: from.summary.rows, to: to.summary.rows };
    diff.columns = {
      added: [...b.keys()].filter((k) => !a.has(k)),
      removed: [...a.keys()].filter((k) => !b.has(k)),
      typeChanged: [...b].filter(([k, t]) => a.has(k) && a.get(k) !== t).map(([name, t]) => ({ name, from: a.get(name)!, to: t })),
    };
  }
  return diff;
}
