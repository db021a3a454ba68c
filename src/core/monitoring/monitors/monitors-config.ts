import { ConfigDocument } from '../../workspace';
import { loadConfigSection } from '../../workspace';
import type { DriftTest } from '../types';
import type { PValueCorrection } from '../multiple-testing';
import type { Path, Report } from '../../workspace';
import { isMapping, isPositive, parseFlag, parseText, unknownKeys } from '../../workspace';
import { parseSchedule } from './schedule-config';
import type { AlertingConfig, RetrainConfig } from '../retrain/retrain-config';
import { DEFAULT_ALERTING, parseAlerting, parseRetrain } from '../retrain/retrain-config';

export type { AlertingConfig, RetrainConfig } from '../retrain/retrain-config';
export { DEFAULT_WEBHOOK_RETRIES, DEFAULT_WEBHOOK_TIMEOUT_SECONDS, splitCommand } from '../retrain/retrain-config';

export const MONITOR_METRICS = [
  'drift_share',
  'drifted_columns',
  'prediction_drift_share',
  'rows',
  'missing_share',
  'requests',
  'p50_latency_ms',
  'p99_latency_ms',
  'error_rate',
  'accuracy',
  'precision',
  'recall',
  'f1',
  'mae',
  'rmse',
  'r2',
] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];
export const COMPARISONS = ['>=', '<=', '==', '!=', '>', '<'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export type { Severity } from '../../../shared/monitors';
import type { Severity } from '../../../shared/monitors';

export interface AlertRule {
  /** The condition as written, e.g. "drift_share > 0.3": the rule's identity for cooldowns. */
  when: string;
  metric: MonitorMetric;
  op: Comparison;
  value: number;
  severity: Severity;
  cooldownMinutes: number;
  /** Firing starts the monitor's retrain (retrain: true on the rule). */
  retrain?: boolean;
}

/** Ground truth for performance: rows with a request id and a label, from a file and/or POST /api/monitors/NAME/labels. */
export interface LabelsConfig {
  /** A CSV/JSONL file under the workspace; absent: only labels posted to the runtime. */
  path?: string;
  /** Column holding the request id (the server's x-request-id). Default request_id. */
  id: string;
  /** Column holding the true value. Default label. */
  label: string;
}

export type MonitorSource = { kind: 'predictions' } | { kind: 'folder'; path: string };
export type MonitorWindow = { rows: number } | { hours: number };

export interface MonitorConfig {
  name: string;
  /** NAME@ALIAS or NAME@VERSION. */
  model: string;
  /** A tracked dataset, at a version number or (none given) its latest; absent: the model version's lineage. */
  reference?: { path: string; version?: number };
  source: MonitorSource;
  window: MonitorWindow;
  /** Below this many rows in the window a result is "not enough data": no drift verdict, no alert (window.min_rows). */
  minRows: number;
  /** Cron (5 fields, local time): the runtime runs the monitor on this schedule. */
  schedule?: string;
  /** The runtime runs the monitor when new predictions or files arrive (debounced). Default true. */
  onNewData: boolean;
  labels?: LabelsConfig;
  retrain?: RetrainConfig;
  columns?: string[];
  drift: {
    share: number;
    correction: PValueCorrection;
    columns: Record<string, { test?: DriftTest; threshold?: number }>;
  };
  alerts: AlertRule[];
}

export interface MonitorsConfigLoad {
  monitors: MonitorConfig[];
  alerting: AlertingConfig;
  /** Each as "mlops.yaml:LINE: what is wrong"; a monitor with an error is left out. */
  errors: string[];
}

export const DEFAULT_WINDOW_ROWS = 1000;
/** window.min_rows when not set (at most the window's rows). */
export const DEFAULT_MIN_ROWS = 100;
const DRIFT_TESTS: readonly string[] = ['ks', 'chi2', 'z', 'wasserstein', 'jensenshannon', 'psi'];
const CORRECTIONS: readonly string[] = ['none', 'bonferroni', 'benjamini-hochberg'];
const SEVERITIES: readonly string[] = ['info', 'warning', 'error'];


/** Reads the `monitors:` list of mlops.yaml; a missing file or section is no monitors. */
export function loadMonitorsConfig(path: string, label = 'mlops.yaml'): MonitorsConfigLoad {
  return loadConfigSection(path, label, parseMonitorsConfig, () => ({ monitors: [], alerting: { ...DEFAULT_ALERTING }, errors: [] }));
}

/** "drift_share > 0.3" as metric, comparison and number; undefined when it is not one. */
export function parseCondition(text: string): Pick<AlertRule, 'metric' | 'op' | 'value'> | undefined {
  const match = /^\s*([a-z_0-9]+)\s*(>=|<=|==|!=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(text);
  if (!match || !(MONITOR_METRICS as readonly string[]).includes(match[1]!)) return undefined;
  return { metric: match[1] as MonitorMetric, op: match[2] as Comparison, value: Number(match[3]) };
}

export function parseMonitorsConfig(text: string, label = 'mlops.yaml'): MonitorsConfigLoad {
  const doc = ConfigDocument.parse(text, label);
  // Syntax errors are reported by loadConfig, for the whole file.
  if (!doc.readable) return { monitors: [], alerting: { ...DEFAULT_ALERTING }, errors: [] };
  return { ...readMonitorsSection(doc), errors: doc.errors };
}

/** The `monitors:` and `alerting:` sections of a parsed document; a monitor with a problem is left out alone. */
export function readMonitorsSection(doc: ConfigDocument): Omit<MonitorsConfigLoad, 'errors'> {
  const root = doc.root;
  if (!doc.readable || !isMapping(root)) return { monitors: [], alerting: { ...DEFAULT_ALERTING } };
  const report: Report = (path, message, target) => doc.report(path, message, target);
  const alerting = parseAlerting(root.alerting, ['alerting'], report);
  if (root.monitors === undefined || root.monitors === null) return { monitors: [], alerting };
  if (!Array.isArray(root.monitors)) {
    report(['monitors'], 'monitors must be a list of monitors (- name: …)');
    return { monitors: [], alerting };
  }
  const monitors: MonitorConfig[] = [];
  const names = new Set<string>();
  root.monitors.forEach((raw: unknown, i) => {
    let problems = 0;
    const own: Report = (path, message, target) => {
      problems++;
      report(path, message, target);
    };
    const monitor = parseMonitor(raw, ['monitors', i], own);
    if (monitor && names.has(monitor.name)) own(['monitors', i, 'name'], `a monitor named "${monitor.name}" is already defined`);
    if (monitor && problems === 0) {
      names.add(monitor.name);
      monitors.push(monitor);
    }
  });
  return { monitors, alerting };
}

export const MONITOR_KEYS: readonly string[] = ['name', 'model', 'reference', 'source', 'window', 'schedule', 'on_new_data', 'labels', 'retrain', 'columns', 'drift', 'alerts'];
export const RULE_KEYS: readonly string[] = ['when', 'severity', 'cooldown', 'retrain'];
export const LABELS_KEYS: readonly string[] = ['path', 'id', 'label'];
export const DRIFT_KEYS: readonly string[] = ['share', 'correction', 'columns'];
export const DRIFT_COLUMN_KEYS: readonly string[] = ['test', 'threshold'];

function parseLabels(raw: unknown, path: Path, report: Report): LabelsConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isMapping(raw)) {
    report(path, 'labels must be a mapping: path (a CSV/JSONL file of labels, optional), id (its request id column, default request_id), label (its label column, default label)');
    return undefined;
  }
  unknownKeys(raw, LABELS_KEYS, path, 'labels', report);
  const labelsPath = parseText(raw.path, [...path, 'path'], 'labels.path must be the path of a CSV or JSONL file in the workspace', report);
  return {
    ...(labelsPath !== undefined && { path: labelsPath }),
    id: parseText(raw.id, [...path, 'id'], 'labels.id must name the column holding the request id (default request_id)', report) ?? 'request_id',
    label: parseText(raw.label, [...path, 'label'], 'labels.label must name the column holding the true value (default label)', report) ?? 'label',
  };
}

function parseMonitor(raw: unknown, base: Path, report: Report): MonitorConfig | undefined {
  if (!isMapping(raw)) {
    report(base, 'a monitor must be a mapping with name and model');
    return undefined;
  }
  const p = (...rest: Path): Path => [...base, ...rest];
  const name = raw.name;
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) report(p('name'), 'a monitor needs a name (letters, digits, _ . and -)');
  const model = raw.model;
  if (typeof model !== 'string' || !/^.+@[^@/]+$/.test(model)) report(p('model'), 'model must name a registered model as NAME@ALIAS or NAME@VERSION (e.g. weather@champion)');
  unknownKeys(raw, MONITOR_KEYS, base, 'monitor', report);
  const monitor: MonitorConfig = {
    name: name as string,
    model: model as string,
    source: parseSource(raw.source, p('source'), report),
    window: parseWindow(raw.window, p('window'), report),
    minRows: parseMinRows(raw.window, p('window'), report),
    onNewData: parseFlag(raw.on_new_data, true, p('on_new_data'), 'on_new_data', report),
    drift: parseDrift(raw.drift, p('drift'), report),
    alerts: parseAlerts(raw.alerts, p('alerts'), report),
  };
  const schedule = parseSchedule(raw.schedule, p('schedule'), 'schedule', report);
  if (schedule !== undefined) monitor.schedule = schedule;
  const labels = parseLabels(raw.labels, p('labels'), report);
  if (labels) monitor.labels = labels;
  const retrain = parseRetrain(raw.retrain, p('retrain'), report);
  if (retrain) monitor.retrain = retrain;
  if (raw.retrain === undefined || raw.retrain === null) {
    monitor.alerts.forEach((rule, i) => {
      if (rule.retrain) report(p('alerts', i, 'retrain'), 'this rule asks to retrain, but the monitor has no retrain: section (add retrain: {command: …, validation: {data: …, label: …}})');
    });
  }
  if (raw.reference !== undefined && raw.reference !== null) {
    const reference = typeof raw.reference === 'string' ? /^(.+?)(?:@v?(\d+))?$/.exec(raw.reference.trim()) : null;
    if (!reference) report(p('reference'), 'reference must be a tracked dataset path, optionally @VERSION (e.g. data/weather.csv@2)');
    else monitor.reference = { path: reference[1]!, ...(reference[2] !== undefined && { version: Number(reference[2]) }) };
  }
  if (raw.columns !== undefined && raw.columns !== null) {
    if (!Array.isArray(raw.columns) || raw.columns.length === 0 || raw.columns.some((c) => typeof c !== 'string' || c === '')) report(p('columns'), 'columns must be a list of column names');
    else monitor.columns = raw.columns as string[];
  }
  return monitor;
}

function parseSource(raw: unknown, path: Path, report: Report): MonitorSource {
  if (raw === undefined || raw === null || raw === 'predictions') return { kind: 'predictions' };
  if (isMapping(raw) && typeof raw.folder === 'string' && raw.folder.trim() !== '' && Object.keys(raw).length === 1) return { kind: 'folder', path: raw.folder };
  report(path, 'source must be predictions (the model\'s serving log) or folder: PATH (of CSV/JSONL files)');
  return { kind: 'predictions' };
}

function parseWindow(raw: unknown, path: Path, report: Report): MonitorWindow {
  if (raw === undefined || raw === null) return { rows: DEFAULT_WINDOW_ROWS };
  if (isMapping(raw) && Object.keys(raw).filter((key) => key !== 'min_rows').length === 1) {
    if (typeof raw.rows === 'number' && Number.isInteger(raw.rows) && raw.rows > 0) return { rows: raw.rows };
    if (isPositive(raw.hours)) return { hours: raw.hours };
  }
  report(path, 'window must be rows: N (the last N rows, a positive integer) or hours: N (the last N hours), with min_rows: N optional');
  return { rows: DEFAULT_WINDOW_ROWS };
}

/** window.min_rows: a positive integer, at most window.rows; default 100 (or window.rows when smaller). */
function parseMinRows(raw: unknown, path: Path, report: Report): number {
  const rows = isMapping(raw) && typeof raw.rows === 'number' && Number.isInteger(raw.rows) && raw.rows > 0 ? raw.rows : raw === undefined || raw === null ? DEFAULT_WINDOW_ROWS : undefined;
  const fallback = Math.min(DEFAULT_MIN_ROWS, rows ?? DEFAULT_MIN_ROWS);
  if (!isMapping(raw) || raw.min_rows === undefined || raw.min_rows === null) return fallback;
  const value = raw.min_rows;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    report([...path, 'min_rows'], 'window.min_rows must be a positive integer: below it a window is "not enough data" and never alerts (default 100)');
    return fallback;
  }
  if (rows !== undefined && value > rows) {
    report([...path, 'min_rows'], `window.min_rows (${value}) is larger than window.rows (${rows}): the monitor could never reach a verdict`);
    return fallback;
  }
  return value;
}

function parseDrift(raw: unknown, path: Path, report: Report): MonitorConfig['drift'] {
  const drift: MonitorConfig['drift'] = { share: 0.5, correction: 'none', columns: {} };
  if (raw === undefined || raw === null) return drift;
  if (!isMapping(raw)) {
    report(path, 'drift must be a mapping (share, correction, columns)');
    return drift;
  }
  unknownKeys(raw, DRIFT_KEYS, path, 'drift', report);
  if (raw.share !== undefined) {
    if (typeof raw.share !== 'number' || !(raw.share > 0 && raw.share <= 1)) report([...path, 'share'], 'drift.share must be a number in (0, 1]');
    else drift.share = raw.share;
  }
  if (raw.correction !== undefined) {
    if (typeof raw.correction !== 'string' || !CORRECTIONS.includes(raw.correction)) report([...path, 'correction'], `drift.correction must be one of ${CORRECTIONS.join(', ')}`);
    else drift.correction = raw.correction as PValueCorrection;
  }
  if (raw.columns !== undefined && raw.columns !== null) {
    if (!isMapping(raw.columns)) report([...path, 'columns'], 'drift.columns must map column names to { test, threshold }');
    else {
      for (const [column, settings] of Object.entries(raw.columns)) {
        const where: Path = [...path, 'columns', column];
        if (!isMapping(settings)) {
          report(where, `drift.columns.${column} must be a mapping (test, threshold)`);
          continue;
        }
        const { test, threshold } = settings;
        unknownKeys(settings, DRIFT_COLUMN_KEYS, where, 'drift', report);
        if (test !== undefined && (typeof test !== 'string' || !DRIFT_TESTS.includes(test))) report([...where, 'test'], `drift.columns.${column}.test must be one of ${DRIFT_TESTS.join(', ')}`);
        if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)) report([...where, 'threshold'], `drift.columns.${column}.threshold must be a non-negative number`);
        drift.columns[column] = { ...(typeof test === 'string' && { test: test as DriftTest }), ...(typeof threshold === 'number' && { threshold }) };
      }
    }
  }
  return drift;
}

function parseAlerts(raw: unknown, path: Path, report: Report): AlertRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report(path, 'alerts must be a list of rules (- when: "drift_share > 0.3")');
    return [];
  }
  const rules: AlertRule[] = [];
  raw.forEach((rule: unknown, i) => {
    const where: Path = [...path, i];
    if (!isMapping(rule)) return report(where, 'an alert rule must be a mapping with when, severity and cooldown');
    unknownKeys(rule, RULE_KEYS, where, 'alert rule', report);
    const condition = typeof rule.when === 'string' ? parseCondition(rule.when) : undefined;
    if (!condition) return report([...where, 'when'], `when must compare a metric to a number, e.g. "drift_share > 0.3"; metrics: ${MONITOR_METRICS.join(', ')}`);
    const severity = rule.severity ?? 'warning';
    if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) return report([...where, 'severity'], `severity must be one of ${SEVERITIES.join(', ')}`);
    const cooldown = rule.cooldown ?? 60;
    if (typeof cooldown !== 'number' || !Number.isFinite(cooldown) || cooldown < 0) return report([...where, 'cooldown'], 'cooldown must be a number of minutes (0 or more)');
    const retrain = parseFlag(rule.retrain, false, [...where, 'retrain'], 'retrain', report);
    rules.push({ when: (rule.when as string).trim(), ...condition, severity: severity as Severity, cooldownMinutes: cooldown, ...(retrain && { retrain }) });
  });
  return rules;
}
