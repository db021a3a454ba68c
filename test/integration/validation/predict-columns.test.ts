import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableRows } from '../../../src/core/data';
import { ScoringSession, predictFile } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { exactModel } from './fixtures';

describe('predictFile on column chunks', () => {
  const dir = tempDir();

  it('writes what the record reader writes: numbers, text that needs quoting, booleans, missing cells', async () => {
    const session = await ScoringSession.create(exactModel(['x0', 'x1']));
    try {
      const lines = ['id,note,x0,flag,x1', ...Array.from({ length: 3000 }, (_, i) => [i, i % 5 === 0 ? `"row ${i}, ""quoted"""` : i % 7 === 0 ? '' : `n${i % 3}`, ((i % 13) - 6) / 4, i % 2 === 0 ? 'TRUE' : 'false', i % 11 === 0 ? 'NA' : `${(i % 9) / 2}0`].join(','))];
      const csv = join(dir, 'in.csv');
      writeFileSync(csv, lines.join('\n') + '\n');
      for (const out of ['out.csv', 'out.tsv', 'out.jsonl']) {
        for (const batchSize of [1024, 77]) {
          const [columns, records] = [join(dir, `columns-${batchSize}-${out}`), join(dir, `records-${batchSize}-${out}`)];
          assert.deepEqual(await predictFile({ session, input: csv, output: columns, batchSize }), { rows: 3000 });
          await predictFile({ session, input: csv, output: records, batchSize, rows: tableRows });
          assert.equal(readFileSync(columns, 'utf8'), readFileSync(records, 'utf8'), `${out}, batches of ${batchSize}`);
        }
      }
    } finally {
      await session.release();
    }
  });

  it('names the column and row of a bad cell past the first chunk', async () => {
    const session = await ScoringSession.create(exactModel(['x0', 'x1']));
    try {
      const csv = join(dir, 'late.csv');
      writeFileSync(csv, ['x0,x1', ...Array.from({ length: 70_000 }, (_, i) => (i === 68_000 ? 'abc,1' : `${i % 3},1`))].join('\n') + '\n');
      await assert.rejects(predictFile({ session, input: csv, output: join(dir, 'late.csv.out.csv') }), /Column 'x0' row 68000: "abc" is not a number/);
    } finally {
      await session.release();
    }
  });
});
