import type { WireDouble } from '../compare';
import { returns, unchecked } from './check';
import { route } from './route';

/** MLflow's tracking service.proto messages as its server writes them in JSON (snake_case, enums by name, empty fields left out). */

export interface KeyValue {
  key: string;
  value: string;
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Metric {
  key: string;
  /** Non-finite values as "NaN", "Infinity", "-Infinity". */
  value: WireDouble;
  timestamp: number;
  step: number;
}

export interface RunInfo {
  run_id: string;
  /** Deprecated alias of run_id, still written. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id?: string;
  status: RunStatus;
  start_time?: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface RunData {
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface Dataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags?: KeyValue[];
  dataset: Dataset;
}

export interface RunInputs {
  dataset_inputs?: DatasetInput[];
  model_inputs?: { model_id: string }[];
}

export interface RunOutputs {
  model_outputs?: { model_id: string; step: number }[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs?: RunInputs;
  outputs?: RunOutputs;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  last_update_time: number;
  creation_time: number;
  tags?: KeyValue[];
}

export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/**
 * The routes our own ends call. MLflow's handlers parse their bodies by MLflow's rules and
 * messages (src/runtime/routes/mlflow/params.ts), so the params are typed for callers, unchecked here.
 */
const MLFLOW = '/api/2.0/mlflow';

export const EXPERIMENTS_CREATE = route({
  method: 'POST',
  path: `${MLFLOW}/experiments/create`,
  params: unchecked<{ name: string; artifact_location?: string; tags?: KeyValue[] }>(),
  result: returns<{ experiment_id: string }>(),
  errors: ['RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const EXPERIMENTS_GET_BY_NAME = route({
  method: 'GET',
  path: `${MLFLOW}/experiments/get-by-name`,
  params: unchecked<{ experiment_name: string }>(),
  result: returns<{ experiment: Experiment }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const EXPERIMENTS_SEARCH = route({
  method: 'POST',
  path: `${MLFLOW}/experiments/search`,
  params: unchecked<{ max_results?: number; filter?: string; order_by?: string[]; page_token?: string; view_type?: ViewType }>(),
  result: returns<{ experiments?: Experiment[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const RUNS_CREATE = route({
  method: 'POST',
  path: `${MLFLOW}/runs/create`,
  params: unchecked<{ experiment_id?: string; run_name?: string; start_time?: number; tags?: KeyValue[]; user_id?: string }>(),
  result: returns<{ run: Run }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_GET = route({
  method: 'GET',
  path: `${MLFLOW}/runs/get`,
  params: unchecked<{ run_id: string }>(),
  result: returns<{ run: Run }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const RUNS_SEARCH = route({
  method: 'POST',
  path: `${MLFLOW}/runs/search`,
  params: unchecked<{ experiment_ids?: string[]; filter?: string; run_view_type?: ViewType; max_results?: number; order_by?: string[]; page_token?: string }>(),
  result: returns<{ runs?: Run[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const ARTIFACTS_LIST = route({
  method: 'GET',
  path: `${MLFLOW}/artifacts/list`,
  params: unchecked<{ run_id: string; path?: string; page_token?: string }>(),
  result: returns<{ root_uri?: string; files?: FileInfo[]; next_page_token?: string }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const METRICS_GET_HISTORY = route({
  method: 'GET',
  path: `${MLFLOW}/metrics/get-history`,
  params: unchecked<{ run_id: string; metric_key: string; max_results?: number; page_token?: string }>(),
  result: returns<{ metrics?: Metric[]; next_page_token?: string }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const RUNS_LOG_BATCH = route({
  method: 'POST',
  path: `${MLFLOW}/runs/log-batch`,
  params: unchecked<{ run_id: string; metrics?: (Omit<Metric, 'value'> & { value: number | string })[]; params?: KeyValue[]; tags?: KeyValue[] }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const RUNS_UPDATE = route({
  method: 'POST',
  path: `${MLFLOW}/runs/update`,
  params: unchecked<{ run_id: string; status?: RunStatus; end_time?: number; run_name?: string }>(),
  result: returns<{ run_info: RunInfo }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_SET_TAG = route({
  method: 'POST',
  path: `${MLFLOW}/runs/set-tag`,
  params: unchecked<{ run_id: string; key: string; value: string }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const RUNS_DELETE = route({
  method: 'POST',
  path: `${MLFLOW}/runs/delete`,
  params: unchecked<{ run_id: string }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const RUNS_RESTORE = route({
  method: 'POST',
  path: `${MLFLOW}/runs/restore`,
  params: unchecked<{ run_id: string }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

/** Ours: files a RUNNING run under the named experiment (created when missing), with its artifacts. */
export const RUNS_MOVE = route({
  method: 'POST',
  path: '/api/runs/move',
  params: unchecked<{ run_id: string; experiment_name: string }>(),
  result: returns<{ run_info: RunInfo; moved: boolean }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE'],
});

export const MLFLOW_TRACKING_ROUTES = [
  EXPERIMENTS_CREATE, EXPERIMENTS_GET_BY_NAME, EXPERIMENTS_SEARCH, RUNS_CREATE, RUNS_GET, RUNS_SEARCH, ARTIFACTS_LIST, METRICS_GET_HISTORY,
  RUNS_LOG_BATCH, RUNS_UPDATE, RUNS_SET_TAG, RUNS_DELETE, RUNS_RESTORE, RUNS_MOVE,
] as const;
