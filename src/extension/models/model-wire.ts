/** The registry JSON the extension reads (MLflow's shapes plus our `mlops` facts on a version). */
export interface WireTensorSpec {
  name: string;
  elemType?: string;
  shape: (number | string | null)[] | null;
}

export interface WireValidationCheck {
  name: string;
  expected?: string | number;
  actual?: number | null;
  passed: boolean;
  reason?: string;
}

export interface WireValidation {
  passed: boolean;
  task?: string;
  rows?: number;
  metrics?: Record<string, unknown>;
  checks?: WireValidationCheck[];
  data?: { path?: string; file?: string; md5?: string };
  started?: number | string;
}

/** A data version the producing run read (its `mlops.data.<path>` tag; `value` when kept as written). */
export interface WireDataVersion {
  path: string;
  version?: number | null;
  md5?: string | null;
  value?: string | null;
}

export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source: string;
  run_id?: string;
  status: string;
  aliases?: string[];
  tags?: { key: string; value: string }[];
  mlops?: {
    model_file?: string | null;
    size?: number | null;
    md5?: string | null;
    sha256?: string | null;
    git_commit?: string | null;
    data_versions?: WireDataVersion[];
    signature?: { inputs?: WireTensorSpec[]; outputs?: WireTensorSpec[]; metadata?: Record<string, string>; producer?: { name?: string; version?: string } } | null;
    validation?: WireValidation | null;
  };
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: WireModelVersion[];
  aliases?: { alias: string; version: string }[];
}
