import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NewDataWatcher } from '../../../src/runtime/monitoring/new-data-watcher';
import { tempDir } from '../../helpers/temp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TIMING = { debounceMs: 80, maxWaitMs: 300, retryMs: 50 };

/** Polls until `count` calls were seen, or fails after `ms`. */
async function until(calls: () => number, count: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (calls() < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} calls, saw ${calls()}`);
    await sleep(20);
  }
}

describe('the new-data watcher', () => {
  it('waits for a missing folder, counts its files as new, ignores other files, and survives the folder being replaced', async () => {
    const dir = join(tempDir(), 'incoming');
    let calls = 0;
    const logs: string[] = [];
    const watcher = new NewDataWatcher(dir, (file) => file.endsWith('.csv'), () => calls++, TIMING, (l) => logs.push(l));
    watcher.start();
    try {
      await sleep(150);
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.csv'), 'x\n1\n');
      await until(() => calls, 1);
      writeFileSync(join(dir, 'notes.txt'), 'not data');
      await sleep(300);
      assert.equal(calls, 1, 'a file that is not a table is no new data');
      rmSync(dir, { recursive: true });
      await sleep(200);
      mkdirSync(dir);
      writeFileSync(join(dir, 'b.csv'), 'x\n2\n');
      await until(() => calls, 2);
      assert.deepEqual(logs, []);
    } finally {
      await watcher.close();
    }
  });

  it('runs once after a burst, and at the latest maxWaitMs after the first change of a steady stream', async () => {
    const dir = tempDir();
    let calls = 0;
    const watcher = new NewDataWatcher(dir, () => true, () => calls++, TIMING, () => undefined);
    watcher.start();
    try {
      await sleep(200);
      const started = Date.now();
      while (Date.now() - started < 700) {
        writeFileSync(join(dir, 'log.csv'), String(Date.now()));
        await sleep(30);
      }
      assert.ok(calls >= 1, 'a steady stream still runs the monitor');
      assert.ok(calls <= 3, `at most one run per maxWaitMs, saw ${calls}`);
      const during = calls;
      await sleep(300);
      assert.equal(calls, during + 1, 'and once more after it went quiet');
    } finally {
      await watcher.close();
    }
  });
});
