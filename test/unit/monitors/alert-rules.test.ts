import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MonitorResult, MonitorStore } from '../../../src/core/monitoring';
import { fireAlerts } from '../../../src/core/monitoring';
import type { AlertRule } from '../../../src/core/monitoring';
import { parseCondition } from '../../../src/core/monitoring';

const rule = (when: string, cooldownMinutes = 60): AlertRule => ({ when, ...parseCondition(when)!, severity: 'warning', cooldownMinutes });

const result = (time: number, extra: Partial<MonitorResult> = {}): Omit<MonitorResult, 'alerts'> => ({
  monitor: 'm',
  time,
  model: 'x@live',
  window: { rows: 50, from: null, to: null },
  reference: { path: 'r.csv', version: 1, md5: 'f'.repeat(32), rows: 10 },
  drift: { columns: [], testedColumns: 4, driftedColumns: 1, drifted: false, correction: 'none', method: 'values' },
  driftShare: 0.25,
  missingShare: 0.1,
  ...extra,
});

/** A store holding alerts in memory. */
function memoryStore(): MonitorStore & { saved: { rule: string; time: number }[] } {
  const saved: { rule: string; time: number }[] = [];
  return {
    saved,
    saveAlert: (alert: { rule: string; time: number }) => saved.push(alert),
    lastFired: (_monitor: string, when: string) => saved.filter((a) => a.rule === when).at(-1)?.time,
  } as unknown as MonitorStore & { saved: { rule: string; time: number }[] };
}

describe('alert rules', () => {
  it('fire when their condition holds, and not for a metric the result lacks', () => {
    const store = memoryStore();
    const rules = [rule('drift_share >= 0.25'), rule('drifted_columns > 1'), rule('rows < 100'), rule('missing_share != 0.1'), rule('p99_latency_ms > 0'), rule('error_rate == 0')];
    const fired = fireAlerts(store, rules, result(0));
    assert.deepEqual(fired.map((a) => a.rule), ['drift_share >= 0.25', 'rows < 100']);
    assert.equal(fired[0]!.message, 'm: drift_share is 0.25 (drift_share >= 0.25) over 50 rows of x@live');
    assert.deepEqual(fireAlerts(memoryStore(), rules, result(0, { latency: { p50: 1, p99: 9 }, errorRate: 0 })).map((a) => a.rule), ['drift_share >= 0.25', 'rows < 100', 'p99_latency_ms > 0', 'error_rate == 0']);
  });

  it('stay quiet within their cooldown; a cooldown of 0 never holds them back', () => {
    const store = memoryStore();
    const rules = [rule('rows < 100', 10), rule('rows <= 50', 0)];
    assert.equal(fireAlerts(store, rules, result(0)).length, 2);
    assert.deepEqual(fireAlerts(store, rules, result(9 * 60_000)).map((a) => a.rule), ['rows <= 50']);
    assert.equal(fireAlerts(store, rules, result(10 * 60_000)).length, 2);
  });
});
