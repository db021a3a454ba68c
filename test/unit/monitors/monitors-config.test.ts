import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition, parseMonitorsConfig, splitCommand } from '../../../src/core/monitoring';

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
      minRows: 100,
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
      minRows: 100,
      onNewData: true,
      drift: { share: 0.5, correction: 'none', columns: {} },
      alerts: [],
    });
  });

  it('window.min_rows: default 100 (or window.rows when smaller), set beside rows or hours; a bad value is reported with its line', () => {
    const { monitors, errors } = parseMonitorsConfig(`monitors:
  - name: small
    model: a@champion
    window: { rows: 20 }
  - name: set
    model: a@champion
    window: { rows: 500, min_rows: 50 }
  - name: hourly
    model: a@champion
    window: { hours: 2, min_rows: 30 }
  - name: zero
    model: a@champion
    window: { rows: 200, min_rows: 0 }
  - name: over
    model: a@champion
    window: { rows: 200, min_rows: 300 }
`);
    assert.deepEqual(
      monitors.map((m) => [m.name, m.window, m.minRows]),
      [
        ['small', { rows: 20 }, 20],
        ['set', { rows: 500 }, 50],
        ['hourly', { hours: 2 }, 30],
      ],
    );
    assert.deepEqual(errors, [
      'mlops.yaml:13: window.min_rows must be a positive integer: below it a window is "not enough data" and never alerts (default 100)',
      'mlops.yaml:16: window.min_rows (300) is larger than window.rows (200): the monitor could never reach a verdict',
    ]);
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

describe('mlops.yaml monitors: running by themselves, labels, retraining, alerting', () => {
  it('reads schedule, on_new_data, labels, retrain, retrain rules and alerting', () => {
    const { monitors, alerting, errors } = parseMonitorsConfig(`alerting:
  webhook: https://hooks.example.com/mlops?team=ml
monitors:
  - name: weather
    model: weather@champion
    schedule: "*/15 * * * *"
    on_new_data: false
    labels: { path: data/labels.csv, id: rid }
    retrain:
      command: node "train script.js" --epochs 5 'a b' c\\ d
      policy: auto
      schedule: "@weekly"
      alias: prod
      validation:
        data: data/holdout.csv
        label: rain
        criteria: "accuracy>=0.9,f1>=0.8"
        max_regression: 0.02
    alerts:
      - when: "drift_share > 0.3"
        retrain: true
      - when: "rows < 10"
        retrain: false
  - name: tasked
    model: churn@2
    labels: {}
    retrain:
      task: "train churn"
      validation: { data: holdout.jsonl, label: churned }
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(alerting, { log: true, webhook: { url: 'https://hooks.example.com/mlops?team=ml', retries: 5, timeoutSeconds: 10 } });
    const [weather, tasked] = monitors;
    assert.equal(weather!.schedule, '*/15 * * * *');
    assert.equal(weather!.onNewData, false);
    assert.deepEqual(weather!.labels, { path: 'data/labels.csv', id: 'rid', label: 'label' });
    assert.deepEqual(weather!.retrain, {
      command: ['node', 'train script.js', '--epochs', '5', 'a b', 'c d'],
      policy: 'auto',
      schedule: '@weekly',
      alias: 'prod',
      validation: { data: 'data/holdout.csv', label: 'rain', criteria: 'accuracy>=0.9,f1>=0.8', maxRegression: 0.02 },
    });
    assert.deepEqual(weather!.alerts.map((a) => a.retrain), [true, undefined]);
    assert.equal(tasked!.onNewData, true);
    assert.equal(tasked!.schedule, undefined);
    assert.deepEqual(tasked!.labels, { id: 'request_id', label: 'label' });
    assert.deepEqual(tasked!.retrain, { task: 'train churn', policy: 'ask', alias: 'champion', validation: { data: 'holdout.jsonl', label: 'churned' } });
  });

  it('takes a command as a list and a webhook as a mapping', () => {
    const { monitors, alerting, errors } = parseMonitorsConfig(`monitors:
  - name: m
    model: m@1
    retrain:
      command: [python, train.py, "--note", "a | b"]
      validation: { data: h.csv, label: y }
alerting:
  log: false
  webhook: { url: "http://127.0.0.1:9000/hook", retries: 0, timeout_seconds: 2.5 }
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(monitors[0]!.retrain!.command, ['python', 'train.py', '--note', 'a | b']);
    assert.deepEqual(alerting, { log: false, webhook: { url: 'http://127.0.0.1:9000/hook', retries: 0, timeoutSeconds: 2.5 } });
  });

  it('names the line of each mistake in the new keys', () => {
    const { monitors, alerting, errors } = parseMonitorsConfig(`monitors:
  - name: a
    model: a@1
    schedule: "*/15 * * *"
    on_new_data: sometimes
    labels: { path: "", column: x }
  - name: b
    model: b@1
    schedule: "0 25 * * *"
    retrain:
      command: node train.js | tee log
      task: train
      policy: always
      schedule: "0 0 31 2 *"
      alias: "3"
      validation: { data: h.csv, criteria: "accuracy=0.9", max_regression: -1 }
  - name: c
    model: c@1
    retrain: { policy: auto, validation: { label: y } }
    alerts:
      - when: "drift_share > 0.5"
        retrain: yes please
        sevrity: error
  - name: d
    model: d@1
    alerts:
      - when: "rows < 1"
        retrain: true
alerting:
  webhook: { url: "ftp://example.com/x", retries: 1.5, timeout_seconds: 0 }
  log: maybe
  email: me@example.com
`);
    assert.deepEqual(monitors, []);
    assert.deepEqual(alerting, { log: true }, 'a broken alerting section falls back to the defaults');
    const lines = errors.map((e) => Number(/^mlops\.yaml:(\d+): /.exec(e)![1])).sort((a, b) => a - b);
    assert.deepEqual(lines, [4, 5, 6, 6, 9, 11, 12, 13, 14, 15, 16, 16, 16, 19, 19, 22, 23, 28, 30, 30, 30, 31, 32]);
    const expect = (line: number, pattern: RegExp) =>
      assert.ok(
        errors.some((e) => e.startsWith(`mlops.yaml:${line}: `) && pattern.test(e)),
        `expected an error on line ${line} matching ${pattern}, got:\n${errors.join('\n')}`,
      );
    expect(4, /schedule "\*\/15 \* \* \*" is not a valid cron expression: .*has 4 fields; cron needs 5: minute hour day-of-month month day-of-week/);
    expect(5, /on_new_data must be true or false/);
    expect(6, /labels\.path must be the path of a CSV or JSONL file/);
    expect(6, /unknown labels setting "column" \(path, id, label\)/);
    expect(9, /hour field "25": 25 is out of range 0-23/);
    expect(11, /retrain\.command: "\|" at character 15 needs a shell/);
    expect(12, /retrain takes a command or a task, not both/);
    expect(13, /retrain\.policy must be ask .* or auto/);
    expect(14, /retrain\.schedule "0 0 31 2 \*" is not a valid cron expression: .*never runs/);
    expect(15, /retrain\.alias "3" must be a name .* not a version number/);
    expect(16, /retrain\.validation needs label/);
    expect(16, /retrain\.validation\.criteria: criterion "accuracy=0\.9": "=" is no comparison; use ==/);
    expect(16, /max_regression must be a number ≥ 0/);
    expect(19, /retrain needs what to run: command: .* or task: LABEL/);
    expect(19, /retrain\.validation needs data/);
    expect(22, /retrain must be true or false/);
    expect(23, /unknown alert rule setting "sevrity" \(when, severity, cooldown, retrain\)/);
    expect(28, /this rule asks to retrain, but the monitor has no retrain: section/);
    expect(30, /alerting\.webhook needs an http:\/\/ or https:\/\/ URL/);
    expect(30, /alerting\.webhook\.retries must be a whole number from 0 to 20/);
    expect(30, /alerting\.webhook\.timeout_seconds must be a number of seconds above 0/);
    expect(31, /alerting\.log must be true or false/);
    expect(32, /unknown alerting setting "email" \(webhook, log\)/);
  });

  it('reads an alerting section without monitors, and a bare webhook URL', () => {
    assert.deepEqual(parseMonitorsConfig('alerting:\n  webhook: "https://x.example/h"\n'), {
      monitors: [],
      alerting: { log: true, webhook: { url: 'https://x.example/h', retries: 5, timeoutSeconds: 10 } },
      errors: [],
    });
    assert.deepEqual(parseMonitorsConfig('alerting:\n  webhook: "not a url"\n').errors, ['mlops.yaml:2: alerting.webhook needs an http:// or https:// URL, e.g. https://hooks.example.com/mlops']);
  });
});

describe('splitting a retrain command line', () => {
  it('splits on blanks and honours simple shell quoting', () => {
    assert.deepEqual(splitCommand('  node   train.js  '), ['node', 'train.js']);
    assert.deepEqual(splitCommand(`python -c 'print("hi")' "a \\"quoted\\" \\$word" x\\ y ''`), ['python', '-c', 'print("hi")', 'a "quoted" $word', 'x y', '']);
    assert.deepEqual(splitCommand('a"b c"d'), ['ab cd'], 'quotes join with what touches them');
    assert.deepEqual(splitCommand('"C:\\path\\train.exe"'), ['C:\\path\\train.exe'], 'inside double quotes only \\" \\\\ \\$ and \\` are escapes');
  });

  it('refuses what would need a shell, and unclosed quotes', () => {
    assert.throws(() => splitCommand('train.sh > out.log'), /">" at character 10 needs a shell/);
    assert.throws(() => splitCommand('echo $HOME'), /"\$" at character 6 needs a shell/);
    assert.throws(() => splitCommand("node 'train.js"), /the ' opened at character 6 is never closed/);
    assert.throws(() => splitCommand('node "train.js'), /the " opened at character 6 is never closed/);
    assert.throws(() => splitCommand('   '), /the command is empty/);
  });
});
