import type { Check } from './criteria';
import { formatNumber } from './format';
import type { Metrics, Task } from './metrics';

/** Which model was validated: a registry version (reached by number or alias), or a file. */
export interface ModelRef {
  name?: string;
  version?: number;
  alias?: string;
  path?: string;
  sha256?: string;
}

/** What `mlops validate` produces and stores on the model version (JSON-safe). */
export interface ValidationReport {
  format: 1;
  model: ModelRef;
  data: { path: string; md5: string; size: number };
  label: string;
  rows: number;
  task: Task;
  metrics: Metrics;
  /** The criteria as given, e.g. ["accuracy>=0.9", "f1>=0.8"]. */
  criteria: string[];
  /** The criteria's checks, then the baseline comparisons. */
  checks: Check[];
  /** Every check passed (true when there are none). */
  passed: boolean;
  baseline?: { model: ModelRef; metrics: Metrics; maxRegression: number };
  /** ISO 8601. */
  started: string;
  durationMs: number;
}

/** A stored validation as read back from the registry, checked just enough to trust its verdict. */
export function isValidationReport(value: unknown): value is ValidationReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<ValidationReport>;
  return typeof report.passed === 'boolean' && Array.isArray(report.checks) && typeof report.metrics === 'object';
}

/** "churn v3", "churn@champion (v2)", "models/churn.onnx". */
export function describeModel(ref: ModelRef): string {
  if (ref.name === undefined) return ref.path ?? 'the model';
  if (ref.alias !== undefined) return `${ref.name}@${ref.alias}${ref.version !== undefined ? ` (v${ref.version})` : ''}`;
  return ref.version !== undefined ? `${ref.name} v${ref.version}` : ref.name;
}

/** "accuracy>=0.9 (0.87), f1>=0.8 (n/a)": the failed checks with their actual values. */
export function failedChecks(report: Pick<ValidationReport, 'checks'>): string {
  return report.checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name} (${formatNumber(c.actual)})`)
    .join(', ');
}
