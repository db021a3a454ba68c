// The built dashboard page (dist/webview/drift-dashboard.js, as `npm test`'s pretest builds it) in a
// DOM, driven by the messages the extension sends; chart.js finds no 2D context there and draws nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alert, column, result, summary } from './drift-fixture';
import { openBundlePage, type BundlePage } from './bundle-page';

const state = { monitor: 'weather', feature: null };

let view: BundlePage;

const app = () => view.app();
const send = (data: unknown): void => view.send(data);
const click = (selector: string): void => view.click(selector);

describe('drift dashboard page (built bundle in a DOM)', () => {
  before(() => {
    view = openBundlePage('drift-dashboard');
  });
  after(() => view.close());

  it('says it is ready, then shows the loading state under the monitor’s name', () => {
    assert.deepEqual(view.posted, [{ type: 'ready', state: null }]);
    send({ type: 'loading', state });
    assert.equal(app().querySelector('#monitor-name')!.textContent, 'weather');
    assert.match(app().querySelector('#dashboard-status')!.textContent!, /Loading results/);
    assert.deepEqual(view.saved, state, 'saved at once, so a reload restores even a page that never got data');
  });

  it('draws the results: header, features most drifted first, the top feature’s histogram, alerts on the timeline', () => {
    const results = [result(2, { alerts: [alert(1, result(2).time)] }), result(0), result(1)];
    send({ type: 'data', state, data: { summary: summary(), results, alerts: [] } });
    assert.equal(app().getAttribute('data-results'), '3');
    assert.equal(app().querySelector('#monitor-status')!.getAttribute('data-status'), 'drifting');
    assert.equal(app().querySelector('#fact-window')!.textContent, '1,200 rows from 300 requests');
    assert.deepEqual([...app().querySelectorAll('table.features tbody tr')].map((r) => r.getAttribute('data-feature')), ['temp', 'weather', 'humidity']);
    assert.equal(app().querySelector('#feature-scores-chart')!.getAttribute('data-bars'), '3');
    assert.equal(app().getAttribute('data-selected-feature'), 'temp');
    assert.equal(app().querySelector('#feature-histogram-chart')!.getAttribute('data-kind'), 'numeric');
    const share = app().querySelector('#drift-share-chart')!;
    assert.deepEqual([share.getAttribute('data-points'), share.getAttribute('data-alerts')], ['3', '1']);
    assert.ok(app().querySelector('#performance-section .canvas-box')!.hasAttribute('hidden'), 'no performance in these results');
    const note = app().querySelector('#performance-section p.empty')!;
    assert.doesNotMatch(note.textContent!, /POST|\/api\//, 'an action, not API advice');
    (note.querySelector('#add-labels') as unknown as { click(): void }).click();
    assert.deepEqual(view.posted.at(-1), { type: 'addLabels' });
    assert.ok(!app().querySelector('#serving-section .canvas-box')!.hasAttribute('hidden'));
  });

  it('shows another feature when its row is clicked, and remembers it across refreshes', () => {
    click('button.feature-link[data-feature="weather"]');
    assert.equal(app().getAttribute('data-selected-feature'), 'weather');
    assert.equal(app().querySelector('#feature-histogram-chart')!.getAttribute('data-kind'), 'categorical');
    assert.deepEqual(view.saved, { monitor: 'weather', feature: 'weather' });
    const predictionDrift = { ...result(0).drift, columns: [column('label', { test: 'chi2', pValue: 0.3, histogram: { kind: 'categorical', labels: ['dry', 'rain'], reference: [1, 1], current: [3, 1] } })] };
    send({ type: 'data', state, data: { summary: summary({ status: 'alerting' }), results: [result(3, { predictionDrift })], alerts: [] } });
    assert.equal(app().getAttribute('data-selected-feature'), 'weather', 'the extension’s stale feature does not win');
    assert.equal(app().querySelector('#monitor-status')!.getAttribute('data-status'), 'alerting');
    assert.deepEqual([...app().querySelectorAll('canvas.prediction-chart')].map((c) => c.getAttribute('data-column')), ['label']);
  });

  it('asks for a run, disables Run Now while it runs and reports the outcome', () => {
    click('#run-now');
    assert.deepEqual(view.posted.at(-1), { type: 'runNow' });
    send({ type: 'run', phase: 'started', message: 'Running weather…' });
    assert.ok(app().querySelector('#run-now')!.hasAttribute('disabled'));
    send({ type: 'run', phase: 'failed', message: 'Running weather failed: no reference' });
    assert.ok(!app().querySelector('#run-now')!.hasAttribute('disabled'));
    assert.ok(app().querySelector('#dashboard-status')!.classList.contains('error'));
  });

  it('says what to do without results, and offers a retry after an error', () => {
    send({ type: 'data', state, data: { summary: summary({ status: 'idle' }), results: [], alerts: [] } });
    assert.match(app().querySelector('#empty-results')!.textContent!, /^No results yet: serve the model and send requests/);
    assert.ok(app().querySelector('#dashboard-charts')!.hasAttribute('hidden'));
    send({ type: 'error', state, message: 'The MLOps runtime is not running.' });
    click('#retry');
    assert.deepEqual(view.posted.at(-1), { type: 'refresh' });
  });

  it('ignores malformed messages', () => {
    const before = app().innerHTML;
    send({ type: 'data', state, data: { results: 'all of them' } });
    send({ type: 'delete' });
    assert.equal(app().innerHTML, before);
  });
});
