import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { versionShape } from '../../../src/extension/datasets/dataset-format';

describe('dataset version shape', () => {
  it('counts files in the singular and plural', () => {
    const base = { summary: null } as unknown as Parameters<typeof versionShape>[0];
    assert.equal(versionShape({ ...base, nfiles: 1 }), '1 file');
    assert.equal(versionShape({ ...base, nfiles: 2 }), '2 files');
    assert.equal(versionShape({ ...base, nfiles: 12345 }), '12,345 files');
    assert.equal(versionShape({ ...base, nfiles: null }), '');
  });
});
