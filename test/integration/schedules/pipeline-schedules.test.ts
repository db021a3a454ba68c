import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Runtime } from '../../../src/runtime';
import { SCHEDULES_LIST, call } from '../../../src/shared/contract';
import type { RuntimeEvent } from '../../../src/shared/events';
import type { ScheduleInfo } from '../../../src/shared/schedules';
import type { RuntimeClient } from '../../../src/shared/runtime-client';
import type { FollowedRuntime } from '../../helpers/runtime';
import { startFollowedRuntime } from '../../helpers/runtime';
import { until } from '../../helpers/until';

const DVC_YAML = `stages:
  prepare:
    cmd: cp input.txt prepared.txt
    deps: [input.txt]
    outs: [prepared.txt]
  train:
    cmd: cat prepared.txt > model.txt
    deps: [prepared.txt]
    outs: [model.txt]
  slow:
    cmd: touch slow.started && while [ ! -f go ]; do sleep 0.02; done && echo done > slow.txt
    outs: [slow.txt]
`;

const MLOPS_YAML = `schedules:
  - name: every-minute
    pipeline: train
    cron: "* * * * *"
  - { name: nightly, pipeline: all, cron: "0 3 * * *", force: true }
`;

/**
 * A clock the test moves: `justBeforeMinute()` puts it 1.5 s before a minute boundary, so a
 * "* * * * *" schedule armed then fires soon (the runtime's timers are real); the margin covers a
 * loaded machine's delay between moving the clock and the runtime arming its timers.
 */
class TestClock {
  private offset = 0;
  readonly now = (): number => Date.now() + this.offset;

  justBeforeMinute(): void {
    const t = this.now();
    this.offset += Math.ceil((t + 1) / 60_000) * 60_000 - 1_500 - t;
  }
}

describe('pipeline schedules in the runtime', () => {
  let rt: FollowedRuntime;
  let runtime: Runtime;
  let client: RuntimeClient;
  let events: RuntimeEvent[];
  let log: string[];
  let ws: string;
  const clock = new TestClock();

  before(async () => {
    rt = await startFollowedRuntime('mlops-schedules-', { 'dvc.yaml': DVC_YAML, 'input.txt': 'hello\n', 'mlops.yaml': MLOPS_YAML }, { schedules: { now: clock.now } });
    ({ runtime, client, events, workspace: ws, log } = rt);
  });
  after(() => rt.stop());

  const schedule = async (name: string): Promise<ScheduleInfo> => (await call(client, SCHEDULES_LIST, {})).schedules.find((s) => s.name === name)!;

  it('a schedule fires on its cron time and reproduces its stage with its upstream through the Pipelines repro', async () => {
    // Armed at start for the real next minute; re-armed once the clock is just before one.
    clock.justBeforeMinute();
    runtime.context.schedules.reload();
    const fired = await until('the schedule to finish its repro', async () => {
      const s = await schedule('every-minute');
      return s.lastRun?.outcome === 'succeeded' && s;
    });
    assert.equal(readFileSync(join(ws, 'model.txt'), 'utf8'), 'hello\n');
    assert.ok(log.some((line) => line === 'schedule every-minute (* * * * *, train): succeeded: ran prepare, train'), log.join('\n'));
    assert.ok(!existsSync(join(ws, 'slow.txt')), 'only the target and its upstream ran');
    assert.equal(fired.lastRun!.detail, 'ran prepare, train');
    assert.match(fired.lastRun!.runId ?? '', /^[0-9a-f]{32}$/, 'the stages nest under a pipeline run');
    assert.ok(fired.lastRun!.at % 60_000 < 1_000, 'it fired at the minute');
    assert.ok(fired.nextRun! > fired.lastRun!.at, 're-armed for the next minute');
    const repro = events.filter((e) => e.type === 'pipeline.repro');
    assert.deepEqual(repro.map((e) => e.type === 'pipeline.repro' && [e.data.state, e.data.targets]), [['started', ['train']], ['finished', ['train']]], 'the views see it like their own repro');
    const nightly = await schedule('nightly');
    assert.deepEqual({ ...nightly, nextRun: undefined }, { name: 'nightly', pipeline: 'all', cron: '0 3 * * *', force: true, nextRun: undefined });
    assert.equal(new Date(nightly.nextRun!).getHours(), 3);
    assert.equal(new Date(nightly.nextRun!).getMinutes(), 0);
    assert.deepEqual(JSON.parse(readFileSync(join(ws, '.mlops', 'schedules.json'), 'utf8'))['every-minute'], fired.lastRun, 'the last run survives a restart');
  });

  it('never starts a second repro while one runs: the firing is skipped and logged', async () => {
    runtime.context.pipelines.repro({ targets: ['slow'] });
    await until('the slow stage to start', () => existsSync(join(ws, 'slow.started')));
    const before = (await schedule('every-minute')).lastRun!.at;
    clock.justBeforeMinute();
    runtime.context.schedules.reload();
    const skipped = await until('the firing while busy', async () => {
      const s = await schedule('every-minute');
      return s.lastRun!.at > before && s.lastRun!;
    });
    assert.deepEqual({ outcome: skipped.outcome, detail: skipped.detail }, { outcome: 'skipped', detail: 'a pipeline repro was already running' });
    assert.ok(log.includes('schedule every-minute (* * * * *, train): skipped: a pipeline repro was already running'), 'and logged');
    writeFileSync(join(ws, 'go'), '');
    await runtime.context.pipelines.idle();
    assert.equal(events.filter((e) => e.type === 'pipeline.repro' && e.data.state === 'started').length, 2, 'no repro started for the skipped firing');
  });

  it('a schedule naming no stage fails its firing with the reason; an edit of mlops.yaml re-arms the schedules', async () => {
    writeFileSync(join(ws, 'mlops.yaml'), 'schedules:\n  - { name: typo, pipeline: trian, cron: "* * * * *" }\n');
    runtime.context.schedules.reload();
    assert.deepEqual((await call(client, SCHEDULES_LIST, {})).schedules.map((s) => s.name), ['typo']);
    clock.justBeforeMinute();
    runtime.context.schedules.reload();
    const failed = await until('the firing', async () => (await schedule('typo')).lastRun);
    assert.equal(failed.outcome, 'failed');
    assert.match(failed.detail!, /'trian' is not a stage of this workspace's dvc\.yaml files/);
  });
});
