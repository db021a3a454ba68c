import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Window } from 'happy-dom';
import { metricsTable, paramsTable } from '../../../webview-ui/compare-runs/render-tables';
import { compareFixture } from './compare-fixture';

let window: Window;

describe('compare panel tables (in a DOM)', () => {
  before(() => {
    window = new Window();
    Object.assign(globalThis, { document: window.document, getComputedStyle: window.getComputedStyle.bind(window) });
  });
  after(async () => {
    await window.happyDOM.close();
  });

  it('highlights differing params and hides equal ones on request', () => {
    const all = paramsTable(compareFixture(), false);
    const rows = [...all.querySelectorAll('tbody tr')];
    assert.deepEqual(rows.map((r) => r.getAttribute('data-param')), ['lr', 'model', 'note']);
    assert.deepEqual(rows.map((r) => r.classList.contains('differs')), [true, false, true]);
    assert.equal(rows[2]!.querySelectorAll('td')[1]!.textContent, '—');
    const only = paramsTable(compareFixture(), true);
    assert.deepEqual([...only.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-param')), ['lr', 'note']);
    assert.equal(only.querySelectorAll('thead th').length, 4);
  });

  it('marks the best run per metric in the metric table', () => {
    const table = metricsTable(compareFixture(), {}, 'val_loss');
    const loss = table.querySelector('[data-metric="val_loss"]')!;
    assert.ok(loss.classList.contains('focused'));
    const cells = [...loss.querySelectorAll('td')];
    assert.deepEqual(cells.map((c) => c.classList.contains('best')), [false, true, false]);
    assert.equal(cells[1]!.querySelector('.latest')!.textContent, '0.2');
    const flipped = metricsTable(compareFixture(), { val_loss: 'max' }, undefined);
    assert.ok(flipped.querySelector('[data-metric="val_loss"] td:nth-of-type(3)')!.classList.contains('best'));
  });

  it('says so when there is nothing to show', () => {
    const data = compareFixture();
    data.params = data.params.filter((p) => !p.differs);
    assert.match(paramsTable(data, true).textContent!, /same/);
  });
});
