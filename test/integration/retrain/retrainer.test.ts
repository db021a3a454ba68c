import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { isValidationReport } from '../../../src/core/models';
import { Tracking } from '../../../src/core/tracking';
import { BIAS, MONITOR, classifier, retrainWorkspace } from './fixtures';

const isState = (error: unknown) => error instanceof DomainError && error.code === 'INVALID_STATE';

describe('Retrainer: alerts and requests start retrains that are validated before promotion', () => {
  it('auto: an alert runs the command as a tracked run, validates the new version against the champion and promotes it', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js good', policy: 'auto' });
    try {
      const alerts = ws.alert();
      const id = await ws.retrainer.onAlerts(ws.monitor(), alerts);
      assert.ok(id !== undefined);
      assert.equal(await ws.retrainer.onAlerts(ws.monitor(), ws.alert()), id, 'a second alert while it runs returns the active retrain');
      assert.equal(ws.retrainer.list(MONITOR).length, 1, 'at most one active retrain per monitor');
      assert.throws(() => ws.retrainer.finished(id, 0), (e: unknown) => isState(e) && /runs a command the runtime started itself/.test((e as Error).message));
      await ws.retrainer.settled();

      const trigger = ws.retrainer.triggers.get(id);
      assert.equal(trigger.status, 'promoted', trigger.decision);
      assert.equal(trigger.reason, 'alert: drift_share > 0.3');
      assert.equal(trigger.alertId, alerts[0]!.id);
      assert.equal(trigger.policy, 'auto');
      assert.equal(trigger.decision, 'v2 promoted to champion: accuracy 0.9 (v1 0.805)');
      assert.deepEqual(trigger.modelVersion, { name: 'clf', version: '2' });
      const reference = ws.runtime.context.datasets.versions('data/train.csv')[0]!;
      assert.deepEqual(trigger.dataVersion, { path: 'data/train.csv', version: 1, md5: reference.md5 });

      const v2 = ws.registry.getVersion('clf', 2);
      assert.equal(ws.registry.versionByAlias('clf', 'champion').version, 2);
      assert.equal(v2.runId, trigger.runId, 'the version links to the retrain run');
      assert.ok(isValidationReport(v2.validation) && v2.validation.passed, 'the report is stored on the version');
      assert.equal((v2.validation as { baseline?: { model: { version: number } } }).baseline?.model.version, 1);

      const tracking = new Tracking(ws.store, Tracking.artifactRoot(ws.paths.mlopsDir));
      const run = tracking.runs.get(trigger.runId!);
      const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
      assert.equal(run.info.runName, `retrain-${MONITOR}`);
      assert.equal(tags['seen.trigger'], String(id), 'the command was handed MLOPS_RETRAIN_TRIGGER');
      assert.equal(tags['seen.data'], `data/train.csv 1 ${reference.md5}`, 'and the data version');
      assert.match(readFileSync(join(ws.paths.logs, `retrain-${id}.log`), 'utf8'), /registered clf v2/);

      const statuses = ws.publishedStatuses(id);
      assert.equal(statuses[0], 'running');
      assert.deepEqual(statuses.slice(-2), ['validating', 'promoted'], 'every step is published');
    } finally {
      await ws.close();
    }
  });

  it("runs the training in the experiment of the run that trained the alias's current version", async () => {
    const ws = await retrainWorkspace({ command: 'node train.js good', policy: 'auto' });
    try {
      const tracking = new Tracking(ws.store, Tracking.artifactRoot(ws.paths.mlopsDir));
      const experimentId = tracking.experiments.create('clf-training', undefined);
      const trainedBy = tracking.runs.create({ experimentId, runName: 'first-fit' });
      await ws.registry.createVersion({ name: 'clf', source: writeModel(ws.paths.root, classifier(BIAS.champion)), runId: trainedBy.runId });
      ws.registry.setValidation('clf', 2, ws.registry.getVersion('clf', 1).validation);
      ws.registry.setAlias('clf', 'champion', 2);
      const { id } = ws.retrainer.request(MONITOR);
      await ws.retrainer.settled();
      const retrained = tracking.runs.get(ws.retrainer.triggers.get(id).runId!);
      assert.equal(retrained.info.experimentId, experimentId);
    } finally {
      await ws.close();
    }
  });

  it('promotes the first version when the alias points nowhere yet', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js good', policy: 'auto' });
    try {
      ws.registry.deleteAlias('clf', 'champion');
      const { id } = ws.retrainer.request(MONITOR);
      await ws.retrainer.settled();
      const trigger = ws.retrainer.triggers.get(id);
      assert.equal(trigger.status, 'promoted', trigger.decision);
      assert.equal(ws.registry.versionByAlias('clf', 'champion').version, 2);
    } finally {
      await ws.close();
    }
  });

  it('rejects a worse model: the report says which check failed and the alias stays', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js bad', policy: 'auto' });
    try {
      const trigger = ws.retrainer.request(MONITOR);
      assert.equal(trigger.status, 'running');
      assert.equal(trigger.reason, 'manual');
      await ws.retrainer.settled();
      const ended = ws.retrainer.triggers.get(trigger.id);
      assert.equal(ended.status, 'rejected', ended.decision);
      assert.match(ended.decision!, /^v2 rejected, champion stays on v1: accuracy vs clf@champion \(v1\): 0\.73: regressed, −0\.075 against 0\.805, more than 0\.01 worse/);
      assert.equal(ws.registry.versionByAlias('clf', 'champion').version, 1);
      const validation = ws.registry.getVersion('clf', 2).validation;
      assert.ok(isValidationReport(validation) && !validation.passed, 'the failed report is stored too');
    } finally {
      await ws.close();
    }
  });

  it('ask: an alert leaves the retrain pending until approved; a declined one never runs', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js good', policy: 'ask' });
    try {
      const id = (await ws.retrainer.onAlerts(ws.monitor(), ws.alert()))!;
      await ws.retrainer.settled();
      assert.equal(ws.retrainer.triggers.get(id).status, 'pending');
      assert.equal(ws.registry.searchVersions({ filter: "name = 'clf'" }).items.length, 1, 'nothing ran');
      assert.throws(() => ws.retrainer.finished(id, 0), isState);

      const declined = ws.retrainer.decline(id);
      assert.equal(declined.status, 'declined');
      assert.throws(() => ws.retrainer.approve(id), (e: unknown) => isState(e) && /is declined; only a pending retrain can be approved/.test((e as Error).message));

      const next = (await ws.retrainer.onAlerts(ws.monitor(), ws.alert()))!;
      assert.notEqual(next, id, 'a declined retrain is no longer active');
      assert.equal(ws.retrainer.approve(next).status, 'running');
      assert.throws(() => ws.retrainer.decline(next), isState);
      assert.throws(() => ws.retrainer.request(MONITOR), (e: unknown) => isState(e) && /already running/.test((e as Error).message));
      await ws.retrainer.settled();
      assert.equal(ws.retrainer.triggers.get(next).status, 'promoted');
      assert.deepEqual(ws.publishedStatuses(id), ['pending', 'declined']);
    } finally {
      await ws.close();
    }
  });

  it('a command that fails, or registers nothing, fails the retrain with the log to read', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js fail', policy: 'auto' });
    try {
      const failing = ws.retrainer.request(MONITOR);
      await ws.retrainer.settled();
      const failed = ws.retrainer.triggers.get(failing.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.decision, `training exited with code 3; log: .mlops/logs/retrain-${failing.id}.log`);
      assert.match(readFileSync(join(ws.paths.root, '.mlops', 'logs', `retrain-${failing.id}.log`), 'utf8'), /boom: the training failed/);
      assert.ok(failed.runId, 'the tracked run is recorded even when it fails');

      // The next request reads mlops.yaml again.
      writeFileSync(ws.paths.config, readFileSync(ws.paths.config, 'utf8').replace('node train.js fail', 'node train.js nothing'));
      const nothing = ws.retrainer.request(MONITOR);
      await ws.retrainer.settled();
      const none = ws.retrainer.triggers.get(nothing.id);
      assert.equal(none.status, 'failed');
      assert.equal(none.decision, `the training registered no new version of clf; log: .mlops/logs/retrain-${nothing.id}.log`);
      assert.equal(ws.registry.versionByAlias('clf', 'champion').version, 1);
    } finally {
      await ws.close();
    }
  });

  it('a task retrain waits for the extension to report the end, then validates the version registered since', async () => {
    const ws = await retrainWorkspace({ task: 'train model', policy: 'auto' });
    try {
      const trigger = ws.retrainer.request(MONITOR);
      assert.equal(trigger.status, 'running');
      assert.equal(trigger.task, 'train model', 'the extension learns which task to run from the trigger');
      assert.equal(trigger.dataVersion?.version, 1, 'the data version is recorded for the task too');
      assert.throws(() => ws.retrainer.finished(trigger.id, 1.5), /exitCode must be an integer/);
      await ws.registry.createVersion({ name: 'clf', source: writeModel(ws.paths.root, classifier(BIAS.good)) });
      const reported = ws.retrainer.finished(trigger.id, 0);
      assert.equal(reported.status, 'validating');
      await ws.retrainer.settled();
      assert.equal(ws.retrainer.triggers.get(trigger.id).status, 'promoted');
      assert.throws(() => ws.retrainer.finished(trigger.id, 0), (e: unknown) => isState(e) && /is promoted, not running/.test((e as Error).message));

      const failing = ws.retrainer.request(MONITOR);
      assert.equal(ws.retrainer.finished(failing.id, 2).decision, 'training exited with code 2');
    } finally {
      await ws.close();
    }
  });

  it('unknown monitors and monitors without retrain are refused with what to do', async () => {
    const ws = await retrainWorkspace({ command: 'node train.js good' });
    try {
      assert.throws(() => ws.retrainer.request('nope'), (e: unknown) => e instanceof DomainError && e.code === 'RESOURCE_DOES_NOT_EXIST' && /No monitor named "nope"/.test(e.message));
      assert.throws(() => ws.retrainer.request('no-retrain'), (e: unknown) => e instanceof DomainError && e.code === 'INVALID_PARAMETER_VALUE' && /retrain: \{command:/.test(e.message));
      assert.equal(await ws.retrainer.onAlerts({ ...ws.monitor(), retrain: undefined }, ws.alert()), undefined);
      assert.equal(await ws.retrainer.onAlerts(ws.monitor(), [{ ...ws.alert()[0]!, retrain: undefined }]), undefined, 'only retrain: true rules start a retrain');
      assert.deepEqual(ws.retrainer.list(), []);
    } finally {
      await ws.close();
    }
  });
});

function writeModel(root: string, bytes: Uint8Array): string {
  const path = join(root, 'models', 'task-output.onnx');
  writeFileSync(path, bytes);
  return path;
}
