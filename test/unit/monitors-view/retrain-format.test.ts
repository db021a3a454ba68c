import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reasonText, retrainAskText, retrainHistoryMarkdown, retrainOutcome, shouldAsk, taskToRun } from '../../../src/extension/monitors/retrain-format';
import type { RetrainTrigger } from '../../../src/shared/monitors';

const NOW = Date.UTC(2026, 10, 26, 12, 0);

function trigger(extra: Partial<RetrainTrigger> = {}): RetrainTrigger {
  return { id: 7, monitor: 'weather-drift', reason: 'alert: drift_share > 0.3', alertId: 3, policy: 'ask', status: 'pending', createdAt: NOW, updatedAt: NOW, ...extra };
}

describe('Retraining prompts and outcomes', () => {
  it('asks only about pending triggers held for approval, never one started by hand', () => {
    assert.equal(shouldAsk(trigger()), true);
    assert.equal(shouldAsk(trigger({ reason: 'manual' })), false);
    assert.equal(shouldAsk(trigger({ status: 'running' })), false);
    assert.equal(shouldAsk(trigger({ policy: 'auto' })), false);
  });

  it('asks "Retrain MODEL? REASON"', () => {
    assert.equal(retrainAskText(trigger(), 'weather@champion'), 'Retrain weather? weather-drift: alert drift_share > 0.3 fired.');
    assert.equal(retrainAskText(trigger({ reason: 'schedule: 0 3 * * 0' }), undefined), 'Retrain the model of weather-drift? weather-drift: scheduled (0 3 * * 0).');
    assert.equal(reasonText('manual'), 'requested by hand');
    assert.equal(reasonText('something else'), 'something else');
  });

  it('runs a VS Code task only for a running trigger that names one', () => {
    assert.equal(taskToRun({ ...trigger({ status: 'running' }), task: 'mlops: train' }), 'mlops: train');
    assert.equal(taskToRun({ ...trigger({ status: 'pending' }), task: 'mlops: train' }), undefined);
    assert.equal(taskToRun(trigger({ status: 'running' })), undefined);
  });

  it('tells promoted (information), rejected and failed (warning) with the decision', () => {
    const mv = { name: 'weather', version: '4' };
    assert.deepEqual(retrainOutcome(trigger({ status: 'promoted', modelVersion: mv, decision: 'accuracy 0.82 ≥ 0.5 and no regression against v3' }), 'weather@champion'), {
      severity: 'info',
      model: 'weather',
      text: 'Retrained weather v4 for weather-drift: promoted. Accuracy 0.82 ≥ 0.5 and no regression against v3.',
    });
    assert.deepEqual(retrainOutcome(trigger({ status: 'rejected', modelVersion: mv, decision: 'accuracy 0.41 < 0.5.' }), 'weather@champion'), {
      severity: 'warning',
      model: 'weather',
      text: 'Retrained weather v4 for weather-drift: not promoted. Accuracy 0.41 < 0.5.',
    });
    assert.deepEqual(retrainOutcome(trigger({ status: 'failed', decision: 'the retrain command exited with code 1' }), 'weather@champion'), {
      severity: 'warning',
      model: 'weather',
      text: 'Retraining weather for weather-drift failed. The retrain command exited with code 1.',
    });
    for (const status of ['pending', 'declined', 'running', 'validating'] as const) assert.equal(retrainOutcome(trigger({ status }), 'weather@champion'), undefined);
  });
});

describe('Retraining history document', () => {
  it('lists triggers newest first with status, run, data, model version and decision', () => {
    const md = retrainHistoryMarkdown('weather-drift', 'weather@champion', [
      trigger({ id: 1, createdAt: NOW - 86_400_000, status: 'declined' }),
      trigger({ id: 2, createdAt: NOW, status: 'promoted', runId: 'abcdef1234567890', dataVersion: { path: 'data', version: 3, md5: 'x' }, modelVersion: { name: 'weather', version: '4' }, decision: 'passed | all checks' }),
    ]);
    assert.match(md, /^# weather-drift: retraining history\n\nRetrains `weather@champion`\./);
    const rows = md.split('\n').filter((l) => l.startsWith('| #'));
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /^\| #2 \| .+ \| ✓ promoted \| alert drift_share > 0\.3 fired \(ask\) \| `abcdef12` \| `data` v3 \| weather v4 \| passed \\\| all checks \|$/);
    assert.match(rows[1]!, /^\| #1 \| .+ \| — declined \| .+ \| — \| — \| — \| — \|$/);
  });

  it('says how retraining starts when there is none yet', () => {
    assert.match(retrainHistoryMarkdown('weather-drift', undefined, []), /No retraining yet/);
  });
});
