import type { SqlDriver } from '../../store';
import type { StoredAlert } from '../../../shared/monitors';
import type { FiredAlert, MonitorResult } from './types';

export interface StoredResult {
  id: number;
  result: MonitorResult;
}

export type { StoredAlert } from '../../../shared/monitors';

/** Monitor results (a time series per monitor) and fired alerts, in the workspace store. */
export class MonitorStore {
  constructor(private readonly db: SqlDriver) {}

  saveResult(result: MonitorResult): number {
    const { lastInsertRowid } = this.db.run('INSERT INTO monitor_results (monitor, time, result, drift_share, drifted) VALUES (?, ?, ?, ?, ?)', [
      result.monitor,
      result.time,
      JSON.stringify(result),
      result.driftShare,
      result.drift.drifted ? 1 : 0,
    ]);
    return lastInsertRowid;
  }

  /** A monitor's results, newest first. */
  results(monitor: string, limit = 50): StoredResult[] {
    return this.db
      .all<{ id: number; result: string }>('SELECT id, result FROM monitor_results WHERE monitor = ? ORDER BY time DESC, id DESC LIMIT ?', [monitor, limit])
      .map((row) => ({ id: row.id, result: JSON.parse(row.result) as MonitorResult }));
  }

  saveAlert(alert: FiredAlert): number {
    return this.db.run('INSERT INTO alerts (monitor, rule, severity, value, time, message, retrain) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      alert.monitor,
      alert.rule,
      alert.severity,
      alert.value,
      alert.time,
      alert.message,
      alert.retrain ? 1 : 0,
    ]).lastInsertRowid;
  }

  /** When the rule of this monitor last fired, if it did. */
  lastFired(monitor: string, rule: string): number | undefined {
    return this.db.get<{ time: number | null }>('SELECT max(time) AS time FROM alerts WHERE monitor = ? AND rule = ?', [monitor, rule])?.time ?? undefined;
  }

  /** Alerts fired at or after `since` (epoch ms), newest first. */
  alerts(since = 0): StoredAlert[] {
    return this.db
      .all<Omit<StoredAlert, 'retrain'> & { retrain: number }>('SELECT id, monitor, rule, severity, value, time, message, retrain FROM alerts WHERE time >= ? ORDER BY time DESC, id DESC', [since])
      .map(({ retrain, ...alert }) => ({ ...alert, ...(retrain === 1 && { retrain: true }) }));
  }
}
