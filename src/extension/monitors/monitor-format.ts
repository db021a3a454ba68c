/** How monitors read in the Models view and in messages (pure, unit-tested without VS Code). */
import type { MonitorResult, MonitorStatus, MonitorSummary, RetrainStatus } from '../../shared/monitors';

/** What a monitor row shows; the tree provider turns it into a TreeItem. */
export interface MonitorRowView {
  label: string;
  description: string;
  icon: { id: string; color?: string };
  tooltipMarkdown: string;
  contextValue: string;
  ariaLabel: string;
}

const ICONS: Record<MonitorStatus, { id: string; color?: string }> = {
  ok: { id: 'pass', color: 'testing.iconPassed' },
  drifting: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  alerting: { id: 'bell', color: 'problemsErrorIcon.foreground' },
  'not-enough-data': { id: 'circle-large-outline' },
  error: { id: 'error', color: 'testing.iconFailed' },
  idle: { id: 'circle-outline' },
};

/** Retrain states worth showing beside a monitor: the ones still in progress. */
const RETRAIN_IN_PROGRESS: Partial<Record<RetrainStatus, string>> = { pending: 'retrain awaiting approval', running: 'retraining', validating: 'validating retrained model' };

/** NAME of a "NAME@ALIAS" or "NAME@VERSION" model reference. */
export function modelNameOf(ref: string): string {
  const at = ref.lastIndexOf('@');
  return at > 0 ? ref.slice(0, at) : ref;
}

/** ALIAS (or VERSION) of a "NAME@ALIAS" reference, if any. */
export function modelAliasOf(ref: string): string | undefined {
  const at = ref.lastIndexOf('@');
  return at > 0 ? ref.slice(at + 1) : undefined;
}

export function formatShare(share: number): string {
  return String(Number(share.toFixed(2)));
}

export function relativeTime(then: number, now: number): string {
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 0) return `in ${relativeSpan(-seconds)}`;
  if (seconds < 45) return 'just now';
  return `${relativeSpan(seconds)} ago`;
}

function relativeSpan(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** Local "YYYY-MM-DD HH:MM". */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function isSilenced(monitor: MonitorSummary, now: number): boolean {
  return monitor.silencedUntil !== undefined && monitor.silencedUntil > now;
}

export function monitorRow(monitor: MonitorSummary, now: number, retrain?: RetrainStatus): MonitorRowView {
  const parts: string[] = [monitor.status.replace(/-/g, ' ')];
  if (monitor.status === 'not-enough-data' && monitor.last) parts.push(`${monitor.last.rows} of ${monitor.last.minRows ?? '?'} rows`, relativeTime(monitor.last.time, now));
  else if (monitor.last) parts.push(`drift share ${formatShare(monitor.last.driftShare)}`, relativeTime(monitor.last.time, now));
  else if (monitor.status === 'idle') parts.push('not run yet');
  if (isSilenced(monitor, now)) parts.push('silenced');
  const retrainText = retrain && RETRAIN_IN_PROGRESS[retrain];
  if (retrainText) parts.push(retrainText);
  const contextValue = ['mlops.monitor', ...(monitor.retrain ? ['retrain'] : []), ...(isSilenced(monitor, now) ? ['silenced'] : [])].join('.');
  return {
    label: `monitor ${monitor.name}`,
    description: parts.join(' · '),
    icon: ICONS[monitor.status],
    tooltipMarkdown: monitorTooltipMarkdown(monitor, now),
    contextValue,
    ariaLabel: `Monitor ${monitor.name}, ${parts.join(', ')}`,
  };
}

export function monitorTooltipMarkdown(monitor: MonitorSummary, now: number): string {
  const last = monitor.last;
  const lines = [`**${monitor.name}** watches \`${monitor.model}\`: ${monitor.status.replace(/-/g, ' ')}`, ''];
  if (monitor.status === 'not-enough-data' && last) lines.push(`The window holds ${last.rows} rows, fewer than window.min_rows (${last.minRows ?? '?'}): no drift verdict and no alert until it holds more.`, '');
  if (last) {
    lines.push(`- last run: ${clockTime(last.time)}, ${last.rows.toLocaleString('en')} rows, drift share ${formatShare(last.driftShare)}, ${last.alerts} alert${last.alerts === 1 ? '' : 's'}`);
    lines.push(`- drifted columns: ${last.driftedColumns.length ? last.driftedColumns.map((c) => `\`${c}\``).join(', ') : 'none'}`);
  } else {
    lines.push('- not run yet');
  }
  lines.push(`- runs: ${[monitor.schedule ? `on schedule \`${monitor.schedule}\`` : '', monitor.onNewData ? 'on new data' : ''].filter(Boolean).join(' and ') || 'on request only'}`);
  if (monitor.nextRunAt !== undefined) lines.push(`- next run: ${clockTime(monitor.nextRunAt)} (${relativeTime(monitor.nextRunAt, now)})`);
  if (isSilenced(monitor, now)) lines.push(`- alerts silenced until ${clockTime(monitor.silencedUntil!)}`);
  lines.push(`- retraining: ${monitor.retrain ? 'configured' : 'not configured'}`);
  if (monitor.error) lines.push('', `**Error:** ${monitor.error}`);
  return lines.join('\n');
}

/** "drift share 0.6, 3 of 5 columns drifted" (+ alerts fired), the answer to Run Monitor Now. */
export function resultSummary(result: MonitorResult): string {
  const { drift } = result;
  if (result.notEnoughData) return `not enough data: ${result.notEnoughData.rows} rows in the window, window.min_rows is ${result.notEnoughData.minRows} (no drift verdict, no alert)`;
  const alerts = result.alerts.length ? `; ${result.alerts.length} alert${result.alerts.length === 1 ? '' : 's'} fired` : '';
  return `drift share ${formatShare(result.driftShare)}, ${drift.driftedColumns} of ${drift.testedColumns} columns drifted over ${result.window.rows.toLocaleString('en')} rows${alerts}`;
}

export const SILENCE_CHOICES: readonly { label: string; minutes: number }[] = [
  { label: '1 hour', minutes: 60 },
  { label: '8 hours', minutes: 480 },
  { label: '24 hours', minutes: 1440 },
  { label: 'Unsilence', minutes: 0 },
];

export function silenceMessage(monitor: string, silencedUntil: number | null | undefined): string {
  return silencedUntil ? `Alerts of ${monitor} silenced until ${clockTime(silencedUntil)}.` : `Alerts of ${monitor} are no longer silenced.`;
}

/** The Models view's row for mlops.yaml problems with monitors. */
export function configProblemsRow(errors: readonly string[]): { label: string; tooltipMarkdown: string; ariaLabel: string } {
  const count = `${errors.length} problem${errors.length === 1 ? '' : 's'}`;
  return {
    label: `monitors: ${count} in mlops.yaml`,
    tooltipMarkdown: ['**Monitors left out because of problems in mlops.yaml**', '', ...errors.map((e) => `- ${e}`)].join('\n'),
    ariaLabel: `Monitor configuration, ${count} in mlops.yaml`,
  };
}
