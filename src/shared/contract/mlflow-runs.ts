import { object, returns } from './check';
import type { DatasetInput, Empty, KeyValue, Metric, Run, RunInfo, RunStatus } from './mlflow-tracking';
import { enumName, id, int64, keyValues, messages, parsedBy, required, runId, string, strings, viewType } from './proto';
import { mlflowRoute } from './route';

/** service.proto's run messages (CreateRun … LogBatch, LogInputs, LogOutputs). */

const run = { run_id: runId, run_uuid: string };
const byRun = object(run);

export const RUNS_CREATE = mlflowRoute({
  method: 'POST',
  path: 'runs/create',
  params: object({ experiment_id: id, user_id: string, run_name: string, start_time: int64, tags: keyValues }),
  result: returns<{ run: Run }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_GET = mlflowRoute({ method: 'GET', path: 'runs/get', params: byRun, result: returns<{ run: Run }>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const RUNS_UPDATE = mlflowRoute({
  method: 'POST',
  path: 'runs/update',
  params: object({ ...run, status: enumName<RunStatus>(), end_time: int64, run_name: string }),
  result: returns<{ run_info: RunInfo }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_DELETE = mlflowRoute({ method: 'POST', path: 'runs/delete', params: byRun, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const RUNS_RESTORE = mlflowRoute({ method: 'POST', path: 'runs/restore', params: byRun, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

const search = {
  params: object({ experiment_ids: strings({ numbers: true }), filter: string, run_view_type: viewType, max_results: int64, order_by: strings(), page_token: string }),
  result: returns<{ runs?: Run[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'] as const,
};

export const RUNS_SEARCH = mlflowRoute({ method: 'POST', path: 'runs/search', ...search });

export const RUNS_SEARCH_GET = mlflowRoute({ method: 'GET', path: 'runs/search', ...search });

export const RUNS_LOG_METRIC = mlflowRoute({
  method: 'POST',
  path: 'runs/log-metric',
  params: object({
    ...run,
    key: required(string),
    value: required(parsedBy<number | string>()),
    timestamp: parsedBy<number | string>(),
    step: int64,
    model_id: string,
    dataset_name: string,
    dataset_digest: string,
  }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const RUNS_LOG_PARAMETER = mlflowRoute({
  method: 'POST',
  path: 'runs/log-parameter',
  params: object({ ...run, key: required(string), value: string }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const RUNS_SET_TAG = mlflowRoute({
  method: 'POST',
  path: 'runs/set-tag',
  params: object({ ...run, key: required(string), value: string }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_DELETE_TAG = mlflowRoute({
  method: 'POST',
  path: 'runs/delete-tag',
  params: object({ ...run, key: required(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** A metric as sent: its value a number or "NaN"/"Infinity"/"-Infinity". */
export type MetricIn = Omit<Metric, 'value'> & { value: number | string };

export const RUNS_LOG_BATCH = mlflowRoute({
  method: 'POST',
  path: 'runs/log-batch',
  params: object({ ...run, metrics: messages<MetricIn>(), params: messages<KeyValue>(), tags: messages<KeyValue>() }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const RUNS_LOG_INPUTS = mlflowRoute({
  method: 'POST',
  path: 'runs/log-inputs',
  params: object({ ...run, datasets: messages<DatasetInput>(), models: messages<{ model_id: string }>() }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_LOG_OUTPUTS = mlflowRoute({
  method: 'POST',
  path: 'runs/outputs',
  params: object({ ...run, models: messages<{ model_id: string; step?: number }>() }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_RUN_ROUTES = [
  RUNS_CREATE, RUNS_GET, RUNS_UPDATE, RUNS_DELETE, RUNS_RESTORE, RUNS_SEARCH, RUNS_SEARCH_GET, RUNS_LOG_METRIC, RUNS_LOG_PARAMETER, RUNS_SET_TAG, RUNS_DELETE_TAG, RUNS_LOG_BATCH,
  RUNS_LOG_INPUTS, RUNS_LOG_OUTPUTS,
] as const;
