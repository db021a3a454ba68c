import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { driftOfTables, methodsByColumn, renderDriftHtml } from '../../../src/core/monitoring';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

function table(name: string, rows: number, seed: number): { name: string; file: string; format: 'csv' } {
  const random = seededRandom(seed);
  const lines = ['amount,city'];
  for (let i = 0; i < rows; i++) lines.push(`${(random() * 100).toFixed(3)},${['a', 'b', 'c'][Math.floor(random() * 3)]}`);
  const file = join(tempDir(), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { name, file, format: 'csv' };
}

describe('drift reports say which method computed each column', () => {
  it('every value within the raw-row limit; sketches and value counts above it, in the summary line and the HTML', async () => {
    const [reference, current] = [table('ref.csv', 3000, 1), table('cur.csv', 3000, 2)];
    const exact = await driftOfTables(reference, current);
    assert.equal(methodsByColumn(exact.columns), 'exact, every value: amount, city');
    const profiled = await driftOfTables(reference, current, { rawRowsLimit: 1000 });
    assert.deepEqual(
      profiled.columns.map((c) => [c.column, c.basis]),
      [
        ['amount', 'sketch'],
        ['city', 'value-counts'],
      ],
    );
    assert.equal(methodsByColumn(profiled.columns), 'approximate, quantile sketch / top categories: amount; exact, complete value counts: city');
    const html = renderDriftHtml(profiled);
    assert.match(html, /<th>method<\/th>/);
    assert.match(html, /<td>approximate, quantile sketch \/ top categories<\/td>/);
  });
});
