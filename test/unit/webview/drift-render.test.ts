import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Window } from 'happy-dom';
import { featureScores, headerFacts } from '../../../webview-ui/drift-dashboard/model';
import { emptyMessage, factList, featureSelect, featuresTable, statusBadge } from '../../../webview-ui/drift-dashboard/render';
import { column, result, summary } from './drift-fixture';

let window: Window;

describe('drift dashboard pieces (in a DOM)', () => {
  before(() => {
    window = new Window();
    Object.assign(globalThis, { document: window.document });
  });
  after(async () => {
    await window.happyDOM.close();
  });

  it('lists features most drifted first, untested last, the selected one marked', () => {
    const columns = [...result(0).drift.columns, column('wind', { statistic: null, noData: 'current' })];
    const table = featuresTable(featureScores(columns), 'weather');
    const rows = [...table.querySelectorAll('tbody tr')];
    assert.deepEqual(rows.map((r) => r.getAttribute('data-feature')), ['temp', 'weather', 'humidity', 'wind']);
    assert.deepEqual(rows.map((r) => r.className), ['drifted', 'drifted selected', 'stable', 'untested']);
    assert.equal(rows[1]!.getAttribute('aria-selected'), 'true');
    assert.equal(rows[3]!.querySelector('td:last-child')!.textContent, 'no values in the current window');
    assert.ok(rows[0]!.querySelector('button.feature-link[data-feature="temp"]'), 'each feature is a button the keyboard reaches');
    assert.match(featuresTable(featureScores([]), null).textContent!, /compared no features/);
  });

  it('offers the features in the same order in the picker', () => {
    const select = featureSelect(['temp', 'weather'], 'weather');
    assert.equal(select.id, 'feature-select');
    assert.deepEqual([...select.querySelectorAll('vscode-option')].map((o) => [o.getAttribute('value'), o.hasAttribute('selected')]), [['temp', false], ['weather', true]]);
  });

  it('says what to do when there is nothing to draw', () => {
    assert.equal(emptyMessage('weather', summary(), 3), null);
    assert.match(emptyMessage('weather', summary(), 0)!, /^No results yet: serve the model and send requests, or run MLOps: Run Monitor Now/);
    assert.match(emptyMessage('weather', summary({ status: 'error', error: 'no reference' }), 0)!, /last run failed: no reference/);
    assert.match(emptyMessage('gone', null, 0)!, /No monitor named "gone" in mlops\.yaml/);
  });

  it('shows the status and the header facts', () => {
    const badge = statusBadge(summary({ status: 'alerting' }));
    assert.deepEqual([badge.id, badge.getAttribute('data-status'), badge.textContent], ['monitor-status', 'alerting', 'Alerting']);
    assert.equal(statusBadge(null).getAttribute('data-status'), 'unknown');
    const facts = factList(headerFacts(summary(), result(0)));
    assert.equal(facts.querySelector('#fact-reference')!.textContent, 'data/weather.csv v2 (5,000 rows)');
    assert.equal(facts.querySelectorAll('dt').length, facts.querySelectorAll('dd').length);
  });
});
