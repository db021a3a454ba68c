import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TableProfile } from '../../../src/core/monitoring';

describe('TableProfile', () => {
  it('profiles each column of the records it is given', () => {
    const table = new TableProfile();
    table.add({ age: 31, city: 'Oslo', score: '0.5' });
    table.add({ age: '45', city: 'Bergen', score: null });
    table.add({ age: 27, city: 'Oslo', score: 0.75 });
    assert.equal(table.rows, 3);
    assert.deepEqual([...table.columns.keys()], ['age', 'city', 'score']);
    assert.equal(table.column('age')!.isNumeric, true);
    assert.equal(table.column('age')!.mean, (31 + 45 + 27) / 3);
    assert.equal(table.column('city')!.isNumeric, false);
    assert.deepEqual(table.column('city')!.top(1), [{ category: 'Oslo', count: 2, error: 0 }]);
    assert.equal(table.column('score')!.missing, 1);
  });

  it('counts a column a record lacks as missing, including rows before the column first appeared', () => {
    const table = new TableProfile();
    table.add({ a: 1 });
    table.add({ a: 2 });
    table.add({ b: 'x' });
    assert.equal(table.column('a')!.rows, 3);
    assert.equal(table.column('a')!.missing, 1);
    assert.equal(table.column('b')!.rows, 3);
    assert.equal(table.column('b')!.missing, 2);
  });

  it('freezes bins of its numeric columns for current windows', () => {
    const reference = new TableProfile();
    for (let i = 0; i < 16; i++) reference.add({ x: i, label: i % 2 ? 'odd' : 'even' });
    const bins = reference.freezeBins();
    assert.deepEqual(Object.keys(bins), ['x']);
    const window = new TableProfile({ frozenBins: bins });
    window.add({ x: 100, label: 'odd' });
    assert.deepEqual(window.column('x')!.frozenBinCounts!.edges, Float64Array.from(bins.x!.edges));
    assert.equal(window.column('x')!.frozenBinCounts!.counts.at(-1), 1);
    assert.equal(window.column('label')!.frozenBinCounts, undefined);
  });

  it('survives a JSON round trip', () => {
    const table = new TableProfile({ distinctValueCap: 5 });
    for (let i = 0; i < 40; i++) table.add({ x: i * 1.5, label: `l${i % 7}`, flag: i % 3 === 0 });
    const restored = TableProfile.fromJSON(JSON.parse(JSON.stringify(table)));
    assert.deepEqual(restored.toJSON(), table.toJSON());
  });
});
