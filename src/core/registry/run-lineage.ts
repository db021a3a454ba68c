import { DomainError } from '../errors';
import type { Tracking } from '../tracking';
import type { DataVersionRef } from './types';

export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const DATA_TAG_PREFIX = 'mlops.data.';

export interface RunLineage {
  gitCommit: string | null;
  dataVersions: DataVersionRef[];
}

/** `v3 <md5>` (what `mlops run` writes), a bare md5, or any other text kept as written. */
export function parseDataTag(path: string, value: string): DataVersionRef {
  const versioned = /^v(\d+)\s+([0-9a-f]{32}(?:\.dir)?)$/i.exec(value.trim());
  if (versioned) return { path, version: Number(versioned[1]), md5: versioned[2]!.toLowerCase() };
  if (/^[0-9a-f]{32}(?:\.dir)?$/i.test(value.trim())) return { path, md5: value.trim().toLowerCase() };
  return { path, value };
}

/**
 * What a run records about its inputs: its git commit and the data versions it read. A run this
 * store does not know (MLflow lets a version name any run id) has no lineage.
 */
export function runLineage(tracking: Tracking, runId: string | null): RunLineage {
  if (!runId) return { gitCommit: null, dataVersions: [] };
  let tags: { key: string; value: string }[];
  try {
    tags = tracking.runs.get(runId).data.tags;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RESOURCE_DOES_NOT_EXIST') return { gitCommit: null, dataVersions: [] };
    throw error;
  }
  return {
    gitCommit: tags.find((t) => t.key === GIT_COMMIT_TAG)?.value ?? null,
    dataVersions: tags.filter((t) => t.key.startsWith(DATA_TAG_PREFIX) && t.key.length > DATA_TAG_PREFIX.length).map((t) => parseDataTag(t.key.slice(DATA_TAG_PREFIX.length), t.value)),
  };
}
