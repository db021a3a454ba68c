/** The drift dashboard's protocol: one message union per direction, validated on receipt. */
import type { MonitorResult, MonitorSummary, StoredAlert } from '../monitors';
import { isObject, parseReady, parseStatefulPageMessage } from './message-guards';

/** What a dashboard remembers across hide/show and reloads (the webview's own state). */
export interface DriftViewState {
  monitor: string;
  /** The feature whose reference-vs-current histogram is shown; null for the most drifted one. */
  feature: string | null;
}

export interface DriftDashboardData {
  /** The monitor as GET /api/monitors lists it; null when mlops.yaml no longer defines it. */
  summary: MonitorSummary | null;
  /** Newest first, as the runtime answers. */
  results: MonitorResult[];
  /** This monitor's alerts over the results' time span. */
  alerts: StoredAlert[];
}

/** Every message that changes what the page shows carries the state, so a reload can restore even an error page. */
export type DriftToWebview =
  | { type: 'data'; data: DriftDashboardData; state: DriftViewState }
  | { type: 'loading'; state: DriftViewState }
  | { type: 'error'; message: string; state: DriftViewState }
  /** Progress of a Run Now the page asked for. */
  | { type: 'run'; phase: 'started' | 'finished' | 'failed'; message: string };

export type DriftFromWebview =
  | { type: 'ready'; state: DriftViewState | null }
  | { type: 'runNow' }
  | { type: 'refresh' }
  /** Add Labels… from a file (the empty Performance section's action). */
  | { type: 'addLabels' };

const isNumber = (v: unknown): v is number => typeof v === 'number';

export function parseDriftViewState(value: unknown): DriftViewState | undefined {
  if (!isObject(value) || typeof value.monitor !== 'string' || value.monitor === '') return undefined;
  if (value.feature !== null && typeof value.feature !== 'string') return undefined;
  return { monitor: value.monitor, feature: value.feature };
}

function isColumnResult(v: unknown): boolean {
  return isObject(v) && typeof v.column === 'string' && typeof v.test === 'string' && typeof v.drifted === 'boolean' && (v.statistic === null || isNumber(v.statistic));
}

function isDriftSummary(v: unknown): boolean {
  return isObject(v) && Array.isArray(v.columns) && v.columns.every(isColumnResult);
}

function isAlert(v: unknown): v is StoredAlert {
  return isObject(v) && isNumber(v.id) && isNumber(v.time) && typeof v.message === 'string' && typeof v.severity === 'string';
}

/** The fields the dashboard reads, checked before any chart touches them. */
function isResult(v: unknown): v is MonitorResult {
  if (!isObject(v) || !isNumber(v.time) || !isNumber(v.driftShare) || !isObject(v.window) || !isDriftSummary(v.drift)) return false;
  if (v.predictionDrift !== undefined && !isDriftSummary(v.predictionDrift)) return false;
  return Array.isArray(v.alerts) && v.alerts.every(isAlert);
}

function isSummary(v: unknown): v is MonitorSummary {
  return isObject(v) && typeof v.name === 'string' && typeof v.model === 'string' && typeof v.status === 'string';
}

export function parseDriftData(value: unknown): DriftDashboardData | undefined {
  if (!isObject(value) || !Array.isArray(value.results) || !Array.isArray(value.alerts)) return undefined;
  if (value.summary !== null && !isSummary(value.summary)) return undefined;
  if (!value.results.every(isResult) || !value.alerts.every(isAlert)) return undefined;
  return { summary: value.summary, results: value.results, alerts: value.alerts };
}

export function parseDriftFromWebview(message: unknown): DriftFromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return parseReady(message.state, parseDriftViewState);
    case 'runNow':
    case 'refresh':
    case 'addLabels':
      return { type: message.type };
    default:
      return undefined;
  }
}

export function parseDriftToWebview(message: unknown): DriftToWebview | undefined {
  if (!isObject(message)) return undefined;
  if (message.type === 'run') {
    const { phase } = message;
    return (phase === 'started' || phase === 'finished' || phase === 'failed') && typeof message.message === 'string' ? { type: 'run', phase, message: message.message } : undefined;
  }
  return parseStatefulPageMessage(message, parseDriftViewState, parseDriftData);
}
