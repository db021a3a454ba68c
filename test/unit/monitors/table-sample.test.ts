import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TableSample } from '../../../src/core/monitoring';

describe('TableSample', () => {
  it('keeps raw values up to its limit, then folds them into a profile built with the options it asks for', () => {
    let asked = 0;
    const sample = new TableSample(3, () => {
      asked++;
      return {};
    });
    for (let i = 0; i < 3; i++) sample.add({ x: i, y: i % 2 === 0 ? 'a' : 'b' });
    assert.deepEqual(sample.values, { x: [0, 1, 2], y: ['a', 'b', 'a'] });
    assert.deepEqual(sample.columns, ['x', 'y']);
    assert.equal(asked, 0);
    sample.add({ x: 3, z: true });
    assert.equal(sample.values, undefined);
    assert.equal(asked, 1);
    sample.add({ x: 4 });
    const profile = sample.toProfile();
    assert.equal(profile.rows, 5);
    assert.equal(sample.rows, 5);
    assert.deepEqual(sample.columns, ['x', 'y', 'z']);
    assert.equal(profile.column('x')!.numericCount, 5);
  });
});
