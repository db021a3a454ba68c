import type { MonitorResult } from '../../core/monitoring';
import { MonitorStore } from '../../core/monitoring';
import type { SqlDriver } from '../../core/store';
import type { MonitorConfig, MonitorsConfigLoad } from '../../core/monitoring';
import type { MonitorStatus, MonitorSummary, MonitorsResponse } from '../../shared/monitors';
import { MonitorSilences, isSilenced } from './silences';

/** What is known of a monitor besides its configuration. */
export interface MonitorFacts {
  latest?: MonitorResult;
  /** End of its latest silence. */
  silenceEnd?: number;
  /** Why its last run failed, when it did (kept in memory by the runtime). */
  error?: string;
  nextRunAt?: number;
  now: number;
}

/**
 * error: the last run failed; alerting: the latest result fired an alert outside a silence;
 * not-enough-data: the latest window held fewer rows than window.min_rows (no verdict);
 * drifting: the latest result found the dataset drifted; ok: it did not; idle: no result yet.
 */
export function monitorStatus(facts: Pick<MonitorFacts, 'latest' | 'silenceEnd' | 'error'>): MonitorStatus {
  const { latest, silenceEnd, error } = facts;
  if (error !== undefined) return 'error';
  if (!latest) return 'idle';
  if (latest.alerts.some((alert) => !isSilenced(silenceEnd, alert.time))) return 'alerting';
  if (latest.notEnoughData) return 'not-enough-data';
  return latest.drift.drifted ? 'drifting' : 'ok';
}

export function describeSource(monitor: MonitorConfig): string {
  return monitor.source.kind === 'folder' ? `folder ${monitor.source.path.replace(/\/?$/, '/')}` : 'predictions';
}

export function summarizeMonitor(monitor: MonitorConfig, facts: MonitorFacts): MonitorSummary {
  const { latest } = facts;
  return {
    name: monitor.name,
    model: monitor.model,
    source: describeSource(monitor),
    ...(monitor.schedule !== undefined && { schedule: monitor.schedule }),
    onNewData: monitor.onNewData,
    status: monitorStatus(facts),
    ...(latest && {
      last: {
        time: latest.time,
        driftShare: latest.driftShare,
        drifted: latest.drift.drifted,
        rows: latest.window.rows,
        alerts: latest.alerts.length,
        driftedColumns: latest.drift.columns.filter((c) => c.drifted).map((c) => c.column),
        ...(latest.notEnoughData && { minRows: latest.notEnoughData.minRows }),
      },
    }),
    ...(facts.error !== undefined && { error: facts.error }),
    ...(facts.nextRunAt !== undefined && { nextRunAt: facts.nextRunAt }),
    ...(facts.silenceEnd !== undefined && facts.silenceEnd > facts.now && { silencedUntil: facts.silenceEnd }),
    retrain: monitor.retrain !== undefined,
  };
}

/** The monitors as the store knows them, for when no runtime is running: no run errors, and nothing runs next. */
export function monitorsFromStore(db: SqlDriver, config: MonitorsConfigLoad, now = Date.now()): MonitorsResponse {
  const results = new MonitorStore(db);
  const silences = new MonitorSilences(db);
  return {
    monitors: config.monitors.map((monitor) => {
      const silenceEnd = silences.until(monitor.name);
      return summarizeMonitor(monitor, {
        latest: results.results(monitor.name, 1)[0]?.result,
        ...(silenceEnd !== undefined && { silenceEnd }),
        now,
      });
    }),
    errors: config.errors,
  };
}
