import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MonitorScheduler } from '../../../src/runtime/monitoring/monitor-scheduler';
import { until } from '../../helpers/until';


/** A clock that reads `msBeforeMinute` ms before the next whole minute when created, then runs at real speed. */
function clockNearMinute(msBeforeMinute: number): () => number {
  const start = Date.now();
  const shift = 60_000 - msBeforeMinute - (start % 60_000);
  return () => Date.now() + shift;
}

describe('the monitor scheduler', () => {
  it('fires at the cron time, then arms the next one once the run has finished', async () => {
    const now = clockNearMinute(150);
    const fired: number[] = [];
    let finish!: () => void;
    const scheduler = new MonitorScheduler(async () => {
      fired.push(now());
      await new Promise<void>((resolve) => (finish = resolve));
    }, now);
    scheduler.set(new Map([['m', '* * * * *']]));
    const first = scheduler.nextRunAt('m')!;
    assert.equal(first % 60_000, 0);
    assert.ok(first - now() <= 150);
    await until('the cron time fired', () => fired.length > 0);
    assert.equal(fired.length, 1);
    assert.ok(fired[0]! >= first);
    assert.equal(scheduler.nextRunAt('m'), undefined, 'nothing is armed while the run is under way');
    finish();
    assert.equal(await until('the next run is armed', () => scheduler.nextRunAt('m')), first + 60_000);
    scheduler.close();
  });

  it('waits in steps for times beyond what setTimeout allows', async () => {
    let fired = 0;
    const scheduler = new MonitorScheduler(async () => void fired++);
    scheduler.set(new Map([['leap', '0 0 29 2 *']]));
    const wait = scheduler.nextRunAt('leap')! - Date.now();
    // An overflowing setTimeout fires after 1 ms; 100 ms without a run shows the wait was split.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(fired, 0, `a wait of ${Math.round(wait / 86_400_000)} days must not fire at once`);
    scheduler.close();
  });

  it('drops removed and changed schedules, keeps unchanged ones, and stops on close', async () => {
    const now = clockNearMinute(200);
    const fired: string[] = [];
    const scheduler = new MonitorScheduler(async (name) => void fired.push(name), now);
    scheduler.set(new Map([['kept', '* * * * *'], ['changed', '* * * * *'], ['removed', '* * * * *']]));
    const kept = scheduler.nextRunAt('kept');
    scheduler.set(new Map([['kept', '* * * * *'], ['changed', '@yearly']]));
    assert.equal(scheduler.nextRunAt('kept'), kept);
    assert.equal(scheduler.nextRunAt('removed'), undefined);
    assert.equal(new Date(scheduler.nextRunAt('changed')!).getMonth(), 0);
    await until('the kept schedule fired', () => fired.length > 0);
    // Anything due at the same minute fires in the same timer turn; let it.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(fired, ['kept']);
    scheduler.close();
    assert.equal(scheduler.nextRunAt('kept'), undefined);
  });
});
