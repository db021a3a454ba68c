import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { logisticRegressionModel, validateModel } from '../../../src/core/models';
import { tableRows } from '../../../src/core/data';
import { tempDir } from '../../helpers/temp';
import { binaryRows, exactModel, regressionModel, writeCsv } from './fixtures';

/** Rows past the first chunk of a read (65,536 rows), where a column's kind is already decided. */
const PAST_FIRST_CHUNK = 70_000;

const withoutTimes = (report: Awaited<ReturnType<typeof validateModel>>) => ({ ...report, started: undefined, durationMs: undefined });

describe('validateModel on column chunks', () => {
  const dir = tempDir();

  it('gives the report the record reader gives: classifier with string classes, regressor from JSON Lines', async () => {
    const rows = binaryRows(3000).map((r) => ({ ...r, y: r.y === 1 ? 'yes' : 'no' }));
    const csv = writeCsv(join(dir, 'strings.csv'), ['x0', 'x1', 'y'], rows);
    const model = { ref: {}, bytes: logisticRegressionModel({ weights: [[1, -1]], biases: [0], classes: ['no', 'yes'] }) };
    for (const batchSize of [7, 1000]) {
      const columns = await validateModel({ model, data: csv, label: 'y', batchSize });
      const records = await validateModel({ model, data: csv, label: 'y', batchSize, rows: tableRows });
      assert.deepEqual(withoutTimes(columns), withoutTimes(records));
    }
    const jsonl = join(dir, 'regression.jsonl');
    writeFileSync(jsonl, Array.from({ length: 500 }, (_, i) => JSON.stringify({ a: i / 10, b: (i % 7) - 3, target: (2 * i) / 10 - ((i % 7) - 3) + 0.5 + (i % 3) / 10 })).join('\n') + '\n');
    const regressor = { ref: {}, bytes: regressionModel() };
    assert.deepEqual(withoutTimes(await validateModel({ model: regressor, data: jsonl, label: 'target' })), withoutTimes(await validateModel({ model: regressor, data: jsonl, label: 'target', rows: tableRows })));
  });

  it('names the row of a bad feature or label that comes after the first chunk', async () => {
    const lines = ['x0,x1,y', ...Array.from({ length: PAST_FIRST_CHUNK }, (_, i) => (i === 69_000 ? 'high,1,0' : `${(i % 10) - 5},1,${i % 2}`))];
    const badFeature = join(dir, 'late-feature.csv');
    writeFileSync(badFeature, lines.join('\n') + '\n');
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: badFeature, label: 'y' }), /'x0' row 69001: "high" is not a number/);
    const badLabel = join(dir, 'late-label.csv');
    writeFileSync(badLabel, lines.map((line, i) => (i === 69_001 ? '1,1,cat' : line)).join('\n') + '\n');
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: badLabel, label: 'y' }), /row 69001: the label "cat" in "y" is not a number/);
    const emptyLabel = join(dir, 'late-empty.csv');
    writeFileSync(emptyLabel, lines.map((line, i) => (i === 69_001 ? '1,1,' : line)).join('\n') + '\n');
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: emptyLabel, label: 'y' }), /row 69001: the label column "y" is empty/);
  });

  it('reads true/false features as 1/0, as the record reader does', async () => {
    const csv = join(dir, 'booleans.csv');
    writeFileSync(csv, ['x0,x1,y', 'true,false,1', 'false,true,0', 'TRUE,false,1', 'false,false,0'].join('\n') + '\n');
    const report = await validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'y' });
    assert.deepEqual(withoutTimes(report), withoutTimes(await validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'y', rows: tableRows })));
    assert.equal(report.rows, 4);
  });
});
