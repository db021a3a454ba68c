import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { DelimitedRecordSplitter, splitRow } from '../../../src/core/data/delimited-records';
import type { TableRecord, TableValue } from '../../../src/core/data';
import { tableRows } from '../../../src/core/data';
import { cellValue, headerOf, tableRowBatches } from '../../../src/core/data/table-rows';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

/**
 * The full parser, as the reader was before its fast path: node:readline cuts the lines, a line
 * whose quotes do not balance is joined to the next by \n, and every record goes through splitRow.
 */
async function fullParse(text: string, separator: string): Promise<string[][]> {
  const records: string[][] = [];
  let pending = '';
  for await (const line of createInterface({ input: Readable.from([text]), crlfDelay: Infinity })) {
    const joined = pending ? `${pending}\n${line}` : line;
    if ((joined.match(/"/g)?.length ?? 0) % 2 === 1) {
      pending = joined;
      continue;
    }
    pending = '';
    records.push(splitRow(joined, separator));
  }
  return records;
}

/** The typing of a cell as it was, by regular expressions. */
function regexCellValue(cell: string): TableValue {
  const t = cell.trim();
  if (t === '' || /^(na|nan|null|none)$/i.test(t)) return null;
  if (/^[-+]?\d+$/.test(t)) return Number(t);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  return cell;
}

function splitInChunks(text: string, separator: string, cuts: readonly number[]): string[][] {
  const splitter = new DelimitedRecordSplitter(separator);
  const records: string[][] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    records.push(...splitter.push(text.slice(from, cut)));
    from = cut;
  }
  records.push(...splitter.end());
  return records;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const PLAIN = ['', '', '1', '-2.5', '1e3', '.5', '007', 'NA', 'true', ' x ', 'é', '日本', '😀', '-inf', 'a b', '0x1F', 'null'];
const QUOTED = ['"a,b"', '"say ""hi"""', '"two\nlines"', '"crlf\r\ninside"', '""', '"😀,é"', '"x"y', 'ab"c', '"open,'];
const BREAKS = ['\n', '\n', '\r\n', '\r'];

/** A random CSV text: plain, quoted and malformed cells, mixed line ends, blank lines, a BOM or not. */
function randomCsv(random: () => number, separator: string, records: number): string {
  let text = random() < 0.2 ? '\uFEFF' : '';
  for (let r = 0; r < records; r++) {
    const cells = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, random() < 0.25 ? QUOTED : PLAIN).replace(',', separator));
    text += (random() < 0.1 ? '' : cells.join(separator)) + (r < records - 1 || random() < 0.7 ? pick(random, BREAKS) : '');
  }
  return text;
}

describe('CSV records: the fast path gives what the full parser gives', () => {
  it('on small random texts cut into two chunks at every offset, and into single characters', async () => {
    const random = seededRandom(6);
    for (let n = 0; n < 300; n++) {
      const separator = n % 5 === 0 ? '\t' : ',';
      const text = randomCsv(random, separator, 1 + Math.floor(random() * 5));
      const expected = await fullParse(text, separator);
      const context = `case ${n}: ${JSON.stringify(text)}`;
      for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(splitInChunks(text, separator, [cut]), expected, `${context}, cut at ${cut}`);
      assert.deepEqual(splitInChunks(text, separator, Array.from(text, (_, i) => i + 1)), expected, `${context}, one character at a time`);
    }
  });

  it('on large random texts cut at random offsets', async () => {
    const random = seededRandom(66);
    for (let n = 0; n < 20; n++) {
      const text = randomCsv(random, ',', 2000);
      const cuts: number[] = [];
      for (let at = Math.floor(random() * 50); at < text.length; at += 1 + Math.floor(random() * 4096)) cuts.push(at);
      assert.deepEqual(splitInChunks(text, ',', cuts), await fullParse(text, ','), `case ${n}`);
    }
  });

  it('keeps the edge cases of the full parser: CRLF split across chunks, a lone CR, no final line break, a quoted field left open', () => {
    assert.deepEqual(splitInChunks('a,b\r\nc,d\r\n', ',', [4]), [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(splitInChunks('a\rb\r', ',', [2]), [['a'], ['b']]);
    assert.deepEqual(splitInChunks('a\n\nb', ',', []), [['a'], [''], ['b']]);
    assert.deepEqual(splitInChunks('x\n"open\nstill', ',', []), [['x']]);
    assert.deepEqual(splitInChunks('"a\r\nb",c\n', ',', [3]), [['a\nb', 'c']]);
    assert.deepEqual(splitInChunks('', ',', []), []);
  });
});

describe('CSV cell typing', () => {
  it('types random number-like and word-like cells as the regular expressions did', () => {
    const random = seededRandom(7);
    const alphabet = ['0', '1', '5', '9', '.', '-', '+', 'e', 'E', 'x', ' ', '\t', 'i', 'n', 'f', '_', '\u00a0'];
    const cells = ['', ' ', 'NA', 'nan', 'None', 'NULL', 'inf', '+Infinity', '-INF', 'True', 'false ', '0', '-0', '-0.0', '1.', '.5', '.', '-.', '1e', '1e+', '1e-7', '0x10', '0b1', '1_000', 'Infinity', '9007199254740993', '0.1', '123456789012345', '1234567890123456', '0.000000000000001', '00000000000000000001.5', '1.7976931348623157e308'];
    for (let n = 0; n < 20000; n++) cells.push(Array.from({ length: 1 + Math.floor(random() * 18) }, () => pick(random, alphabet)).join(''));
    for (let n = 0; n < 20000; n++) cells.push(`${random() < 0.3 ? '-' : ''}${(random() * 10 ** Math.floor(random() * 18)).toFixed(Math.floor(random() * 17))}`);
    for (const cell of cells) assert.equal(Object.is(cellValue(cell), regexCellValue(cell)), true, `${JSON.stringify(cell)}: ${String(cellValue(cell))} vs ${String(regexCellValue(cell))}`);
  });
});

describe('tableRows on CSV files', () => {
  it('gives the records of the full parser typed cell by cell, in batches or one by one', async () => {
    const random = seededRandom(8);
    const dir = tempDir();
    for (let n = 0; n < 5; n++) {
      // Past one read chunk, so records straddle the chunks the file arrives in.
      const text = randomCsv(random, ',', 40_000);
      const path = join(dir, `t${n}.csv`);
      writeFileSync(path, text);
      const [head, ...body] = await fullParse(text, ',');
      const header = headerOf(head!);
      const expected = body.filter((cells) => cells.length > 1 || cells[0] !== '').map((cells) => Object.fromEntries(header.map((name, i) => [name, regexCellValue(cells[i] ?? '')])));
      const rows: TableRecord[] = [];
      for await (const row of tableRows(path)) rows.push(row);
      assert.deepEqual(rows, expected, `file ${n}`);
      const batched: TableRecord[] = [];
      for await (const batch of tableRowBatches(path)) batched.push(...batch);
      assert.deepEqual(batched, expected, `file ${n} in batches`);
    }
  });

  it('keeps a "__proto__" column as an own field', async () => {
    const path = join(tempDir(), 'p.csv');
    writeFileSync(path, '__proto__,a\n1,2\n');
    const rows: TableRecord[] = [];
    for await (const row of tableRows(path)) rows.push(row);
    assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
    assert.deepEqual(Object.entries(rows[0]!), [['__proto__', 1], ['a', 2]]);
  });
});
