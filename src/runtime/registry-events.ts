import type { ModelRegistry, RegistryChange } from '../core/registry';
import { openWorkspaceRegistry } from '../core/registry';
import type { Store } from '../core/store';
import type { Tracking } from '../core/tracking';
import type { WorkspacePaths } from '../core/workspace';
import type { EventHub } from './event-hub';

/** Registry changes as runtime events: what the Models view refreshes from. */
export function publishModelChange(hub: EventHub, change: RegistryChange): void {
  hub.publish('model.changed', {
    name: change.name,
    ...(change.version !== undefined && { version: String(change.version) }),
    ...(change.renamedFrom !== undefined && { renamedFrom: change.renamedFrom }),
    ...(change.deleted && { deleted: true }),
    ...(change.alias && { alias: { alias: change.alias.alias, version: change.alias.version === null ? null : String(change.alias.version) } }),
  });
}

/** The runtime's one registry: copies under .mlops/models, every change published as `model.changed`. */
export function createRuntimeRegistry(store: Store, paths: WorkspacePaths, hub: EventHub, tracking?: Tracking): ModelRegistry {
  return openWorkspaceRegistry(store, paths, { ...(tracking && { tracking }), notify: (change) => publishModelChange(hub, change) });
}
