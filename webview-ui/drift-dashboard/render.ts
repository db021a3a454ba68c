// The dashboard's non-chart pieces: header facts, the features table, the feature picker, empty states.
import type { MonitorStatus, MonitorSummary } from '../../src/shared/monitors';
import { h } from '../shared/dom';
import type { FeatureScores, HeaderFact } from './model';
import { formatNumber } from './model';

const STATUS_TEXT: Record<MonitorStatus, string> = { ok: 'OK', drifting: 'Drifting', alerting: 'Alerting', 'not-enough-data': 'Not enough data', error: 'Error', idle: 'Idle' };

export function statusBadge(summary: MonitorSummary | null): HTMLElement {
  if (!summary) return h('span', { id: 'monitor-status', class: 'badge', 'data-status': 'unknown' }, 'Not configured');
  return h('span', { id: 'monitor-status', class: 'badge', 'data-status': summary.status, title: summary.error }, STATUS_TEXT[summary.status] ?? summary.status);
}

export function factList(facts: readonly HeaderFact[]): HTMLElement {
  return h('dl', { id: 'facts', class: 'facts' }, ...facts.flatMap((f) => [h('dt', {}, f.label), h('dd', { id: f.id }, f.value)]));
}

/** What to do when there is nothing to draw. */
export function emptyMessage(monitor: string, summary: MonitorSummary | null, results: number): string | null {
  if (results > 0) return null;
  if (!summary) return `No monitor named "${monitor}" in mlops.yaml: add it under monitors:, or open another with MLOps: Open Drift Dashboard.`;
  if (summary.error) return `The last run failed: ${summary.error}`;
  return 'No results yet: serve the model and send requests, or run MLOps: Run Monitor Now (the Run Now button above).';
}

/** Every feature of the latest result, most drifted first, untested ones last; rows are buttons that pick the feature. */
export function featuresTable(scores: FeatureScores, selected: string | null): HTMLElement {
  if (scores.bars.length === 0 && scores.untested.length === 0) return h('p', { class: 'empty' }, 'The latest result compared no features.');
  const row = (column: string, verdict: string, cls: string, detail: string) =>
    h(
      'tr',
      { 'data-feature': column, class: [cls, column === selected ? 'selected' : ''].filter(Boolean).join(' '), 'aria-selected': column === selected ? 'true' : 'false' },
      h('th', { scope: 'row' }, h('button', { class: 'feature-link', 'data-feature': column, title: `Show ${column}'s reference and current distributions` }, column)),
      h('td', { class: 'verdict' }, verdict),
      h('td', {}, detail),
    );
  return h(
    'table',
    { class: 'grid features', 'aria-label': 'Drift per feature' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Verdict'), h('th', { scope: 'col' }, 'Test'))),
    h(
      'tbody',
      {},
      ...scores.bars.map((b) => row(b.column, b.drifted ? 'drifted' : 'stable', b.drifted ? 'drifted' : 'stable', `${b.detail} · score ${formatNumber(b.score)}`)),
      ...scores.untested.map((u) => row(u.column, 'untested', 'untested', u.reason)),
    ),
  );
}

/** The feature picker beside the histogram, in the table's order. */
export function featureSelect(columns: readonly string[], selected: string | null): HTMLElement {
  return h('vscode-single-select', { id: 'feature-select', 'aria-label': 'Feature' }, ...columns.map((c) => h('vscode-option', { value: c, selected: c === selected }, c)));
}
