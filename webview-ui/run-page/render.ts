// The run page's static parts: status and facts, lineage with its links, params, metric summaries, tags.
import { formatDuration } from '../../src/shared/format-duration';
import type { RunPageMetric, RunPageRun } from '../../src/shared/run-page';
import { h } from '../shared/dom';
import type { Lineage } from './model';
import { formatValue, runDuration } from './model';

export function statusBadge(run: RunPageRun): HTMLElement {
  const deleted = run.lifecycle_stage === 'deleted';
  return h('span', { id: 'run-status', class: 'badge', 'data-status': run.status.toLowerCase() }, `${run.status.toLowerCase()}${deleted ? ' (deleted)' : ''}`);
}

function fact(id: string, term: string, ...value: (Node | string)[]): Node[] {
  return [h('dt', {}, term), h('dd', { id: `fact-${id}` }, ...value)];
}

export function factList(run: RunPageRun, now: number): HTMLElement {
  const duration = runDuration(run, now);
  return h(
    'dl',
    { class: 'facts' },
    ...fact('experiment', 'experiment', run.experiment_name),
    ...fact('started', 'started', run.start_time === null ? '—' : new Date(run.start_time).toLocaleString()),
    ...fact('duration', 'duration', duration === null ? '—' : `${formatDuration(duration)}${run.end_time === null && run.status === 'RUNNING' ? ' so far' : ''}`),
    ...fact('run-id', 'run id', h('code', {}, run.run_id)),
  );
}

/** A button that looks like a link; `data-action` and its data-* say what the page asks for. */
function link(text: string, action: string, data: Record<string, string>, title: string): HTMLElement {
  const attrs: Record<string, string> = { class: 'link', type: 'button', 'data-action': action, title };
  for (const [k, v] of Object.entries(data)) attrs[`data-${k}`] = v;
  return h('button', attrs, text);
}

export function lineageList(lineage: Lineage, hasDiff: boolean): HTMLElement {
  const items: HTMLElement[] = [];
  items.push(h('li', { id: 'lineage-command' }, h('span', { class: 'term' }, 'command'), h('code', {}, lineage.command ?? '—')));
  const git = lineage.git;
  items.push(
    h(
      'li',
      { id: 'lineage-git' },
      h('span', { class: 'term' }, 'git'),
      ...(git
        ? [
            link(git.commit.slice(0, 12), 'copy', { text: git.commit }, 'Copy the full commit id'),
            git.branch ? ` on ${git.branch}` : '',
            git.dirty ? ' with uncommitted changes' : '',
            ...(git.dirty && hasDiff ? [' (', link('show the diff', 'preview', { path: 'lineage/git.diff' }, 'Preview lineage/git.diff'), ')'] : []),
          ]
        : ['not a git repository']),
    ),
  );
  for (const d of lineage.data) {
    items.push(
      h(
        'li',
        { class: 'lineage-data', 'data-path': d.path },
        h('span', { class: 'term' }, 'data'),
        d.version === null ? `${d.path}` : link(`${d.path} v${d.version}`, 'revealDataset', { path: d.path, version: String(d.version) }, 'Show this version in the Datasets view'),
        d.md5 ? h('code', { class: 'hash' }, d.md5.slice(0, 8)) : '',
      ),
    );
  }
  if (lineage.data.length === 0) items.push(h('li', {}, h('span', { class: 'term' }, 'data'), 'no tracked data recorded'));
  for (const m of lineage.models) {
    items.push(h('li', { class: 'lineage-model' }, h('span', { class: 'term' }, 'model'), link(`${m.name} v${m.version}`, 'revealModel', { name: m.name, version: m.version }, 'Show this version in the Models view')));
  }
  if (lineage.parentRunId) items.push(h('li', {}, h('span', { class: 'term' }, 'parent run'), link(lineage.parentRunId.slice(0, 8), 'openRun', { run: lineage.parentRunId }, 'Open the parent run')));
  if (lineage.environment.length || lineage.exit) items.push(h('li', {}, h('span', { class: 'term' }, 'process'), [...lineage.environment, ...(lineage.exit ? [lineage.exit] : [])].join(' · ')));
  return h('ul', { id: 'lineage', class: 'lineage' }, ...items);
}

export function keyValueTable(id: string, rows: [string, string][], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { id, class: 'empty' }, empty);
  return h('table', { id, class: 'grid' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', { 'data-key': k }, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

export function metricsTable(metrics: RunPageMetric[]): HTMLElement {
  const cell = (v: number | string | null): HTMLElement => h('td', { class: 'num' }, v === null ? '—' : formatValue(v));
  return h(
    'table',
    { id: 'metrics-table', class: 'grid' },
    h('thead', {}, h('tr', {}, ...['metric', 'latest', 'min', 'max', 'step', 'points'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...metrics.map((m) => h('tr', { 'data-metric': m.key }, h('th', { scope: 'row' }, m.key), cell(m.latest), cell(m.min), cell(m.max), cell(m.step), cell(m.count)))),
  );
}
