import { posix } from 'node:path';
import { invalid, notFound } from '../errors';
import type { DatasetRepository, DatasetVersion } from './datasets';
import { readManifest } from './manifest';
import { tableFormatOf } from './table-rows';

/** One table file of a dataset version, in the content cache. */
export interface VersionTable {
  /** Workspace-relative path of the table (the folder's path joined with the file's). */
  path: string;
  md5: string;
  objectPath: string;
}

/**
 * The table a dataset version holds: the version itself for a file; for a folder, the file at
 * `path` inside it, or its only table when `path` names the folder and it holds exactly one.
 */
export async function tableOfVersion(repo: DatasetRepository, version: DatasetVersion, path: string = version.path): Promise<VersionTable> {
  if (!version.md5.endsWith('.dir')) {
    if (!tableFormatOf(version.path)) throw invalid(`${version.path} is not a table (CSV, TSV, JSONL or Parquet).`);
    return { path: version.path, md5: version.md5, objectPath: repo.cache.objectPath(version.md5) };
  }
  const entries = await readManifest(repo.cache.objectPath(version.md5));
  if (!entries) throw invalid(`v${version.version} of ${version.path} is not in the cache (${version.md5}); pull it from a remote first.`);
  const tables = entries.filter((e) => tableFormatOf(e.relpath));
  const inside = posix.relative(version.path, path);
  const entry = inside === '' ? (tables.length === 1 ? tables[0] : undefined) : entries.find((e) => e.relpath === inside);
  if (!entry) {
    if (inside !== '') throw notFound(`${path} is not in v${version.version} of ${version.path}.`);
    const names = tables.map((t) => posix.join(version.path, t.relpath));
    throw invalid(
      tables.length === 0
        ? `${version.path} holds no table file (CSV, TSV, JSONL or Parquet).`
        : `${version.path} holds ${tables.length} tables; name one, e.g. reference: ${names[0]} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).`,
    );
  }
  if (!tableFormatOf(entry.relpath)) throw invalid(`${path} is not a table (CSV, TSV, JSONL or Parquet).`);
  return { path: posix.join(version.path, entry.relpath), md5: entry.md5, objectPath: repo.cache.objectPath(entry.md5) };
}

/** The tracked dataset that holds `path`: the dataset itself, or the tracked folder it lies in. */
export function datasetHolding(repo: DatasetRepository, path: string): string | undefined {
  const tracked = repo.list().map((d) => d.path);
  if (tracked.includes(path)) return path;
  return tracked.filter((d) => path.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0];
}
