/** Monitors, alerts and retraining triggers as the runtime serves them (routes under /api/monitors, /api/alerts, /api/retrain). */

export type Severity = 'info' | 'warning' | 'error';
/** What a result was computed from: raw values, complete value counts, histograms on frozen reference bins, or sketches (approximate). */
export type DriftBasis = 'values' | 'value-counts' | 'frozen-bins' | 'sketch';

/** Reference-vs-current distribution of one column, bounded: at most ~30 bins or the top categories plus "(other)". */
export interface ColumnHistogram {
  kind: 'numeric' | 'categorical';
  /** Numeric: bin edges (bins + 1 of them). */
  edges?: number[];
  /** Categorical: the category of each bar. */
  labels?: string[];
  /** Counts per bin or category, same length on both sides. */
  reference: number[];
  current: number[];
}

/** One column's verdict, as stored and printed. */
export interface MonitorColumnResult {
  column: string;
  test: 'ks' | 'chi2' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'none';
  statistic: number | null;
  pValue?: number;
  adjustedPValue?: number;
  threshold: number | null;
  drifted: boolean;
  basis: DriftBasis;
  currentMissingShare: number;
  /** Which side had no value left once missing values were dropped. */
  noData?: 'reference' | 'current' | 'both';
  histogram?: ColumnHistogram;
}

export interface FiredAlert {
  monitor: string;
  rule: string;
  severity: Severity;
  value: number;
  time: number;
  message: string;
  /** The rule asks for retraining (retrain: true). */
  retrain?: boolean;
}

export interface DriftSummary {
  columns: MonitorColumnResult[];
  testedColumns: number;
  driftedColumns: number;
  drifted: boolean;
  correction: string;
  /** 'values' when computed from every value, 'profiles' from bounded-memory profiles. */
  method: 'values' | 'profiles';
}

/** Quality of the served model on the window's requests whose labels arrived (joined by request id). */
export interface MonitorPerformance {
  task: 'classification' | 'regression';
  /** Requests rows that had a label. */
  labeledRows: number;
  /** accuracy, precision, recall, f1 (macro) for classification; mae, rmse, r2 for regression. */
  metrics: Record<string, number>;
}

/** One run of a monitor: a point of its time series. */
export interface MonitorResult {
  monitor: string;
  /** Epoch milliseconds. */
  time: number;
  model: string;
  /** The registry version the window's requests were served by, when known. */
  modelVersion?: string;
  window: { rows: number; requests?: number; from: string | null; to: string | null };
  reference: { path: string; version: number; md5: string; rows: number };
  drift: DriftSummary;
  /** The logged predictions against the reference's columns of the same name; absent when it has none. */
  predictionDrift?: DriftSummary;
  driftShare: number;
  /** Share of the window's cells that were missing, over the compared columns. */
  missingShare: number;
  /** Of the logged requests in the window; absent for a folder source. */
  latency?: { p50: number; p99: number };
  errorRate?: number;
  performance?: MonitorPerformance;
  /** The window held fewer rows than the monitor's window.min_rows: no drift verdict, no alert. */
  notEnoughData?: { rows: number; minRows: number };
  alerts: StoredAlert[];
}

/** not-enough-data: the latest window was smaller than window.min_rows (no verdict, never an alert). */
export type MonitorStatus = 'ok' | 'drifting' | 'alerting' | 'not-enough-data' | 'error' | 'idle';

/** A monitor as listed: its configuration's gist, its state and its latest result's headline. */
export interface MonitorSummary {
  name: string;
  model: string;
  source: string;
  schedule?: string;
  onNewData: boolean;
  status: MonitorStatus;
  last?: { time: number; driftShare: number; drifted: boolean; rows: number; alerts: number; driftedColumns: string[]; minRows?: number };
  /** Why the last run failed, when it did. */
  error?: string;
  nextRunAt?: number;
  silencedUntil?: number;
  /** Whether a retrain is configured for it. */
  retrain: boolean;
}

export interface MonitorsResponse {
  monitors: MonitorSummary[];
  /** mlops.yaml problems with monitors:, each "mlops.yaml:LINE: …". */
  errors: string[];
}

export interface MonitorResultsResponse {
  results: MonitorResult[];
}

export interface StoredAlert extends FiredAlert {
  id: number;
}

export interface AlertsResponse {
  alerts: StoredAlert[];
}

export type RetrainStatus = 'pending' | 'declined' | 'running' | 'validating' | 'promoted' | 'rejected' | 'failed';

/** One retraining: what triggered it, the run, the data version, the model version and the decision. */
export interface RetrainTrigger {
  id: number;
  monitor: string;
  /** "alert: drift_share > 0.3", "schedule: 0 3 * * 0" or "manual". */
  reason: string;
  alertId?: number;
  policy: 'ask' | 'auto';
  status: RetrainStatus;
  createdAt: number;
  updatedAt: number;
  runId?: string;
  dataVersion?: { path: string; version: number; md5: string };
  modelVersion?: { name: string; version: string };
  /** Why it was promoted, rejected or failed, in a sentence. */
  decision?: string;
  /** Label of the VS Code task that retrains (mlops.yaml retrain.task): the extension runs it while the trigger is running, then POSTs /finished. */
  task?: string;
}

export interface RetrainResponse {
  triggers: RetrainTrigger[];
}
