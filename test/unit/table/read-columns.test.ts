import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { readColumnChunks } from '../../../src/core/table';
import type { ColumnChunk, ReadColumnChunksOptions } from '../../../src/core/table';
import { tempDir } from '../../helpers/temp';
import { writeParquet } from '../../integration/data/parquet-fixture';

type Cell = number | string | null;

async function chunksOf(path: string, options: ReadColumnChunksOptions = {}): Promise<ColumnChunk[]> {
  const chunks: ColumnChunk[] = [];
  for await (const chunk of readColumnChunks(path, options)) chunks.push(chunk);
  return chunks;
}

/** Every chunk's cells by column: numbers (null when missing, the text of a non-number cell), or dictionary entries. */
function cellsOf(chunks: readonly ColumnChunk[]): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const chunk of chunks) {
    for (const column of chunk.columns) {
      const cells = (out[column.name] ??= []);
      for (let row = 0; row < chunk.rowCount; row++) {
        if (column.kind === 'category') cells.push(column.codes[row]! < 0 ? null : column.dictionary[column.codes[row]!]!);
        else cells.push(Number.isNaN(column.values[row]) ? (column.text?.get(row) ?? null) : column.values[row]!);
      }
    }
  }
  return out;
}

const file = (name: string, text: string | Buffer): string => {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
};

describe('readColumnChunks', () => {
  it('types CSV cells as table-rows does: missing words, numbers, booleans, quotes, short and blank rows, CRLF', async () => {
    const path = file('t.csv', '\ufeffid,name,score, ,id2\n1,x,2.5,,9\n"2",TRUE,"he said ""hi""\nthere",z\n\n3,  y ,NA,inf\r\n4,5,6\r7,"q,r",1e3,w,x,extra\n');
    const chunks = await chunksOf(path, { chunkRows: 4 });
    const kinds = ['id:number', 'name:category', 'score:category', 'column_4:category', 'id2:number'];
    assert.deepEqual(chunks.map((c) => c.columns.map((col) => `${col.name}:${col.kind}`)), [kinds, kinds]);
    assert.deepEqual(cellsOf(chunks), {
      id: [1, 2, 3, 4, 7],
      name: ['x', 'true', '  y ', '5', 'q,r'],
      score: ['2.5', 'he said "hi"\nthere', null, '6', '1000'],
      column_4: [null, 'z', 'Infinity', null, 'w'],
      id2: [9, null, null, null, 'x'],
    });
    const [first, second] = [chunks[0]!.columns[4]!, chunks[1]!.columns[4]!];
    assert.ok(first.kind === 'number' && first.missing[0] === 0b1110, 'missing rows are marked');
    assert.ok(second.kind === 'number' && second.missing[0] === 0b1 && second.text?.get(0) === 'x', 'a non-number cell is marked missing and kept as text');
  });

  it('keeps each column kind and a shared growing dictionary across chunks; reads only the columns asked for, in that order', async () => {
    const path = file('k.tsv', 'a\tb\tc\n1\tx\t1\n2\ty\t2\nnope\tx\t3\n4\tz\t4\n5\t6\t5\n');
    const chunks = await chunksOf(path, { chunkRows: 2, columns: ['b', 'a'] });
    assert.deepEqual(chunks.map((c) => c.rowCount), [2, 2, 1]);
    assert.ok(chunks.every((c) => c.columns[0]!.kind === 'category' && c.columns[1]!.kind === 'number'));
    const dictionaries = new Set(chunks.map((c) => (c.columns[0]!.kind === 'category' ? c.columns[0]!.dictionary : undefined)));
    assert.equal(dictionaries.size, 1);
    assert.deepEqual(cellsOf(chunks), { b: ['x', 'y', 'x', 'z', '6'], a: [1, 2, 'nope', 4, 5] });
    assert.deepEqual(cellsOf(await chunksOf(path, { kinds: { c: 'category' }, columns: ['c'] })), { c: ['1', '2', '3', '4', '5'] });
  });

  it('names the file and its columns for an unknown column, and rejects what is no table', async () => {
    const path = file('u.csv', 'a,b\n1,2\n');
    await assert.rejects(chunksOf(path, { columns: ['a', 'zz'] }), (error: Error) => error instanceof DomainError && /no column "zz" \(columns: a, b\)/.test(error.message));
    await assert.rejects(chunksOf(file('x.txt', 'a')), DomainError);
  });

  it('a header-only file yields one empty chunk naming its columns; an empty file none', async () => {
    assert.deepEqual((await chunksOf(file('h.csv', 'a,b\n'))).map((c) => [c.rowCount, c.columns.map((col) => col.name)]), [[0, ['a', 'b']]]);
    assert.deepEqual(await chunksOf(file('e.csv', '')), []);
  });

  it('records and quoted fields that span read blocks come out whole', async () => {
    const long = 'z'.repeat(3 << 20);
    const lines = ['n,text'];
    for (let i = 0; i < 200; i++) lines.push(`${i},"line ${i}\nwith ""quotes"", commas${i === 100 ? long : ''}"`);
    const cells = cellsOf(await chunksOf(file('q.csv', `${lines.join('\r\n')}\r\n`)));
    assert.deepEqual(cells.n, Array.from({ length: 200 }, (_, i) => i));
    assert.equal(cells.text![7], 'line 7\nwith "quotes", commas');
    assert.equal((cells.text![100] as string).length, 'line 100\nwith "quotes", commas'.length + long.length);
  });

  it('worker threads read a large file in order with the same cells, also when quoted line ends make a split unsafe', async () => {
    const rows: string[] = ['x,label,note'];
    for (let i = 0; i < 450_000; i++) rows.push(`${i * 0.5},c${i % 97},${i % 50_000 === 0 ? `"split\n${'\n'.repeat(i % 7)}here"` : 'n'}`);
    const path = file('big.csv', `${rows.join('\n')}\n`);
    const one = cellsOf(await chunksOf(path, { threads: 1 }));
    const two = cellsOf(await chunksOf(path, { threads: 2, chunkRows: 10_000 }));
    assert.equal(two.x!.length, 450_000);
    assert.deepEqual(two, one);
    const quotes = `a,b\n${Array.from({ length: 120_000 }, (_, i) => `${i},"${'long text\n'.repeat(8)}"`).join('\n')}\n`;
    const quoted = file('quoted.csv', quotes);
    assert.deepEqual(cellsOf(await chunksOf(quoted, { threads: 2 })), cellsOf(await chunksOf(quoted, { threads: 1 })));
  });

  it('reads JSON Lines and Parquet into the same kinds of columns', async () => {
    const jsonl = file('r.jsonl', '{"a":1,"b":"x","c":true}\n\n{"a":"2.5","b":null,"c":false,"d":1}\n{"b":{"k":1}}\n');
    assert.deepEqual(cellsOf(await chunksOf(jsonl)), { a: [1, 2.5, null], b: ['x', null, '{"k":1}'], c: ['true', 'false', null], d: [null, 1, null] });
    await assert.rejects(chunksOf(file('bad.jsonl', '{"a":1}\nnot json\n')), /bad\.jsonl:2 is not valid JSON/);
    const parquet = join(tempDir(), 'p.parquet');
    writeParquet(
      parquet,
      [
        { name: 'id', type: 'int64' },
        { name: 'score', type: 'double', optional: true },
        { name: 'label', type: 'string', optional: true },
      ],
      [[{ id: 1, score: 0.5, label: 'a' }, { id: 2, score: null, label: 'b' }], [{ id: 3, score: 2.25, label: null }]],
    );
    const chunks = await chunksOf(parquet, { columns: ['label', 'score'] });
    assert.deepEqual(chunks.map((c) => c.rowCount), [2, 1]);
    assert.deepEqual(cellsOf(chunks), { label: ['a', 'b', null], score: [0.5, null, 2.25] });
  });
});
