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
  /** Non-finite values as "NaN", "Infinity", "-Infinity" (a WireDouble; live events carry the same text). */
  value: number | string;
  timestamp: number;
  step: number;
}

export interface RunInfo {
  run_id: string;
  /** Deprecated alias of run_id: the runtime still writes it, readers use run_id. */
  run_uuid?: string;
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

/** A metric point of several runs (GetMetricHistoryBulkInterval). */
export interface MetricWithRunId extends Metric {
  run_id: string;
}

/** MLflow 3's Metric on a logged model: with its run, model and dataset. */
export interface ModelMetric extends Metric {
  run_id?: string;
  model_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export interface LoggedModelInfo {
  model_id: string;
  experiment_id: string;
  name: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  artifact_uri: string;
  status: string;
  model_type?: string;
  source_run_id?: string;
  status_message?: string;
  tags?: KeyValue[];
}

export interface LoggedModel {
  info: LoggedModelInfo;
  data: { params?: KeyValue[]; metrics?: ModelMetric[] };
}

export interface DatasetSummary {
  experiment_id: string;
  name: string;
  digest: string;
  context?: string;
}

/** An empty answer: `{}`. */
export type Empty = Record<string, never>;
