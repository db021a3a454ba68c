import { resolve } from 'node:path';
import { predictionLogDir } from '../../models';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';
import type { MonitorConfig } from './monitors-config';
import type { TableProfile } from '../table-profile';
import type { DatasetDriftOptions } from '../types';
import { fireAlerts } from './alert-rules';
import { compareSamples } from './drift-summary';
import { readLabels } from './labels';
import { MonitorStore } from './monitor-store';
import { windowPerformance } from './performance';
import { parseModelSpec, readReference, referenceVersion } from './reference';
import type { ServedVersion } from './served-version';
import { servedVersion } from './served-version';
import { RAW_ROWS_LIMIT, TableSample } from './table-sample';
import type { DriftSummary, MonitorPerformance, MonitorResult } from './types';
import type { CurrentWindow } from './window';
import { folderWindow, predictionWindow } from './window';

export interface MonitorContext {
  store: Store;
  paths: WorkspacePaths;
  /** Epoch milliseconds; tests pin it. */
  now?: () => number;
  /** Sides of at most this many rows are compared on raw values, larger ones on profiles. Default RAW_ROWS_LIMIT. */
  rawRowsLimit?: number;
}

/** Runs a monitor once: drift of its window against its reference, serving health, alerts; stores the result. */
export async function runMonitor(context: MonitorContext, monitor: MonitorConfig): Promise<MonitorResult> {
  const { store, paths } = context;
  const time = context.now?.() ?? Date.now();
  const version = referenceVersion(store, paths, monitor);
  const limit = context.rawRowsLimit ?? RAW_ROWS_LIMIT;
  const reference = await readReference(store, paths, version, limit);
  let referenceProfile: TableProfile | undefined;
  const profileOfReference = (): TableProfile => (referenceProfile ??= reference.toProfile());
  const side = (): TableSample => new TableSample(limit, () => ({ frozenBins: profileOfReference().freezeBins() }));
  const sample = side();
  const served = monitor.source.kind === 'folder' ? undefined : servedVersion(store, paths, monitor.model);
  const window: CurrentWindow =
    monitor.source.kind === 'folder'
      ? await folderWindow(resolve(paths.root, monitor.source.path), monitor.window, time, sample)
      : await predictionWindow(predictionLogDir(paths.mlopsDir, parseModelSpec(monitor.model).name), monitor.window, time, sample, side(), served?.accept);
  const compare = (current: TableSample, options: DatasetDriftOptions) => compareSamples(reference, current, options, profileOfReference);
  const options: DatasetDriftOptions = {
    columns: monitor.columns ?? comparedColumns(reference.columns, sample),
    perColumn: monitor.drift.columns,
    driftShare: monitor.drift.share,
    correction: monitor.drift.correction,
  };
  // Too few rows for a verdict (one request, a quiet hour): no drift tests, no alerts.
  const enough = sample.rows >= monitor.minRows;
  const drift = enough ? compare(sample, options) : noVerdict(options);
  const answered = new Set(window.predictions?.columns ?? []);
  const predicted = reference.columns.filter((name) => answered.has(name));
  const predictionDrift = enough && predicted.length > 0 ? compare(window.predictions!, { ...options, columns: predicted }) : undefined;
  const performance = enough ? await performanceOf(context, monitor, window, served) : undefined;
  const partial: Omit<MonitorResult, 'alerts'> = {
    monitor: monitor.name,
    time,
    model: monitor.model,
    ...(served?.version && { modelVersion: String(served.version.version) }),
    window: { rows: sample.rows, ...(window.requests !== undefined && { requests: window.requests }), from: window.from, to: window.to },
    reference: { path: version.path, version: version.version, md5: version.md5, rows: reference.rows },
    drift,
    ...(predictionDrift && { predictionDrift }),
    driftShare: drift.testedColumns === 0 ? 0 : drift.driftedColumns / drift.testedColumns,
    missingShare: drift.columns.length === 0 ? 0 : drift.columns.reduce((sum, c) => sum + c.currentMissingShare, 0) / drift.columns.length,
    ...serving(window),
    ...(performance && { performance }),
    ...(!enough && { notEnoughData: { rows: sample.rows, minRows: monitor.minRows } }),
  };
  const monitors = new MonitorStore(store.db);
  const result: MonitorResult = { ...partial, alerts: enough ? fireAlerts(monitors, monitor.alerts, partial) : [] };
  monitors.saveResult(result);
  return result;
}

/** A window too small to judge: no column tested, nothing drifted. */
function noVerdict(options: DatasetDriftOptions): DriftSummary {
  return { columns: [], testedColumns: 0, driftedColumns: 0, drifted: false, correction: options.correction ?? 'none', method: 'values' };
}

/** The reference's columns the window also has (a label column is not among the requests' inputs); all of them for an empty window. */
function comparedColumns(referenceColumns: readonly string[], current: TableSample): string[] {
  if (current.rows === 0) return [...referenceColumns];
  const seen = new Set(current.columns);
  return referenceColumns.filter((name) => seen.has(name));
}

/** The model's quality on the window's labeled requests, when the monitor has labels and some of its rows have one. */
async function performanceOf(context: MonitorContext, monitor: MonitorConfig, window: CurrentWindow, served: ServedVersion | undefined): Promise<MonitorPerformance | undefined> {
  if (!monitor.labels || !window.spans || window.spans.length === 0) return undefined;
  const ids = new Set(window.spans.map((span) => span.record.request_id));
  const labels = await readLabels(context.paths, monitor.name, monitor.labels, ids);
  return labels.size === 0 ? undefined : windowPerformance(window.spans, labels, served?.version?.signature);
}

/** Latency percentiles and error rate of the window's requests (nearest rank); nothing for a folder or an empty window. */
function serving(window: CurrentWindow): Pick<MonitorResult, 'latency' | 'errorRate'> {
  if (!window.latenciesMs || !window.requests) return {};
  const sorted = [...window.latenciesMs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { latency: { p50: at(0.5), p99: at(0.99) }, errorRate: (window.errors ?? 0) / window.requests };
}
