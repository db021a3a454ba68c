import { object, returns } from './check';
import type { Empty, FileInfo } from './mlflow-tracking';
import { id, required, runId, string } from './proto';
import type { Bytes } from './route';
import { mlflowRoute, route } from './route';

/**
 * Artifacts: a run's listing, MLflow's proxied artifact store (mlflow_artifacts.proto: bytes in and
 * out, the path in the URL) and the downloads MLflow's server serves at its root.
 */

export const ARTIFACTS_LIST = mlflowRoute({
  method: 'GET',
  path: 'artifacts/list',
  params: object({ run_id: runId, run_uuid: string, path: string, page_token: string }),
  result: returns<{ root_uri?: string; files?: FileInfo[]; next_page_token?: string }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const PROXY_AJAX = '/ajax-api/2.0/mlflow-artifacts/artifacts';
/** The artifact's path in the store: the rest of the URL. */
const stored = object({ '*': required(string) });

/** The body is the file's bytes; the params are in the path. */
export const PROXY_UPLOAD = route({ method: 'PUT', path: `${PROXY}/*`, also: [`${PROXY_AJAX}/*`], carrier: 'query', params: stored, result: returns<Empty>(), errors: ['INVALID_PARAMETER_VALUE'] });

export const PROXY_DOWNLOAD = route({ method: 'GET', path: `${PROXY}/*`, also: [`${PROXY_AJAX}/*`], params: stored, result: returns<Bytes>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const PROXY_DELETE = route({ method: 'DELETE', path: `${PROXY}/*`, also: [`${PROXY_AJAX}/*`], carrier: 'query', params: stored, result: returns<Empty>(), errors: ['RESOURCE_DOES_NOT_EXIST'] });

export const PROXY_LIST = route({ method: 'GET', path: PROXY, also: [PROXY_AJAX], params: object({ path: string }), result: returns<{ files?: FileInfo[] }>(), errors: ['INVALID_PARAMETER_VALUE'] });

/** A run's artifact, at MLflow's server root. */
export const GET_ARTIFACT = route({
  method: 'GET',
  path: '/get-artifact',
  params: object({ run_id: runId, run_uuid: string, path: required(string) }),
  result: returns<Bytes>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** A model version's file, at MLflow's server root and under its API prefixes. */
export const MODEL_VERSIONS_GET_ARTIFACT = mlflowRoute({
  method: 'GET',
  path: 'model-versions/get-artifact',
  also: ['/model-versions/get-artifact'],
  params: object({ name: id, version: id, path: string }),
  result: returns<Bytes>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_FILE_ROUTES = [ARTIFACTS_LIST, PROXY_UPLOAD, PROXY_DOWNLOAD, PROXY_DELETE, PROXY_LIST, GET_ARTIFACT, MODEL_VERSIONS_GET_ARTIFACT] as const;
