import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertNotificationText,
  alertPickItem,
  badgeView,
  mergeAlerts,
  parseNotificationsSetting,
  seenAfterOpening,
  shouldNotify,
  unseenAlerts,
} from '../../../src/extension/monitors/alert-format';
import type { StoredAlert } from '../../../src/shared/monitors';

const NOW = Date.UTC(2026, 10, 26, 12, 0);
const HOUR = 3_600_000;

function alert(id: number, time: number, extra: Partial<StoredAlert> = {}): StoredAlert {
  return { id, monitor: 'weather-drift', rule: 'drift_share > 0.3', severity: 'warning', value: 0.6, time, message: `weather-drift: drift_share is 0.6 (drift_share > 0.3) over 200 rows of weather@champion`, ...extra };
}

describe('Alert notifications', () => {
  it('names the drifted columns and drift share of a drift rule', () => {
    assert.equal(alertNotificationText({ alert: alert(1, NOW), model: 'weather@champion', driftedColumns: ['temp_max', 'wind'] }), 'weather-drift: drift in temp_max, wind (drift share 0.6) on weather@champion');
    assert.equal(
      alertNotificationText({ alert: alert(1, NOW, { rule: 'drifted_columns >= 2', value: 2 }), model: 'weather@champion', driftedColumns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }),
      'weather-drift: drift in a, b, c, d, e and 2 more (2 columns drifted) on weather@champion',
    );
  });

  it("uses the alert's own message for other rules, and for drift without named columns", () => {
    const latency = alert(2, NOW, { rule: 'p99_latency_ms > 200', value: 250, message: 'weather-drift: p99_latency_ms is 250 (p99_latency_ms > 200) over 200 rows of weather@champion' });
    assert.equal(alertNotificationText({ alert: latency, model: 'weather@champion', driftedColumns: ['temp_max'] }), latency.message);
    assert.equal(alertNotificationText({ alert: alert(3, NOW), model: 'weather@champion', driftedColumns: [] }), alert(3, NOW).message);
  });

  it('notifies by the setting: all, errors only, or off', () => {
    assert.deepEqual((['info', 'warning', 'error'] as const).map((s) => shouldNotify(s, 'all')), [true, true, true]);
    assert.deepEqual((['info', 'warning', 'error'] as const).map((s) => shouldNotify(s, 'errors')), [false, false, true]);
    assert.deepEqual((['info', 'warning', 'error'] as const).map((s) => shouldNotify(s, 'off')), [false, false, false]);
    assert.equal(parseNotificationsSetting('errors'), 'errors');
    assert.equal(parseNotificationsSetting('loud'), 'all');
    assert.equal(parseNotificationsSetting(undefined), 'all');
  });
});

describe('The alerts badge', () => {
  it('counts alerts of the last 24 hours fired after the list was last opened', () => {
    const alerts = [alert(1, NOW - 30 * HOUR), alert(2, NOW - 5 * HOUR), alert(3, NOW - 2 * HOUR), alert(4, NOW - HOUR)];
    assert.deepEqual(unseenAlerts(alerts, 0, NOW).map((a) => a.id), [4, 3, 2]);
    assert.deepEqual(unseenAlerts(alerts, NOW - 3 * HOUR, NOW).map((a) => a.id), [4, 3]);
    assert.deepEqual(unseenAlerts(alerts, NOW, NOW), []);
  });

  it('merges alerts once each, newest first, dropping those older than a day', () => {
    const merged = mergeAlerts([alert(1, NOW - 30 * HOUR), alert(2, NOW - 2 * HOUR)], [alert(2, NOW - 2 * HOUR), alert(3, NOW - HOUR)], NOW);
    assert.deepEqual(merged.map((a) => a.id), [3, 2]);
  });

  it('moves "seen" forward to now or the newest alert shown, never back', () => {
    assert.equal(seenAfterOpening(0, [alert(1, NOW - HOUR)], NOW), NOW);
    assert.equal(seenAfterOpening(0, [alert(1, NOW + 1000)], NOW), NOW + 1000);
    assert.equal(seenAfterOpening(NOW + 5000, [], NOW), NOW + 5000);
  });

  it('is hidden at 0 and lists the newest in its tooltip', () => {
    assert.equal(badgeView([]).visible, false);
    const six = [6, 5, 4, 3, 2, 1].map((id) => alert(id, NOW - id * HOUR));
    const view = badgeView(six);
    assert.equal(view.visible, true);
    assert.equal(view.text, '$(bell) 6');
    assert.equal(view.ariaLabel, '6 new MLOps alerts');
    assert.match(view.tooltipMarkdown, /^\*\*6 new MLOps alerts\*\* in the last 24 hours/);
    assert.equal(view.tooltipMarkdown.split('\n').filter((l) => l.startsWith('- ')).length, 6);
    assert.match(view.tooltipMarkdown, /- and 1 more/);
    assert.equal(badgeView([alert(1, NOW)]).ariaLabel, '1 new MLOps alert');
  });

  it('lists an alert with its severity, monitor, time and message', () => {
    const item = alertPickItem(alert(1, NOW, { severity: 'error' }), true);
    assert.equal(item.label, '$(error) weather-drift');
    assert.match(item.description, / · new$/);
    assert.equal(item.detail, alert(1, NOW).message);
    assert.doesNotMatch(alertPickItem(alert(1, NOW), false).description, /new/);
  });
});
