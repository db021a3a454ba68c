import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition, parseMonitorsConfig } from '../../../src/core/workspace/monitors-config';

describe('mlops.yaml monitors:', () => {
  it('reads a full monitor and fills defaults for a minimal one', () => {
    const { monitors, errors } = parseMonitorsConfig(`version: 1
data:
  track: [data]
monitors:
  - name: weather
    model: weather@champion
    reference: data/weather.csv@2
    source:
      folder: incoming
    window: { hours: 6 }
    columns: [temp, city]
    drift:
      share: 0.3
      correction: benjamini-hochberg
      columns:
        temp: { test: psi, threshold: 0.2 }
    alerts:
      - when: "drift_share > 0.3"
        severity: error
        cooldown: 15
  - name: minimal
    model: churn@3
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(monitors[0], {
      name: 'weather',
      model: 'weather@champion',
      reference: { path: 'data/weather.csv', version: 2 },
      source: { kind: 'folder', path: 'incoming' },
      window: { hours: 6 },
      onNewData: true,
      columns: ['temp', 'city'],
      drift: { share: 0.3, correction: 'benjamini-hochberg', columns: { temp: { test: 'psi', threshold: 0.2 } } },
      alerts: [{ when: 'drift_share > 0.3', metric: 'drift_share', op: '>', value: 0.3, severity: 'error', cooldownMinutes: 15 }],
    });
    assert.deepEqual(monitors[1], {
      name: 'minimal',
      model: 'churn@3',
      source: { kind: 'predictions' },
      window: { rows: 1000 },
      onNewData: true,
      drift: { share: 0.5, correction: 'none', columns: {} },
      alerts: [],
    });
  });

  it('names the line of each mistake and leaves the broken monitors out', () => {
    const { monitors, errors } = parseMonitorsConfig(`monitors:
  - name: ok
    model: a@champion
  - name: bad
    model: nomodel
    window: { rows: -5 }
    drift:
      correction: holm
      columns:
        x: { test: anova }
    alerts:
      - when: "auc_pr < 0.9"
      - when: "rows < 10"
        severity: fatal
        cooldown: -1
  - name: ok
    model: b@1
    colums: [x]
`);
    assert.deepEqual(monitors.map((m) => m.name), ['ok']);
    assert.deepEqual(
      errors.map((e) => e.split(': ')[0]),
      ['mlops.yaml:5', 'mlops.yaml:6', 'mlops.yaml:8', 'mlops.yaml:10', 'mlops.yaml:12', 'mlops.yaml:14', 'mlops.yaml:18', 'mlops.yaml:16'],
    );
    assert.match(errors[0]!, /model must name a registered model as NAME@ALIAS/);
    assert.match(errors[3]!, /drift.columns.x.test must be one of ks/);
    assert.match(errors[4]!, /when must compare a metric to a number.*drift_share/);
    assert.match(errors[6]!, /unknown monitor setting "colums"/);
    assert.match(errors[7]!, /a monitor named "ok" is already defined/);
  });

  it('no section is no monitors; a section that is not a list is an error', () => {
    assert.deepEqual(parseMonitorsConfig('version: 1\n'), { monitors: [], alerting: { log: true }, errors: [] });
    assert.deepEqual(parseMonitorsConfig('version: 1\nmonitors:\n  name: x\n').errors, ['mlops.yaml:3: monitors must be a list of monitors (- name: …)']);
  });

  it('reads alert conditions', () => {
    assert.deepEqual(parseCondition(' error_rate>=0.05 '), { metric: 'error_rate', op: '>=', value: 0.05 });
    assert.deepEqual(parseCondition('p99_latency_ms != 1e3'), { metric: 'p99_latency_ms', op: '!=', value: 1000 });
    assert.equal(parseCondition('drift_share > high'), undefined);
    assert.equal(parseCondition('drift > 0.1'), undefined);
  });
});
