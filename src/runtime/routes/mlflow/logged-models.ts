import { invalid } from '../../../core/errors';
import type { DatasetFilter, LoggedModel, LoggedModelOrder, Tracking } from '../../../core/tracking';
import type { RequestContext, Router } from '../../http';
import { keyValues } from './experiments';
import { Params } from './params';
import { shown } from '../../http/shown';
import { wireModelMetric } from './wire';

function wireLoggedModel(m: LoggedModel): Record<string, unknown> {
  return {
    info: {
      model_id: m.modelId,
      experiment_id: m.experimentId,
      name: m.name,
      creation_timestamp_ms: m.creationTime,
      last_updated_timestamp_ms: m.lastUpdateTime,
      artifact_uri: m.artifactUri,
      status: m.status,
      ...(m.modelType && { model_type: m.modelType }),
      ...(m.sourceRunId && { source_run_id: m.sourceRunId }),
      ...(m.statusMessage && { status_message: m.statusMessage }),
      ...(m.tags.length > 0 && { tags: m.tags }),
    },
    data: { ...(m.params.length > 0 && { params: m.params }), ...(m.metrics.length > 0 && { metrics: m.metrics.map(wireModelMetric) }) },
  };
}

function entry(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(`Invalid ${what} entry ${shown(raw)}: it must be an object.`);
  return raw as Record<string, unknown>;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid value ${shown(value)} for parameter '${name}' supplied: it must be a string.`);
  return value;
}

function datasetFilter(raw: unknown): DatasetFilter {
  const d = entry(raw, 'datasets');
  const datasetName = optionalText(d.dataset_name, 'datasets.dataset_name');
  if (!datasetName) throw invalid('`dataset_name` in the `datasets` clause must be specified.');
  const datasetDigest = optionalText(d.dataset_digest, 'datasets.dataset_digest');
  return { datasetName, ...(datasetDigest !== undefined && { datasetDigest }) };
}

function orderBy(raw: unknown): LoggedModelOrder {
  const o = entry(raw, 'order_by');
  const fieldName = optionalText(o.field_name, 'order_by.field_name');
  if (!fieldName) throw invalid("Missing value for required parameter 'order_by.field_name'.");
  const datasetName = optionalText(o.dataset_name, 'order_by.dataset_name');
  const datasetDigest = optionalText(o.dataset_digest, 'order_by.dataset_digest');
  return { fieldName, ascending: o.ascending !== false && o.ascending !== 'false', ...(datasetName !== undefined && { datasetName }), ...(datasetDigest !== undefined && { datasetDigest }) };
}

/** MLflow 3's LoggedModel endpoints, so `mlflow.<flavor>.log_model(...)` works against the runtime. */
export function registerLoggedModelRoutes(router: Router, prefix: string, tracking: Tracking): void {
  const models = tracking.loggedModels;
  const changed = (m: LoggedModel) => tracking.experimentChanged(m.experimentId);

  router.post(`${prefix}/logged-models`, async (ctx) => {
    const p = await Params.of(ctx);
    const model = models.create({
      experimentId: p.requiredString('experiment_id'),
      name: p.string('name'),
      modelType: p.string('model_type'),
      sourceRunId: p.string('source_run_id'),
      params: keyValues(p, 'params'),
      tags: keyValues(p, 'tags'),
    });
    changed(model);
    return { model: wireLoggedModel(model) };
  });

  router.post(`${prefix}/logged-models/search`, async (ctx) => {
    const p = await Params.of(ctx);
    const page = models.search({
      experimentIds: p.stringList('experiment_ids') ?? [],
      filter: p.string('filter'),
      datasets: (p.list('datasets') ?? []).map(datasetFilter),
      orderBy: (p.list('order_by') ?? []).map(orderBy),
      maxResults: p.int('max_results'),
      pageToken: p.string('page_token'),
    });
    return { models: page.items.map(wireLoggedModel), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  });

  router.get(`${prefix}/logged-models/:id`, (ctx) => ({ model: wireLoggedModel(models.get(ctx.params.id)) }));

  router.add('PATCH', `${prefix}/logged-models/:id`, async (ctx) => {
    const p = await Params.of(ctx);
    const model = models.finalize(ctx.params.id, p.requiredString('status'));
    changed(model);
    return { model: wireLoggedModel(model) };
  });

  router.add('DELETE', `${prefix}/logged-models/:id`, (ctx) => {
    models.delete(ctx.params.id);
    return {};
  });

  router.add('PATCH', `${prefix}/logged-models/:id/tags`, async (ctx) => {
    const p = await Params.of(ctx);
    const model = models.get(ctx.params.id);
    models.setTags(model.modelId, keyValues(p, 'tags'));
    return { model: wireLoggedModel(models.get(model.modelId)) };
  });

  router.add('DELETE', `${prefix}/logged-models/:id/tags/:key`, (ctx) => {
    models.deleteTag(ctx.params.id, ctx.params.key);
    return {};
  });

  router.post(`${prefix}/logged-models/:id/params`, async (ctx) => {
    const p = await Params.of(ctx);
    const model = models.get(ctx.params.id);
    models.logParams(model.modelId, keyValues(p, 'params'));
    return {};
  });

  router.post(`${prefix}/runs/outputs`, async (ctx: RequestContext) => {
    const p = await Params.of(ctx);
    const list = (p.list('models') ?? []).map((m) => {
      const { model_id: modelId, step } = (m ?? {}) as Record<string, unknown>;
      if (typeof modelId !== 'string') throw invalid(`Invalid models entry ${shown(m)}: model_id must be a string.`);
      return { modelId, step: typeof step === 'number' ? step : Number(step ?? 0) };
    });
    tracking.changeRun(p.runId(), (runId) => models.logOutputs(runId, list));
    return {};
  });
}
