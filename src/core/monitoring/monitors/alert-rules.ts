import type { AlertRule, Comparison, MonitorMetric } from './monitors-config';
import type { StoredAlert } from '../../../shared/monitors';
import type { MonitorStore } from './monitor-store';
import type { FiredAlert, MonitorResult } from './types';

/** A metric's value in a result; undefined when the result has none (e.g. latency of a folder source). */
export function metricOf(result: Omit<MonitorResult, 'alerts'>, metric: MonitorMetric): number | undefined {
  switch (metric) {
    case 'drift_share':
      return result.driftShare;
    case 'drifted_columns':
      return result.drift.driftedColumns;
    case 'rows':
      return result.window.rows;
    case 'missing_share':
      return result.missingShare;
    case 'prediction_drift_share': {
      const drift = result.predictionDrift;
      return drift && drift.testedColumns > 0 ? drift.driftedColumns / drift.testedColumns : undefined;
    }
    case 'requests':
      return result.window.requests;
    case 'p50_latency_ms':
      return result.latency?.p50;
    case 'p99_latency_ms':
      return result.latency?.p99;
    case 'error_rate':
      return result.errorRate;
    default:
      return result.performance?.metrics[metric];
  }
}

function holds(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '==':
      return value === bound;
    case '!=':
      return value !== bound;
  }
}

/**
 * The rules that hold for the result and did not fire within their cooldown, each stored as an
 * alert. The rule's text is its identity: the same monitor and rule stay quiet for cooldown minutes.
 */
export function fireAlerts(store: MonitorStore, rules: readonly AlertRule[], result: Omit<MonitorResult, 'alerts'>): StoredAlert[] {
  const fired: StoredAlert[] = [];
  for (const rule of rules) {
    const value = metricOf(result, rule.metric);
    if (value === undefined || !holds(value, rule.op, rule.value)) continue;
    const last = store.lastFired(result.monitor, rule.when);
    if (last !== undefined && result.time - last < rule.cooldownMinutes * 60_000) continue;
    const alert: FiredAlert = {
      monitor: result.monitor,
      rule: rule.when,
      severity: rule.severity,
      value,
      time: result.time,
      ...(rule.retrain && { retrain: true }),
      message: `${result.monitor}: ${rule.metric} is ${round(value)} (${rule.when}) over ${result.window.rows} rows of ${result.model}`,
    };
    fired.push({ ...alert, id: store.saveAlert(alert) });
  }
  return fired;
}

const round = (value: number): string => String(Math.round(value * 10_000) / 10_000);
