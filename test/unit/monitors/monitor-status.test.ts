import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitorResult } from '../../../src/shared/monitors';
import { monitorStatus } from '../../../src/runtime/monitoring/monitor-summary';

const result = (drifted: boolean, alertTimes: number[]): MonitorResult =>
  ({
    drift: { drifted },
    alerts: alertTimes.map((time, id) => ({ id, monitor: 'm', rule: 'rows < 1', severity: 'warning', value: 0, time, message: '' })),
  }) as unknown as MonitorResult;

describe('monitor status', () => {
  it('is idle before any run, error after a failed one, whatever was stored before', () => {
    assert.equal(monitorStatus({}), 'idle');
    assert.equal(monitorStatus({ error: 'no reference' }), 'error');
    assert.equal(monitorStatus({ latest: result(true, [100]), error: 'corrupt file' }), 'error');
  });

  it('is alerting while the latest result has an alert fired outside a silence', () => {
    assert.equal(monitorStatus({ latest: result(false, [100]) }), 'alerting');
    assert.equal(monitorStatus({ latest: result(true, [100]), silenceEnd: 50 }), 'alerting', 'fired after the silence ended');
    assert.equal(monitorStatus({ latest: result(true, [100]), silenceEnd: 150 }), 'drifting', 'fired during (or acknowledged by) a silence');
    assert.equal(monitorStatus({ latest: result(false, [100]), silenceEnd: 150 }), 'ok');
  });

  it('is drifting or ok by the latest result otherwise', () => {
    assert.equal(monitorStatus({ latest: result(true, []) }), 'drifting');
    assert.equal(monitorStatus({ latest: result(false, []) }), 'ok');
  });

  it('is not-enough-data when the latest window was smaller than window.min_rows', () => {
    const small = { ...result(false, []), notEnoughData: { rows: 1, minRows: 100 } } as MonitorResult;
    assert.equal(monitorStatus({ latest: small }), 'not-enough-data');
  });
});
