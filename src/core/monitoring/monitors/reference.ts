import { DatasetRepository } from '../../data';
import type { DatasetVersion } from '../../data';
import { findVersion } from '../../data';
import { tableOfVersion } from '../../data';
import { tableFormatOf } from '../../data';
import { readColumnChunks } from '../../table';
import { invalid, notFound } from '../../errors';
import type { ModelVersion } from '../../registry';
import { openWorkspaceRegistry } from '../../registry';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';
import type { MonitorConfig } from './monitors-config';
import { TableSample } from './table-sample';

/** NAME@ALIAS or NAME@VERSION (v3 or 3). */
export function parseModelSpec(spec: string): { name: string; version?: number; alias?: string } {
  const at = spec.lastIndexOf('@');
  const [name, selector] = [spec.slice(0, at), spec.slice(at + 1)];
  const number = /^v?(\d+)$/.exec(selector);
  return number ? { name, version: Number(number[1]) } : { name, alias: selector };
}

/** The registry version a monitor watches (for an alias, the version it points at now). */
export function monitoredVersion(store: Store, paths: WorkspacePaths, spec: string): ModelVersion {
  const registry = openWorkspaceRegistry(store, paths);
  const { name, version, alias } = parseModelSpec(spec);
  return version !== undefined ? registry.getVersion(name, version) : registry.versionByAlias(name, alias);
}

/** The dataset version a monitor compares against: configured, else the first one the model version's training run read. */
export function referenceVersion(store: Store, paths: WorkspacePaths, monitor: MonitorConfig): DatasetVersion {
  const repo = new DatasetRepository(store.db, paths.root);
  if (monitor.reference) {
    const versions = repo.versions(monitor.reference.path);
    if (versions.length === 0) throw notFound(`Monitor ${monitor.name}: ${monitor.reference.path} is not a tracked dataset (run mlops data add ${monitor.reference.path}).`);
    return monitor.reference.version === undefined ? versions[versions.length - 1]! : findVersion(versions, String(monitor.reference.version));
  }
  const model = monitoredVersion(store, paths, monitor.model);
  const lineage = model.dataVersions[0];
  if (!lineage) {
    throw invalid(`Monitor ${monitor.name}: ${model.name} version ${model.version} records no training data; set reference: PATH[@VERSION] in mlops.yaml.`);
  }
  const versions = repo.versions(lineage.path);
  const found = versions.find((v) => (lineage.md5 ? v.md5 === lineage.md5 : v.version === lineage.version));
  if (!found) throw notFound(`Monitor ${monitor.name}: the training data ${lineage.path} ${lineage.md5 ?? `v${lineage.version}`} is not a tracked version here; set reference: in mlops.yaml.`);
  return found;
}

/** The version's rows, read from the content cache. */
export async function readReference(store: Store, paths: WorkspacePaths, version: DatasetVersion, rawRowsLimit?: number): Promise<TableSample> {
  const repo = new DatasetRepository(store.db, paths.root);
  if (!(await repo.inCache(version.md5))) throw invalid(`v${version.version} of ${version.path} is not in the cache (${version.md5}); pull it from a remote first.`);
  const table = await tableOfVersion(repo, version);
  const sample = new TableSample(rawRowsLimit);
  const format = tableFormatOf(table.path);
  for await (const chunk of readColumnChunks(table.objectPath, format ? { format } : {})) sample.addChunk(chunk);
  return sample;
}
