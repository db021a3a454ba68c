/** POST /api/compare: several runs side by side, their metric curves downsampled by the runtime. */

export type CompareXAxis = 'step' | 'wall' | 'relative';
export type DownsampleMethod = 'lttb' | 'minmax';
export type MetricDirection = 'min' | 'max';
export type CompareRunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** A double as MLflow writes it: non-finite values as strings (see mlflow-values.ts). */
export type WireDouble = number | 'NaN' | 'Infinity' | '-Infinity';

export const COMPARE_LIMITS = {
  minRuns: 2,
  maxRuns: 50,
  defaultPoints: 1000,
  minPoints: 10,
  maxPoints: 10_000,
  /** Over all series of one answer; past it each series gets fewer points than asked. */
  maxTotalPoints: 1_000_000,
} as const;

export interface CompareRequest {
  run_ids: string[];
  /** Default: every metric key any of the runs logged. */
  metric_keys?: string[];
  /** step; wall: ms since the epoch; relative: ms since the run started. Default step. */
  x_axis?: CompareXAxis;
  /** Points per series at most, default 1000. */
  points?: number;
  /** Default lttb. */
  method?: DownsampleMethod;
  /** Overrides the direction guessed from the key's name. */
  directions?: Record<string, MetricDirection>;
}

export interface CompareRun {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: CompareRunStatus;
  start_time: number | null;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface CompareParam {
  key: string;
  /** One per run, in the order of `runs`; null where the run has no such param. */
  values: (string | null)[];
  differs: boolean;
}

/** A metric in one run: its latest point (by step, then timestamp), min and max ignoring NaN, and its point count. */
export interface CompareMetricSummary {
  latest: WireDouble;
  /** null when every value is NaN. */
  min: WireDouble | null;
  max: WireDouble | null;
  count: number;
  step: number;
}

export interface CompareMetric {
  key: string;
  direction: MetricDirection;
  /** One per run, in the order of `runs`; null where the run never logged the key. */
  per_run: (CompareMetricSummary | null)[];
  /** The run with the lowest (min) or highest (max) finite latest value; the first one on ties. */
  best_index: number | null;
}

export interface CompareSeries {
  run_id: string;
  key: string;
  /** Ascending when the run logged the metric in x order (always for step). */
  x: number[];
  y: WireDouble[];
  /** Points the run logged for this key. */
  total_points: number;
  /** True when `x` holds fewer points than `total_points`. */
  downsampled: boolean;
}

export interface CompareResponse {
  runs: CompareRun[];
  params: CompareParam[];
  metrics: CompareMetric[];
  /** One per run and metric key the run logged, grouped by key in the order of `metrics`. */
  series: CompareSeries[];
}
