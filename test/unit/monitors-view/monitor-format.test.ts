import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clockTime,
  configProblemsRow,
  modelAliasOf,
  modelNameOf,
  monitorRow,
  relativeTime,
  resultSummary,
  silenceMessage,
} from '../../../src/extension/monitors/monitor-format';
import type { MonitorResult, MonitorSummary } from '../../../src/shared/monitors';

const NOW = Date.UTC(2026, 10, 26, 12, 0);
const MIN = 60_000;

function summary(extra: Partial<MonitorSummary> = {}): MonitorSummary {
  return {
    name: 'weather-drift',
    model: 'weather@champion',
    source: 'predictions',
    onNewData: true,
    status: 'drifting',
    last: { time: NOW - 5 * MIN, driftShare: 0.6, drifted: true, rows: 200, alerts: 1, driftedColumns: ['temp_max', 'wind'] },
    retrain: true,
    ...extra,
  };
}

describe('Monitor rows of the Models view', () => {
  it('label, description, icon and aria label say the status, drift share and age of the last run', () => {
    const row = monitorRow(summary(), NOW);
    assert.equal(row.label, 'monitor weather-drift');
    assert.equal(row.description, 'drifting · drift share 0.6 · 5 min ago');
    assert.deepEqual(row.icon, { id: 'warning', color: 'problemsWarningIcon.foreground' });
    assert.equal(row.ariaLabel, 'Monitor weather-drift, drifting, drift share 0.6, 5 min ago');
    assert.equal(row.contextValue, 'mlops.monitor.retrain');
  });

  it('has an icon per status', () => {
    const icons = (['ok', 'drifting', 'alerting', 'error', 'idle'] as const).map((status) => monitorRow(summary({ status }), NOW).icon.id);
    assert.deepEqual(icons, ['pass', 'warning', 'bell', 'error', 'circle-outline']);
  });

  it('says a window smaller than window.min_rows is not enough data, with its row count, in the row and the Run Now answer', () => {
    const row = monitorRow(summary({ status: 'not-enough-data', last: { time: NOW - 5 * MIN, driftShare: 0, drifted: false, rows: 1, alerts: 0, driftedColumns: [], minRows: 100 } }), NOW);
    assert.equal(row.ariaLabel, 'Monitor weather-drift, not enough data, 1 of 100 rows, 5 min ago');
    assert.equal(row.icon.id, 'circle-large-outline');
    assert.equal(resultSummary({ notEnoughData: { rows: 1, minRows: 100 } } as MonitorResult), 'not enough data: 1 rows in the window, window.min_rows is 100 (no drift verdict, no alert)');
  });

  it('says a monitor that never ran is idle, and marks silences and retraining in progress', () => {
    const idle = monitorRow(summary({ status: 'idle', last: undefined, retrain: false, silencedUntil: NOW + 60 * MIN }), NOW, 'running');
    assert.equal(idle.description, 'idle · not run yet · silenced · retraining');
    assert.equal(idle.ariaLabel, 'Monitor weather-drift, idle, not run yet, silenced, retraining');
    assert.equal(idle.contextValue, 'mlops.monitor.silenced');
    const finished = monitorRow(summary({ silencedUntil: NOW - MIN }), NOW, 'promoted');
    assert.equal(finished.description, 'drifting · drift share 0.6 · 5 min ago');
  });

  it('tooltip lists drifted columns, next run, silence end and the last error', () => {
    const tip = monitorRow(summary({ status: 'error', error: 'reference data/weather.csv is not tracked', nextRunAt: NOW + 30 * MIN, silencedUntil: NOW + 60 * MIN, schedule: '*/30 * * * *' }), NOW).tooltipMarkdown;
    assert.match(tip, /^\*\*weather-drift\*\* watches `weather@champion`: error/);
    assert.match(tip, /drifted columns: `temp_max`, `wind`/);
    assert.match(tip, /200 rows, drift share 0\.6, 1 alert$/m);
    assert.match(tip, /runs: on schedule `\*\/30 \* \* \* \*` and on new data/);
    assert.ok(tip.includes(`next run: ${clockTime(NOW + 30 * MIN)} (in 30 min)`));
    assert.ok(tip.includes(`alerts silenced until ${clockTime(NOW + 60 * MIN)}`));
    assert.match(tip, /\*\*Error:\*\* reference data\/weather\.csv is not tracked/);
    assert.match(monitorRow(summary({ last: undefined, onNewData: false }), NOW).tooltipMarkdown, /not run yet[\s\S]*runs: on request only/);
  });
});

describe('Monitor wording helpers', () => {
  it('splits model references at the last @', () => {
    assert.equal(modelNameOf('weather@champion'), 'weather');
    assert.equal(modelAliasOf('weather@champion'), 'champion');
    assert.equal(modelNameOf('team@x@3'), 'team@x');
    assert.equal(modelNameOf('plain'), 'plain');
    assert.equal(modelAliasOf('plain'), undefined);
  });

  it('tells relative times in the past and the future', () => {
    assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
    assert.equal(relativeTime(NOW - 90_000, NOW), '2 min ago');
    assert.equal(relativeTime(NOW - 3 * 3_600_000, NOW), '3 h ago');
    assert.equal(relativeTime(NOW - 3 * 86_400_000, NOW), '3 d ago');
    assert.equal(relativeTime(NOW + 30 * MIN, NOW), 'in 30 min');
  });

  it('sums up a monitor run as drift share and drifted columns', () => {
    const result = {
      monitor: 'weather-drift',
      time: NOW,
      model: 'weather@champion',
      window: { rows: 200, from: null, to: null },
      reference: { path: 'data/weather.csv', version: 1, md5: 'x', rows: 1000 },
      drift: { columns: [], testedColumns: 5, driftedColumns: 3, drifted: true, correction: 'none', method: 'values' },
      driftShare: 0.6,
      missingShare: 0,
      alerts: [],
    } satisfies MonitorResult;
    assert.equal(resultSummary(result), 'drift share 0.6, 3 of 5 columns drifted over 200 rows');
    const alert = { id: 1, monitor: 'weather-drift', rule: 'drift_share > 0.3', severity: 'warning' as const, value: 0.6, time: NOW, message: 'm' };
    assert.equal(resultSummary({ ...result, driftShare: 1 / 3, alerts: [alert, { ...alert, id: 2 }] }), 'drift share 0.33, 3 of 5 columns drifted over 200 rows; 2 alerts fired');
  });

  it('words silences and mlops.yaml problems', () => {
    assert.equal(silenceMessage('weather-drift', NOW), `Alerts of weather-drift silenced until ${clockTime(NOW)}.`);
    assert.equal(silenceMessage('weather-drift', null), 'Alerts of weather-drift are no longer silenced.');
    const row = configProblemsRow(['mlops.yaml:14: monitors[0].model must be NAME@ALIAS']);
    assert.equal(row.label, 'monitors: 1 problem in mlops.yaml');
    assert.equal(row.ariaLabel, 'Monitor configuration, 1 problem in mlops.yaml');
    assert.match(row.tooltipMarkdown, /- mlops\.yaml:14: monitors\[0\]\.model must be NAME@ALIAS/);
  });
});
