import { invalid } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { parseExperimentId, resolveArtifactLocation } from '../../../core/tracking';
import {
  EXPERIMENTS_CREATE, EXPERIMENTS_DELETE, EXPERIMENTS_DELETE_TAG, EXPERIMENTS_GET, EXPERIMENTS_GET_BY_NAME, EXPERIMENTS_RESTORE, EXPERIMENTS_SEARCH, EXPERIMENTS_SEARCH_DATASETS,
  EXPERIMENTS_SEARCH_GET, EXPERIMENTS_SET_TAG, EXPERIMENTS_UPDATE,
} from '../../../shared/contract';
import type { ParamsOf } from '../../../shared/contract';
import type { Router } from '../../http';
import type { DefaultedRuns } from './defaulted-run';
import { serveMlflow } from './params';
import { wireExperiment } from './wire';

/** MLflow's experiments endpoints (service.proto: CreateExperiment … SetExperimentTag). */
export function registerExperimentRoutes(router: Router, tracking: Tracking, defaulted: DefaultedRuns): void {
  const { experiments } = tracking;

  serveMlflow(router, EXPERIMENTS_CREATE, ({ name, artifact_location, tags = [] }, ctx) => {
    const location = resolveArtifactLocation(artifact_location, tracking.workspaceRoot);
    const id = tracking.changeExperiment(
      () => experiments.create(name, location, tags),
      () => experiments.getByName(name).experimentId,
    );
    defaulted.named(ctx, name);
    return { experiment_id: id };
  });

  serveMlflow(router, EXPERIMENTS_GET, ({ experiment_id }) => ({ experiment: wireExperiment(experiments.get(experiment_id)) }));

  serveMlflow(router, EXPERIMENTS_GET_BY_NAME, ({ experiment_name }, ctx) => {
    const experiment = experiments.getByName(experiment_name);
    defaulted.named(ctx, experiment.name);
    return { experiment: wireExperiment(experiment) };
  });

  const search = (p: ParamsOf<typeof EXPERIMENTS_SEARCH>) => {
    const page = experiments.search({ viewType: p.view_type, maxResults: p.max_results, pageToken: p.page_token, filter: p.filter, orderBy: p.order_by });
    return { ...(page.items.length > 0 && { experiments: page.items.map(wireExperiment) }), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  };
  serveMlflow(router, EXPERIMENTS_SEARCH, search);
  serveMlflow(router, EXPERIMENTS_SEARCH_GET, search);

  serveMlflow(router, EXPERIMENTS_SEARCH_DATASETS, ({ experiment_ids: ids = [] }) => {
    if (ids.length === 0) throw invalid('SearchDatasets request must specify at least one experiment_id.');
    if (ids.length > 20) throw invalid(`SearchDatasets request cannot specify more than 20 experiment_ids. Received ${ids.length} experiment_ids.`);
    const summaries = tracking.inputs.summaries(ids.map(parseExperimentId));
    return summaries.length > 0 ? { dataset_summaries: summaries.map((s) => ({ experiment_id: s.experimentId, name: s.name, digest: s.digest, ...(s.context && { context: s.context }) })) } : {};
  });

  serveMlflow(router, EXPERIMENTS_UPDATE, ({ experiment_id: id, new_name }) => {
    tracking.changeExperiment(() => experiments.rename(id, new_name), () => id);
    return {};
  });

  serveMlflow(router, EXPERIMENTS_DELETE, ({ experiment_id: id }) => {
    tracking.changeExperiment(() => experiments.setLifecycle(id, 'deleted'), () => id);
    return {};
  });

  serveMlflow(router, EXPERIMENTS_RESTORE, ({ experiment_id: id }) => {
    tracking.changeExperiment(() => experiments.setLifecycle(id, 'active'), () => id);
    return {};
  });

  serveMlflow(router, EXPERIMENTS_SET_TAG, ({ experiment_id: id, key, value }) => {
    tracking.changeExperiment(() => experiments.setTag(id, key, value ?? ''), () => id);
    return {};
  });

  serveMlflow(router, EXPERIMENTS_DELETE_TAG, ({ experiment_id: id, key }) => {
    tracking.changeExperiment(() => experiments.deleteTag(id, key), () => id);
    return {};
  });
}
