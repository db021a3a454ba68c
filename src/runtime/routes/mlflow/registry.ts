import { invalid } from '../../../core/errors';
import type { ModelRegistry } from '../../../core/registry';
import { modelVersionJson, registeredModelJson } from '../../../core/registry';
import type { RequestContext, Router } from '../../http';
import type { RuntimeContext } from '../../runtime-context';
import { keyValues } from './experiments';
import { MLFLOW_PREFIXES } from './index';
import { Params } from './params';
import { shown } from '../../http/shown';
import { sendLocalFile } from './send-file';

/** MLflow sends DELETE parameters as a JSON body; a body-less DELETE may carry them in the query. */
function paramsOf(ctx: RequestContext): Promise<Params> {
  const bodyless = !ctx.req.headers['transfer-encoding'] && (ctx.req.headers['content-length'] ?? '0') === '0';
  return Params.of(ctx.method === 'DELETE' && bodyless && ctx.url.search !== '' ? { ...ctx, method: 'GET' } : ctx);
}

function flag(p: Params, name: string): boolean {
  const value = p.raw(name);
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw invalid(`Invalid value ${shown(value)} for parameter '${name}' supplied: it must be true or false.`);
}

/** MLflow's model registry endpoints (model_registry.proto) under both of MLflow's prefixes. */
export function registerRegistryRoutes(router: Router, ctx: RuntimeContext, registry = ctx.registry): void {
  for (const prefix of MLFLOW_PREFIXES) {
    registerModelRoutes(router, `${prefix}/registered-models`, registry);
    registerVersionRoutes(router, `${prefix}/model-versions`, registry);
  }
  // MLflow serves a version's files at the root, beside /get-artifact (server/__init__.py).
  for (const base of ['', ...MLFLOW_PREFIXES]) {
    router.get(`${base}/model-versions/get-artifact`, async (ctx) => {
      const p = await paramsOf(ctx);
      const path = p.string('path') ?? '';
      return sendLocalFile(ctx, registry.versionArtifactFile(p.raw('name'), p.raw('version'), path), path);
    });
  }
  /** `mlops validate` stores its report here when the runtime is up, so the change is announced. */
  router.post('/api/models/validation', async ({ json }) => {
    const body = await json<{ name?: unknown; version?: unknown; report?: unknown }>();
    return { model_version: modelVersionJson(registry.setValidation(body.name, body.version, body.report)) };
  });
}

function registerModelRoutes(router: Router, base: string, registry: ModelRegistry): void {
  const model = (m: Parameters<typeof registeredModelJson>[0]) => ({ registered_model: registeredModelJson(m) });

  router.post(`${base}/create`, async (ctx) => {
    const p = await paramsOf(ctx);
    return model(registry.createModel(p.raw('name'), keyValues(p, 'tags'), p.string('description')));
  });

  router.get(`${base}/get`, async (ctx) => model(registry.getModel((await paramsOf(ctx)).raw('name'))));

  const search = async (ctx: RequestContext) => {
    const p = await paramsOf(ctx);
    const page = registry.searchModels({ filter: p.string('filter'), maxResults: p.int('max_results'), orderBy: p.stringList('order_by'), pageToken: p.string('page_token') });
    return {
      ...(page.items.length > 0 && { registered_models: page.items.map(registeredModelJson) }),
      ...(page.nextPageToken && { next_page_token: page.nextPageToken }),
    };
  };
  router.get(`${base}/search`, search);
  router.post(`${base}/search`, search);

  router.add('PATCH', `${base}/update`, async (ctx) => {
    const p = await paramsOf(ctx);
    return model(registry.updateModel(p.raw('name'), p.string('description')));
  });

  router.post(`${base}/rename`, async (ctx) => {
    const p = await paramsOf(ctx);
    return model(registry.renameModel(p.raw('name'), p.raw('new_name')));
  });

  router.add('DELETE', `${base}/delete`, async (ctx) => {
    registry.deleteModel((await paramsOf(ctx)).raw('name'));
    return {};
  });

  router.post(`${base}/set-tag`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.setModelTag(p.raw('name'), p.raw('key'), p.raw('value'));
    return {};
  });

  router.add('DELETE', `${base}/delete-tag`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.deleteModelTag(p.raw('name'), p.raw('key'));
    return {};
  });

  const latest = async (ctx: RequestContext) => {
    const p = await paramsOf(ctx);
    const versions = registry.latestVersions(p.raw('name'), p.stringList('stages') ?? []);
    return versions.length > 0 ? { model_versions: versions.map(modelVersionJson) } : {};
  };
  router.post(`${base}/get-latest-versions`, latest);
  router.get(`${base}/get-latest-versions`, latest);

  router.post(`${base}/alias`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.setAlias(p.raw('name'), p.raw('alias'), p.raw('version'));
    return {};
  });

  router.add('DELETE', `${base}/alias`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.deleteAlias(p.raw('name'), p.raw('alias'));
    return {};
  });

  router.get(`${base}/alias`, async (ctx) => {
    const p = await paramsOf(ctx);
    return { model_version: modelVersionJson(registry.versionByAlias(p.raw('name'), p.raw('alias'))) };
  });
}

function registerVersionRoutes(router: Router, base: string, registry: ModelRegistry): void {
  const version = (v: Parameters<typeof modelVersionJson>[0]) => ({ model_version: modelVersionJson(v) });

  router.post(`${base}/create`, async (ctx) => {
    const p = await paramsOf(ctx);
    return version(
      await registry.createVersion({
        name: p.raw('name'),
        source: p.raw('source'),
        runId: p.string('run_id'),
        runLink: p.string('run_link'),
        // MLflow's server stores an absent description as '' (proto2's default), and clients expect it.
        description: p.string('description') ?? '',
        tags: keyValues(p, 'tags'),
        modelId: p.string('model_id'),
      }),
    );
  });

  router.get(`${base}/get`, async (ctx) => {
    const p = await paramsOf(ctx);
    return version(registry.getVersion(p.raw('name'), p.raw('version')));
  });

  const search = async (ctx: RequestContext) => {
    const p = await paramsOf(ctx);
    const page = registry.searchVersions({ filter: p.string('filter'), maxResults: p.int('max_results'), orderBy: p.stringList('order_by'), pageToken: p.string('page_token') });
    return {
      ...(page.items.length > 0 && { model_versions: page.items.map(modelVersionJson) }),
      ...(page.nextPageToken && { next_page_token: page.nextPageToken }),
    };
  };
  router.get(`${base}/search`, search);
  router.post(`${base}/search`, search);

  router.add('PATCH', `${base}/update`, async (ctx) => {
    const p = await paramsOf(ctx);
    return version(registry.updateVersion(p.raw('name'), p.raw('version'), p.string('description')));
  });

  router.add('DELETE', `${base}/delete`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.deleteVersion(p.raw('name'), p.raw('version'));
    return {};
  });

  router.post(`${base}/set-tag`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.setVersionTag(p.raw('name'), p.raw('version'), p.raw('key'), p.raw('value'));
    return {};
  });

  router.add('DELETE', `${base}/delete-tag`, async (ctx) => {
    const p = await paramsOf(ctx);
    registry.deleteVersionTag(p.raw('name'), p.raw('version'), p.raw('key'));
    return {};
  });

  router.get(`${base}/get-download-uri`, async (ctx) => {
    const p = await paramsOf(ctx);
    return { artifact_uri: registry.downloadUri(p.raw('name'), p.raw('version')) };
  });

  router.post(`${base}/transition-stage`, async (ctx) => {
    const p = await paramsOf(ctx);
    return version(registry.transitionStage(p.raw('name'), p.raw('version'), p.raw('stage'), flag(p, 'archive_existing_versions')));
  });
}
