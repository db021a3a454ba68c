import type { ModelRegistry } from '../../../core/registry';
import { modelVersionJson, registeredModelJson } from '../../../core/registry';
import {
  MODEL_VERSIONS_CREATE, MODEL_VERSIONS_DELETE, MODEL_VERSIONS_DELETE_TAG, MODEL_VERSIONS_DOWNLOAD_URI, MODEL_VERSIONS_GET, MODEL_VERSIONS_GET_ARTIFACT, MODEL_VERSIONS_SEARCH,
  MODEL_VERSIONS_SEARCH_POST, MODEL_VERSIONS_SET_TAG, MODEL_VERSIONS_TRANSITION_STAGE, MODEL_VERSIONS_UPDATE, MODELS_VALIDATION, REGISTERED_MODELS_CREATE, REGISTERED_MODELS_DELETE,
  REGISTERED_MODELS_DELETE_ALIAS, REGISTERED_MODELS_DELETE_TAG, REGISTERED_MODELS_GET, REGISTERED_MODELS_GET_ALIAS, REGISTERED_MODELS_LATEST_VERSIONS, REGISTERED_MODELS_LATEST_VERSIONS_GET,
  REGISTERED_MODELS_RENAME, REGISTERED_MODELS_SEARCH, REGISTERED_MODELS_SEARCH_POST, REGISTERED_MODELS_SET_ALIAS, REGISTERED_MODELS_SET_TAG, REGISTERED_MODELS_UPDATE,
} from '../../../shared/contract';
import type { ModelVersion, ParamsOf, RegisteredModel } from '../../../shared/contract';
import type { Router } from '../../http';
import type { RuntimeContext } from '../../runtime-context';
import { serveMlflow } from './params';
import { sendLocalFile } from './send-file';

/** MLflow's model registry endpoints (model_registry.proto), and a version's files at MLflow's root (server/__init__.py). */
export function registerRegistryRoutes(router: Router, ctx: RuntimeContext, registry = ctx.registry): void {
  registerModelRoutes(router, registry);
  registerVersionRoutes(router, registry);
  serveMlflow(router, MODEL_VERSIONS_GET_ARTIFACT, ({ name, version, path = '' }, request) => sendLocalFile(request, registry.versionArtifactFile(name, version, path), path));
  /** `mlops validate` stores its report here when the runtime is up, so the change is announced. */
  router.handle(MODELS_VALIDATION, ({ name, version, report }) => ({ model_version: json(registry.setValidation(name, version, report)) }));
}

/** The registry's MLflow JSON (core/registry/mlflow-json.ts) as the contract's types. */
const json = (v: Parameters<typeof modelVersionJson>[0]): ModelVersion => modelVersionJson(v) as unknown as ModelVersion;
const modelJson = (m: Parameters<typeof registeredModelJson>[0]): RegisteredModel => registeredModelJson(m) as unknown as RegisteredModel;

function registerModelRoutes(router: Router, registry: ModelRegistry): void {
  const model = (m: Parameters<typeof registeredModelJson>[0]) => ({ registered_model: modelJson(m) });

  serveMlflow(router, REGISTERED_MODELS_CREATE, (p) => model(registry.createModel(p.name, p.tags ?? [], p.description)));
  serveMlflow(router, REGISTERED_MODELS_GET, (p) => model(registry.getModel(p.name)));

  const search = (p: ParamsOf<typeof REGISTERED_MODELS_SEARCH>) => {
    const page = registry.searchModels({ filter: p.filter, maxResults: p.max_results, orderBy: p.order_by, pageToken: p.page_token });
    return {
      ...(page.items.length > 0 && { registered_models: page.items.map(modelJson) }),
      ...(page.nextPageToken && { next_page_token: page.nextPageToken }),
    };
  };
  serveMlflow(router, REGISTERED_MODELS_SEARCH, search);
  serveMlflow(router, REGISTERED_MODELS_SEARCH_POST, search);

  serveMlflow(router, REGISTERED_MODELS_UPDATE, (p) => model(registry.updateModel(p.name, p.description)));
  serveMlflow(router, REGISTERED_MODELS_RENAME, (p) => model(registry.renameModel(p.name, p.new_name)));
  serveMlflow(router, REGISTERED_MODELS_DELETE, (p) => {
    registry.deleteModel(p.name);
    return {};
  });
  serveMlflow(router, REGISTERED_MODELS_SET_TAG, (p) => {
    registry.setModelTag(p.name, p.key, p.value);
    return {};
  });
  serveMlflow(router, REGISTERED_MODELS_DELETE_TAG, (p) => {
    registry.deleteModelTag(p.name, p.key);
    return {};
  });

  const latest = (p: ParamsOf<typeof REGISTERED_MODELS_LATEST_VERSIONS>) => {
    const versions = registry.latestVersions(p.name, p.stages ?? []);
    return versions.length > 0 ? { model_versions: versions.map(json) } : {};
  };
  serveMlflow(router, REGISTERED_MODELS_LATEST_VERSIONS, latest);
  serveMlflow(router, REGISTERED_MODELS_LATEST_VERSIONS_GET, latest);

  serveMlflow(router, REGISTERED_MODELS_SET_ALIAS, (p) => {
    registry.setAlias(p.name, p.alias, p.version);
    return {};
  });
  serveMlflow(router, REGISTERED_MODELS_DELETE_ALIAS, (p) => {
    registry.deleteAlias(p.name, p.alias);
    return {};
  });
  serveMlflow(router, REGISTERED_MODELS_GET_ALIAS, (p) => ({ model_version: json(registry.versionByAlias(p.name, p.alias)) }));
}

function registerVersionRoutes(router: Router, registry: ModelRegistry): void {
  const version = (v: Parameters<typeof modelVersionJson>[0]) => ({ model_version: json(v) });

  serveMlflow(router, MODEL_VERSIONS_CREATE, async (p) =>
    version(
      await registry.createVersion({
        name: p.name,
        source: p.source,
        runId: p.run_id,
        runLink: p.run_link,
        // MLflow's server stores an absent description as '' (proto2's default), and clients expect it.
        description: p.description ?? '',
        tags: p.tags ?? [],
        modelId: p.model_id,
      }),
    ),
  );

  serveMlflow(router, MODEL_VERSIONS_GET, (p) => version(registry.getVersion(p.name, p.version)));

  const search = (p: ParamsOf<typeof MODEL_VERSIONS_SEARCH>) => {
    const page = registry.searchVersions({ filter: p.filter, maxResults: p.max_results, orderBy: p.order_by, pageToken: p.page_token });
    return {
      ...(page.items.length > 0 && { model_versions: page.items.map(json) }),
      ...(page.nextPageToken && { next_page_token: page.nextPageToken }),
    };
  };
  serveMlflow(router, MODEL_VERSIONS_SEARCH, search);
  serveMlflow(router, MODEL_VERSIONS_SEARCH_POST, search);

  serveMlflow(router, MODEL_VERSIONS_UPDATE, (p) => version(registry.updateVersion(p.name, p.version, p.description)));
  serveMlflow(router, MODEL_VERSIONS_DELETE, (p) => {
    registry.deleteVersion(p.name, p.version);
    return {};
  });
  serveMlflow(router, MODEL_VERSIONS_SET_TAG, (p) => {
    registry.setVersionTag(p.name, p.version, p.key, p.value);
    return {};
  });
  serveMlflow(router, MODEL_VERSIONS_DELETE_TAG, (p) => {
    registry.deleteVersionTag(p.name, p.version, p.key);
    return {};
  });
  serveMlflow(router, MODEL_VERSIONS_DOWNLOAD_URI, (p) => ({ artifact_uri: registry.downloadUri(p.name, p.version) }));
  serveMlflow(router, MODEL_VERSIONS_TRANSITION_STAGE, (p) => version(registry.transitionStage(p.name, p.version, p.stage, p.archive_existing_versions ?? false)));
}
