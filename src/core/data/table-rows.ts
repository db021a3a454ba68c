import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { invalid } from '../errors';
import type { ColumnType, TableSummary } from '../../shared/data';
import { DelimitedRecordSplitter } from './delimited-records';
import { parquetRowGroups } from './parquet';

export { splitRow } from './delimited-records';

export type TableFormat = TableSummary['format'];
export type TableValue = string | number | boolean | null;
export type TableRecord = Record<string, TableValue>;

const CHUNK_BYTES = 256 * 1024;
const JSONL_BATCH = 1024;
const FORMATS: Record<string, TableFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

/** The table format a file's extension names, if any. */
export function tableFormatOf(path: string): TableFormat | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

/**
 * The records of a CSV/TSV/JSONL/Parquet file, streamed (Parquet one row group at a time).
 * CSV/TSV cells are typed as summaries type them: empty and NA-like cells are null, numbers and
 * true/false are parsed, the rest stay strings; a short row's missing cells are null. JSON and
 * Parquet values keep their type; nested values, dates and bytes become strings.
 */
export async function* tableRows(path: string, format = tableFormatOf(path)): AsyncGenerator<TableRecord> {
  for await (const records of tableRowBatches(path, format)) for (const record of records) yield record;
}

/** tableRows a few thousand records at a time (a chunk of the file, a Parquet row group), for readers that await once per batch. */
export async function* tableRowBatches(path: string, format = tableFormatOf(path)): AsyncGenerator<TableRecord[]> {
  if (format === 'jsonl') {
    let batch: TableRecord[] = [];
    try {
      for await (const record of jsonlRecords(path)) {
        batch.push(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toValue(v)])));
        if (batch.length < JSONL_BATCH) continue;
        yield batch;
        batch = [];
      }
    } catch (error) {
      // The records before a malformed line still reach the reader, then the error does.
      if (batch.length > 0) yield batch;
      throw error;
    }
    if (batch.length > 0) yield batch;
  } else if (format === 'parquet') {
    for await (const rows of parquetRowGroups(path)) yield rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toValue(v)])));
  } else if (format === 'csv' || format === 'tsv') {
    let toRecord: ((cells: readonly string[]) => TableRecord) | undefined;
    for await (const records of delimitedRecordBatches(path, format === 'tsv' ? '\t' : ',')) {
      const typed: TableRecord[] = [];
      for (const cells of records) {
        if (!toRecord) toRecord = recordMaker(headerOf(cells));
        else if (cells.length > 1 || cells[0] !== '') typed.push(toRecord(cells));
      }
      if (typed.length > 0) yield typed;
    }
  } else {
    throw invalid(`${path} is not a table this reads (CSV, TSV, JSONL or Parquet).`);
  }
}

/** Column names from a header record; a blank name becomes `column_<n>`. */
export function headerOf(cells: readonly string[]): string[] {
  return cells.map((c, i) => c.trim() || `column_${i + 1}`);
}

/** The records of a CSV/TSV file as cells, header included; a quoted field may span lines. */
export async function* delimitedRecords(path: string, separator: string): AsyncGenerator<string[]> {
  for await (const records of delimitedRecordBatches(path, separator)) for (const cells of records) yield cells;
}

/** delimitedRecords a chunk of the file at a time: one await per chunk rather than per record. */
async function* delimitedRecordBatches(path: string, separator: string): AsyncGenerator<string[][]> {
  const splitter = new DelimitedRecordSplitter(separator);
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
    const records = splitter.push(chunk as string);
    if (records.length > 0) yield records;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** A typed record from cells under `header`; missing cells are null. */
function recordMaker(header: readonly string[]): (cells: readonly string[]) => TableRecord {
  // Assigning "__proto__" would set the prototype; fromEntries defines it as an own property.
  if (header.includes('__proto__')) return (cells) => Object.fromEntries(header.map((name, i) => [name, cellValue(cells[i] ?? '')]));
  return (cells) => {
    const record: TableRecord = {};
    for (let i = 0; i < header.length; i++) record[header[i]!] = cellValue(cells[i] ?? '');
    return record;
  };
}

/** The objects of a JSON Lines file (blank lines skipped); anything else is an error naming the line. */
export async function* jsonlRecords(path: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw invalid(`${path}:${n} is not valid JSON.`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw invalid(`${path}:${n} is not a JSON object.`);
    yield record as Record<string, unknown>;
  }
}

export function cellType(cell: string): ColumnType {
  const t = cell.trim();
  if (t === '' || /^(na|nan|null|none)$/i.test(t)) return 'empty';
  if (/^[-+]?\d+$/.test(t)) return 'integer';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^[-+]?inf(inity)?$/i.test(t)) return 'float';
  if (/^(true|false)$/i.test(t)) return 'boolean';
  return 'string';
}

/** A CSV cell as the value its type says (cellType's answer, without its regular expressions for plain numbers). */
export function cellValue(cell: string): TableValue {
  const t = isTrimmed(cell) ? cell : cell.trim();
  if (t === '') return null;
  if (plainText(t.charCodeAt(0))) return cell;
  const number = decimalValue(t);
  if (number === number) return number;
  const type = cellType(t);
  if (type === 'empty') return null;
  if (type === 'float') return t.startsWith('-') ? -Infinity : Infinity;
  if (type === 'boolean') return t.toLowerCase() === 'true';
  return cell;
}

/** A first letter no number, boolean or missing-value word starts with (na, nan, null, none, inf, true, false): the cell is text. */
function plainText(first: number): boolean {
  const lower = first | 0x20;
  return lower >= 0x61 && lower <= 0x7a && lower !== 0x6e && lower !== 0x69 && lower !== 0x74 && lower !== 0x66;
}

/** Whether trim() would leave `cell` as it is: its ends are printable ASCII. */
function isTrimmed(cell: string): boolean {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f;
}

/**
 * Number(t) when `t` is /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/ (cellType's integers and
 * floats), else NaN. Up to 15 digits without an exponent it computes the value itself: digits / 10^k
 * of two exactly represented numbers is one correctly rounded division, the double Number() reads.
 */
function decimalValue(t: string): number {
  let i = 0;
  let c = t.charCodeAt(0);
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) c = t.charCodeAt(++i);
  let mantissa = 0;
  const integerStart = i;
  while (c >= ZERO && c <= NINE) {
    mantissa = mantissa * 10 + (c - ZERO);
    c = t.charCodeAt(++i);
  }
  let digits = i - integerStart;
  let fraction = 0;
  if (c === DOT) {
    const fractionStart = ++i;
    c = t.charCodeAt(i);
    while (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      c = t.charCodeAt(++i);
    }
    fraction = i - fractionStart;
    digits += fraction;
  }
  if (digits === 0) return NaN;
  if (i === t.length) {
    if (digits > 15) return Number(t);
    const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
    return negative ? -value : value;
  }
  if (c !== LOWER_E && c !== UPPER_E) return NaN;
  c = t.charCodeAt(++i);
  if (c === PLUS || c === MINUS) c = t.charCodeAt(++i);
  const exponentStart = i;
  while (c >= ZERO && c <= NINE) c = t.charCodeAt(++i);
  return i > exponentStart && i === t.length ? Number(t) : NaN;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);
const [PLUS, MINUS, DOT, ZERO, NINE, LOWER_E, UPPER_E] = ['+', '-', '.', '0', '9', 'e', 'E'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number, number];

function toValue(v: unknown): TableValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}
