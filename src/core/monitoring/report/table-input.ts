import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatasetRepository, findVersion } from '../../data';
import type { TableFormat } from '../../data';
import { tableFormatOf } from '../../data';
import { datasetHolding, tableOfVersion } from '../../data';
import { invalid, notFound } from '../../errors';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';

/** A table to read: a file, or one version of a tracked dataset read from the content cache. */
export interface TableInput {
  /** How reports name it: the path as given, or PATH@vN. */
  name: string;
  /** The file to read (a cache object for a version). */
  file: string;
  format: TableFormat;
}

/** Where PATH@VERSION inputs are looked up. */
export interface TableWorkspace {
  paths: WorkspacePaths;
  /** Opened only when an input names a version. */
  store(): Store;
}

/** A file that exists is a file (even with an @ in its name); otherwise PATH@VERSION is a tracked version. */
export async function resolveTableInput(spec: string, cwd: string, workspace: TableWorkspace): Promise<TableInput> {
  const file = resolve(cwd, spec);
  const at = spec.lastIndexOf('@');
  if (existsSync(file) || at <= 0) {
    if (!existsSync(file)) throw notFound(`${spec} does not exist.`);
    const format = tableFormatOf(file);
    if (!format) throw invalid(`${spec} is not a table (CSV, TSV, JSONL or Parquet).`);
    return { name: spec, file, format };
  }
  const [path, ref] = [spec.slice(0, at), spec.slice(at + 1)];
  const repo = new DatasetRepository(workspace.store().db, workspace.paths.root);
  const rel = repo.relativePath(resolve(cwd, path));
  const dataset = datasetHolding(repo, rel);
  if (!dataset) throw notFound(`${path} is neither a file nor a tracked dataset (track it with mlops data add ${path}).`);
  const version = findVersion(repo.versions(dataset), ref);
  const table = await tableOfVersion(repo, version, rel);
  if (!existsSync(table.objectPath)) throw invalid(`v${version.version} of ${table.path} is not in the cache (${table.md5}); pull it from a remote first (mlops data pull).`);
  return { name: `${table.path}@v${version.version}`, file: table.objectPath, format: tableFormatOf(table.path)! };
}
