import type { KeyValue } from './mlflow-tracking';

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
