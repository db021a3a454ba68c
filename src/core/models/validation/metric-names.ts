import type { ClassificationMetrics, Label, Metrics, RegressionMetrics, Task } from './metrics';

export type Better = 'higher' | 'lower';

interface MetricSpec {
  task: Task;
  better: Better;
  /** Whether `name[class]` reads one class's value. */
  perClass: boolean;
  read(metrics: Metrics): number | null;
}

const classification = (read: (m: ClassificationMetrics) => number | null, better: Better = 'higher', perClass = false): MetricSpec => ({
  task: 'classification',
  better,
  perClass,
  read: (m) => read(m as ClassificationMetrics),
});
const regression = (read: (m: RegressionMetrics) => number | null, better: Better): MetricSpec => ({ task: 'regression', better, perClass: false, read: (m) => read(m as RegressionMetrics) });

/** The metrics criteria may name, in report order: precision, recall and f1 are macro averages. */
export const METRICS = {
  accuracy: classification((m) => m.accuracy),
  precision: classification((m) => m.precision, 'higher', true),
  recall: classification((m) => m.recall, 'higher', true),
  f1: classification((m) => m.f1, 'higher', true),
  roc_auc: classification((m) => m.rocAuc),
  log_loss: classification((m) => m.logLoss, 'lower'),
  mae: regression((m) => m.mae, 'lower'),
  rmse: regression((m) => m.rmse, 'lower'),
  r2: regression((m) => m.r2, 'higher'),
} satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function metricsOfTask(task: Task): MetricName[] {
  return METRIC_NAMES.filter((name) => METRICS[name].task === task);
}

/** A metric's value in `metrics`, or null and why not. */
export function readMetric(metrics: Metrics, name: MetricName, label?: string): { value: number | null; reason?: string } {
  const spec: MetricSpec = METRICS[name];
  if (spec.task !== metrics.task) return { value: null, reason: `${name} is a ${spec.task} metric; this model is a ${describeTask(metrics.task)}` };
  if (label !== undefined) {
    const perClass = (metrics as ClassificationMetrics).perClass;
    const found = perClass.find((c) => labelText(c.label) === label);
    if (!found) return { value: null, reason: `no class ${JSON.stringify(label)} in the data or the predictions (classes: ${perClass.map((c) => labelText(c.label)).join(', ')})` };
    return { value: found[name as 'precision' | 'recall' | 'f1'] };
  }
  const value = spec.read(metrics);
  return value === null ? { value, reason: metrics.unavailable[name] ?? `${name} has no value` } : { value };
}

export function describeTask(task: Task): string {
  return task === 'classification' ? 'classifier' : 'regressor';
}

export function labelText(label: Label): string {
  return typeof label === 'string' ? label : String(label);
}
