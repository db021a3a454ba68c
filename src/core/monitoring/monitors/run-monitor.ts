import { resolve } from 'node:path';
import { predictionLogDir } from '../../models/serving/prediction-log-reader';
import type { Store } from '../../store';
import type { WorkspacePaths } from '../../workspace';
import type { MonitorConfig } from '../../workspace/monitors-config';
import { datasetDrift } from '../column-drift';
import { profileDatasetDrift } from '../profile-drift';
import type { TableProfile } from '../table-profile';
import type { DatasetDriftOptions, DatasetDriftResult } from '../types';
import { fireAlerts } from './alert-rules';
import { MonitorStore } from './monitor-store';
import { parseModelSpec, readReference, referenceVersion } from './reference';
import { RAW_ROWS_LIMIT, TableSample } from './table-sample';
import type { DriftSummary, MonitorColumnResult, MonitorResult } from './types';
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
  const window: CurrentWindow =
    monitor.source.kind === 'folder'
      ? await folderWindow(resolve(paths.root, monitor.source.path), monitor.window, time, sample)
      : await predictionWindow(predictionLogDir(paths.mlopsDir, parseModelSpec(monitor.model).name), monitor.window, time, sample, side());
  const compare = (current: TableSample, options: DatasetDriftOptions): DriftSummary => {
    const [referenceValues, currentValues] = [reference.values, current.values];
    return referenceValues && currentValues
      ? summary(datasetDrift(referenceValues, currentValues, options), 'values')
      : summary(profileDatasetDrift(profileOfReference(), current.toProfile({ frozenBins: profileOfReference().freezeBins() }), options), 'profiles');
  };
  const options: DatasetDriftOptions = {
    columns: monitor.columns ?? comparedColumns(reference.columns, sample),
    perColumn: monitor.drift.columns,
    driftShare: monitor.drift.share,
    correction: monitor.drift.correction,
  };
  const drift = compare(sample, options);
  const answered = new Set(window.predictions?.columns ?? []);
  const predicted = reference.columns.filter((name) => answered.has(name));
  const predictionDrift = predicted.length > 0 ? compare(window.predictions!, { ...options, columns: predicted }) : undefined;
  const partial: Omit<MonitorResult, 'alerts'> = {
    monitor: monitor.name,
    time,
    model: monitor.model,
    window: { rows: sample.rows, ...(window.requests !== undefined && { requests: window.requests }), from: window.from, to: window.to },
    reference: { path: version.path, version: version.version, md5: version.md5, rows: reference.rows },
    drift,
    ...(predictionDrift && { predictionDrift }),
    driftShare: drift.testedColumns === 0 ? 0 : drift.driftedColumns / drift.testedColumns,
    missingShare: drift.columns.length === 0 ? 0 : drift.columns.reduce((sum, c) => sum + c.currentMissingShare, 0) / drift.columns.length,
    ...serving(window),
  };
  const monitors = new MonitorStore(store.db);
  const result: MonitorResult = { ...partial, alerts: fireAlerts(monitors, monitor.alerts, partial) };
  monitors.saveResult(result);
  return result;
}

/** The reference's columns the window also has (a label column is not among the requests' inputs); all of them for an empty window. */
function comparedColumns(referenceColumns: readonly string[], current: TableSample): string[] {
  if (current.rows === 0) return [...referenceColumns];
  const seen = new Set(current.columns);
  return referenceColumns.filter((name) => seen.has(name));
}

function summary(drift: DatasetDriftResult, method: 'values' | 'profiles'): DriftSummary {
  const columns = drift.columns.map(
    (c): MonitorColumnResult => ({
      column: c.column ?? '',
      test: c.test,
      statistic: c.statistic,
      ...(c.pValue !== undefined && { pValue: c.pValue }),
      ...(c.adjustedPValue !== undefined && { adjustedPValue: c.adjustedPValue }),
      threshold: c.threshold,
      drifted: c.drifted,
      basis: c.basis,
      currentMissingShare: c.currentMissingShare,
      ...(c.noData && { noData: c.noData }),
    }),
  );
  return { columns, testedColumns: drift.testedColumns, driftedColumns: drift.driftedColumns, drifted: drift.drifted, correction: drift.correction, method };
}

/** Latency percentiles and error rate of the window's requests (nearest rank); nothing for a folder or an empty window. */
function serving(window: CurrentWindow): Pick<MonitorResult, 'latency' | 'errorRate'> {
  if (!window.latenciesMs || !window.requests) return {};
  const sorted = [...window.latenciesMs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { latency: { p50: at(0.5), p99: at(0.99) }, errorRate: (window.errors ?? 0) / window.requests };
}
