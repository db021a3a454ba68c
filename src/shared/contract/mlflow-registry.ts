import { returns, unchecked } from './check';
import type { KeyValue } from './mlflow-tracking';
import { route } from './route';

/** MLflow's model_registry.proto messages as JSON, plus our `mlops` facts on a version. */

export interface TensorSpec {
  name: string;
  elemType?: string;
  shape: (number | string | null)[] | null;
}

export interface ValidationCheck {
  name: string;
  expected?: string | number;
  actual?: number | null;
  passed: boolean;
  reason?: string;
}

export interface ValidationReport {
  passed: boolean;
  task?: string;
  rows?: number;
  metrics?: Record<string, unknown>;
  checks?: ValidationCheck[];
  data?: { path?: string; file?: string; md5?: string };
  started?: number | string;
}

/** A data version the producing run read (its `mlops.data.<path>` tag; `value` when kept as written). */
export interface DataVersionRef {
  path: string;
  version?: number | null;
  md5?: string | null;
  value?: string | null;
}

/** Ours, on a ModelVersion: what the registered file is, where it came from, how it validated. */
export interface ModelVersionFacts {
  model_file?: string | null;
  size?: number | null;
  md5?: string | null;
  sha256?: string | null;
  git_commit?: string | null;
  data_versions?: DataVersionRef[];
  signature?: { inputs?: TensorSpec[]; outputs?: TensorSpec[]; metadata?: Record<string, string>; producer?: { name?: string; version?: string } } | null;
  validation?: ValidationReport | null;
  /** Why the version's file cannot be read (moved, deleted), if so. */
  unavailable_reason?: string | null;
}

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source: string;
  storage_location?: string;
  run_id?: string;
  status: string;
  aliases?: string[];
  tags?: KeyValue[];
  mlops?: ModelVersionFacts;
}

export interface RegisteredModelAlias {
  alias: string;
  version: string;
}

export interface RegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: ModelVersion[];
  aliases?: RegisteredModelAlias[];
  tags?: KeyValue[];
}

const REGISTRY = '/api/2.0/mlflow';

export const REGISTERED_MODELS_SEARCH = route({
  method: 'GET',
  path: `${REGISTRY}/registered-models/search`,
  params: unchecked<{ filter?: string; max_results?: number; order_by?: string[]; page_token?: string }>(),
  result: returns<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_SEARCH = route({
  method: 'GET',
  path: `${REGISTRY}/model-versions/search`,
  params: unchecked<{ filter?: string; max_results?: number; order_by?: string[]; page_token?: string }>(),
  result: returns<{ model_versions?: ModelVersion[]; next_page_token?: string }>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const MODEL_VERSIONS_GET = route({
  method: 'GET',
  path: `${REGISTRY}/model-versions/get`,
  params: unchecked<{ name: string; version: string }>(),
  result: returns<{ model_version: ModelVersion }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const MODEL_VERSIONS_CREATE = route({
  method: 'POST',
  path: `${REGISTRY}/model-versions/create`,
  params: unchecked<{ name: string; source: string; run_id?: string; tags?: KeyValue[]; description?: string }>(),
  result: returns<{ model_version: ModelVersion }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_CREATE = route({
  method: 'POST',
  path: `${REGISTRY}/registered-models/create`,
  params: unchecked<{ name: string; description?: string; tags?: KeyValue[] }>(),
  result: returns<{ registered_model: RegisteredModel }>(),
  errors: ['RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_SET_ALIAS = route({
  method: 'POST',
  path: `${REGISTRY}/registered-models/alias`,
  params: unchecked<{ name: string; alias: string; version: string }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const REGISTERED_MODELS_GET_ALIAS = route({
  method: 'GET',
  path: `${REGISTRY}/registered-models/alias`,
  params: unchecked<{ name: string; alias: string }>(),
  result: returns<{ model_version: ModelVersion }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST'],
});

export const MODEL_VERSIONS_SET_TAG = route({
  method: 'POST',
  path: `${REGISTRY}/model-versions/set-tag`,
  params: unchecked<{ name: string; version: string; key: string; value: string }>(),
  result: returns<Record<string, never>>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

/** Ours: stores a validation report on a version (`mlops validate` run outside the runtime). */
export const MODELS_VALIDATION = route({
  method: 'POST',
  path: '/api/models/validation',
  params: unchecked<{ name: string; version: string | number; report: object }>(),
  result: returns<{ model_version: ModelVersion }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MLFLOW_REGISTRY_ROUTES = [
  REGISTERED_MODELS_SEARCH, REGISTERED_MODELS_CREATE, REGISTERED_MODELS_SET_ALIAS, REGISTERED_MODELS_GET_ALIAS, MODEL_VERSIONS_SEARCH, MODEL_VERSIONS_GET, MODEL_VERSIONS_CREATE,
  MODEL_VERSIONS_SET_TAG, MODELS_VALIDATION,
] as const;
