import { object, returns } from './check';
import type { ModelVersion, RegisteredModel } from './mlflow-registry';
import type { Empty } from './mlflow-tracking';
import { due, id, int64, keyValues, string, strings } from './proto';
import { mlflowRoute } from './route';

/**
 * model_registry.proto's registered-model messages. The registry reads leniently (a number where
 * text is due is its text) and checks names, aliases and tags itself, with MLflow's messages.
 */

const named = object({ name: due(string) });
const answer = returns<{ registered_model: RegisteredModel }>();

export const REGISTERED_MODELS_CREATE = mlflowRoute({
  method: 'POST',
  path: 'registered-models/create',
  params: object({ name: due(string), tags: keyValues, description: id }),
  result: answer,
  errors: ['RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_GET = mlflowRoute({ method: 'GET', path: 'registered-models/get', params: named, result: answer, errors: ['RESOURCE_DOES_NOT_EXIST'] });

const search = {
  params: object({ filter: id, max_results: int64, order_by: strings({ numbers: true }), page_token: id }),
  result: returns<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'] as const,
};

export const REGISTERED_MODELS_SEARCH = mlflowRoute({ method: 'GET', path: 'registered-models/search', ...search });

export const REGISTERED_MODELS_SEARCH_POST = mlflowRoute({ method: 'POST', path: 'registered-models/search', ...search });

export const REGISTERED_MODELS_UPDATE = mlflowRoute({
  method: 'PATCH',
  path: 'registered-models/update',
  params: object({ name: due(string), description: id }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_RENAME = mlflowRoute({
  method: 'POST',
  path: 'registered-models/rename',
  params: object({ name: due(string), new_name: due(string) }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_DELETE = mlflowRoute({ method: 'DELETE', path: 'registered-models/delete', params: named, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const REGISTERED_MODELS_SET_TAG = mlflowRoute({
  method: 'POST',
  path: 'registered-models/set-tag',
  params: object({ name: due(string), key: due(string), value: due(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_DELETE_TAG = mlflowRoute({
  method: 'DELETE',
  path: 'registered-models/delete-tag',
  params: object({ name: due(string), key: due(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

const latest = {
  params: object({ name: due(string), stages: strings({ numbers: true }) }),
  result: returns<{ model_versions?: ModelVersion[] }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'] as const,
};

export const REGISTERED_MODELS_LATEST_VERSIONS = mlflowRoute({ method: 'POST', path: 'registered-models/get-latest-versions', ...latest });

export const REGISTERED_MODELS_LATEST_VERSIONS_GET = mlflowRoute({ method: 'GET', path: 'registered-models/get-latest-versions', ...latest });

export const REGISTERED_MODELS_SET_ALIAS = mlflowRoute({
  method: 'POST',
  path: 'registered-models/alias',
  params: object({ name: due(string), alias: due(string), version: due(id) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_DELETE_ALIAS = mlflowRoute({
  method: 'DELETE',
  path: 'registered-models/alias',
  params: object({ name: due(string), alias: due(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_GET_ALIAS = mlflowRoute({
  method: 'GET',
  path: 'registered-models/alias',
  params: object({ name: due(string), alias: due(string) }),
  result: returns<{ model_version: ModelVersion }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const MLFLOW_MODEL_ROUTES = [
  REGISTERED_MODELS_CREATE, REGISTERED_MODELS_GET, REGISTERED_MODELS_SEARCH, REGISTERED_MODELS_SEARCH_POST, REGISTERED_MODELS_UPDATE, REGISTERED_MODELS_RENAME, REGISTERED_MODELS_DELETE,
  REGISTERED_MODELS_SET_TAG, REGISTERED_MODELS_DELETE_TAG, REGISTERED_MODELS_LATEST_VERSIONS, REGISTERED_MODELS_LATEST_VERSIONS_GET, REGISTERED_MODELS_SET_ALIAS,
  REGISTERED_MODELS_DELETE_ALIAS, REGISTERED_MODELS_GET_ALIAS,
] as const;
