import { invalid } from '../../../core/errors';
import type { DataVersionResolver, Tracking } from '../../../core/tracking';
import { LIMITS, parseInt64 } from '../../../core/tracking';
import { ApiError } from '../../http';
import type { RequestContext, Router } from '../../http';
import { keyValues, viewType } from './experiments';
import { Params } from './params';
import { wireRun, wireRunInfo } from './wire';

/** MLflow's runs endpoints: create, get, update, delete, restore, search, log-*, tags. */
export function registerRunRoutes(router: Router, prefix: string, tracking: Tracking, resolveData?: DataVersionResolver): void {
  const { runs } = tracking;

  router.post(`${prefix}/runs/create`, async (ctx) => {
    const p = await Params.of(ctx);
    const run = tracking.createRun({
      experimentId: p.string('experiment_id') ?? '0',
      userId: p.string('user_id'),
      runName: p.string('run_name'),
      startTime: p.int('start_time'),
      tags: keyValues(p, 'tags'),
    });
    return { run: wireRun(run) };
  });

  router.get(`${prefix}/runs/get`, async (ctx) => {
    const p = await Params.of(ctx);
    return { run: wireRun(runs.get(p.runId())) };
  });

  router.post(`${prefix}/runs/update`, async (ctx) => {
    const p = await Params.of(ctx);
    const info = tracking.changeRun(p.runId(), (id) => runs.update(id, { status: p.string('status'), endTime: p.int('end_time'), runName: p.string('run_name') }), false);
    return { run_info: wireRunInfo(info) };
  });

  router.post(`${prefix}/runs/delete`, async (ctx) => {
    const p = await Params.of(ctx);
    tracking.changeRun(p.runId(), (id) => runs.setLifecycle(id, 'deleted'), false);
    return {};
  });

  router.post(`${prefix}/runs/restore`, async (ctx) => {
    const p = await Params.of(ctx);
    tracking.changeRun(p.runId(), (id) => runs.setLifecycle(id, 'active'), false);
    return {};
  });

  const search = async (ctx: RequestContext) => {
    const p = await Params.of(ctx);
    const page = runs.search({
      experimentIds: p.stringList('experiment_ids') ?? [],
      filter: p.string('filter'),
      viewType: viewType(p, 'run_view_type'),
      maxResults: p.int('max_results'),
      orderBy: p.stringList('order_by'),
      pageToken: p.string('page_token'),
    });
    return { ...(page.items.length > 0 && { runs: page.items.map(wireRun) }), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
  };
  router.post(`${prefix}/runs/search`, search);
  router.get(`${prefix}/runs/search`, search);

  router.post(`${prefix}/runs/log-metric`, async (ctx) => {
    const p = await Params.of(ctx);
    const key = p.requiredString('key');
    if (p.raw('value') === undefined) throw invalid("Missing value for required parameter 'value'. See the API docs for more information about request parameters.");
    const metric = {
      key,
      value: p.raw('value'),
      timestamp: parseInt64('timestamp', p.raw('timestamp')),
      step: p.int('step') ?? 0,
      model_id: p.string('model_id'),
      dataset_name: p.string('dataset_name'),
      dataset_digest: p.string('dataset_digest'),
    };
    tracking.logBatch(p.runId(), { metrics: [metric] });
    return {};
  });

  router.post(`${prefix}/runs/log-parameter`, async (ctx) => {
    const p = await Params.of(ctx);
    const key = p.requiredString('key');
    tracking.logBatch(p.runId(), { params: [{ key, value: p.string('value') ?? '' }] });
    return {};
  });

  router.post(`${prefix}/runs/set-tag`, async (ctx) => {
    const p = await Params.of(ctx);
    tracking.logBatch(p.runId(), { tags: [{ key: p.requiredString('key'), value: p.string('value') ?? '' }] });
    return {};
  });

  router.post(`${prefix}/runs/delete-tag`, async (ctx) => {
    const p = await Params.of(ctx);
    const key = p.requiredString('key');
    tracking.changeRun(p.runId(), (id) => runs.deleteTag(id, key));
    return {};
  });

  router.post(`${prefix}/runs/log-inputs`, async (ctx) => {
    const p = await Params.of(ctx);
    tracking.logInputs(p.runId(), p.list('datasets') ?? [], p.list('models') ?? [], resolveData);
    return {};
  });

  router.post(`${prefix}/runs/log-batch`, async (ctx) => {
    let p: Params;
    try {
      p = await Params.of(ctx, LIMITS.maxBatchRequestBytes);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'REQUEST_TOO_LARGE') {
        throw invalid(`Batched logging API requests must be at most ${LIMITS.maxBatchRequestBytes / (1024 * 1024)} MB in size.`);
      }
      throw error;
    }
    tracking.logBatch(p.runId(), { metrics: p.list('metrics'), params: p.list('params'), tags: p.list('tags') });
    return {};
  });
}
