import { invalid } from '../../../core/errors';
import type { Tracking } from '../../../core/tracking';
import { LIMITS, decodePageToken, encodePageToken } from '../../../core/tracking';
import { RESPONDED } from '../../http';
import type { RequestContext, Router } from '../../http';
import { METRICS_GET_HISTORY, METRICS_GET_HISTORY_BULK, METRICS_GET_HISTORY_BULK_INTERVAL, METRICS_GET_HISTORY_POST } from '../../../shared/contract';
import type { ParamsOf } from '../../../shared/contract';
import { wireDouble } from '../../../shared/mlflow-values';
import { missing, runIdOf, serveMlflow } from './params';
import { wireMetric } from './wire';

/** metrics/get-history (paged, or streamed when long), get-history-bulk and get-history-bulk-interval. */
export function registerMetricRoutes(router: Router, tracking: Tracking): void {
  const history = (p: ParamsOf<typeof METRICS_GET_HISTORY>, ctx: RequestContext) => {
    const run = tracking.runs.info(runIdOf(p));
    const key = p.metric_key;
    const maxResults = p.max_results ?? LIMITS.maxHistoryResults;
    if (maxResults < 1 || maxResults > LIMITS.maxHistoryResults * 40) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied.`);
    if (maxResults <= LIMITS.maxHistoryResults) {
      const page = tracking.metrics.history(run.runId, key, { maxResults, pageToken: p.page_token });
      return { ...(page.metrics.length > 0 && { metrics: page.metrics.map(wireMetric) }), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
    }
    return streamHistory(ctx, tracking, run.runId, key, decodePageToken(p.page_token), maxResults);
  };
  serveMlflow(router, METRICS_GET_HISTORY, history);
  serveMlflow(router, METRICS_GET_HISTORY_POST, history);

  serveMlflow(router, METRICS_GET_HISTORY_BULK, (p) => {
    const runIds = p.run_id ?? [];
    if (runIds.length === 0) throw invalid('GetMetricHistoryBulk request must specify at least one run_id.');
    if (runIds.length > 100) throw invalid(`GetMetricHistoryBulk request cannot specify more than 100 run_ids. Received ${runIds.length} run_ids.`);
    const key = p.metric_key;
    if (key === undefined) throw invalid('GetMetricHistoryBulk request must specify a metric_key.');
    const maxResults = Math.min(p.max_results ?? LIMITS.maxHistoryResults, LIMITS.maxHistoryResults);
    if (maxResults < 1) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied.`);
    const metrics = [...runIds].sort().flatMap((runId) => {
      const points = tracking.metrics.history(runId, key, { maxResults }).metrics;
      points.sort((a, b) => a.timestamp - b.timestamp || a.step - b.step || a.value - b.value);
      return points.map((m) => ({ ...wireMetric(m), run_id: runId }));
    });
    return { metrics: metrics.slice(0, maxResults) };
  });

  serveMlflow(router, METRICS_GET_HISTORY_BULK_INTERVAL, (p) => {
    const runIds = p.run_ids ?? [];
    if (runIds.length === 0) throw missing('run_ids');
    if (runIds.length > 100) throw invalid(`GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received ${runIds.length} run_ids.`);
    const maxResults = p.max_results ?? 320;
    if (maxResults < 1 || maxResults > 2500) throw invalid(`max_results must be between 1 and 2500, got ${maxResults}.`);
    const { start_step: startStep, end_step: endStep } = p;
    if ((startStep === undefined) !== (endStep === undefined)) throw invalid('If either start step or end step are specified, both must be specified.');
    if (startStep !== undefined && endStep !== undefined && startStep > endStep) throw invalid(`end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`);
    for (const id of runIds) tracking.runs.info(id);
    const points = tracking.metrics.bulkInterval(runIds, p.metric_key, { startStep, endStep, maxResults });
    return {
      ...(points.length > 0 && {
        metrics: points.map((m) => ({ key: m.key, value: wireDouble(m.value), timestamp: m.timestamp, step: m.step, run_id: m.runId })),
      }),
    };
  });
}

/** A large history written chunk by chunk with backpressure, in the same JSON as the paged form. */
async function streamHistory(ctx: RequestContext, tracking: Tracking, runId: string, key: string, offset: number, maxResults: number): Promise<typeof RESPONDED> {
  const total = tracking.metrics.count(runId, key);
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  let first = true;
  res.write('{');
  const keyJson = JSON.stringify(key);
  for (const chunk of tracking.metrics.historyChunks(runId, key, offset, maxResults, 10_000)) {
    // Hand-built: JSON.stringify of a million small objects is most of the cost otherwise.
    const text = chunk.map((m) => `{"key":${keyJson},"value":${JSON.stringify(wireDouble(m.value))},"timestamp":${m.timestamp},"step":${m.step}}`).join(',');
    const ok = res.write(first ? `"metrics":[${text}` : `,${text}`);
    first = false;
    if (!ok) await new Promise((resolve) => res.once('drain', resolve));
    if (res.destroyed) return RESPONDED;
  }
  const next = offset + maxResults < total ? `${first ? '' : ','}"next_page_token":${JSON.stringify(encodePageToken(offset + maxResults))}` : '';
  res.end(`${first ? '' : ']'}${next}}`);
  return RESPONDED;
}
