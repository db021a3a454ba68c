import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableRows } from '../../../src/core/data';
import { TableProfile, profileDatasetDrift } from '../../../src/core/monitoring';
import { readColumnChunks } from '../../../src/core/table';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

function writeTable(rows: number, seed: number, shift: number): string {
  const random = seededRandom(seed);
  const lines = ['x,count,city,mixed,flag,sparse'];
  for (let i = 0; i < rows; i++) {
    const x = (random() * 10 + shift).toFixed(4);
    const count = Math.floor(random() * 4 + shift);
    const city = ['paris', 'rome', 'oslo', shift > 0 && random() < 0.3 ? 'lima' : 'kyiv'][Math.floor(random() * 4)];
    const mixed = i % 10 === 0 ? 'n/a text' : String(i % 7);
    const flag = random() < 0.5 ? 'true' : 'FALSE';
    const sparse = i % 3 === 0 ? '' : i % 5 === 0 ? 'NA' : (random() * 3).toFixed(2);
    lines.push([x, count, city, mixed, flag, sparse].join(','));
  }
  const path = join(tempDir(), `t${seed}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function profiles(path: string, chunkRows: number): Promise<{ byRecords: TableProfile; byChunks: TableProfile }> {
  const byRecords = new TableProfile();
  for await (const record of tableRows(path)) byRecords.add(record);
  const byChunks = new TableProfile();
  for await (const chunk of readColumnChunks(path, { chunkRows })) byChunks.addChunk(chunk);
  return { byRecords, byChunks };
}

describe('profiles built from column chunks', () => {
  it('hold what profiles built record by record hold: counts, moments, value counts', async () => {
    const { byRecords, byChunks } = await profiles(writeTable(5000, 1, 0), 700);
    assert.equal(byChunks.rows, byRecords.rows);
    assert.deepEqual([...byChunks.columns.keys()], [...byRecords.columns.keys()]);
    for (const [name, expected] of byRecords.columns) {
      const actual = byChunks.column(name)!;
      assert.equal(actual.rows, expected.rows, name);
      assert.equal(actual.count, expected.count, `${name} count`);
      assert.equal(actual.numericCount, expected.numericCount, `${name} numericCount`);
      assert.equal(actual.isNumeric, expected.isNumeric, `${name} isNumeric`);
      if (expected.numericCount > 0) {
        assert.ok(Math.abs(actual.mean - expected.mean) < 1e-9 * Math.max(1, Math.abs(expected.mean)), `${name} mean`);
        assert.ok(Math.abs(actual.variance - expected.variance) < 1e-9 * Math.max(1, expected.variance), `${name} variance`);
        assert.deepEqual([actual.min, actual.max], [expected.min, expected.max], `${name} range`);
      }
      assert.deepEqual(new Map([...(actual.exactValueCounts ?? [])].sort()), new Map([...(expected.exactValueCounts ?? [])].sort()), `${name} value counts`);
    }
  });

  it('give the drift verdicts record-built profiles give, on frozen bins past the distinct-value cap', async () => {
    const [reference, current] = [writeTable(6000, 2, 0), writeTable(6000, 3, 1)];
    const ref = await profiles(reference, 1000);
    const bins = ref.byRecords.freezeBins();
    const byRecords = new TableProfile({ frozenBins: bins });
    for await (const record of tableRows(current)) byRecords.add(record);
    const byChunks = new TableProfile({ frozenBins: bins });
    for await (const chunk of readColumnChunks(current, { chunkRows: 1000 })) byChunks.addChunk(chunk);
    const expected = profileDatasetDrift(ref.byRecords, byRecords);
    const actual = profileDatasetDrift(ref.byChunks, byChunks);
    assert.deepEqual(
      actual.columns.map((c) => [c.column, c.test, c.basis, c.drifted]),
      expected.columns.map((c) => [c.column, c.test, c.basis, c.drifted]),
    );
    for (const [i, c] of actual.columns.entries()) assert.ok(Math.abs(c.statistic! - expected.columns[i]!.statistic!) < 0.02, `${c.column}: ${c.statistic} vs ${expected.columns[i]!.statistic}`);
  });
});
