import type { AlertRule, MonitorConfig } from './monitors-config';

export type { DriftSummary, FiredAlert, MonitorColumnResult, MonitorPerformance, MonitorResult, ColumnHistogram } from '../../../shared/monitors';
export type { AlertRule, MonitorConfig };
