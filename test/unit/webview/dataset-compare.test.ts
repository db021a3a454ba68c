import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Window } from 'happy-dom';
import type { VersionComparison } from '../../../src/shared/data-compare';
import { parseDataCompareFromWebview, parseDataCompareToWebview } from '../../../src/shared/webview/data-compare-messages';
import { renderComparison } from '../../../webview-ui/dataset-compare/render';

let window: Window;

function version(n: number, md5: string) {
  return { id: n, path: 'data/w.csv', version: n, md5, size: 10, nfiles: null, createdTime: 0, gitCommit: null, runId: null, summary: null };
}

function comparison(): VersionComparison {
  const stats = (type: 'float' | 'string', mean: number | null) => ({ type, count: 100, missing: 5, unique: 40, mean, std: mean === null ? null : 1, min: mean === null ? 'a' : 0, max: mean === null ? 'z' : 9, top: mean === null ? [{ value: 'sun', count: 50 }] : [] });
  return {
    path: 'data/w.csv',
    from: version(1, 'a'.repeat(32)),
    to: version(2, 'b'.repeat(32)),
    table: {
      rows: { from: 100, to: 120 },
      columns: [
        { name: 'temp', status: 'same', from: stats('float', 10), to: stats('float', 14), drift: { test: 'ks', statistic: 0.4, pValue: 0.001, threshold: 0.05, drifted: true } },
        { name: 'weather', status: 'same', from: stats('string', null), to: stats('string', null), drift: { test: 'chi2', statistic: 1.2, pValue: 0.6, threshold: 0.05, drifted: false } },
        { name: 'wind', status: 'removed', from: stats('float', 3), to: null, drift: null },
        { name: 'city', status: 'added', from: null, to: stats('string', null), drift: null },
      ],
      driftedShare: 0.5,
      approximate: false,
    },
    files: null,
  };
}

describe('dataset compare panel', () => {
  before(() => {
    window = new Window();
    Object.assign(globalThis, { document: window.document });
  });
  after(async () => {
    await window.happyDOM.close();
  });

  it('shows rows, schema changes and per-column drift', () => {
    const el = renderComparison(comparison());
    assert.match(el.querySelector('#rows')!.textContent!, /100 → 120 \(\+20\)/);
    assert.match(el.textContent!, /wind removed, city added/);
    assert.equal(el.querySelector('#drift-share')!.textContent, 'Drifted columns: 50%');
    const temp = el.querySelector('[data-column="temp"]')!;
    assert.match(temp.querySelector('td.drifted')!.textContent!, /drift · ks 0\.001/);
    assert.ok(el.querySelector('[data-column="weather"] td.stable'));
    assert.ok(el.querySelector('[data-column="wind"]')!.classList.contains('removed'));
    assert.match(temp.querySelectorAll('td')[1]!.textContent!, /mean 14/);
  });

  it('lists file changes for folders', () => {
    const c = { ...comparison(), table: null, files: { added: ['a.csv'], removed: [], modified: ['b.csv'] } };
    const el = renderComparison(c);
    assert.deepEqual([...el.querySelectorAll('ul.files li')].map((li) => li.textContent), ['+ a.csv', 'M b.csv']);
  });

  it('validates messages both ways', () => {
    assert.deepEqual(parseDataCompareFromWebview({ type: 'swap' }), { type: 'swap' });
    assert.equal(parseDataCompareFromWebview({ type: 'delete' }), undefined);
    assert.equal(parseDataCompareToWebview({ type: 'data', comparison: { path: 1 } }), undefined);
    assert.equal(parseDataCompareToWebview({ type: 'data', comparison: comparison() })?.type, 'data');
  });
});
