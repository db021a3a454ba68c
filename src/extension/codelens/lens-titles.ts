import { formatValue } from '../runs/run-format';
import type { MetricPoint, RunSummary } from './run-summary';
import { numeric } from './run-summary';

/** Lens titles and tooltips from a RunSummary. Pure: no vscode; unit-tested and benchmarked in Node. */

export interface LensText {
  title: string;
  tooltip: string;
}

const MAX_TRIED = 5;
const MAX_VALUE_CHARS = 24;

function shortValue(value: string): string {
  return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…` : value;
}

/** `▲0.012`, `▼0.3`, `±0`; undefined when either side is not a finite number. */
export function formatDelta(last: number | string, previous: number | string): string | undefined {
  const a = numeric(last);
  const b = numeric(previous);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const delta = a - b;
  if (delta === 0) return '±0';
  // Rounded to the shown precision so 0.925 - 0.913 reads 0.012, not 0.01200000000000001.
  const shown = formatValue(Number(Math.abs(delta).toPrecision(12)));
  return `${delta > 0 ? '▲' : '▼'}${shown}`;
}

function point(p: MetricPoint): string {
  return `${formatValue(p.value)} in ${p.runName}`;
}

function runsOf(summary: RunSummary): string {
  return `the last ${summary.runCount} run${summary.runCount === 1 ? '' : 's'}${summary.scope ? ` of ${summary.scope}` : ''}`;
}

/**
 * `accuracy 0.913`: the value the newest run logged, short enough to sit beside its neighbours;
 * the trend, the best value and the runs are in the tooltip. `accuracy — not logged yet` otherwise.
 */
export function metricLensText(key: string, summary: RunSummary): LensText {
  const s = summary.metrics.get(key);
  if (!s) {
    return { title: `${key} — not logged yet`, tooltip: `None of ${runsOf(summary)} logged ${key}. Click to compare runs.` };
  }
  const delta = s.previous && formatDelta(s.last.value, s.previous.value);
  const lastIsBest = s.runs > 1 && s.best?.runId === s.last.runId;
  const tooltip = [
    `${key}: ${s.lowerIsBetter ? 'lower' : 'higher'} is better · logged by ${s.runs} of ${runsOf(summary)}`,
    `last: ${point(s.last)}${lastIsBest ? ' (best)' : ''}`,
    ...(s.previous ? [`previous: ${point(s.previous)}${delta ? ` · trend ${delta}` : ''}`] : []),
    ...(s.best && !lastIsBest && s.runs > 1 ? [`best: ${point(s.best)}`] : []),
    `Click to compare runs on ${key}.`,
  ].join('\n');
  return { title: `${key} ${formatValue(s.last.value)}`, tooltip };
}

/** Distinct values for display: numbers high to low, other values newest first. */
export function triedValues(values: readonly string[]): string {
  const numbers = values.map(Number);
  const allNumeric = values.every((v, i) => v.trim() !== '' && Number.isFinite(numbers[i]));
  const ordered = allNumeric ? [...values].sort((a, b) => Number(b) - Number(a)) : [...values];
  const shown = ordered.slice(0, MAX_TRIED).map(shortValue).join(', ');
  return ordered.length > MAX_TRIED ? `${shown} +${ordered.length - MAX_TRIED} more` : shown;
}

/** `lr 0.01 in best run` (or `in last run` when no run logged a metric); the runs and values tried in the tooltip. */
export function paramLensText(key: string, summary: RunSummary): LensText {
  const s = summary.params.get(key);
  if (!s) {
    return { title: `${key} — not logged yet`, tooltip: `None of ${runsOf(summary)} logged the param ${key}. Click to compare runs.` };
  }
  const best = summary.bestRun;
  let title: string;
  let why: string;
  if (best) {
    const value = best.params.get(key);
    title = value === undefined ? `${key} not set in best run` : `${key} ${shortValue(value)} in best run`;
    why = `best run: ${best.runName}, by ${best.metric} ${formatValue(best.value)}`;
  } else {
    title = `${key} ${shortValue(s.last.value)} in last run`;
    why = `last run: ${s.last.runName} (no run logged a metric, so there is no best run)`;
  }
  const tooltip = [
    `${key}: ${s.values.length} value${s.values.length === 1 ? '' : 's'} in ${s.runs} of ${runsOf(summary)}`,
    why,
    `tried: ${triedValues(s.values)}`,
    `Click to compare runs by ${key}.`,
  ].join('\n');
  return { title, tooltip };
}

/** The text of a metric or param lens, formatted once per summary (many lenses share a key). */
export function lensText(kind: 'metric' | 'param', key: string, summary: RunSummary): LensText {
  const id = `${kind}:${key}`;
  let text = summary.texts.get(id);
  if (!text) {
    text = kind === 'metric' ? metricLensText(key, summary) : paramLensText(key, summary);
    summary.texts.set(id, text);
  }
  return text;
}
