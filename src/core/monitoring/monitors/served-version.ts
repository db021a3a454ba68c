import { DomainError } from '../../errors';
import type { ModelVersion } from '../../registry';
import { openWorkspaceRegistry } from '../../registry';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';
import { monitoredVersion, parseModelSpec } from './reference';
import type { RecordFilter } from './window';

export interface ServedVersion {
  /** The registry version the monitor watches now; absent when the model is not in the registry. */
  version?: ModelVersion;
  /** The logged requests that version answered. */
  accept: RecordFilter;
}

/**
 * Resolves the monitor's model at run time (an alias to the version it points at now) and keeps
 * only the requests that version answered. Requests logged with version null were served from a
 * file, not by any registry version, so they are left out too. A model the registry does not know
 * at all is served from a file under that name: then every logged request counts.
 */
export function servedVersion(store: Store, paths: WorkspacePaths, spec: string): ServedVersion {
  const { name } = parseModelSpec(spec);
  try {
    openWorkspaceRegistry(store, paths).getModel(name);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RESOURCE_DOES_NOT_EXIST') return { accept: () => true };
    throw error;
  }
  const version = monitoredVersion(store, paths, spec);
  const wanted = String(version.version);
  return { version, accept: (record) => record.version === wanted };
}
