import type { MonitorColumnResult, MonitorResult, MonitorSummary, StoredAlert } from '../../../src/shared/monitors';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2025, 5, 1, 8);

export function column(name: string, fields: Partial<MonitorColumnResult>): MonitorColumnResult {
  return { column: name, test: 'ks', statistic: 0.1, threshold: 0.05, drifted: false, basis: 'values', currentMissingShare: 0, ...fields };
}

export function alert(id: number, time: number, fields: Partial<StoredAlert> = {}): StoredAlert {
  return { id, monitor: 'weather', rule: 'drift_share > 0.3', severity: 'warning', value: 0.5, time, message: `drift share 0.5 > 0.3 (#${id})`, ...fields };
}

/** A result of the "weather" monitor at T0 + `hours`, as GET /api/monitors/weather/results answers. */
export function result(hours: number, fields: Partial<MonitorResult> = {}): MonitorResult {
  const columns = [
    column('temp', { pValue: 0.001, statistic: 0.4, drifted: true, histogram: { kind: 'numeric', edges: [0, 10, 20, 30], reference: [10, 20, 10], current: [0, 10, 30] } }),
    column('humidity', { pValue: 0.5, statistic: 0.05 }),
    column('weather', { test: 'chi2', pValue: 0.02, statistic: 9.1, drifted: true, histogram: { kind: 'categorical', labels: ['sun', 'rain', '(other)'], reference: [50, 40, 10], current: [20, 70, 10] } }),
  ];
  return {
    monitor: 'weather',
    time: T0 + hours * HOUR,
    model: 'rain@champion',
    modelVersion: '3',
    window: { rows: 1200, requests: 300, from: null, to: null },
    reference: { path: 'data/weather.csv', version: 2, md5: 'a'.repeat(32), rows: 5000 },
    drift: { columns, testedColumns: 3, driftedColumns: 2, drifted: true, correction: 'none', method: 'values' },
    driftShare: 2 / 3,
    missingShare: 0,
    latency: { p50: 4, p99: 12 },
    errorRate: 0.01,
    alerts: [],
    ...fields,
  };
}

export function summary(fields: Partial<MonitorSummary> = {}): MonitorSummary {
  return { name: 'weather', model: 'rain@champion', source: 'predictions', onNewData: true, status: 'drifting', retrain: false, ...fields };
}
