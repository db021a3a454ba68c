// The built DAG page (dist/webview/dag.js) in a DOM, driven by the messages the panel sends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDagFromWebview, parseDagToWebview, parseDagViewState } from '../../../src/shared/webview/dag-messages';
import { openBundlePage, type BundlePage } from './bundle-page';
import { dagFixture } from './dag-fixture';

let view: BundlePage;
const app = () => view.app();
const stage = (id: string) => [...app().querySelectorAll('g.stage')].find((g) => g.getAttribute('data-stage') === id)!;
const lastPosted = () => view.posted[view.posted.length - 1];

describe('pipeline DAG page (built bundle in a DOM)', () => {
  before(() => {
    view = openBundlePage('dag');
    // Browsers have it (dagre uses it); happy-dom's window does not.
    Object.assign(view.window, { structuredClone });
  });
  after(() => view.close());

  it('says it is ready, then draws every stage as a node coloured by its state', () => {
    assert.deepEqual(view.posted, [{ type: 'ready' }]);
    view.send({ type: 'graph', pipelines: dagFixture(), running: false });
    const nodes = [...app().querySelectorAll('g.stage')];
    assert.deepEqual(nodes.map((g) => g.getAttribute('data-stage')), ['prepare', 'featurize', 'stats', 'train', 'evaluate']);
    assert.match(stage('prepare').getAttribute('class')!, /state-changed/);
    assert.match(stage('evaluate').getAttribute('class')!, /state-frozen/);
    assert.match(stage('prepare').querySelector('text.state')!.textContent!, /^changed: dep data\/weather/);
    assert.equal(app().querySelectorAll('path.edge').length, 5);
    // Laid out: every node placed by a translate, not all at one spot.
    const spots = new Set(nodes.map((g) => g.getAttribute('transform')));
    assert.equal(spots.size, 5);
  });

  it('recolours a stage in place on a state change, without a new layout', () => {
    const before = stage('train');
    const transform = before.getAttribute('transform');
    view.send({ type: 'states', changes: [{ id: 'train', state: 'running', reasons: [], startedAt: Date.now() - 3000 }], running: true });
    const after = stage('train');
    assert.equal(after, before);
    assert.equal(after.getAttribute('transform'), transform);
    assert.match(after.getAttribute('class')!, /state-running/);
    assert.match(after.querySelector('text.state')!.textContent!, /^running \ds$/);
    assert.match(app().querySelector('#status')!.textContent!, /running/);
    const into = [...app().querySelectorAll('path.edge')].filter((p) => p.getAttribute('data-to') === 'stage:train');
    assert.ok(into.every((p) => p.classList.contains('active')));
    view.send({ type: 'states', changes: [{ id: 'train', state: 'failed', reasons: ['exit code 1'] }], running: false });
    assert.match(stage('train').getAttribute('class')!, /state-failed/);
    assert.equal(stage('train').querySelector('text.state')!.textContent, 'failed: exit code 1');
    assert.match(stage('train').querySelector('title')!.textContent!, /exit code 1/);
  });

  it('asks to open a stage definition on click, its last run with Shift+Enter', () => {
    (stage('featurize') as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new view.window.MouseEvent('click', { bubbles: true }));
    assert.deepEqual(lastPosted(), { type: 'openDefinition', id: 'featurize' });
    (stage('featurize') as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new view.window.KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    assert.deepEqual(lastPosted(), { type: 'openRun', id: 'featurize' });
    assert.deepEqual(JSON.parse(stage('featurize').getAttribute('data-vscode-context')!), { webviewSection: 'stage', stageId: 'featurize', preventDefaultContextMenuItems: true });
  });

  it('shows data files and params on demand, keeping the states it was sent; a file click reveals its versions', () => {
    assert.equal(app().querySelectorAll('g.data').length, 0);
    const toggle = app().querySelector('#show-data') as unknown as { checked: boolean; dispatchEvent(e: unknown): void };
    toggle.checked = true;
    toggle.dispatchEvent(new view.window.Event('change', { bubbles: true }));
    assert.deepEqual(view.saved, { showData: true });
    assert.equal(app().querySelectorAll('g.data').length, 7);
    assert.equal(app().querySelectorAll('g.param').length, 4);
    assert.match(stage('train').getAttribute('class')!, /state-failed/);
    const out = [...app().querySelectorAll('g.data')].find((g) => g.getAttribute('data-path') === 'out/features.csv')!;
    (out as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new view.window.MouseEvent('click', { bubbles: true }));
    assert.deepEqual(lastPosted(), { type: 'revealData', path: 'out/features.csv' });
    const param = [...app().querySelectorAll('g.param')].find((g) => g.getAttribute('data-params-file') === 'eval.yaml')!;
    (param as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new view.window.MouseEvent('click', { bubbles: true }));
    assert.deepEqual(lastPosted(), { type: 'openParams', file: 'eval.yaml' });
  });

  it('marks the stage it was opened from; says when there are no stages; shows errors with Retry', () => {
    view.send({ type: 'focus', id: 'stats' });
    assert.ok(stage('stats').classList.contains('focused'));
    view.send({ type: 'error', message: 'dvc.yaml:3: bad' });
    assert.match(app().querySelector('#status')!.textContent!, /dvc\.yaml:3: bad/);
    view.click('#retry');
    assert.deepEqual(lastPosted(), { type: 'retry' });
    view.send({ type: 'graph', pipelines: [], running: false });
    assert.match(app().querySelector('.empty')!.textContent!, /No dvc\.yaml stages/);
  });
});

describe('pipeline DAG messages', () => {
  it('accepts what the panel and page send and drops anything else', () => {
    assert.ok(parseDagToWebview({ type: 'graph', pipelines: dagFixture(), running: false }));
    assert.equal(parseDagToWebview({ type: 'graph', pipelines: [{ file: 'dvc.yaml', stages: [{ id: 'x' }] }], running: false }), undefined);
    assert.equal(parseDagToWebview({ type: 'states', changes: [{ id: 'x', state: 'exploded', reasons: [] }], running: false }), undefined);
    assert.deepEqual(parseDagFromWebview({ type: 'openRun', id: 'train', extra: 1 }), { type: 'openRun', id: 'train' });
    assert.equal(parseDagFromWebview({ type: 'openRun', id: '' }), undefined);
    assert.equal(parseDagFromWebview({ type: 'revealData' }), undefined);
    assert.equal(parseDagViewState({ showData: 'yes' }), undefined);
  });
});
