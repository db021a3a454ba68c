// The built Run Experiment form (dist/webview/run-form.js) in a DOM, driven by the extension's messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunFormModel } from '../../../src/shared/webview/run-form-messages';
import { parseRunFormFromWebview, parseRunFormToWebview, submissionProblem } from '../../../src/shared/webview/run-form-messages';
import { openBundlePage, type BundlePage } from './bundle-page';

const form: RunFormModel = {
  title: 'mlops: train',
  command: 'node train.js',
  params: [
    { key: 'learning_rate', value: '0.5' },
    { key: 'epochs', value: '40' },
  ],
  source: 'task',
  sourceNote: 'Params of mlops: train.',
  experiment: 'weather',
  runName: '',
  experiments: ['Default', 'weather'],
};

let view: BundlePage;

type Field = { value: string };
const app = () => view.app();
const send = (data: unknown): void => view.send(data);
const click = (selector: string): void => view.click(selector);
const field = (selector: string): Field => app().querySelector(selector) as unknown as Field;
const type = (selector: string, value: string): void => {
  field(selector).value = value;
  app().querySelector(selector)!.dispatchEvent(new view.window.Event('input', { bubbles: true, composed: true }));
};

describe('Run Experiment form (built bundle in a DOM)', () => {
  before(() => {
    view = openBundlePage('run-form');
  });
  after(() => view.close());

  it('says it is ready, then shows one field per param, the command, experiment and run name', () => {
    assert.deepEqual(view.posted, [{ type: 'ready' }]);
    send({ type: 'init', form });
    assert.equal(app().querySelector('h1')!.textContent, 'mlops: train');
    assert.equal(app().querySelector('#source-note')!.textContent, 'Params of mlops: train.');
    assert.deepEqual([...app().querySelectorAll('#params tr.param')].map((r) => r.getAttribute('data-key')), ['learning_rate', 'epochs']);
    assert.equal(field('vscode-textfield[data-key="learning_rate"]').value, '0.5');
    assert.equal(field('#command').value, 'node train.js');
    assert.equal(field('#experiment').value, 'weather');
    assert.match(app().textContent!, /others: Default/);
  });

  it('sends the edited values when Run is pressed, and disables Run while it starts', () => {
    type('vscode-textfield[data-key="learning_rate"]', '0.2');
    type('#run-name', 'faster');
    assert.equal((view.saved as RunFormModel).params[0]!.value, '0.2', 'the draft is kept for a hidden-then-shown panel');
    click('#run');
    assert.deepEqual(view.posted.at(-1), {
      type: 'run',
      submission: { command: 'node train.js', params: [{ key: 'learning_rate', value: '0.2' }, { key: 'epochs', value: '40' }], experiment: 'weather', runName: 'faster' },
    });
    assert.ok(app().querySelector('#run')!.hasAttribute('disabled'));
    send({ type: 'error', message: 'The MLOps runtime is not running.' });
    assert.ok(!app().querySelector('#run')!.hasAttribute('disabled'));
    assert.equal(app().querySelector('#form-status')!.getAttribute('role'), 'alert');
  });

  it('adds and removes params', () => {
    click('#add-param');
    const added = app().querySelector('#params tr.param:last-child')!;
    type('#params tr.param:last-child .param-key', 'l2');
    type('#params tr.param:last-child .param-value', '0.01');
    (app().querySelector('tr.param[data-key="epochs"] .remove-param') as unknown as { click(): void }).click();
    assert.ok(added.isConnected);
    const count = view.posted.length;
    click('#run');
    assert.equal(view.posted.length, count + 1);
    assert.deepEqual((view.posted.at(-1) as { submission: { params: unknown } }).submission.params, [{ key: 'learning_rate', value: '0.2' }, { key: 'l2', value: '0.01' }]);
  });

  it('refuses in the form what cannot run, without asking the extension', () => {
    click('#add-param');
    const count = view.posted.length;
    click('#run');
    assert.equal(view.posted.length, count, 'nothing sent');
    assert.equal(app().querySelector('#form-status')!.textContent, 'Every param needs a name.');
  });

  it('restores its draft when shown again, and ignores malformed messages', () => {
    const before = app().innerHTML;
    send({ type: 'init', form: { ...form, params: 'all' } });
    assert.equal(app().innerHTML, before);
    send({ type: 'init', form });
    assert.equal(field('vscode-textfield[data-key="learning_rate"]').value, '0.2', 'the draft of the same form wins');
  });
});

describe('Run Experiment form messages', () => {
  it('validates both directions', () => {
    assert.deepEqual(parseRunFormFromWebview({ type: 'run', submission: { command: 'x', params: [{ key: 'a', value: '1', extra: true }], experiment: '', runName: '' } }), {
      type: 'run',
      submission: { command: 'x', params: [{ key: 'a', value: '1' }], experiment: '', runName: '' },
    });
    assert.equal(parseRunFormFromWebview({ type: 'run', submission: { command: 1 } }), undefined);
    assert.equal(parseRunFormFromWebview({ type: 'delete' }), undefined);
    assert.deepEqual(parseRunFormToWebview({ type: 'starting' }), { type: 'starting' });
    assert.equal(parseRunFormToWebview({ type: 'init', form: { ...form, source: 'guess' } }), undefined);
  });

  it('names what stops a submission', () => {
    const ok = { command: 'node train.js', params: [{ key: 'lr', value: '1' }], experiment: '', runName: '' };
    assert.equal(submissionProblem(ok), undefined);
    assert.match(submissionProblem({ ...ok, command: ' ' })!, /Give the command/);
    assert.match(submissionProblem({ ...ok, params: [...ok.params, { key: 'lr', value: '2' }] })!, /given twice/);
    assert.match(submissionProblem({ ...ok, params: [{ key: 'a=b', value: '1' }] })!, /use letters/);
  });
});
