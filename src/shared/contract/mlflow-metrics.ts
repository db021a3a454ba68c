import { object, returns } from './check';
import type { Metric, MetricWithRunId } from './mlflow-tracking';
import { int64, required, runId, string, strings } from './proto';
import { mlflowRoute } from './route';

/** service.proto's GetMetricHistory, GetMetricHistoryBulk and GetMetricHistoryBulkInterval. */

const history = {
  params: object({ run_id: runId, run_uuid: string, metric_key: required(string), page_token: string, max_results: int64 }),
  result: returns<{ metrics?: Metric[]; next_page_token?: string }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'] as const,
};

/** A long history (over 25,000 points asked) is streamed in the same JSON. */
export const METRICS_GET_HISTORY = mlflowRoute({ method: 'GET', path: 'metrics/get-history', ...history });

export const METRICS_GET_HISTORY_POST = mlflowRoute({ method: 'POST', path: 'metrics/get-history', ...history });

export const METRICS_GET_HISTORY_BULK = mlflowRoute({
  method: 'GET',
  path: 'metrics/get-history-bulk',
  params: object({ run_id: strings(), metric_key: string, max_results: int64 }),
  result: returns<{ metrics: MetricWithRunId[] }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const METRICS_GET_HISTORY_BULK_INTERVAL = mlflowRoute({
  method: 'GET',
  path: 'metrics/get-history-bulk-interval',
  params: object({ run_ids: strings(), metric_key: required(string), start_step: int64, end_step: int64, max_results: int64 }),
  result: returns<{ metrics?: MetricWithRunId[] }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_METRIC_ROUTES = [METRICS_GET_HISTORY, METRICS_GET_HISTORY_POST, METRICS_GET_HISTORY_BULK, METRICS_GET_HISTORY_BULK_INTERVAL] as const;
