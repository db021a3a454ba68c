// Pure formatting of runs for the tree and the details document; unit-tested without VS Code.
import { formatDuration } from '../../shared/format-duration';
import type { Metric as WireMetric, Run as WireRun } from '../../shared/contract';

export function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : value.toPrecision(4).replace(/\.?0+$/, '');
}

/** Up to `count` metrics worth showing beside a run: accuracy- and loss-like first, never system ones. */
export function headlineMetrics(metrics: readonly WireMetric[], count = 2): WireMetric[] {
  const rank = (key: string): number => {
    const k = key.toLowerCase();
    if (/^val[_/-]?(acc|accuracy)$/.test(k)) return 0;
    if (/(^|[_/-])(acc|accuracy|f1|auc)$/.test(k)) return 1;
    if (/^val[_/-]?loss$/.test(k)) return 2;
    if (/loss|rmse|mae|error/.test(k)) return 3;
    return 4;
  };
  return metrics
    .filter((m) => !m.key.startsWith('system/'))
    .slice()
    .sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key))
    .slice(0, count);
}

export function runDuration(run: WireRun, now = Date.now()): number | undefined {
  if (run.info.start_time === undefined) return undefined;
  return (run.info.end_time ?? now) - run.info.start_time;
}

export function runDescription(run: WireRun, now = Date.now()): string {
  const parts: string[] = [];
  const duration = runDuration(run, now);
  if (duration !== undefined) parts.push(formatDuration(duration));
  for (const m of headlineMetrics(run.data.metrics ?? [])) parts.push(`${m.key} ${formatValue(m.value)}`);
  if (run.info.lifecycle_stage === 'deleted') parts.push('deleted');
  return parts.join(' · ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table of params and metrics, for the tooltip. */
export function runTooltipMarkdown(run: WireRun): string {
  const lines = [`**${escapeCell(run.info.run_name)}** · ${run.info.status.toLowerCase()}`, ''];
  const params = run.data.params ?? [];
  const metrics = (run.data.metrics ?? []).filter((m) => !m.key.startsWith('system/'));
  if (params.length > 0) {
    lines.push('| param | value |', '|---|---|', ...params.slice(0, 20).map((p) => `| ${escapeCell(p.key)} | ${escapeCell(p.value)} |`), '');
  }
  if (metrics.length > 0) {
    lines.push('| metric | latest | step |', '|---|---|---|', ...metrics.slice(0, 20).map((m) => `| ${escapeCell(m.key)} | ${formatValue(m.value)} | ${m.step} |`));
  }
  return lines.join('\n');
}
