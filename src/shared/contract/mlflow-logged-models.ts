import { object, returns } from './check';
import type { Empty, FileInfo, LoggedModel } from './mlflow-tracking';
import { enumName, id, int64, keyValues, messages, required, string, strings } from './proto';
import type { Bytes } from './route';
import { mlflowRoute } from './route';

/** MLflow 3's LoggedModel messages (service.proto CreateLoggedModel … LogLoggedModelParamsRequest) and its artifact routes. */

const model = object({ model_id: required(string) });
const answer = returns<{ model: LoggedModel }>();

export interface LoggedModelDatasetFilter {
  dataset_name: string;
  dataset_digest?: string;
}

export interface LoggedModelOrderBy {
  field_name: string;
  ascending?: boolean;
  dataset_name?: string;
  dataset_digest?: string;
}

export const LOGGED_MODELS_CREATE = mlflowRoute({
  method: 'POST',
  path: 'logged-models',
  params: object({ experiment_id: required(id), name: string, model_type: string, source_run_id: string, params: keyValues, tags: keyValues }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_SEARCH = mlflowRoute({
  method: 'POST',
  path: 'logged-models/search',
  params: object({
    experiment_ids: strings({ numbers: true }),
    filter: string,
    datasets: messages<LoggedModelDatasetFilter>(),
    max_results: int64,
    order_by: messages<LoggedModelOrderBy>(),
    page_token: string,
  }),
  result: returns<{ models: LoggedModel[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_GET = mlflowRoute({ method: 'GET', path: 'logged-models/:model_id', params: model, result: answer, errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const LOGGED_MODELS_FINALIZE = mlflowRoute({
  method: 'PATCH',
  path: 'logged-models/:model_id',
  params: object({ model_id: required(string), status: required(enumName<'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED' | 'LOGGED_MODEL_PENDING'>()) }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_DELETE = mlflowRoute({ method: 'DELETE', path: 'logged-models/:model_id', params: model, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const LOGGED_MODELS_SET_TAGS = mlflowRoute({
  method: 'PATCH',
  path: 'logged-models/:model_id/tags',
  params: object({ model_id: required(string), tags: keyValues }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_DELETE_TAG = mlflowRoute({
  method: 'DELETE',
  path: 'logged-models/:model_id/tags/:tag_key',
  params: object({ model_id: required(string), tag_key: required(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const LOGGED_MODELS_LOG_PARAMS = mlflowRoute({
  method: 'POST',
  path: 'logged-models/:model_id/params',
  params: object({ model_id: required(string), params: keyValues }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_LIST_ARTIFACTS = mlflowRoute({
  method: 'GET',
  path: 'logged-models/:model_id/artifacts/directories',
  params: object({ model_id: required(string), artifact_directory_path: string }),
  result: returns<{ files?: FileInfo[] }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const LOGGED_MODELS_GET_ARTIFACT = mlflowRoute({
  method: 'GET',
  path: 'logged-models/:model_id/artifacts/files',
  params: object({ model_id: required(string), artifact_file_path: string }),
  result: returns<Bytes>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_LOGGED_MODEL_ROUTES = [
  LOGGED_MODELS_CREATE, LOGGED_MODELS_SEARCH, LOGGED_MODELS_GET, LOGGED_MODELS_FINALIZE, LOGGED_MODELS_DELETE, LOGGED_MODELS_SET_TAGS, LOGGED_MODELS_DELETE_TAG,
  LOGGED_MODELS_LOG_PARAMS, LOGGED_MODELS_LIST_ARTIFACTS, LOGGED_MODELS_GET_ARTIFACT,
] as const;
