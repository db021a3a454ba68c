/** The MLflow JSON the extension reads (a subset of service.proto's shapes). */
export interface WireKeyValue {
  key: string;
  value: string;
}

export interface WireMetric {
  key: string;
  value: number | string;
  step: number;
  timestamp: number;
}

export interface WireRunInfo {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  start_time?: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active' | 'deleted';
  user_id?: string;
}

export interface WireRun {
  info: WireRunInfo;
  data: { metrics?: WireMetric[]; params?: WireKeyValue[]; tags?: WireKeyValue[] };
}

export interface WireExperiment {
  experiment_id: string;
  name: string;
  lifecycle_stage: string;
}
