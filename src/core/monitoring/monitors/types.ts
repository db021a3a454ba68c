import type { AlertRule, MonitorConfig, Severity } from '../../workspace/monitors-config';
import type { ColumnDriftResult, DriftBasis } from '../types';

/** One column's verdict, as stored and printed. */
export interface MonitorColumnResult {
  column: string;
  test: ColumnDriftResult['test'];
  statistic: number | null;
  pValue?: number;
  adjustedPValue?: number;
  threshold: number | null;
  drifted: boolean;
  basis: DriftBasis;
  currentMissingShare: number;
  noData?: ColumnDriftResult['noData'];
}

export interface FiredAlert {
  monitor: string;
  rule: string;
  severity: Severity;
  value: number;
  time: number;
  message: string;
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

/** One run of a monitor: a point of its time series. */
export interface MonitorResult {
  monitor: string;
  /** Epoch milliseconds. */
  time: number;
  model: string;
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
  alerts: FiredAlert[];
}

export type { AlertRule, MonitorConfig };
