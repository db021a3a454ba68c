import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headlineMetrics, modelCardMarkdown, modelDescription, versionDescription, versionsComparisonMarkdown } from '../../../src/extension/models/model-format';
import type { WireModelVersion } from '../../../src/extension/models/model-wire';

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

  it('describes a model by its latest version and aliases', () => {
    assert.equal(modelDescription({ name: 'm', creation_timestamp: 0, latest_versions: [version('2'), version('5')], aliases: [{ alias: 'champion', version: '2' }] }), 'v5 · @champion → v2');
  });

  it('writes a model card with signature, features, lineage and validation', () => {
    const card = modelCardMarkdown(version('3'));
    assert.match(card, /^# weather v3/);
    assert.match(card, /\| `input` \| float \| \[N, 4\] \|/);
    assert.match(card, /Features: `a`, `b`, `c`, `d`/);
    assert.match(card, /git commit: `0123456789abcdef`/);
    assert.match(card, /`data` v2/);
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
