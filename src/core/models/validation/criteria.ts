import { invalid } from '../../errors';
import { formatDelta, formatNumber } from './format';
import type { MetricName } from './metric-names';
import { METRICS, METRIC_NAMES, describeTask, isMetricName, metricsOfTask, readMetric } from './metric-names';
import type { Metrics, Task } from './metrics';

export const OPERATORS = ['>=', '>', '<=', '<', '=='] as const;
export type Operator = (typeof OPERATORS)[number];

/** One parsed criterion, e.g. `f1[cat]>=0.8`. */
export interface Criterion {
  /** As written, trimmed. */
  text: string;
  metric: MetricName;
  /** The class of a per-class criterion, as written between the brackets. */
  label?: string;
  operator: Operator;
  threshold: number;
}

/** The outcome of one criterion or one baseline comparison. */
export interface Check {
  name: string;
  expected: string;
  actual: number | null;
  passed: boolean;
  reason: string;
}

const CRITERION = /^([A-Za-z0-9_]+)\s*(?:\[([^\]]*)\])?\s*(>=|<=|==|>|<)\s*(.*)$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Float noise in a difference of two metrics must not decide a regression. */
const TOLERANCE = 1e-12;

/** Parses `"accuracy>=0.9,f1>=0.8,f1[cat]>0.5"`; errors name the part that is wrong. */
export function parseCriteria(text: string): Criterion[] {
  if (text.trim() === '') throw invalid('the criteria are empty: give comparisons such as "accuracy>=0.9,f1>=0.8"');
  return splitOutsideBrackets(text).map((part, i) => parseCriterion(part.trim(), i + 1));
}

function parseCriterion(text: string, position: number): Criterion {
  const where = text === '' ? `criterion ${position}` : `criterion "${text}"`;
  if (text === '') throw invalid(`${where} is empty (two commas in a row, or a comma at an end?)`);
  const match = CRITERION.exec(text);
  if (!match) {
    if (/^[A-Za-z0-9_[\]]+\s*=[^=]/.test(text)) throw invalid(`${where}: "=" is no comparison; use == (or >=, >, <=, <)`);
    throw invalid(`${where}: expected METRIC OPERATOR NUMBER, such as accuracy>=0.9 (operators: ${OPERATORS.join(' ')})`);
  }
  const [, name, label, operator, value] = match as unknown as [string, string, string | undefined, Operator, string];
  if (!isMetricName(name)) throw invalid(`${where}: unknown metric "${name}"; known: ${METRIC_NAMES.join(', ')}`);
  if (label !== undefined) {
    const perClass = METRIC_NAMES.filter((n) => METRICS[n].perClass);
    if (!perClass.includes(name)) throw invalid(`${where}: ${name} has no per-class value; per class: ${perClass.map((n) => `${n}[CLASS]`).join(', ')}`);
    if (label.trim() === '') throw invalid(`${where}: the class between the brackets is empty`);
  }
  if (!NUMBER.test(value.trim())) throw invalid(`${where}: "${value.trim()}" is not a number`);
  return { text, metric: name, ...(label !== undefined && { label: label.trim() }), operator, threshold: Number(value.trim()) };
}

function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let [depth, start] = [0, 0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth = Math.max(0, depth - 1);
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Refuses criteria that cannot apply to the model's task, before any row is scored. */
export function checkCriteriaTask(criteria: readonly Criterion[], task: Task): void {
  const wrong = criteria.find((c) => METRICS[c.metric].task !== task);
  if (wrong) throw invalid(`criterion "${wrong.text}" is for a ${describeTask(METRICS[wrong.metric].task)}; this model is a ${describeTask(task)} (its metrics: ${metricsOfTask(task).join(', ')})`);
}

export function evaluateCriteria(criteria: readonly Criterion[], metrics: Metrics): Check[] {
  return criteria.map((criterion) => {
    const expected = `${criterion.operator} ${formatNumber(criterion.threshold)}`;
    const { value, reason } = readMetric(metrics, criterion.metric, criterion.label);
    if (value === null) return { name: criterion.text, expected, actual: null, passed: false, reason: reason ?? 'no value' };
    const passed = compare(value, criterion.operator, criterion.threshold);
    return { name: criterion.text, expected, actual: value, passed, reason: `${formatNumber(value)} ${passed ? '' : 'is not '}${expected}` };
  });
}

function compare(value: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
  }
}

/**
 * One check per metric of the task that both have: "regressed" means worse than the baseline by
 * more than `maxRegression` (absolute), worse being lower, or higher for log_loss, mae and rmse.
 * A metric without a value on either side is not compared.
 */
export function compareWithBaseline(metrics: Metrics, baseline: Metrics, maxRegression: number, baselineName: string): Check[] {
  if (!(maxRegression >= 0) || !Number.isFinite(maxRegression)) throw invalid(`the allowed regression must be a number ≥ 0, got ${maxRegression}`);
  const checks: Check[] = [];
  for (const name of metricsOfTask(metrics.task)) {
    const [now, before] = [readMetric(metrics, name).value, readMetric(baseline, name).value];
    if (now === null || before === null) continue;
    const higherIsBetter = METRICS[name].better === 'higher';
    const worseBy = higherIsBetter ? before - now : now - before;
    const passed = worseBy <= maxRegression + TOLERANCE;
    const bound = higherIsBetter ? `>= ${formatNumber(before - maxRegression)}` : `<= ${formatNumber(before + maxRegression)}`;
    const change = `${formatDelta(now - before)} against ${formatNumber(before)}`;
    checks.push({
      name: `${name} vs ${baselineName}`,
      expected: `${bound} (at most ${formatNumber(maxRegression)} worse)`,
      actual: now,
      passed,
      reason: passed ? `${formatNumber(now)}: ${change}` : `${formatNumber(now)}: regressed, ${change}, more than ${formatNumber(maxRegression)} worse`,
    });
  }
  return checks;
}
