import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JobTable, ORPHANED } from '../../../src/core/jobs';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';
import { openRunner } from './fixtures';

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid!;
}

describe('JobRunner on reopen: jobs of a runtime that is gone', () => {
  it('fails jobs a dead runtime left RUNNING or QUEUED as orphaned, and leaves a live owner’s alone', () => {
    const dir = tempDir('mlops-jobs-');
    const store = Store.open(join(dir, 'mlops.db'));
    const dead = new JobTable(store.db, deadPid());
    const running = dead.insert({ kind: 'retrain', label: 'retrain 1 of m', command: ['node', 'train.js'], cwd: dir, maxAttempts: 1, queuedAt: 1 });
    dead.update(running.id, { state: 'RUNNING', pid: deadPid(), startedAt: 2 });
    const queued = dead.insert({ kind: 'stage', label: 'prepare', command: 'python prepare.py', cwd: dir, maxAttempts: 1, queuedAt: 3 });
    const finished = dead.insert({ kind: 'stage', label: 'done', command: 'true', cwd: dir, maxAttempts: 1, queuedAt: 4 });
    dead.update(finished.id, { state: 'SUCCEEDED', exitCode: 0, endedAt: 5 });
    const live = new JobTable(store.db).insert({ kind: 'trial', label: 'mine', command: 'true', cwd: dir, maxAttempts: 1, queuedAt: 6 });
    store.close();

    const f = openRunner({ now: () => 1000 }, dir);
    try {
      assert.deepEqual(f.runner.orphans.map((j) => [j.id, j.state, j.reason, j.endedAt]), [
        [running.id, 'FAILED', ORPHANED, 1000],
        [queued.id, 'FAILED', ORPHANED, 1000],
      ]);
      assert.equal(ORPHANED, 'orphaned: the runtime stopped');
      assert.equal(f.runner.get(finished.id).state, 'SUCCEEDED');
      assert.equal(f.runner.get(live.id).state, 'QUEUED', 'its owner (this process) is running');
      assert.deepEqual(f.runner.list().map((j) => j.id), [live.id, finished.id, queued.id, running.id], 'newest first');
      assert.deepEqual(f.runner.get(running.id).command, ['node', 'train.js']);
      assert.equal(f.runner.get(queued.id).command, 'python prepare.py');
    } finally {
      f.close();
    }
  });
});
