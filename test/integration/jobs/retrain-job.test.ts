import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobInfo } from '../../../src/shared/jobs';
import { MONITOR, retrainWorkspace } from '../retrain/fixtures';
import { until } from './fixtures';

describe('a retrain runs as a job of kind retrain', () => {
  it('is stored, announced as job.changed, and cancelled when the retrainer stops', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js slow', policy: 'auto' });
    try {
      const jobEvents = () => ws.store.events.since(0, 100_000).flatMap((e) => (e.type === 'job.changed' ? [(e.data as { job: JobInfo }).job] : []));
      const trigger = ws.retrainer.request(MONITOR);
      const running = await until('the retrain job to run', () => jobEvents().find((j) => j.state === 'RUNNING'));
      assert.equal(running.kind, 'retrain');
      assert.equal(running.label, `retrain ${trigger.id} of ${MONITOR}`);
      assert.match(running.log!, new RegExp(`retrain-${trigger.id}\\.log$`));
      assert.equal((running.command as string[])[2], 'run', 'mlops run, with this process’s Node');
      await until('the run to start', () => ws.retrainer.triggers.get(trigger.id).runId);
      ws.retrainer.stop();
      await ws.retrainer.settled();
      const states = jobEvents().filter((j) => j.id === running.id).map((j) => j.state);
      assert.deepEqual(states, ['QUEUED', 'RUNNING', 'CANCELLED']);
      assert.equal(jobEvents().at(-1)!.reason, 'the retrain was stopped');
    } finally {
      await ws.close();
    }
  });
});
