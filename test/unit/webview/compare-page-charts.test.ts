import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BundlePage } from './bundle-page';
import { openBundlePage } from './bundle-page';
import { compareFixture } from './compare-fixture';

describe('compare page bundle: tables first, charts from their own bundle', () => {
  let view: BundlePage;
  before(() => {
    view = openBundlePage('compare-runs');
  });
  after(() => view.close());

  it('draws the tables without the chart code, then the charts once its bundle ran', () => {
    const page = readFileSync(join(__dirname, '../../../dist/webview/compare-runs.js'), 'utf8');
    assert.doesNotMatch(page, /LineController/, 'chart.js is not in the page bundle');
    const state = { runIds: compareFixture().runs.map((r) => r.run_id), chartMetrics: [], xAxis: 'step', yScale: 'linear', smoothing: 0, onlyDifferences: false, hiddenRuns: [], directions: {}, scatter: null, focus: null };
    view.send({ type: 'data', data: compareFixture(), state });
    assert.equal(view.app().querySelectorAll('table.params tbody tr').length, 3);
    assert.equal(view.app().querySelectorAll('.charts canvas').length, 0, 'no charts before their code');

    view.window.eval(readFileSync(join(__dirname, '../../../dist/webview/compare-runs-charts.js'), 'utf8'));
    assert.deepEqual([...view.app().querySelectorAll('.charts [data-chart]')].map((c) => c.getAttribute('data-chart')), ['accuracy', 'val_loss']);
    assert.ok(view.app().querySelectorAll('.charts canvas').length >= 2);
    assert.deepEqual(view.posted.map((m) => (m as { type: string }).type), ['ready'], 'the page asked for nothing more');
  });
});
