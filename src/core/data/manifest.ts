import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { invalid } from '../errors';
import { isPlainRelative } from '../workspace';
import { shown } from './data-path';
import type { DirEntry } from './hash';

/** The entries of a `.dir` manifest's text; undefined when it is not a manifest. */
export function parseManifest(text: string): DirEntry[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const entries = parsed as Partial<DirEntry>[];
  if (entries.some((e) => typeof e?.md5 !== 'string' || !/^[0-9a-f]{32}$/.test(e.md5) || typeof e.relpath !== 'string')) return undefined;
  return entries as DirEntry[];
}

/** The entries of a `.dir` manifest object; undefined when it is absent or not a manifest. */
export async function readManifest(objectPath: string): Promise<DirEntry[] | undefined> {
  return parseManifest(await readFile(objectPath, 'utf8').catch(() => ''));
}

export function readManifestSync(objectPath: string): DirEntry[] | undefined {
  try {
    return parseManifest(readFileSync(objectPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The first entry whose relpath does not name a file inside the folder ('..', absolute, '\\', empty parts, NUL). */
export function unsafeEntry(entries: readonly DirEntry[]): DirEntry | undefined {
  return entries.find((e) => !isPlainRelative(e.relpath));
}

/**
 * The entries of a folder version, before any of them is written into the workspace: the manifest
 * must be in the cache, be a manifest, and name only files inside the folder; else nothing is written.
 */
export async function manifestToRestore(cache: { objectPath(md5: string): string }, md5: string, dataset: string): Promise<DirEntry[]> {
  const entries = await readManifest(cache.objectPath(md5));
  if (!entries) throw invalid(`The .dir manifest ${md5} of ${dataset} is missing from the cache or not a valid manifest; nothing was restored.`);
  refuseUnsafe(entries, md5, dataset);
  return entries;
}

/** The first entry that sits below another entry, as if a file were also a folder ('x' and 'x/y'). */
export function clashingEntry(entries: readonly DirEntry[]): { file: string; below: string } | undefined {
  const files = new Set(entries.map((e) => e.relpath));
  for (const { relpath } of entries) {
    for (let at = relpath.indexOf('/'); at > 0; at = relpath.indexOf('/', at + 1)) {
      if (files.has(relpath.slice(0, at))) return { file: relpath.slice(0, at), below: relpath };
    }
  }
  return undefined;
}

/** Throws when a manifest lists a path that is not inside its folder (or a file inside a file), naming the manifest and the entry. */
export function refuseUnsafe(entries: readonly DirEntry[], md5: string, dataset: string): void {
  const bad = unsafeEntry(entries);
  const what = `The .dir manifest ${md5} of ${dataset}`;
  if (bad) throw invalid(`${what} lists ${shown(bad.relpath)}, which is not a path inside the folder; the manifest is not trusted and nothing was written.`);
  const clash = clashingEntry(entries);
  if (clash) throw invalid(`${what} lists both the file ${shown(clash.file)} and ${shown(clash.below)} inside it; the manifest is not trusted and nothing was written.`);
}
