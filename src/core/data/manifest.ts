import { readFile } from 'node:fs/promises';
import type { DirEntry } from './hash';

/** The entries of a `.dir` manifest object; undefined when it is absent or not a manifest. */
export async function readManifest(objectPath: string): Promise<DirEntry[] | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(objectPath, 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const entries = parsed as Partial<DirEntry>[];
  if (entries.some((e) => typeof e?.md5 !== 'string' || !/^[0-9a-f]{32}$/.test(e.md5) || typeof e.relpath !== 'string')) return undefined;
  return entries as DirEntry[];
}
