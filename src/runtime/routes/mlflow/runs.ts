import { invalid } from '../../../core/errors';
import type { DataVersionResolver, Tracking } from '../../../core/tracking';
import { LIMITS, parseInt64 } from '../../../core/tracking';
import {
  RUNS_CREATE, RUNS_DELETE, RUNS_DELETE_TAG, RUNS_GET, RUNS_LOG_BATCH, RUNS_LOG_INPUTS, RUNS_LOG_METRIC, RUNS_LOG_PARAMETER, RUNS_RESTORE, RUNS_SEARCH, RUNS_SEARCH_GET, RUNS_SET_TAG,
  RUNS_UPDATE,
} from '../../../shared/contract';
import type { ParamsOf } from '../../../shared/contract';
import type { Router } from '../../http';
import { mlflowWords, runIdOf, serveMlflow } from './params';
import { wireRun, wireRunInfo } from './wire';

/** MLflow's runs endpoints: create, get, update, delete, restore, search, log-*, tags. */
export function registerRunRoutes(router: Router, tracking: Tracking, resolveData?: DataVersionResolver): void {
  const { runs } = tracking;

  serveMlflow(router, RUNS_CREATE, (p) => {
    const run = tracking.createRun({ experimentId: p.experiment_id ?? '0', userId: p.user_id, runName: p.run_name, startTime: p.start_time, tags: p.tags ?? [] });
    return { run: wireRun(run) };
  });

  serveMlflow(router, RUNS_GET, (p) => ({ run: wireRun(runs.get(runIdOf(p))) }));

  serveMlflow(router, RUNS_UPDATE, (p) => {
    const info = tracking.changeRun(runIdOf(p), (id) => runs.update(id, { status: p.status, endTime: p.end_time, runName: p.run_name }), false);
    return { run_info: wireRunInfo(info) };
  });

  serveMlflow(router, RUNS_DELETE, (p) => {
    tracking.changeRun(runIdOf(p), (id) => runs.setLifecycle(id, 'deleted'), false);
    return {};
  });

  serveMlflow(router, RUNS_RESTORE, (p) => {
    tracking.changeRun(runIdOf(p), (id) => runs.setLifecycle(id, 'active'), false);
    return {};
  });

  const search = (p: ParamsOf<typeof RUNS_SEARCH>) => {
    const page = runs.search({ experimentIds: p.experiment_ids ?? [], filter: p.filter, viewType: p.run_view_type, maxResults: p.max_results, orderBy: p.order_by, pageToken: p.page_token });
    return { ...(page.items.length > 0 && { runs: page.items.map(wireRun) }), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  };
  serveMlflow(router, RUNS_SEARCH, search);
  serveMlflow(router, RUNS_SEARCH_GET, search);

  serveMlflow(router, RUNS_LOG_METRIC, (p) => {
    const metric = {
      key: p.key,
      value: p.value,
      timestamp: parseInt64('timestamp', p.timestamp),
      step: p.step ?? 0,
      model_id: p.model_id,
      dataset_name: p.dataset_name,
      dataset_digest: p.dataset_digest,
    };
    tracking.logBatch(runIdOf(p), { metrics: [metric] });
    return {};
  });

  serveMlflow(router, RUNS_LOG_PARAMETER, (p) => {
    tracking.logBatch(runIdOf(p), { params: [{ key: p.key, value: p.value ?? '' }] });
    return {};
  });

  serveMlflow(router, RUNS_SET_TAG, (p) => {
    tracking.logBatch(runIdOf(p), { tags: [{ key: p.key, value: p.value ?? '' }] });
    return {};
  });

  serveMlflow(router, RUNS_DELETE_TAG, (p) => {
    tracking.changeRun(runIdOf(p), (id) => runs.deleteTag(id, p.key));
    return {};
  });

  serveMlflow(router, RUNS_LOG_INPUTS, (p) => {
    tracking.logInputs(runIdOf(p), p.datasets ?? [], p.models ?? [], resolveData);
    return {};
  });

  serveMlflow(
    router,
    RUNS_LOG_BATCH,
    (p) => {
      tracking.logBatch(runIdOf(p), { metrics: p.metrics, params: p.params, tags: p.tags });
      return {};
    },
    { bodyLimit: LIMITS.maxBatchRequestBytes, words: batchWords },
  );
}

/** MLflow's words for a batch over its size limit. */
function batchWords(ctx: Parameters<typeof mlflowWords>[0]): ReturnType<typeof mlflowWords> {
  const words = mlflowWords(ctx);
  return (error) => {
    if ('code' in error && error.code === 'REQUEST_TOO_LARGE') return invalid(`Batched logging API requests must be at most ${LIMITS.maxBatchRequestBytes / (1024 * 1024)} MB in size.`);
    return words(error);
  };
}
