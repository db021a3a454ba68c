import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NewDataWatcher } from '../../../src/runtime/monitoring/new-data-watcher';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TIMING = { debounceMs: 80, maxWaitMs: 300, retryMs: 50 };

describe('the new-data watcher', () => {
  it('waits for a missing folder, counts its files as new, ignores other files, and survives the folder being replaced', async () => {
    const dir = join(tempDir(), 'incoming');
    let calls = 0;
    const logs: string[] = [];
    const states: string[] = [];
    const watcher = new NewDataWatcher(dir, (file) => file.endsWith('.csv'), () => calls++, TIMING, (l) => logs.push(l), (s) => states.push(s));
    watcher.start();
    try {
      assert.deepEqual(states, ['waiting']);
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.csv'), 'x\n1\n');
      await until('the first file ran the monitor', () => calls === 1);
      writeFileSync(join(dir, 'notes.txt'), 'not data');
      writeFileSync(join(dir, 'c.csv'), 'x\n3\n');
      await until('the second table ran the monitor', () => calls === 2);
      await until('nothing is pending', () => !watcher.pending);
      assert.equal(calls, 2, 'a file that is not a table is no new data');
      rmSync(dir, { recursive: true });
      await until('the watcher looks for the folder again', () => states.at(-1) === 'waiting');
      mkdirSync(dir);
      writeFileSync(join(dir, 'b.csv'), 'x\n2\n');
      await until('the replaced folder ran the monitor', () => calls === 3);
      assert.deepEqual(states, ['waiting', 'watching', 'waiting', 'watching']);
      assert.deepEqual(logs, []);
    } finally {
      await watcher.close();
    }
  });

  it('runs once after a burst, and at the latest maxWaitMs after the first change of a steady stream', async () => {
    const dir = tempDir();
    let calls = 0;
    let watching = false;
    const watcher = new NewDataWatcher(dir, () => true, () => calls++, TIMING, () => undefined, (s) => (watching = s === 'watching'));
    watcher.start();
    try {
      await until('the folder is watched', () => watching);
      const started = Date.now();
      let last = started;
      // A loaded machine can stall the writer past debounceMs: each such pause ends a burst and may add a run.
      let pauses = 0;
      while (Date.now() - started < 700) {
        writeFileSync(join(dir, 'log.csv'), String(Date.now()));
        await sleep(30);
        if (Date.now() - last >= TIMING.debounceMs) pauses++;
        last = Date.now();
      }
      const allowed = Math.ceil((Date.now() - started) / TIMING.maxWaitMs) + pauses;
      assert.ok(calls >= 1, 'a steady stream still runs the monitor');
      assert.ok(calls <= allowed, `at most one run per maxWaitMs (and per pause of the writer: ${pauses}), saw ${calls}`);
      const during = calls;
      await until('the last change was acted on', () => !watcher.pending);
      assert.equal(calls, during + 1, 'and once more after it went quiet');
    } finally {
      await watcher.close();
    }
  });
});
