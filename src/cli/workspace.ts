import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Store } from '../core/store';
import { CONFIG_FILE } from '../core/workspace';
import type { WorkspacePaths } from '../core/workspace';
import { workspacePaths } from '../core/workspace';
import { probeRuntime, readRuntimeFile } from '../runtime';
import { RuntimeClient } from '../shared/runtime-client';
import { MLOPS_DIR } from '../shared/runtime-info';

/** --workspace, else $MLOPS_WORKSPACE, else the nearest folder up from cwd holding .mlops or mlops.yaml, else cwd. */
export function resolveWorkspace(explicit: string | undefined, cwd = process.cwd()): WorkspacePaths {
  const given = explicit ?? process.env.MLOPS_WORKSPACE;
  if (given) return workspacePaths(resolve(cwd, given));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MLOPS_DIR)) || existsSync(join(dir, CONFIG_FILE))) return workspacePaths(dir);
    if (dirname(dir) === dir) return workspacePaths(cwd);
  }
}

/** A client of the workspace's runtime when one is up and answering; undefined otherwise. */
export async function connectRuntime(paths: WorkspacePaths): Promise<RuntimeClient | undefined> {
  const state = readRuntimeFile(paths.runtimeFile);
  if (state.kind !== 'present') return undefined;
  return (await probeRuntime(state.info)) === 'live' ? new RuntimeClient(state.info) : undefined;
}

/** The runtime is the writer: commands use it when it is up and open the store themselves when not. */
export async function viaRuntimeOrStore<T>(
  paths: WorkspacePaths,
  viaRuntime: (client: RuntimeClient) => Promise<T>,
  direct: (store: Store) => T | Promise<T>,
): Promise<T> {
  const client = await connectRuntime(paths);
  if (client) return viaRuntime(client);
  const store = Store.open(paths.db);
  try {
    return await direct(store);
  } finally {
    store.close();
  }
}
