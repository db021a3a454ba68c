import { invalid } from '../../../core/errors';
import type { DatasetFilter, LoggedModel, LoggedModelOrder, Tracking } from '../../../core/tracking';
import {
  LOGGED_MODELS_CREATE, LOGGED_MODELS_DELETE, LOGGED_MODELS_DELETE_TAG, LOGGED_MODELS_FINALIZE, LOGGED_MODELS_GET, LOGGED_MODELS_LOG_PARAMS, LOGGED_MODELS_SEARCH, LOGGED_MODELS_SET_TAGS,
  RUNS_LOG_OUTPUTS,
} from '../../../shared/contract';
import type { Router } from '../../http';
import { shown } from '../../http/shown';
import { runIdOf, serveMlflow } from './params';
import { wireLoggedModel } from './wire';

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
export function registerLoggedModelRoutes(router: Router, tracking: Tracking): void {
  const models = tracking.loggedModels;
  const changed = (m: LoggedModel) => tracking.experimentChanged(m.experimentId);

  serveMlflow(router, LOGGED_MODELS_CREATE, (p) => {
    const model = models.create({ experimentId: p.experiment_id, name: p.name, modelType: p.model_type, sourceRunId: p.source_run_id, params: p.params ?? [], tags: p.tags ?? [] });
    changed(model);
    return { model: wireLoggedModel(model) };
  });

  serveMlflow(router, LOGGED_MODELS_SEARCH, (p) => {
    const page = models.search({
      experimentIds: p.experiment_ids ?? [],
      filter: p.filter,
      datasets: (p.datasets ?? []).map(datasetFilter),
      orderBy: (p.order_by ?? []).map(orderBy),
      maxResults: p.max_results,
      pageToken: p.page_token,
    });
    return { models: page.items.map(wireLoggedModel), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  });

  serveMlflow(router, LOGGED_MODELS_GET, ({ model_id }) => ({ model: wireLoggedModel(models.get(model_id)) }));

  serveMlflow(router, LOGGED_MODELS_FINALIZE, ({ model_id, status }) => {
    const model = models.finalize(model_id, status);
    changed(model);
    return { model: wireLoggedModel(model) };
  });

  serveMlflow(router, LOGGED_MODELS_DELETE, ({ model_id }) => {
    models.delete(model_id);
    return {};
  });

  serveMlflow(router, LOGGED_MODELS_SET_TAGS, ({ model_id, tags = [] }) => {
    const model = models.get(model_id);
    models.setTags(model.modelId, tags);
    return { model: wireLoggedModel(models.get(model.modelId)) };
  });

  serveMlflow(router, LOGGED_MODELS_DELETE_TAG, ({ model_id, tag_key }) => {
    models.deleteTag(model_id, tag_key);
    return {};
  });

  serveMlflow(router, LOGGED_MODELS_LOG_PARAMS, ({ model_id, params = [] }) => {
    const model = models.get(model_id);
    models.logParams(model.modelId, params);
    return {};
  });

  serveMlflow(router, RUNS_LOG_OUTPUTS, (p) => {
    const list = (p.models ?? []).map((m: unknown) => {
      const { model_id: modelId, step } = (m ?? {}) as Record<string, unknown>;
      if (typeof modelId !== 'string') throw invalid(`Invalid models entry ${shown(m)}: model_id must be a string.`);
      return { modelId, step: typeof step === 'number' ? step : Number(step ?? 0) };
    });
    tracking.changeRun(runIdOf(p), (runId) => models.logOutputs(runId, list));
    return {};
  });
}
