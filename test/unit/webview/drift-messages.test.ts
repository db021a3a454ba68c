import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDriftFromWebview, parseDriftToWebview, parseDriftViewState } from '../../../src/shared/webview/drift-messages';
import { alert, result, summary } from './drift-fixture';

const state = { monitor: 'weather', feature: 'temp' };

describe('drift dashboard messages', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.deepEqual(parseDriftFromWebview({ type: 'ready', state }), { type: 'ready', state });
    assert.deepEqual(parseDriftFromWebview({ type: 'ready', state: null }), { type: 'ready', state: null });
    assert.deepEqual(parseDriftFromWebview({ type: 'runNow', extra: 1 }), { type: 'runNow' });
    assert.deepEqual(parseDriftFromWebview({ type: 'refresh' }), { type: 'refresh' });
    const data = { summary: summary(), results: [result(1, { alerts: [alert(1, 0)] }), result(0)], alerts: [alert(2, 5)] };
    const parsed = parseDriftToWebview({ type: 'data', data, state });
    assert.equal(parsed?.type, 'data');
    assert.equal(parsed?.type === 'data' && parsed.data.results.length, 2);
    assert.equal(parseDriftToWebview({ type: 'data', data: { summary: null, results: [], alerts: [] }, state })?.type, 'data', 'a monitor no longer configured still shows');
    assert.deepEqual(parseDriftToWebview({ type: 'error', message: 'down', state }), { type: 'error', message: 'down', state });
    assert.deepEqual(parseDriftToWebview({ type: 'run', phase: 'finished', message: 'ok' }), { type: 'run', phase: 'finished', message: 'ok' });
  });

  it('rejects unknown and malformed messages', () => {
    const good = { summary: summary(), results: [result(0)], alerts: [] };
    const bad: unknown[] = [
      null,
      'runNow',
      [],
      { type: 'delete' },
      { type: 'ready', state: { monitor: '' } },
      { type: 'ready', state: { monitor: 'w', feature: 3 } },
      { type: 'run', phase: 'exploded', message: '' },
      { type: 'loading' },
      { type: 'data', data: good, state: { feature: null } },
      { type: 'data', data: { ...good, results: [{ ...result(0), time: '2025' }] }, state },
      { type: 'data', data: { ...good, results: [{ ...result(0), drift: { columns: [{ column: 'x' }] } }] }, state },
      { type: 'data', data: { ...good, results: [{ ...result(0), predictionDrift: { columns: 'x' } }] }, state },
      { type: 'data', data: { ...good, alerts: [{ id: 1 }] }, state },
      { type: 'data', data: { ...good, summary: { name: 'w' } }, state },
    ];
    for (const message of bad) assert.equal(parseDriftFromWebview(message) ?? parseDriftToWebview(message), undefined, JSON.stringify(message)?.slice(0, 120));
  });

  it('restores only a state that names a monitor', () => {
    assert.deepEqual(parseDriftViewState({ monitor: 'weather', feature: null, old: true }), { monitor: 'weather', feature: null });
    assert.equal(parseDriftViewState({ runIds: [] }), undefined);
    assert.equal(parseDriftViewState(undefined), undefined);
  });
});
