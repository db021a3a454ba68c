import { resolve } from 'node:path';
import type { Store } from '../../core/store';
import type { ModelRegistry} from '../../core/registry';
import { modelVersionJson, openWorkspaceRegistry, registeredModelJson } from '../../core/registry';
import type { WorkspacePaths } from '../../core/workspace';
import type { RuntimeClient } from '../../shared/runtime-client';
import { RuntimeRequestError } from '../../shared/runtime-client';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace, viaRuntimeOrStore } from '../workspace';
import type { ModelJson, VersionJson } from './models-format';
import { describeModel, describeVersion } from './models-format';
import { call, MODEL_VERSIONS_CREATE, REGISTERED_MODELS_CREATE, REGISTERED_MODELS_SEARCH } from '../../shared/contract';

export const modelsUsage = 'mlops models list [--json] | register PATH_OR_RUNS_URI --name NAME   the model registry';


function openRegistry(store: Store, paths: WorkspacePaths): ModelRegistry {
  return openWorkspaceRegistry(store, paths);
}

async function listViaRuntime(client: RuntimeClient): Promise<ModelJson[]> {
  const models: ModelJson[] = [];
  let token: string | undefined;
  do {
    const page = await call(client, REGISTERED_MODELS_SEARCH, { max_results: 1000, ...(token && { page_token: token }) });
    // Our runtime writes every field ModelJson names; MLflow's shape leaves them optional.
    models.push(...((page.registered_models ?? []) as ModelJson[]));
    token = page.next_page_token;
  } while (token);
  return models;
}

function listDirect(registry: ModelRegistry): ModelJson[] {
  const models: ModelJson[] = [];
  let token: string | undefined;
  do {
    const page = registry.searchModels({ maxResults: 1000, pageToken: token });
    models.push(...(page.items.map(registeredModelJson) as unknown as ModelJson[]));
    token = page.nextPageToken;
  } while (token);
  return models;
}

async function registerViaRuntime(client: RuntimeClient, name: string, source: string): Promise<VersionJson> {
  try {
    await call(client, REGISTERED_MODELS_CREATE, { name });
  } catch (error) {
    if (!(error instanceof RuntimeRequestError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
  }
  // Our runtime writes `mlops` on every version; MLflow's shape leaves it optional.
  return (await call(client, MODEL_VERSIONS_CREATE, { name, source })).model_version as VersionJson;
}

/** `mlops models …`: through the runtime when it is up, on the store directly when not. */
export async function modelsCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, target] = args.positionals;
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  switch (sub) {
    case 'list': {
      const models = await viaRuntimeOrStore(paths, listViaRuntime, (store) => listDirect(openRegistry(store, paths)));
      if (args.options.has('json')) {
        io.out(JSON.stringify(models, null, 2));
        return 0;
      }
      if (models.length === 0) io.out('No registered models yet: register one with mlops models register PATH --name NAME.');
      for (const model of models) io.out(describeModel(model));
      return 0;
    }
    case 'register': {
      const name = stringOption(args, 'name');
      if (!target || !name) throw new UsageError('mlops models register PATH_OR_RUNS_URI --name NAME');
      // Local paths are the user's, relative to where they stand; URIs (runs:/, file:, …) pass as given.
      const source = /^[a-z][a-z0-9+.-]+:/i.test(target) ? target : resolve(target);
      const version = await viaRuntimeOrStore(
        paths,
        (client) => registerViaRuntime(client, name, source),
        async (store) => modelVersionJson(await openRegistry(store, paths).createVersion({ name, source, createModel: true })) as unknown as VersionJson,
      );
      io.out(`Registered ${name} ${describeVersion(version)} from ${source}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown models command "${sub ?? ''}"; use list or register`);
  }
}
