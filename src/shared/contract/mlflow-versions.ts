import { object, returns } from './check';
import type { ModelVersion } from './mlflow-registry';
import type { Empty } from './mlflow-tracking';
import { bool, due, id, int64, keyValues, parsedBy, string, strings } from './proto';
import { mlflowRoute, route } from './route';

/** model_registry.proto's model-version messages, read as leniently as the registered-model ones (mlflow-models.ts). */

const version = { name: due(string), version: due(id) };
const versioned = object(version);
const answer = returns<{ model_version: ModelVersion }>();

export const MODEL_VERSIONS_CREATE = mlflowRoute({
  method: 'POST',
  path: 'model-versions/create',
  params: object({ name: due(string), source: due(string), run_id: id, tags: keyValues, run_link: id, description: id, model_id: id }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_GET = mlflowRoute({ method: 'GET', path: 'model-versions/get', params: versioned, result: answer, errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'] });

const search = {
  params: object({ filter: id, max_results: int64, order_by: strings({ numbers: true }), page_token: id }),
  result: returns<{ model_versions?: ModelVersion[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'] as const,
};

export const MODEL_VERSIONS_SEARCH = mlflowRoute({ method: 'GET', path: 'model-versions/search', ...search });

export const MODEL_VERSIONS_SEARCH_POST = mlflowRoute({ method: 'POST', path: 'model-versions/search', ...search });

export const MODEL_VERSIONS_UPDATE = mlflowRoute({
  method: 'PATCH',
  path: 'model-versions/update',
  params: object({ ...version, description: id }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_DELETE = mlflowRoute({ method: 'DELETE', path: 'model-versions/delete', params: versioned, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const MODEL_VERSIONS_SET_TAG = mlflowRoute({
  method: 'POST',
  path: 'model-versions/set-tag',
  params: object({ ...version, key: due(string), value: due(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_DELETE_TAG = mlflowRoute({
  method: 'DELETE',
  path: 'model-versions/delete-tag',
  params: object({ ...version, key: due(string) }),
  result: returns<Empty>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_DOWNLOAD_URI = mlflowRoute({
  method: 'GET',
  path: 'model-versions/get-download-uri',
  params: versioned,
  result: returns<{ artifact_uri: string }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const MODEL_VERSIONS_TRANSITION_STAGE = mlflowRoute({
  method: 'POST',
  path: 'model-versions/transition-stage',
  params: object({ ...version, stage: parsedBy<string>(), archive_existing_versions: bool }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** Ours: stores a validation report on a version (`mlops validate` run outside the runtime). */
export const MODELS_VALIDATION = route({
  method: 'POST',
  path: '/api/models/validation',
  params: object({ ...version, report: due(parsedBy<object>()) }),
  result: answer,
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_VERSION_ROUTES = [
  MODEL_VERSIONS_CREATE, MODEL_VERSIONS_GET, MODEL_VERSIONS_SEARCH, MODEL_VERSIONS_SEARCH_POST, MODEL_VERSIONS_UPDATE, MODEL_VERSIONS_DELETE, MODEL_VERSIONS_SET_TAG,
  MODEL_VERSIONS_DELETE_TAG, MODEL_VERSIONS_DOWNLOAD_URI, MODEL_VERSIONS_TRANSITION_STAGE, MODELS_VALIDATION,
] as const;
