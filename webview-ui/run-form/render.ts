// The Run Experiment form as DOM: command, one row per param, experiment, run name, Run / Cancel.
import type { RunFormModel, RunFormParam, RunFormSubmission } from '../../src/shared/webview/run-form-messages';
import { h } from '../shared/dom';

type TextField = HTMLElement & { value: string };

function field(id: string, value: string, attrs: Record<string, string | undefined> = {}): TextField {
  const el = h('vscode-textfield', { id, ...attrs }) as TextField;
  el.value = value;
  return el;
}

/** One param row: the key (editable only for params added here), its value, and Remove. */
export function paramRow(param: RunFormParam, added = false): HTMLElement {
  const key = added ? field('', param.key, { class: 'param-key', placeholder: 'name', label: 'Param name' }) : h('span', { class: 'param-key fixed' }, param.key);
  const value = field('', param.value, { class: 'param-value', 'data-key': added ? undefined : param.key, label: added ? 'Param value' : `Value of ${param.key}` });
  return h(
    'tr',
    { class: 'param', 'data-key': added ? undefined : param.key },
    h('th', { scope: 'row' }, key),
    h('td', {}, value),
    h('td', { class: 'actions' }, h('vscode-button', { class: 'remove-param', secondary: true, title: `Remove ${param.key || 'this param'}` }, 'Remove')),
  );
}

export function renderForm(form: RunFormModel): HTMLElement {
  const experiments = form.experiments.filter((e) => e !== form.experiment);
  return h(
    'form',
    { id: 'run-form', 'data-source': form.source },
    h('h1', {}, form.title),
    h('p', { class: 'note', id: 'source-note' }, form.sourceNote),
    h('div', { class: 'row' }, h('vscode-label', { for: 'command' }, 'Command'), field('command', form.command, { label: 'Command', class: 'wide', placeholder: 'python train.py' })),
    h('h2', {}, 'Params'),
    h('p', { class: 'note' }, 'Passed as -p key=value and MLOPS_PARAM_<KEY>, and recorded on the run.'),
    h(
      'table',
      { class: 'params' },
      h('tbody', { id: 'params' }, ...form.params.map((p) => paramRow(p, p.key === ''))),
    ),
    form.params.length === 0 ? h('p', { class: 'empty', id: 'no-params' }, 'No params yet.') : null,
    h('vscode-button', { id: 'add-param', secondary: true }, 'Add Param'),
    h('h2', {}, 'Run'),
    h(
      'div',
      { class: 'row' },
      h('vscode-label', { for: 'experiment' }, 'Experiment'),
      field('experiment', form.experiment, { label: 'Experiment', placeholder: 'Default' }),
      experiments.length ? h('span', { class: 'note' }, `others: ${experiments.join(', ')}`) : null,
    ),
    h('div', { class: 'row' }, h('vscode-label', { for: 'run-name' }, 'Run name'), field('run-name', form.runName, { label: 'Run name', placeholder: 'generated' })),
    h('div', { class: 'buttons' }, h('vscode-button', { id: 'run' }, 'Run'), h('vscode-button', { id: 'cancel', secondary: true }, 'Cancel')),
    h('p', { id: 'form-status', class: 'status', role: 'status' }),
  );
}

/** What the form holds now. */
export function readForm(root: HTMLElement): RunFormSubmission {
  const text = (selector: string): string => (root.querySelector(selector) as TextField | null)?.value ?? '';
  const params = [...root.querySelectorAll<HTMLElement>('#params tr.param')].map((row) => {
    const key = row.dataset.key ?? (row.querySelector('.param-key') as TextField | null)?.value ?? '';
    return { key, value: (row.querySelector('.param-value') as TextField | null)?.value ?? '' };
  });
  return { command: text('#command'), params, experiment: text('#experiment'), runName: text('#run-name') };
}
