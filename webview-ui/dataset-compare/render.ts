// The dataset-versions comparison as DOM: header, schema changes, per-column statistics with drift.
import type { ColumnComparison, ColumnStats, VersionComparison } from '../../src/shared/data-compare';
import { h } from '../shared/dom';

function format(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return String(Number(value.toPrecision(4)));
}

function share(part: number, whole: number): string {
  return whole === 0 ? '—' : `${(100 * part / whole).toFixed(1)}%`;
}

function statsCell(stats: ColumnStats | null): HTMLElement {
  if (!stats) return h('td', { class: 'missing' }, '—');
  const numeric = stats.mean !== null;
  return h(
    'td',
    {},
    h('div', {}, h('span', { class: 'type' }, stats.type), ` · ${format(stats.count)} rows · ${share(stats.missing, stats.count)} missing`, stats.unique !== null ? ` · ${format(stats.unique)} unique` : ''),
    numeric
      ? h('div', { class: 'detail' }, `mean ${format(stats.mean)} · std ${format(stats.std)} · min ${format(stats.min)} · max ${format(stats.max)}`)
      : stats.top.length
        ? h('div', { class: 'detail' }, `top: ${stats.top.slice(0, 3).map((t) => `${t.value} (${format(t.count)})`).join(', ')}`)
        : null,
  );
}

function driftCell(column: ColumnComparison): HTMLElement {
  const d = column.drift;
  if (!d) return h('td', { class: 'missing' }, column.status === 'same' || column.status === 'retyped' ? 'no data' : '—');
  const label = `${d.test} ${format(d.pValue ?? d.statistic)}${d.pValue !== null ? ' (p)' : ''}`;
  return h('td', { class: d.drifted ? 'drifted' : 'stable', title: `${d.test}: statistic ${format(d.statistic)}${d.pValue !== null ? `, p-value ${format(d.pValue)}` : ''}, threshold ${format(d.threshold)}` }, d.drifted ? `drift · ${label}` : `stable · ${label}`);
}

const STATUS_TEXT: Record<ColumnComparison['status'], string> = { same: '', added: 'added', removed: 'removed', retyped: 'type changed' };

export function renderComparison(c: VersionComparison): HTMLElement {
  const title = h('h1', {}, `${c.path}: v${c.from.version} → v${c.to.version}`);
  const swap = h('vscode-button', { secondary: true, id: 'swap' }, 'Swap');
  const meta = h('p', { class: 'meta' }, `${c.from.md5.slice(0, 8)} → ${c.to.md5.slice(0, 8)}${c.from.md5 === c.to.md5 ? ' (identical content)' : ''}`);
  const parts: HTMLElement[] = [h('header', {}, title, swap), meta];
  if (c.table) {
    const t = c.table;
    const delta = t.rows.to - t.rows.from;
    const changes = t.columns.filter((col) => col.status !== 'same');
    parts.push(
      h('section', { 'aria-labelledby': 'summary-title' }, h('h2', { id: 'summary-title' }, 'Summary'),
        h('ul', { class: 'summary' },
          h('li', { id: 'rows' }, `Rows: ${format(t.rows.from)} → ${format(t.rows.to)} (${delta >= 0 ? '+' : ''}${format(delta)})`),
          h('li', {}, `Schema: ${changes.length === 0 ? 'unchanged' : changes.map((col) => `${col.name} ${STATUS_TEXT[col.status]}${col.status === 'retyped' ? ` (${col.from?.type} → ${col.to?.type})` : ''}`).join(', ')}`),
          t.driftedShare !== null ? h('li', { id: 'drift-share' }, `Drifted columns: ${(t.driftedShare * 100).toFixed(0)}%`) : null,
          t.approximate ? h('li', { class: 'note' }, 'Large versions: drift scores come from bounded-memory profiles (sketches), not every value.') : null,
        ),
      ),
      h('section', { 'aria-labelledby': 'columns-title' }, h('h2', { id: 'columns-title' }, 'Columns'),
        h('table', { class: 'grid columns', 'aria-label': 'Columns side by side' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, `v${c.from.version}`), h('th', { scope: 'col' }, `v${c.to.version}`), h('th', { scope: 'col' }, 'Drift'))),
          h('tbody', {}, ...t.columns.map((col) =>
            h('tr', { 'data-column': col.name, class: col.status === 'same' ? undefined : col.status },
              h('th', { scope: 'row' }, col.name, col.status !== 'same' ? h('span', { class: 'badge' }, STATUS_TEXT[col.status]) : null),
              statsCell(col.from), statsCell(col.to), driftCell(col)),
          )),
        ),
      ),
    );
  } else if (c.files) {
    const f = c.files;
    parts.push(
      h('section', { 'aria-labelledby': 'files-title' }, h('h2', { id: 'files-title' }, 'Files'),
        f.added.length + f.removed.length + f.modified.length === 0 ? h('p', { class: 'empty' }, 'No file changed.') : null,
        h('ul', { class: 'files' },
          ...f.added.map((p) => h('li', { class: 'added' }, `+ ${p}`)),
          ...f.removed.map((p) => h('li', { class: 'removed' }, `− ${p}`)),
          ...f.modified.map((p) => h('li', { class: 'retyped' }, `M ${p}`)),
        ),
      ),
    );
  } else {
    parts.push(h('p', { class: 'empty' }, 'No table statistics for this format (CSV, TSV, JSONL and Parquet have them).'));
  }
  return h('div', {}, ...parts);
}
