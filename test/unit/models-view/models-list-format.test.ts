import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VersionJson } from '../../../src/cli/commands/models-format';
import { describeModel, describeVersion } from '../../../src/cli/commands/models-format';
import { dataTagLabel, dataVersionLabel, parseDataTagValue } from '../../../src/shared/data-version-label';

function version(extra: Partial<VersionJson> = {}, mlops: Partial<VersionJson['mlops']> = {}): VersionJson {
  return {
    version: '2',
    source: '/ws/model.onnx',
    current_stage: 'None',
    mlops: { size: 1234, sha256: 'f'.repeat(64), git_commit: null, data_versions: [], ...mlops },
    ...extra,
  };
}

describe('mlops models list lines', () => {
  it('leaves out the stage when a version has none (no bare "None")', () => {
    assert.equal(describeVersion(version()), 'v2  1234 bytes  sha256 ffffffffffff');
    assert.equal(describeVersion(version({ current_stage: 'Production' })), 'v2  stage Production  1234 bytes  sha256 ffffffffffff');
  });

  it('names the run, commit, data versions and validation', () => {
    const line = describeVersion(
      version({ run_id: '0123456789abcdef' }, { git_commit: 'abcdef0123', data_versions: [{ path: 'data/weather.csv', version: 3, md5: 'a'.repeat(32) }], validation: { passed: true, metrics: { accuracy: 0.76412 } } }),
    );
    assert.equal(line, 'v2  1234 bytes  sha256 ffffffffffff  run 01234567  git abcdef01  data data/weather.csv v3  validated accuracy 0.7641');
    assert.match(describeVersion(version({}, { validation: { passed: false } })), / {2}validation failed$/);
  });

  it('describes a model by its newest version, aliases and update time', () => {
    const line = describeModel({ name: 'weather', last_updated_timestamp: Date.UTC(2026, 0, 2, 3, 4, 5), latest_versions: [version({ version: '1' }), version({ version: '3' })], aliases: [{ alias: 'champion', version: '1' }] });
    assert.equal(line, 'weather  v3  1234 bytes  sha256 ffffffffffff  @champion→v1  updated 2026-01-02 03:04:05');
    assert.equal(describeModel({ name: 'empty', last_updated_timestamp: 0 }), 'empty  no versions  updated 1970-01-01 00:00:00');
  });
});

describe('data version labels (model card, run page, CLI)', () => {
  it('reads the version from what mlops run writes, for files and folders', () => {
    assert.deepEqual(parseDataTagValue(`v3 ${'A'.repeat(32)}`), { version: 3, md5: 'a'.repeat(32) });
    assert.deepEqual(parseDataTagValue(`v12 ${'b'.repeat(32)}.dir`), { version: 12, md5: `${'b'.repeat(32)}.dir` });
    assert.deepEqual(parseDataTagValue('v4'), { version: 4 });
    assert.deepEqual(parseDataTagValue('something else'), {});
    assert.equal(dataTagLabel('data/weather.csv', `v3 ${'a'.repeat(32)}`), 'data/weather.csv v3');
    assert.equal(dataTagLabel('data', `v1 ${'a'.repeat(32)}.dir`), 'data v1');
  });

  it('prefers the parsed version, then an md5, then the raw value', () => {
    assert.equal(dataVersionLabel({ path: 'd.csv', version: 2, value: 'v9 x' }), 'd.csv v2');
    assert.equal(dataVersionLabel({ path: 'd.csv', md5: '1234567890abcdef' }), 'd.csv (md5 12345678)');
    assert.equal(dataVersionLabel({ path: 'd.csv' }), 'd.csv');
  });
});
