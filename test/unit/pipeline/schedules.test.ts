import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkDocument } from '../../../src/core/config';
import { parseMonitorsConfig } from '../../../src/core/monitoring';
import { buildDag, parseSchedulesConfig, pipelineTargets } from '../../../src/core/pipeline';
import type { Stage } from '../../../src/core/pipeline';
import { ConfigDocument } from '../../../src/core/workspace';
import { SCHEDULE_KEYS } from '../../../src/core/pipeline/schedules-config';
import { CronTimers } from '../../../src/runtime/schedules';

describe('schedules: in mlops.yaml', () => {
  it('reads each entry, with force false unless given, and the cron normalized', () => {
    const { schedules, errors } = parseSchedulesConfig(`schedules:
  - name: nightly
    pipeline: train
    cron: " 0 3 * * * "
  - { name: weekly-all, pipeline: all, cron: "@weekly", force: true }
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(schedules, [
      { name: 'nightly', pipeline: 'train', cron: '0 3 * * *', force: false },
      { name: 'weekly-all', pipeline: 'all', cron: '@weekly', force: true },
    ]);
  });

  it('reports each problem on its line and leaves only that entry out', () => {
    const text = `schedules:
  - name: ok
    pipeline: train
    cron: "*/5 * * * *"
  - name: bad-cron
    pipeline: train
    cron: "0 25 * * *"
  - name: ok
    pipeline: all
    cron: "@daily"
  - name: typo
    pipline: train
    cron: "@daily"
    force: yes
  - just a string
`;
    const { schedules, errors } = parseSchedulesConfig(text);
    assert.deepEqual(schedules.map((s) => s.name), ['ok']);
    assert.match(errors[0]!, /^mlops\.yaml:7: cron "0 25 \* \* \*" is not a valid cron expression: hour field "25": 25 is out of range 0-23/);
    assert.match(errors[1]!, /^mlops\.yaml:8: a schedule named "ok" is already defined$/);
    assert.ok(errors.some((e) => /^mlops\.yaml:11: a schedule needs pipeline: a stage name/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /^mlops\.yaml:12: unknown schedule setting "pipline" .*did you mean "pipeline"\?$/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /^mlops\.yaml:14: force must be true or false$/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /^mlops\.yaml:15: a schedule must be a mapping/.test(e)), errors.join('\n'));
    assert.match(parseSchedulesConfig('schedules: nightly\n').errors[0]!, /^mlops\.yaml:1: schedules must be a list/);
  });

  it('is a known section of the whole file, checked with the others', () => {
    const checked = checkDocument(ConfigDocument.parse('schedules:\n  - { name: n, pipeline: train, cron: "61 * * * *" }\n'));
    assert.equal(checked.errors.length, 1, checked.errors.join('\n'));
    assert.match(checked.errors[0]!, /^mlops\.yaml:2: cron "61 \* \* \* \*" is not a valid cron expression: minute field/);
  });

  it('the JSON Schema knows the same keys and refuses others', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../media/mlops.schema.json'), 'utf8')) as { properties: Record<string, { items: { properties: object; additionalProperties: unknown } }> };
    const items = schema.properties.schedules!.items;
    assert.deepEqual(Object.keys(items.properties).sort(), [...SCHEDULE_KEYS].sort());
    assert.equal(items.additionalProperties, false);
  });
});

describe('retrain: {pipeline: …}', () => {
  const monitor = (retrain: string): string => `monitors:\n  - name: m\n    model: clf@champion\n    retrain:\n${retrain}      validation: {data: holdout.csv, label: y}\n`;

  it('runs a dvc.yaml stage instead of a command, optionally forced', () => {
    const { monitors, errors } = parseMonitorsConfig(monitor('      pipeline: train\n      force: true\n'));
    assert.deepEqual(errors, []);
    assert.equal(monitors[0]!.retrain!.pipeline, 'train');
    assert.equal(monitors[0]!.retrain!.force, true);
    assert.equal(monitors[0]!.retrain!.command, undefined);
  });

  it('takes one of command, pipeline or task, and force only with a pipeline', () => {
    assert.match(parseMonitorsConfig(monitor('      command: node train.js\n      pipeline: train\n')).errors[0]!, /^mlops\.yaml:6: retrain takes a command or a pipeline, not both: remove one$/);
    assert.match(parseMonitorsConfig(monitor('      command: node train.js\n      force: true\n')).errors[0]!, /^mlops\.yaml:6: retrain\.force applies to a pipeline retrain only/);
    assert.match(parseMonitorsConfig(monitor('      policy: auto\n')).errors[0]!, /retrain needs what to run: command: .*, pipeline: STAGE .* or task: LABEL/);
  });
});

describe('pipelineTargets', () => {
  const stage = (id: string, file: string): Stage => ({ name: id.split(':').pop()!, id, file, line: 1, cmd: 'true', wdir: '', deps: [], params: [], outs: [], frozen: false, alwaysChanged: false });
  const dag = buildDag([stage('prepare', 'dvc.yaml'), stage('train', 'dvc.yaml'), stage('models/dvc.yaml:fit', 'models/dvc.yaml')]);

  it('all is every stage, a dvc.yaml path its stages, a name that stage', () => {
    assert.deepEqual(pipelineTargets(dag, 'all'), []);
    assert.deepEqual(pipelineTargets(dag, './models/dvc.yaml'), ['models/dvc.yaml:fit']);
    assert.deepEqual(pipelineTargets(dag, 'dvc.yaml'), ['prepare', 'train']);
    assert.deepEqual(pipelineTargets(dag, 'train'), ['train']);
  });

  it('refuses what names nothing', () => {
    assert.throws(() => pipelineTargets(dag, 'trian'), /'trian' is not a stage of this workspace's dvc\.yaml files \(stages: prepare, train, models\/dvc\.yaml:fit\)/);
    assert.throws(() => pipelineTargets(dag, 'other/dvc.yaml'), /other\/dvc\.yaml has no stages in this workspace \(dvc\.yaml files with stages: dvc\.yaml, models\/dvc\.yaml\)/);
  });
});

describe('CronTimers', () => {
  it('fires at the cron time of its clock, then re-arms for the next one', async () => {
    // The clock runs 1 s before a minute boundary: "* * * * *" is due soon, with room for a loaded
    // machine between reading the clock and arming.
    const real = Date.now();
    const offset = Math.ceil((real + 1) / 60_000) * 60_000 - 1_000 - real;
    const now = (): number => Date.now() + offset;
    const fired: number[] = [];
    let done!: () => void;
    const firedOnce = new Promise<void>((resolve) => (done = resolve));
    const timers = new CronTimers(now, ({ key }) => {
      fired.push(now());
      assert.equal(key, 'every-minute');
      done();
    });
    timers.arm([{ key: 'every-minute', expr: '* * * * *' }]);
    const first = timers.nextAt('every-minute')!;
    assert.equal(first % 60_000, 0);
    // CronTimers' timers are unref'd (they never hold a runtime open); this keeps the test's loop alive.
    const alive = setInterval(() => undefined, 60_000);
    await firedOnce.finally(() => clearInterval(alive));
    assert.ok(fired[0]! >= first, 'never early');
    assert.equal(timers.nextAt('every-minute'), first + 60_000, 're-armed for the next minute');
    timers.clear();
    assert.equal(timers.nextAt('every-minute'), undefined);
  });
});
