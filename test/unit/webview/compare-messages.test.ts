import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultViewState, parseFromWebview, parseToWebview, parseViewState } from '../../../src/shared/webview/compare-messages';
import { compareFixture } from './compare-fixture';

describe('compare panel messages', () => {
  it('accepts well-formed messages in both directions', () => {
    const state = defaultViewState(['a', 'b']);
    assert.deepEqual(parseFromWebview({ type: 'ready', state: null }), { type: 'ready', state: null });
    assert.deepEqual(parseFromWebview({ type: 'fetch', state }), { type: 'fetch', state });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv', name: 'p.csv', content: 'a,b' })?.type, 'export');
    assert.equal(parseToWebview({ type: 'data', data: compareFixture(), state })?.type, 'data');
  });

  it('rejects unknown and malformed messages', () => {
    for (const bad of [null, 42, 'ready', [], { type: 'nope' }, { type: 'export', format: 'exe', name: 'x', content: '' }, { type: 'openRun' }, { type: 'fetch', state: { runIds: 'a' } }, { type: 'data', data: {}, state: defaultViewState([]) }]) {
      assert.equal(parseFromWebview(bad) ?? parseToWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('refuses restored state from another shape rather than half-using it', () => {
    assert.ok(parseViewState(defaultViewState(['x'])));
    assert.equal(parseViewState({ ...defaultViewState(['x']), smoothing: 2 }), undefined);
    assert.equal(parseViewState({ ...defaultViewState(['x']), xAxis: 'epoch' }), undefined);
    assert.equal(parseViewState({ ...defaultViewState(['x']), directions: { a: 'up' } }), undefined);
  });
});
