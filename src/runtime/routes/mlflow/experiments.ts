import { invalid } from '../../../core/errors';
import type { KeyValue, Tracking, ViewType } from '../../../core/tracking';
import { parseExperimentId, resolveArtifactLocation } from '../../../core/tracking';
import type { Router } from '../../http';
import { Params } from './params';
import { wireExperiment } from './wire';
import { shown } from '../../http/shown';
import type { DefaultedRuns } from './defaulted-run';

const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

export function viewType(params: Params, name: string): ViewType | undefined {
  const v = params.string(name);
  if (v === undefined) return undefined;
  const numeric: Record<string, ViewType> = { '1': 'ACTIVE_ONLY', '2': 'DELETED_ONLY', '3': 'ALL' };
  const type = numeric[v] ?? (v.toUpperCase() as ViewType);
  if (!VIEW_TYPES.includes(type)) throw invalid(`Invalid value ${shown(v)} for parameter '${name}': use ACTIVE_ONLY, DELETED_ONLY or ALL.`);
  return type;
}

export function keyValues(params: Params, name: string): KeyValue[] {
  return (params.list(name) ?? []).map((t) => {
    const { key, value } = (t ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || typeof value !== 'string') throw invalid(`Invalid ${name} entry ${shown(t)}: key and value must be strings.`);
    return { key, value };
  });
}

/** MLflow's experiments endpoints (service.proto: CreateExperiment … SetExperimentTag). */
export function registerExperimentRoutes(router: Router, prefix: string, tracking: Tracking, defaulted: DefaultedRuns): void {
  const { experiments } = tracking;

  router.post(`${prefix}/experiments/create`, async (ctx) => {
    const p = await Params.of(ctx);
    const name = p.requiredString('name');
    const location = resolveArtifactLocation(p.string('artifact_location'), tracking.workspaceRoot);
    const tags = keyValues(p, 'tags');
    const id = tracking.changeExperiment(
      () => experiments.create(name, location, tags),
      () => experiments.getByName(p.requiredString('name')).experimentId,
    );
    defaulted.named(ctx, name);
    return { experiment_id: id };
  });

  router.get(`${prefix}/experiments/get`, async (ctx) => {
    const p = await Params.of(ctx);
    return { experiment: wireExperiment(experiments.get(p.requiredString('experiment_id'))) };
  });

  router.get(`${prefix}/experiments/get-by-name`, async (ctx) => {
    const p = await Params.of(ctx);
    const experiment = experiments.getByName(p.requiredString('experiment_name'));
    defaulted.named(ctx, experiment.name);
    return { experiment: wireExperiment(experiment) };
  });

  const search = async (ctx: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const p = await Params.of(ctx);
    const page = experiments.search({
      viewType: viewType(p, 'view_type'),
      maxResults: p.int('max_results'),
      pageToken: p.string('page_token'),
      filter: p.string('filter'),
      orderBy: p.stringList('order_by'),
    });
    return { ...(page.items.length > 0 && { experiments: page.items.map(wireExperiment) }), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  };
  router.post(`${prefix}/experiments/search`, search);
  router.get(`${prefix}/experiments/search`, search);

  router.post(`${prefix}/experiments/search-datasets`, async (ctx) => {
    const ids = (await Params.of(ctx)).stringList('experiment_ids') ?? [];
    if (ids.length === 0) throw invalid('SearchDatasets request must specify at least one experiment_id.');
    if (ids.length > 20) throw invalid(`SearchDatasets request cannot specify more than 20 experiment_ids. Received ${ids.length} experiment_ids.`);
    const summaries = tracking.inputs.summaries(ids.map(parseExperimentId));
    return summaries.length > 0 ? { dataset_summaries: summaries.map((s) => ({ experiment_id: s.experimentId, name: s.name, digest: s.digest, ...(s.context && { context: s.context }) })) } : {};
  });

  router.post(`${prefix}/experiments/update`, async (ctx) => {
    const p = await Params.of(ctx);
    const id = p.requiredString('experiment_id');
    tracking.changeExperiment(() => experiments.rename(id, p.requiredString('new_name')), () => id);
    return {};
  });

  router.post(`${prefix}/experiments/delete`, async (ctx) => {
    const p = await Params.of(ctx);
    const id = p.requiredString('experiment_id');
    tracking.changeExperiment(() => experiments.setLifecycle(id, 'deleted'), () => id);
    return {};
  });

  router.post(`${prefix}/experiments/restore`, async (ctx) => {
    const p = await Params.of(ctx);
    const id = p.requiredString('experiment_id');
    tracking.changeExperiment(() => experiments.setLifecycle(id, 'active'), () => id);
    return {};
  });

  router.post(`${prefix}/experiments/set-experiment-tag`, async (ctx) => {
    const p = await Params.of(ctx);
    const id = p.requiredString('experiment_id');
    tracking.changeExperiment(() => experiments.setTag(id, p.requiredString('key'), p.string('value') ?? ''), () => id);
    return {};
  });

  router.post(`${prefix}/experiments/delete-experiment-tag`, async (ctx) => {
    const p = await Params.of(ctx);
    const id = p.requiredString('experiment_id');
    tracking.changeExperiment(() => experiments.deleteTag(id, p.requiredString('key')), () => id);
    return {};
  });
}
