import assert from 'node:assert/strict';
import { openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TableRecord } from '../../../src/core/data';
import { DatasetRepository, summarizeTable, tableRows } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';
import type { FixtureColumn } from './parquet-fixture';
import { writeParquet } from './parquet-fixture';

async function rows(path: string): Promise<TableRecord[]> {
  const out: TableRecord[] = [];
  for await (const row of tableRows(path)) out.push(row);
  return out;
}

const COLUMNS: FixtureColumn[] = [
  { name: 'id', type: 'int64' },
  { name: 'score', type: 'double', optional: true },
  { name: 'label', type: 'string', optional: true },
  { name: 'ok', type: 'boolean' },
];
const GROUPS = [
  [
    { id: 1, score: 0.5, label: 'a', ok: true },
    { id: 2, score: null, label: 'b, "quoted"', ok: false },
  ],
  [{ id: 3, score: 2.25, label: null, ok: true }],
];

describe('table rows and Parquet summaries', () => {
  it('streams typed records from CSV (quoted newlines, NA, short rows) and TSV', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), 'id,name,score,flag,\n1,"two\nlines",1.5,true,x\n2,"say ""hi""",NA,FALSE\n\n3,plain,-inf,,\n');
    assert.deepEqual(await rows(join(dir, 't.csv')), [
      { id: 1, name: 'two\nlines', score: 1.5, flag: true, column_5: 'x' },
      { id: 2, name: 'say "hi"', score: null, flag: false, column_5: null },
      { id: 3, name: 'plain', score: -Infinity, flag: null, column_5: null },
    ]);
    writeFileSync(join(dir, 't.tsv'), 'a\tb\n1\tx,y\n');
    assert.deepEqual(await rows(join(dir, 't.tsv')), [{ a: 1, b: 'x,y' }]);
  });

  it('streams JSONL records, nested values as JSON text, and names the line of a bad one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.jsonl'), '{"a": 1, "b": {"c": [1, 2]}, "d": null}\n\n{"a": 2.5, "e": "x"}\n');
    assert.deepEqual(await rows(join(dir, 'r.jsonl')), [{ a: 1, b: '{"c":[1,2]}', d: null }, { a: 2.5, e: 'x' }]);
    writeFileSync(join(dir, 'bad.jsonl'), '{"a": 1}\n[1]\n');
    await assert.rejects(rows(join(dir, 'bad.jsonl')), /bad\.jsonl:2 is not a JSON object/);
    await assert.rejects(rows(join(dir, 'x.bin')), /not a table this reads/);
  });

  it('streams Parquet records row group by row group, int64 as numbers and nulls kept', async () => {
    const file = join(tempDir(), 'p.parquet');
    writeParquet(file, COLUMNS, GROUPS);
    assert.deepEqual(await rows(file), [
      { id: 1, score: 0.5, label: 'a', ok: true },
      { id: 2, score: null, label: 'b, "quoted"', ok: false },
      { id: 3, score: 2.25, label: null, ok: true },
    ]);
  });

  it('summarizes a Parquet file from its footer alone: rows, columns, types', async () => {
    const file = join(tempDir(), 'p.parquet');
    writeParquet(file, COLUMNS, GROUPS);
    const expected = {
      format: 'parquet',
      rows: 3,
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'score', type: 'float' },
        { name: 'label', type: 'string' },
        { name: 'ok', type: 'boolean' },
      ],
    };
    assert.deepEqual(await summarizeTable(file), expected);
    // Zero every data page: a summary that read them would fail or change; one from the footer does not.
    const bytes = readFileSync(file);
    const footerStart = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(footerStart - 4), 0, footerStart - 4, 4);
    closeSync(fd);
    assert.deepEqual(await summarizeTable(file), expected);
  });

  it('a versioned Parquet file carries its summary; a broken one is versioned without', async () => {
    const ws = tempDir();
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const repo = new DatasetRepository(store.db, ws);
    writeParquet(join(ws, 'p.parquet'), COLUMNS, GROUPS);
    const { version } = await repo.add('p.parquet');
    assert.equal(version.summary?.format, 'parquet');
    assert.equal(version.summary?.rows, 3);
    writeFileSync(join(ws, 'broken.parquet'), 'PAR1 not really');
    assert.equal((await repo.add('broken.parquet')).version.summary, null);
    store.close();
  });
});
