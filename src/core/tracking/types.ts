export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: KeyValue[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/** A metric point; `value` may be NaN or ±Infinity. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  /** MLflow 3: the logged model (and dataset) the value measures; such points are also kept on the model. */
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

/** A point of a logged model's metrics, with the run that logged it. */
export interface ModelMetric extends Metric {
  runId: string | null;
}

export interface MetricSummary extends Metric {
  min: number | null;
  max: number | null;
  count: number;
}

/** A dataset as MLflow's LogInputs names it; `schema` and `profile` are JSON text the client wrote. */
export interface LoggedDataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

/** The tracked data version a dataset's source path was joined to when it was logged. */
export interface DataVersionLink {
  path: string;
  version?: number;
  md5?: string;
}

export interface DatasetInput {
  dataset: LoggedDataset;
  tags: KeyValue[];
  dataVersion?: DataVersionLink;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  modelInputs: { modelId: string }[];
}

export interface ModelOutput {
  modelId: string;
  step: number;
}

export interface Run {
  info: RunInfo;
  data: { metrics: MetricSummary[]; params: KeyValue[]; tags: KeyValue[] };
  inputs?: RunInputs;
  outputs?: { modelOutputs: ModelOutput[] };
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}
