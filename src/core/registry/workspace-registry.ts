import { resolve } from 'node:path';
import { protectedAliasPolicy } from '../models';
import type { Store } from '../store';
import { Tracking } from '../tracking';
import type { WorkspacePaths } from '../workspace';
import { loadModelsConfig } from './models-config';
import { ModelRegistry } from './model-registry';
import type { RegistryChange } from './types';

/**
 * The workspace's registry as every entry point opens it: model files under .mlops/models, and
 * the aliases mlops.yaml protects (default `champion`) moving only to versions whose stored
 * validation passed.
 */
export interface WorkspaceRegistryOptions {
  tracking?: Tracking;
  notify?: (change: RegistryChange) => void;
  /** Extra folders local model sources may come from, besides the workspace and its artifact store. */
  allowedSourceRoots?: readonly string[];
}

export function openWorkspaceRegistry(store: Store, paths: WorkspacePaths, options: WorkspaceRegistryOptions = {}): ModelRegistry {
  const allowedSourceRoots = options.allowedSourceRoots ?? loadModelsConfig(paths.config).config.allowedSources.map((dir) => resolve(paths.root, dir));
  const registry: ModelRegistry = new ModelRegistry(store, {
    tracking: options.tracking ?? new Tracking(store, Tracking.artifactRoot(paths.mlopsDir)),
    storageRoot: ModelRegistry.storageRoot(paths.mlopsDir),
    workspaceRoot: paths.root,
    ...(options.notify && { notify: options.notify }),
    allowedSourceRoots,
    aliasPolicy: protectedAliasPolicy(() => loadModelsConfig(paths.config).config, (name, version) => registry.getVersion(name, version).validation),
  });
  return registry;
}
