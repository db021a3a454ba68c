import { DatasetRepository } from '../../data';
import { DomainError } from '../../errors';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';
import type { MonitorConfig } from '../monitors/monitors-config';
import { monitoredVersion } from '../monitors/reference';

export interface DataVersionRef {
  path: string;
  version: number;
  md5: string;
}

/**
 * The data a retrain starts from: the latest tracked version of the monitor's reference dataset,
 * or (no reference configured) of the dataset the monitored model version was trained on.
 * Undefined when the monitor names no dataset or it has no tracked version.
 */
export function currentDataVersion(store: Store, paths: WorkspacePaths, monitor: MonitorConfig): DataVersionRef | undefined {
  const path = monitor.reference?.path ?? lineagePath(store, paths, monitor);
  if (path === undefined) return undefined;
  const repo = new DatasetRepository(store.db, paths.root);
  const latest = repo.latest(repo.relativePath(path));
  return latest && { path: latest.path, version: latest.version, md5: latest.md5 };
}

function lineagePath(store: Store, paths: WorkspacePaths, monitor: MonitorConfig): string | undefined {
  try {
    return monitoredVersion(store, paths, monitor.model).dataVersions[0]?.path;
  } catch (error) {
    // No model version behind the monitor yet (a first training): nothing to read the lineage of.
    if (error instanceof DomainError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

/** The environment a retrain's command reads its data version from. */
export function dataVersionEnv(data: DataVersionRef | undefined): Record<string, string> {
  return data ? { MLOPS_DATA_PATH: data.path, MLOPS_DATA_VERSION: String(data.version), MLOPS_DATA_MD5: data.md5 } : {};
}
