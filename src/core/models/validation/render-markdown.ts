import { formatDelta, formatNumber } from './format';
import type { MetricName } from './metric-names';
import { labelText, metricsOfTask, readMetric } from './metric-names';
import type { ClassificationMetrics, Label } from './metrics';
import type { ValidationReport } from './report';
import { describeModel } from './report';

/** The report as Markdown: verdict, metrics (against the baseline), checks, per-class figures, confusion matrix. */
export function renderMarkdown(report: ValidationReport): string {
  const lines = [
    `## Validation of ${describeModel(report.model)}: ${report.passed ? '✓ passed' : '✗ failed'}`,
    '',
    `${cell(report.data.path)} (md5 ${report.data.md5.slice(0, 8)}, ${report.rows.toLocaleString('en')} rows), label column \`${report.label}\`, ${report.task}; ${formatSeconds(report.durationMs)}.`,
    '',
    ...metricsTable(report),
    '',
    ...checksTable(report),
  ];
  if (report.metrics.task === 'classification') lines.push('', ...perClassTable(report.metrics), '', ...confusionTable(report.metrics));
  return lines.join('\n') + '\n';
}

/** The report as stored and written: indented JSON. */
export function renderJson(report: ValidationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function metricsTable(report: ValidationReport): string[] {
  const names: MetricName[] = metricsOfTask(report.task);
  const baseline = report.baseline;
  const header = baseline ? ['metric', 'value', `baseline: ${cell(describeModel(baseline.model))}`, 'change'] : ['metric', 'value'];
  const rows = names.map((name) => {
    const { value, reason } = readMetric(report.metrics, name);
    const shown = value === null ? `n/a (${reason})` : formatNumber(value);
    if (!baseline) return [name, cell(shown)];
    const before = readMetric(baseline.metrics, name).value;
    return [name, cell(shown), formatNumber(before), value !== null && before !== null ? formatDelta(value - before) : ''];
  });
  return table(header, rows);
}

function checksTable(report: ValidationReport): string[] {
  if (report.checks.length === 0) return ['No criteria and no baseline were given, so nothing was checked.'];
  return ['### Checks', '', ...table(['', 'check', 'expected', 'actual', 'reason'], report.checks.map((c) => [c.passed ? '✓' : '✗', cell(c.name), c.expected, formatNumber(c.actual), cell(c.reason)]))];
}

function perClassTable(metrics: ClassificationMetrics): string[] {
  const rows = metrics.perClass.map((c) => [cell(labelText(c.label)), formatNumber(c.precision), formatNumber(c.recall), formatNumber(c.f1), String(c.support)]);
  return ['### Per class', '', ...table(['class', 'precision', 'recall', 'f1', 'support'], rows)];
}

function confusionTable(metrics: ClassificationMetrics): string[] {
  const { labels, counts } = metrics.confusionMatrix;
  const name = (l: Label) => cell(labelText(l));
  const rows = labels.map((l, i) => [`**${name(l)}**`, ...counts[i]!.map(String)]);
  return ['### Confusion matrix (rows: true class, columns: predicted)', '', ...table(['true \\ predicted', ...labels.map(name)], rows)];
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** Text safe inside a table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
