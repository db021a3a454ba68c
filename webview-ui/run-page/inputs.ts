// The run page's Inputs section: datasets the run logged (MLflow's log_input) and the data version each names.
import type { RunPageInput } from '../../src/shared/run-page';
import { h } from '../shared/dom';

/** The source as people read it: the URI/path of MLflow's JSON source (`{"uri": …}`), else the text itself. */
export function sourceLabel(source: string): string {
  try {
    const parsed = JSON.parse(source) as Record<string, unknown>;
    const named = [parsed.uri, parsed.path, parsed.url].find((v): v is string => typeof v === 'string');
    if (named) return named;
  } catch {
    // not JSON: a bare path or URI
  }
  return source.length > 200 ? `${source.slice(0, 200)}…` : source;
}

function dataVersionCell(input: RunPageInput): HTMLElement {
  const dv = input.data_version;
  if (!dv) return h('td', { class: 'empty' }, 'not tracked data');
  if (dv.version === undefined) return h('td', {}, dv.path);
  return h(
    'td',
    {},
    h('button', { class: 'link', type: 'button', 'data-action': 'revealDataset', 'data-path': dv.path, 'data-version': String(dv.version), title: 'Show this version in the Datasets view' }, `${dv.path} v${dv.version}`),
    dv.md5 ? h('code', { class: 'hash' }, dv.md5.slice(0, 8)) : '',
  );
}

export function inputsTable(inputs: RunPageInput[], modelInputs: string[]): HTMLElement {
  if (inputs.length === 0 && modelInputs.length === 0) return h('p', { id: 'inputs', class: 'empty' }, 'No inputs logged: a script logs datasets with mlflow.log_input.');
  const rows = inputs.map((input) =>
    h(
      'tr',
      { 'data-dataset': input.name },
      h('th', { scope: 'row' }, input.name, input.context ? h('span', { class: 'term' }, ` (${input.context})`) : ''),
      h('td', {}, h('code', { class: 'hash' }, input.digest)),
      h('td', { title: input.source }, sourceLabel(input.source)),
      dataVersionCell(input),
    ),
  );
  const models = modelInputs.map((id) => h('tr', { 'data-model': id }, h('th', { scope: 'row' }, 'model'), h('td', {}, h('code', {}, id)), h('td', {}, 'logged model'), h('td', {}, '')));
  return h(
    'table',
    { id: 'inputs', class: 'grid' },
    h('thead', {}, h('tr', {}, ...['dataset', 'digest', 'source', 'data version'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows, ...models),
  );
}
