// The params and metrics tables of the compare panel.
import type { CompareResponse } from '../../src/shared/compare';
import { h } from '../shared/dom';
import { bestIndex, formatValue, paramRows, runLabel } from './model';

function headerRow(first: string, data: CompareResponse): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'col' }, first), ...data.runs.map((run) => h('th', { scope: 'col', title: run.run_id }, runLabel(run))));
}

export function paramsTable(data: CompareResponse, onlyDifferences: boolean): HTMLElement {
  const rows = paramRows(data, onlyDifferences);
  if (rows.length === 0) return h('p', { class: 'empty' }, onlyDifferences ? 'All params are the same in these runs.' : 'These runs logged no params.');
  return h(
    'table',
    { class: 'grid params', 'aria-label': 'Params' },
    h('thead', {}, headerRow('Param', data)),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h('tr', { class: row.differs ? 'differs' : undefined, 'data-param': row.key }, h('th', { scope: 'row' }, row.key), ...row.values.map((v) => h('td', { class: v === null ? 'missing' : undefined }, v ?? '—'))),
      ),
    ),
  );
}

export function metricsTable(data: CompareResponse, directions: Record<string, 'min' | 'max'>, focus: string | undefined): HTMLElement {
  if (data.metrics.length === 0) return h('p', { class: 'empty' }, 'These runs logged no metrics.');
  return h(
    'table',
    { class: 'grid metrics', 'aria-label': 'Metrics' },
    h('thead', {}, headerRow('Metric', data)),
    h(
      'tbody',
      {},
      ...data.metrics.map((metric) => {
        const direction = directions[metric.key] ?? metric.direction;
        const best = bestIndex(metric, directions[metric.key]);
        return h(
          'tr',
          { 'data-metric': metric.key, class: metric.key === focus ? 'focused' : undefined },
          h(
            'th',
            { scope: 'row' },
            metric.key,
            ' ',
            h('button', { class: 'direction', 'data-direction-for': metric.key, title: `Best is ${direction === 'min' ? 'lowest' : 'highest'}; click to flip`, 'aria-label': `${metric.key}: best is ${direction === 'min' ? 'lowest' : 'highest'}, flip` }, direction === 'min' ? '↓' : '↑'),
          ),
          ...metric.per_run.map((s, i) =>
            s
              ? h(
                  'td',
                  { class: i === best ? 'best' : undefined, title: `min ${formatValue(s.min)} · max ${formatValue(s.max)} · ${s.count} points · step ${s.step}` },
                  h('span', { class: 'latest' }, formatValue(s.latest)),
                  i === best ? h('span', { class: 'best-mark', 'aria-label': 'best' }, ' ★') : null,
                  h('span', { class: 'range' }, `${formatValue(s.min)} – ${formatValue(s.max)}`),
                )
              : h('td', { class: 'missing' }, '—'),
          ),
        );
      }),
    ),
  );
}
