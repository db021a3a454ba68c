/** Which monitor the Open Drift Dashboard command is about (pure, unit-tested without VS Code). */
import type { MonitorsResponse } from '../../shared/monitors';
import { formatShare, relativeTime } from './monitor-format';

/** A monitor name, or a Models view node carrying `monitorName`; undefined for anything else (the palette passes nothing). */
export function monitorNameOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.trim() || undefined;
  if (typeof argument !== 'object' || argument === null) return undefined;
  const name = (argument as { monitorName?: unknown }).monitorName;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

export interface MonitorPick {
  label: string;
  description: string;
  detail: string;
  monitor: string;
}

/** Quick-pick rows with each monitor's status and latest run; an error that says what to do when there is none. */
export function monitorPicks(response: MonitorsResponse, now: number): MonitorPick[] {
  if (response.monitors.length === 0) {
    const problems = response.errors.length ? ` mlops.yaml has problems: ${response.errors.join('; ')}` : '';
    throw new Error(`No monitors are configured. Add one under monitors: in mlops.yaml (MLOps: Open Config), then open its dashboard.${problems}`);
  }
  return response.monitors.map((m) => ({
    label: m.name,
    description: `${m.model} · ${m.status}`,
    detail: m.error
      ? `last run failed: ${m.error}`
      : m.last
        ? `drift share ${formatShare(m.last.driftShare)} · ${m.last.driftedColumns.length} drifted · ${m.last.rows.toLocaleString('en')} rows · ${relativeTime(m.last.time, now)}`
        : 'not run yet',
    monitor: m.name,
  }));
}
