import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextCronTime } from '../../../src/core/monitoring';
import { RetrainTriggerStore } from '../../../src/core/monitoring';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import type { MonitorConfig } from '../../../src/core/monitoring';
import { EventHub } from '../../../src/runtime/event-hub';
import { Retrainer } from '../../../src/runtime/retrain';
import type { RetrainTrigger } from '../../../src/shared/monitors';
import { CLI } from '../../helpers/cli';
import { until } from '../../helpers/until';
import { MONITOR, monitorsOf, retrainWorkspace, writeWorkspaceFiles } from './fixtures';

const INTERRUPTED = 'the runtime stopped during the retrain';

/** A workspace's store with no runtime: what a Retrainer finds when the runtime starts. */
function bareWorkspace(settings: Parameters<typeof writeWorkspaceFiles>[0]) {
  const paths = workspacePaths(writeWorkspaceFiles(settings));
  const store = Store.open(paths.db);
  const hub = new EventHub(store.events);
  const published = (): RetrainTrigger[] => store.events.since(0, 100_000).flatMap((e) => (e.type === 'retrain.changed' ? [(e.data as { trigger: RetrainTrigger }).trigger] : []));
  return { paths, store, hub, published, close: () => (hub.close(), store.close()) };
}

describe('Retrainer lifecycle: restarts, stops and schedules', () => {
  it('start() fails the retrains a killed runtime left running or validating; pending ones still wait', () => {
    const ws = bareWorkspace({ command: 'node train.js good', policy: 'ask' });
    try {
      const triggers = new RetrainTriggerStore(ws.store.db);
      const base = { monitor: MONITOR, reason: 'manual', policy: 'ask' as const, time: 1000 };
      const running = triggers.create({ ...base, status: 'running' });
      const validating = triggers.create({ ...base, status: 'validating' });
      const pending = triggers.create({ ...base, status: 'pending' });
      const promoted = triggers.create({ ...base, status: 'promoted' });
      const options = { store: ws.store, paths: ws.paths, hub: ws.hub, log: () => undefined, monitors: () => monitorsOf(ws.paths), cliPath: CLI, now: () => 5000 };
      const loser = new Retrainer(options);
      loser.stop();
      assert.equal(triggers.get(running.id).status, 'running', 'a runtime that never started (lost the start race) touches no retrain');
      const retrainer = new Retrainer(options);
      retrainer.start();
      for (const t of [running, validating]) assert.deepEqual([triggers.get(t.id).status, triggers.get(t.id).decision, triggers.get(t.id).updatedAt], ['failed', INTERRUPTED, 5000]);
      assert.equal(triggers.get(pending.id).status, 'pending');
      assert.equal(triggers.get(promoted.id).status, 'promoted');
      assert.deepEqual(ws.published().map((t) => [t.id, t.status]), [[running.id, 'failed'], [validating.id, 'failed']], 'the changes are published');
      retrainer.stop();
    } finally {
      ws.close();
    }
  });

  it('stop() ends a running training at once and marks the retrain failed', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js slow', policy: 'auto' });
    try {
      const trigger = ws.retrainer.request(MONITOR);
      await until('the run to start', () => ws.retrainer.triggers.get(trigger.id).runId);
      const started = Date.now();
      ws.retrainer.stop();
      assert.deepEqual([ws.retrainer.triggers.get(trigger.id).status, ws.retrainer.triggers.get(trigger.id).decision], ['failed', INTERRUPTED]);
      await ws.retrainer.settled();
      assert.ok(Date.now() - started < 20_000, 'the training was stopped, not waited for');
      assert.equal(ws.retrainer.triggers.get(trigger.id).status, 'failed', 'nothing is written after stop');
    } finally {
      await ws.close();
    }
  });

  it('a retrain schedule fires at its cron time with the policy; re-arming follows the config', async () => {
    const ws = bareWorkspace({ command: 'node train.js good', policy: 'ask', schedule: '* * * * *' });
    const minute = new Date(2030, 0, 7, 12, 0, 0).getTime();
    const [realStart, fakeStart] = [Date.now(), minute + 60_000 - 300];
    const now = () => fakeStart + (Date.now() - realStart);
    const retrainer = new Retrainer({ store: ws.store, paths: ws.paths, hub: ws.hub, log: () => undefined, monitors: () => monitorsOf(ws.paths), cliPath: CLI, now });
    try {
      assert.equal(retrainer.nextScheduledAt(MONITOR), undefined, 'armed by start(), not by the constructor');
      retrainer.start();
      assert.equal(retrainer.nextScheduledAt(MONITOR), minute + 60_000, 'armed at the next minute of the (injected) clock');
      assert.equal(retrainer.nextScheduledAt('no-retrain'), undefined);
      const fired = await until('the schedule to fire', () => retrainer.list(MONITOR)[0]);
      assert.equal(fired.reason, 'schedule: * * * * *');
      assert.equal(fired.status, 'pending', 'policy ask: waits for the user');
      assert.ok(fired.createdAt >= minute + 60_000);
      assert.equal(retrainer.nextScheduledAt(MONITOR), minute + 120_000, 're-armed for the next time');

      const weekly: MonitorConfig[] = monitorsOf(ws.paths).map((m) => (m.retrain ? { ...m, retrain: { ...m.retrain, schedule: '0 3 * * 0' } } : m));
      retrainer.setMonitors(weekly);
      assert.equal(retrainer.nextScheduledAt(MONITOR), nextCronTime('0 3 * * 0', new Date(now())).getTime());
      retrainer.setMonitors(monitorsOf(ws.paths).map((m) => ({ ...m, retrain: m.retrain && { ...m.retrain, schedule: undefined } })));
      assert.equal(retrainer.nextScheduledAt(MONITOR), undefined, 'a removed schedule is disarmed');
    } finally {
      retrainer.stop();
      ws.close();
    }
  });
});
