/** GET /api/runs/page and GET /api/artifacts/preview: what the run page shows of one run. */
import type { CompareMetricSummary, CompareRunStatus, WireDouble } from './compare';

export const RUN_PAGE_LIMITS = {
  /** Points per metric curve the runtime downsamples to. */
  points: 500,
  /** Artifact entries listed at most (files and folders, depth first). */
  artifacts: 2000,
  /** Bytes of a text, JSON or CSV file read for its preview. */
  textBytes: 256 * 1024,
  /** A JSON file up to this size is parsed and pretty-printed whole. */
  jsonBytes: 1024 * 1024,
  csvRows: 100,
  imageBytes: 2 * 1024 * 1024,
  onnxBytes: 64 * 1024 * 1024,
} as const;

export interface RunPageRun {
  run_id: string;
  run_name: string;
  experiment_id: string;
  experiment_name: string;
  status: CompareRunStatus;
  lifecycle_stage: string;
  start_time: number | null;
  end_time: number | null;
  artifact_uri: string;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** One metric of the run: its summary and its history by step, downsampled. */
export interface RunPageMetric extends CompareMetricSummary {
  key: string;
  x: number[];
  y: WireDouble[];
}

export interface RunArtifactEntry {
  /** Relative to the run's artifact root, '/'-separated. */
  path: string;
  is_dir: boolean;
  size?: number;
}

/** A dataset the run logged as input (MLflow's log_input), with the tracked data version its source names. */
export interface RunPageInput {
  name: string;
  digest: string;
  source_type: string;
  /** As the client wrote it: often JSON such as `{"uri": "/data/train.csv"}`. */
  source: string;
  /** The input's `mlflow.data.context` tag (training, validation, …). */
  context?: string;
  data_version?: { path: string; version?: number; md5?: string };
}

export interface RunPageResponse {
  run: RunPageRun;
  metrics: RunPageMetric[];
  /** Datasets the run read (absent from runtimes before run inputs). */
  inputs?: RunPageInput[];
  /** MLflow 3 logged models the run read. */
  model_inputs?: string[];
  artifacts: {
    /** The run's artifact folder on disk (the runtime's machine is the user's). */
    dir: string;
    files: RunArtifactEntry[];
    /** More entries than RUN_PAGE_LIMITS.artifacts exist. */
    truncated: boolean;
  };
}

export interface OnnxTensorInfo {
  name: string;
  kind: string;
  elemType: string;
  shape: (number | string | null)[] | null;
}

export type ArtifactPreview =
  | { kind: 'text'; path: string; size: number; text: string; truncated: boolean }
  | { kind: 'json'; path: string; size: number; text: string; truncated: boolean }
  | { kind: 'csv'; path: string; size: number; columns: string[]; rows: string[][]; truncated: boolean }
  | { kind: 'image'; path: string; size: number; dataUri: string }
  | {
      kind: 'onnx';
      path: string;
      size: number;
      signature: { irVersion: number; opsets: { domain: string; version: number }[]; producer: { name: string; version: string }; inputs: OnnxTensorInfo[]; outputs: OnnxTensorInfo[]; metadata: Record<string, string> };
    }
  /** Not previewable here: binary, too large, or an ONNX file that does not parse (`reason`). */
  | { kind: 'none'; path: string; size: number; reason: string };

export type ArtifactPreviewKind = ArtifactPreview['kind'];
