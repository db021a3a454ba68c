/** The compare panel's protocol: one message union per direction, validated on receipt. */
import type { CompareResponse } from '../compare';
import { isObject } from './message-guards';
import type { LiveUpdate } from './live-updates';
import { parseLiveUpdate } from './live-updates';

export type XAxis = 'step' | 'wall' | 'relative';
export type YScale = 'linear' | 'log';

/** What the panel remembers across hide/show and reloads (the webview's own state). */
export interface CompareViewState {
  runIds: string[];
  /** Metrics drawn as curves; empty means all. */
  chartMetrics: string[];
  xAxis: XAxis;
  yScale: YScale;
  /** Exponential moving average weight, 0 (none) … 0.99. */
  smoothing: number;
  onlyDifferences: boolean;
  hiddenRuns: string[];
  directions: Record<string, 'min' | 'max'>;
  scatter: { param: string; metric: string } | null;
  focus: { metric?: string; param?: string } | null;
}

export type ToWebview =
  | { type: 'data'; data: CompareResponse; state: CompareViewState }
  | { type: 'loading' }
  /** New points and run changes of compared runs, to apply to the data shown. */
  | { type: 'live'; update: LiveUpdate }
  | { type: 'error'; message: string }
  | { type: 'exported'; path: string };

export type FromWebview =
  | { type: 'ready'; state: CompareViewState | null }
  /** The state changed in a way that needs new data from the runtime (runs, x axis, directions). */
  | { type: 'fetch'; state: CompareViewState }
  | { type: 'export'; format: 'csv' | 'png'; name: string; content: string }
  | { type: 'openRun'; runId: string };

const X_AXES: readonly string[] = ['step', 'wall', 'relative'];

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The state if `value` is a well-formed one (restored state may come from an older version). */
export function parseViewState(value: unknown): CompareViewState | undefined {
  if (!isObject(value)) return undefined;
  const { runIds, chartMetrics, xAxis, yScale, smoothing, onlyDifferences, hiddenRuns, directions, scatter, focus } = value;
  if (!isStringArray(runIds) || !isStringArray(chartMetrics) || !isStringArray(hiddenRuns)) return undefined;
  if (typeof xAxis !== 'string' || !X_AXES.includes(xAxis) || (yScale !== 'linear' && yScale !== 'log')) return undefined;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing < 1) || typeof onlyDifferences !== 'boolean') return undefined;
  if (!isObject(directions) || !Object.values(directions).every((d) => d === 'min' || d === 'max')) return undefined;
  if (scatter !== null && !(isObject(scatter) && typeof scatter.param === 'string' && typeof scatter.metric === 'string')) return undefined;
  if (focus !== null && !isObject(focus)) return undefined;
  return value as unknown as CompareViewState;
}

export function defaultViewState(runIds: string[]): CompareViewState {
  return { runIds, chartMetrics: [], xAxis: 'step', yScale: 'linear', smoothing: 0, onlyDifferences: false, hiddenRuns: [], directions: {}, scatter: null, focus: null };
}

export function parseFromWebview(message: unknown): FromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return message.state === null ? { type: 'ready', state: null } : mapState(message.state, (state) => ({ type: 'ready', state }));
    case 'fetch':
      return mapState(message.state, (state) => ({ type: 'fetch', state }));
    case 'export':
      if ((message.format !== 'csv' && message.format !== 'png') || typeof message.name !== 'string' || typeof message.content !== 'string') return undefined;
      return { type: 'export', format: message.format, name: message.name, content: message.content };
    case 'openRun':
      return typeof message.runId === 'string' ? { type: 'openRun', runId: message.runId } : undefined;
    default:
      return undefined;
  }
}

export function parseToWebview(message: unknown): ToWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'data': {
      const state = parseViewState(message.state);
      return state && isObject(message.data) && Array.isArray(message.data.runs) ? { type: 'data', data: message.data as unknown as CompareResponse, state } : undefined;
    }
    case 'loading':
      return { type: 'loading' };
    case 'live': {
      const update = parseLiveUpdate(message.update);
      return update ? { type: 'live', update } : undefined;
    }
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message } : undefined;
    case 'exported':
      return typeof message.path === 'string' ? { type: 'exported', path: message.path } : undefined;
    default:
      return undefined;
  }
}

function mapState<T>(value: unknown, make: (state: CompareViewState) => T): T | undefined {
  const state = parseViewState(value);
  return state ? make(state) : undefined;
}
