// Monitors (issue 7): a model's recent inputs against its reference data, on demand, with alerts.
export { runMonitor } from './run-monitor';
export type { MonitorContext } from './run-monitor';
export { MonitorStore } from './monitor-store';
export type { StoredAlert, StoredResult } from './monitor-store';
export { fireAlerts, metricOf } from './alert-rules';
export { loggedRows } from './logged-rows';
export { TableSample, RAW_ROWS_LIMIT } from './table-sample';
export type { DriftSummary, FiredAlert, MonitorColumnResult, MonitorResult } from './types';
export { CronError, nextCronTime, parseCron } from './cron';
export type { ParsedCron } from './cron';
export { compareSamples, driftSummary } from './drift-summary';
export { servedVersion } from './served-version';
export type { ServedVersion } from './served-version';
export { appendLabels, labelsLogPath, parseLabelRows } from './labels-log';
export type { LabelRow, LabelValue } from './labels-log';
export { readLabels } from './labels';
export { windowPerformance } from './performance';
export type { ColumnHistogram, MonitorPerformance } from './types';
