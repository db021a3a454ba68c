/** How fired alerts read in notifications, the status-bar badge and the alerts list (pure, unit-tested). */
import type { RuntimeEventMap } from '../../shared/events';
import type { Severity, StoredAlert } from '../../shared/monitors';
import { clockTime, formatShare } from './monitor-format';

export type AlertEvent = RuntimeEventMap['monitor.alert'];
export type NotificationsSetting = 'all' | 'errors' | 'off';

export const ALERT_WINDOW_MS = 24 * 3_600_000;
const LISTED_COLUMNS = 5;

export function parseNotificationsSetting(value: unknown): NotificationsSetting {
  return value === 'errors' || value === 'off' ? value : 'all';
}

export function shouldNotify(severity: Severity, setting: NotificationsSetting): boolean {
  return setting === 'all' || (setting === 'errors' && severity === 'error');
}

/** The metric a rule's condition tests, e.g. "drift_share" of "drift_share > 0.3". */
export function ruleMetric(rule: string): string {
  return /^\s*([a-z0-9_]+)/i.exec(rule)?.[1] ?? '';
}

function columnList(columns: readonly string[]): string {
  const shown = columns.slice(0, LISTED_COLUMNS).join(', ');
  return columns.length > LISTED_COLUMNS ? `${shown} and ${columns.length - LISTED_COLUMNS} more` : shown;
}

/** "weather-drift: drift in temp_max, wind (drift share 0.6) on weather@champion"; other rules: the alert's own message. */
export function alertNotificationText(event: AlertEvent): string {
  const { alert, model, driftedColumns } = event;
  const metric = ruleMetric(alert.rule);
  if ((metric === 'drift_share' || metric === 'drifted_columns') && driftedColumns.length > 0) {
    const measure = metric === 'drift_share' ? `drift share ${formatShare(alert.value)}` : `${alert.value} columns drifted`;
    return `${alert.monitor}: drift in ${columnList(driftedColumns)} (${measure}) on ${model}`;
  }
  return alert.message;
}

/** Alerts of the last 24 hours that fired after the user last opened the alerts list. */
export function unseenAlerts(alerts: readonly StoredAlert[], lastSeen: number, now: number): StoredAlert[] {
  const from = Math.max(lastSeen, now - ALERT_WINDOW_MS);
  return alerts.filter((a) => a.time > from).sort((a, b) => b.time - a.time || b.id - a.id);
}

/** Adds alerts to a list once each (by id), newest first, dropping those older than the window. */
export function mergeAlerts(known: readonly StoredAlert[], incoming: readonly StoredAlert[], now: number): StoredAlert[] {
  const byId = new Map<number, StoredAlert>();
  for (const a of [...known, ...incoming]) if (a.time > now - ALERT_WINDOW_MS) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.time - a.time || b.id - a.id);
}

/** What "seen" moves to when the user opens the list: never backwards, never before the newest alert shown. */
export function seenAfterOpening(previous: number, shown: readonly StoredAlert[], now: number): number {
  return Math.max(previous, now, ...shown.map((a) => a.time));
}

export interface BadgeView {
  visible: boolean;
  text: string;
  tooltipMarkdown: string;
  ariaLabel: string;
}

export function badgeView(unseen: readonly StoredAlert[], listed = 5): BadgeView {
  const n = unseen.length;
  const lines = unseen.slice(0, listed).map((a) => `- ${clockTime(a.time)} · **${a.monitor}** · ${a.message}`);
  if (n > listed) lines.push(`- and ${n - listed} more`);
  return {
    visible: n > 0,
    text: `$(bell) ${n}`,
    tooltipMarkdown: [`**${n} new MLOps alert${n === 1 ? '' : 's'}** in the last 24 hours`, '', ...lines, '', 'Click to list them.'].join('\n'),
    ariaLabel: `${n} new MLOps alert${n === 1 ? '' : 's'}`,
  };
}

const SEVERITY_ICONS: Record<Severity, string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

export function alertPickItem(alert: StoredAlert, unseen: boolean): { label: string; description: string; detail: string } {
  return {
    label: `${SEVERITY_ICONS[alert.severity]} ${alert.monitor}`,
    description: `${clockTime(alert.time)}${unseen ? ' · new' : ''}`,
    detail: alert.message,
  };
}
