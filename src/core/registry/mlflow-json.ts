import type { ModelVersion, RegisteredModel } from './types';

/**
 * Registry objects in MLflow's JSON (model_registry.proto as MLflow's server writes it):
 * snake_case, int64 timestamps as numbers, versions as strings, unset fields and empty lists
 * omitted. Local MLOps' own facts about a version (its copy, hashes, lineage, signature) ride
 * along under `mlops`, which MLflow's clients ignore.
 */

export function modelVersionJson(v: ModelVersion): Record<string, unknown> {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTimestamp,
    last_updated_timestamp: v.lastUpdatedTimestamp,
    ...(v.userId !== null && { user_id: v.userId }),
    current_stage: v.currentStage,
    ...(v.description !== null && { description: v.description }),
    source: v.source,
    ...(v.runId !== null && { run_id: v.runId }),
    status: v.status,
    ...(v.statusMessage !== null && { status_message: v.statusMessage }),
    ...(v.tags.length > 0 && { tags: v.tags }),
    ...(v.runLink !== null && { run_link: v.runLink }),
    ...(v.aliases.length > 0 && { aliases: v.aliases }),
    ...(v.storageLocation !== null && { storage_location: v.storageLocation }),
    ...(v.modelId !== null && { model_id: v.modelId }),
    mlops: {
      available: v.unavailableReason === null,
      ...(v.unavailableReason !== null && { unavailable_reason: v.unavailableReason }),
      model_file: v.modelFile,
      size: v.size,
      md5: v.md5,
      sha256: v.sha256,
      git_commit: v.gitCommit,
      data_versions: v.dataVersions,
      signature: v.signature,
      validation: v.validation,
    },
  };
}

export function registeredModelJson(m: RegisteredModel): Record<string, unknown> {
  return {
    name: m.name,
    creation_timestamp: m.creationTimestamp,
    last_updated_timestamp: m.lastUpdatedTimestamp,
    ...(m.description !== null && { description: m.description }),
    ...(m.latestVersions.length > 0 && { latest_versions: m.latestVersions.map(modelVersionJson) }),
    ...(m.tags.length > 0 && { tags: m.tags }),
    ...(m.aliases.length > 0 && { aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })) }),
  };
}
