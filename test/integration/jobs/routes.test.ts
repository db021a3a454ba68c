import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobInfo } from '../../../src/shared/jobs';
import { startTestRuntime } from '../../helpers/runtime';
import type { TestRuntime } from '../../helpers/runtime';
import { nodeJob, until } from './fixtures';

describe('GET /api/jobs and POST /api/jobs/{id}/cancel', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime();
  });
  after(() => rt.stop());

  it('lists jobs newest first, cancels a running one, and publishes job.changed per state', async () => {
    const { jobs } = rt.runtime.context;
    const first = jobs.submit(nodeJob('process.exit(0)', { label: 'quick' }));
    await first.done;
    const lines: string[] = [];
    const slow = jobs.submit(nodeJob("console.log('started'); setInterval(() => {}, 1000)", { kind: 'stage', label: 'slow' }), { onLine: (_s, line) => lines.push(line) });
    await until('the slow job to start', () => (lines.includes('started') ? true : undefined));

    const listed = await rt.call('GET', '/api/jobs');
    assert.equal(listed.status, 200);
    const shown = (listed.json.jobs as JobInfo[]).map((j) => [j.id, j.kind, j.label, j.state]);
    assert.deepEqual(shown, [
      [slow.id, 'stage', 'slow', 'RUNNING'],
      [first.id, 'training', 'quick', 'SUCCEEDED'],
    ]);
    const quick = (listed.json.jobs as JobInfo[])[1]!;
    assert.equal(quick.exitCode, 0);
    assert.ok(quick.startedAt! <= quick.endedAt!);

    const cancelled = await rt.call('POST', `/api/jobs/${slow.id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.equal((cancelled.json.job as JobInfo).id, slow.id);
    const ended = await slow.done;
    assert.deepEqual([ended.state, ended.reason], ['CANCELLED', 'cancelled by the user']);

    const again = await rt.call('POST', `/api/jobs/${slow.id}/cancel`);
    assert.equal(again.status, 400);
    assert.equal(again.json.error_code, 'INVALID_STATE');
    assert.equal((await rt.call('POST', '/api/jobs/999/cancel')).status, 404);
    const bad = await rt.call('POST', '/api/jobs/x1/cancel');
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.message), /no job id/);
    assert.equal((await rt.call('GET', '/api/jobs', { limit: '0' })).status, 400);
    assert.equal(((await rt.call('GET', '/api/jobs', { limit: '1' })).json.jobs as JobInfo[]).length, 1);

    const events = rt.runtime.store.events.since(0, 100_000).filter((e) => e.type === 'job.changed');
    const statesOf = (id: number) => events.flatMap((e) => ((e.data as { job: JobInfo }).job.id === id ? [(e.data as { job: JobInfo }).job.state] : []));
    assert.deepEqual(statesOf(first.id), ['QUEUED', 'RUNNING', 'SUCCEEDED']);
    assert.deepEqual(statesOf(slow.id), ['QUEUED', 'RUNNING', 'CANCELLED']);
  });
});
