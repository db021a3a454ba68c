import { wireDouble } from '../../../shared/mlflow-values';
import type { ArtifactFile, DatasetInput, Experiment, KeyValue, LoggedModel, Metric, ModelMetric, Run, RunInfo } from '../../../core/tracking';
import type * as Wire from '../../../shared/contract';

/**
 * Domain objects in MLflow's JSON shapes (protobuf JSON as MLflow's server writes it): snake_case,
 * int64 as numbers, enums by name, empty fields omitted, non-finite doubles as "NaN"/"Infinity".
 */

export function wireMetric(m: Metric): Wire.Metric {
  return { key: m.key, value: wireDouble(m.value), timestamp: m.timestamp, step: m.step };
}

function tags(list: KeyValue[]): { tags?: KeyValue[] } {
  return list.length > 0 ? { tags: list } : {};
}

export function wireExperiment(e: Experiment): Wire.Experiment {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    ...tags(e.tags),
  };
}

export function wireRunInfo(info: RunInfo): Wire.RunInfo {
  return {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    ...(info.userId && { user_id: info.userId }),
    status: info.status,
    ...(info.startTime !== null && { start_time: info.startTime }),
    ...(info.endTime !== null && { end_time: info.endTime }),
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  };
}

export function wireRun(run: Run): Wire.Run {
  const data: Wire.RunData = {};
  if (run.data.metrics.length > 0) data.metrics = run.data.metrics.map(wireMetric);
  if (run.data.params.length > 0) data.params = run.data.params;
  if (run.data.tags.length > 0) data.tags = run.data.tags;
  const inputs = run.inputs ?? { datasetInputs: [], modelInputs: [] };
  const outputs = run.outputs?.modelOutputs ?? [];
  return {
    info: wireRunInfo(run.info),
    data,
    inputs: {
      ...(inputs.datasetInputs.length > 0 && { dataset_inputs: inputs.datasetInputs.map(wireDatasetInput) }),
      ...(inputs.modelInputs.length > 0 && { model_inputs: inputs.modelInputs.map((m) => ({ model_id: m.modelId })) }),
    },
    outputs: { ...(outputs.length > 0 && { model_outputs: outputs.map((m) => ({ model_id: m.modelId, step: m.step })) }) },
  };
}

/** service.proto's DatasetInput; the data-version link is ours and stays off MLflow's wire. */
export function wireDatasetInput(input: DatasetInput): Wire.DatasetInput {
  const d = input.dataset;
  return {
    ...tags(input.tags),
    dataset: {
      name: d.name,
      digest: d.digest,
      source_type: d.sourceType,
      source: d.source,
      ...(d.schema !== undefined && { schema: d.schema }),
      ...(d.profile !== undefined && { profile: d.profile }),
    },
  };
}

/** A logged model's metric point: MLflow 3's Metric with run, model and dataset. */
export function wireModelMetric(m: ModelMetric): Wire.ModelMetric {
  return {
    ...wireMetric(m),
    ...(m.runId && { run_id: m.runId }),
    ...(m.modelId && { model_id: m.modelId }),
    ...(m.datasetName && { dataset_name: m.datasetName }),
    ...(m.datasetDigest && { dataset_digest: m.datasetDigest }),
  };
}

export function wireFiles(files: ArtifactFile[]): Wire.FileInfo[] {
  return files.map((f) => ({ path: f.path, is_dir: f.isDir, ...(f.fileSize !== undefined && { file_size: f.fileSize }) }));
}

/** MLflow 3's LoggedModel. */
export function wireLoggedModel(m: LoggedModel): Wire.LoggedModel {
  return {
    info: {
      model_id: m.modelId,
      experiment_id: m.experimentId,
      name: m.name,
      creation_timestamp_ms: m.creationTime,
      last_updated_timestamp_ms: m.lastUpdateTime,
      artifact_uri: m.artifactUri,
      status: m.status,
      ...(m.modelType && { model_type: m.modelType }),
      ...(m.sourceRunId && { source_run_id: m.sourceRunId }),
      ...(m.statusMessage && { status_message: m.statusMessage }),
      ...(m.tags.length > 0 && { tags: m.tags }),
    },
    data: { ...(m.params.length > 0 && { params: m.params }), ...(m.metrics.length > 0 && { metrics: m.metrics.map(wireModelMetric) }) },
  };
}
