import { object, returns } from './check';
import type { DatasetSummary, Empty, Experiment } from './mlflow-tracking';
import { id, int64, keyValues, required, string, strings, viewType } from './proto';
import { mlflowRoute } from './route';

/** service.proto's experiment messages (CreateExperiment … DeleteExperimentTag, SearchDatasets). */

const experiment = object({ experiment_id: required(id) });

export const EXPERIMENTS_CREATE = mlflowRoute({
  method: 'POST',
  path: 'experiments/create',
  params: object({ name: required(string), artifact_location: string, tags: keyValues }),
  result: returns<{ experiment_id: string }>(),
  errors: ['RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const EXPERIMENTS_GET = mlflowRoute({ method: 'GET', path: 'experiments/get', params: experiment, result: returns<{ experiment: Experiment }>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const EXPERIMENTS_GET_BY_NAME = mlflowRoute({
  method: 'GET',
  path: 'experiments/get-by-name',
  params: object({ experiment_name: required(string) }),
  result: returns<{ experiment: Experiment }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

const search = {
  params: object({ max_results: int64, page_token: string, filter: string, order_by: strings(), view_type: viewType }),
  result: returns<{ experiments?: Experiment[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'] as const,
};

export const EXPERIMENTS_SEARCH = mlflowRoute({ method: 'POST', path: 'experiments/search', ...search });

export const EXPERIMENTS_SEARCH_GET = mlflowRoute({ method: 'GET', path: 'experiments/search', ...search });

export const EXPERIMENTS_SEARCH_DATASETS = mlflowRoute({
  method: 'POST',
  path: 'experiments/search-datasets',
  params: object({ experiment_ids: strings({ numbers: true }) }),
  result: returns<{ dataset_summaries?: DatasetSummary[] }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const EXPERIMENTS_UPDATE = mlflowRoute({
  method: 'POST',
  path: 'experiments/update',
  params: object({ experiment_id: required(id), new_name: required(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const EXPERIMENTS_DELETE = mlflowRoute({ method: 'POST', path: 'experiments/delete', params: experiment, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const EXPERIMENTS_RESTORE = mlflowRoute({ method: 'POST', path: 'experiments/restore', params: experiment, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const EXPERIMENTS_SET_TAG = mlflowRoute({
  method: 'POST',
  path: 'experiments/set-experiment-tag',
  params: object({ experiment_id: required(id), key: required(string), value: string }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const EXPERIMENTS_DELETE_TAG = mlflowRoute({
  method: 'POST',
  path: 'experiments/delete-experiment-tag',
  params: object({ experiment_id: required(id), key: required(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_EXPERIMENT_ROUTES = [
  EXPERIMENTS_CREATE, EXPERIMENTS_GET, EXPERIMENTS_GET_BY_NAME, EXPERIMENTS_SEARCH, EXPERIMENTS_SEARCH_GET, EXPERIMENTS_SEARCH_DATASETS, EXPERIMENTS_UPDATE, EXPERIMENTS_DELETE,
  EXPERIMENTS_RESTORE, EXPERIMENTS_SET_TAG, EXPERIMENTS_DELETE_TAG,
] as const;
