import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataLineageItem, headlineMetrics, lineageMarkdown, modelCardMarkdown, modelDescription, versionDescription, versionsComparisonMarkdown } from '../../../src/extension/models/model-format';
import type { WireModelVersion } from '../../../src/extension/models/model-wire';
import { versionRunOf } from '../../../src/extension/models/version-runs';
import type { Run as WireRun } from '../../../src/shared/contract';

function version(n: string, extra: Partial<WireModelVersion> = {}): WireModelVersion {
  return {
    name: 'weather',
    version: n,
    creation_timestamp: Date.UTC(2026, 10, 26, 12, 0),
    source: 'runs:/abc/model.onnx',
    run_id: 'abc1234567',
    status: 'READY',
    mlops: {
      size: 1234,
      sha256: 'f'.repeat(64),
      git_commit: '0123456789abcdef',
      data_versions: [{ path: 'data', version: 2, md5: '9'.repeat(32) + '.dir' }],
      signature: { inputs: [{ name: 'input', elemType: 'float', shape: ['N', 4] }], outputs: [{ name: 'label', elemType: 'int64', shape: ['N'] }], metadata: { feature_names: '["a","b","c","d"]' } },
      validation: { passed: true, rows: 500, metrics: { accuracy: 0.91234, f1: 0.8, log_loss: 0.3 }, checks: [{ name: 'accuracy>=0.9', actual: 0.91234, passed: true }] },
    },
    ...extra,
  };
}

describe('Models view formatting', () => {
  it('describes a version by aliases, validation, headline metrics and serving URL', () => {
    assert.equal(versionDescription(version('3', { aliases: ['champion'] }), 'http://127.0.0.1:5001'), '@champion · ✓ validated · accuracy 0.9123 · f1 0.8 · serving http://127.0.0.1:5001');
    assert.equal(versionDescription(version('1', { mlops: {} })), '');
    assert.equal(headlineMetrics({ passed: false, metrics: { rmse: 1.23456, r2: 0.5 } }), 'r2 0.5 · rmse 1.235');
  });

  it('names the run that made a version and its headline metric, validated or not', () => {
    const run = { runId: 'abc1234567', name: 'brave-owl-12', metric: 'val_accuracy 0.76' };
    const unvalidated = version('2', { mlops: {} });
    assert.equal(versionDescription(unvalidated, undefined, run), 'brave-owl-12 · val_accuracy 0.76');
    // Once validated, the held-out metrics replace the run's own.
    assert.equal(versionDescription(version('3', { aliases: ['champion'] }), undefined, run), '@champion · brave-owl-12 · ✓ validated · accuracy 0.9123 · f1 0.8');
    assert.equal(versionDescription(unvalidated, undefined, { runId: 'x', name: 'quiet-elk-1' }), 'quiet-elk-1');
  });

  it("reads a run's name and headline metric (validation accuracy first, system metrics never)", () => {
    const run: WireRun = {
      info: { run_id: 'abcdef123456', run_name: 'brave-owl-12', experiment_id: '1', status: 'FINISHED', artifact_uri: '', lifecycle_stage: 'active' },
      data: {
        metrics: [
          { key: 'system/cpu', value: 90, step: 0, timestamp: 0 },
          { key: 'loss', value: 0.5, step: 9, timestamp: 0 },
          { key: 'val_accuracy', value: 0.7641, step: 9, timestamp: 0 },
        ],
      },
    };
    assert.deepEqual(versionRunOf(run), { runId: 'abcdef123456', name: 'brave-owl-12', metric: 'val_accuracy 0.7641' });
    assert.deepEqual(versionRunOf({ ...run, info: { ...run.info, run_name: '' }, data: {} }), { runId: 'abcdef123456', name: 'abcdef12' });
  });

  it('shows the data version a run read, also when the registry kept the tag as written (folders)', () => {
    assert.equal(dataLineageItem({ path: 'data/weather.csv', version: 3, md5: 'a'.repeat(32) }), 'data/weather.csv v3 · md5 `aaaaaaaa`');
    assert.equal(dataLineageItem({ path: 'data', value: `v3 ${'b'.repeat(32)}.dir` }), 'data v3 · md5 `bbbbbbbb`');
    assert.equal(dataLineageItem({ path: 'data', md5: 'c'.repeat(32) }), 'data (md5 cccccccc)');
    assert.equal(dataLineageItem({ path: 'data', value: 'my-tag' }), 'data (my-tag)');
    const two = lineageMarkdown(version('5', { mlops: { data_versions: [{ path: 'a.csv', version: 1 }, { path: 'b.csv', version: 2 }] } }));
    assert.match(two, /^- data read by the run:\n {2}- a\.csv v1\n {2}- b\.csv v2$/m);
  });

  it('describes a model by its latest version and aliases', () => {
    assert.equal(modelDescription({ name: 'm', creation_timestamp: 0, latest_versions: [version('2'), version('5')], aliases: [{ alias: 'champion', version: '2' }] }), 'v5 · @champion → v2');
  });

  it('writes a model card with signature, features, lineage and validation', () => {
    const card = modelCardMarkdown(version('3'));
    assert.match(card, /^# weather v3/);
    assert.match(card, /\| `input` \| float \| \[N, 4\] \|/);
    assert.match(card, /Features: `a`, `b`, `c`, `d`/);
    assert.match(card, /git commit: `0123456789abcdef`/);
    assert.match(card, /^- data: data v2 · md5 `99999999`$/m);
    assert.match(card, /^- run: `abc1234567`$/m);
    const named = modelCardMarkdown(version('3'), { runId: 'abc1234567', name: 'brave-owl-12', metric: 'val_accuracy 0.76' });
    assert.match(named, /^- run: \*\*brave-owl-12\*\* \(val_accuracy 0\.76\) · `abc1234567`$/m);
    assert.match(card, /\*\*Passed\*\* on 500 rows/);
    assert.match(card, /\| accuracy>=0\.9 \| ✓ 0\.9123 \|/);
    assert.match(modelCardMarkdown(version('4', { mlops: {} })), /Not validated yet/);
  });

  it('compares versions metric by metric', () => {
    const failed = version('4', { aliases: ['challenger'], mlops: { validation: { passed: false, metrics: { accuracy: 0.7 } } } });
    const md = versionsComparisonMarkdown([version('3'), failed]);
    assert.match(md, /\| \| v3 \| v4 \(@challenger\) \|/);
    assert.match(md, /\| validation \| ✓ passed \| ✗ failed \|/);
    assert.match(md, /\| accuracy \| 0\.9123 \| 0\.7 \|/);
    assert.match(md, /\| f1 \| 0\.8 \| — \|/);
  });
});
