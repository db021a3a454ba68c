import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { invalid } from '../errors';
import type { ColumnType, TableSummary } from '../../shared/data';
import { parquetRowGroups } from './parquet';

export type TableFormat = TableSummary['format'];
export type TableValue = string | number | boolean | null;
export type TableRecord = Record<string, TableValue>;

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
  if (format === 'jsonl') {
    for await (const record of jsonlRecords(path)) yield Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toValue(v)]));
  } else if (format === 'parquet') {
    for await (const rows of parquetRowGroups(path)) for (const row of rows) yield Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toValue(v)]));
  } else if (format === 'csv' || format === 'tsv') {
    let header: string[] | undefined;
    for await (const cells of delimitedRecords(path, format === 'tsv' ? '\t' : ',')) {
      if (!header) header = headerOf(cells);
      else if (cells.length > 1 || cells[0] !== '') yield Object.fromEntries(header.map((name, i) => [name, cellValue(cells[i] ?? '')]));
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
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending = '';
  for await (const line of lines) {
    const text = pending ? `${pending}\n${line}` : line;
    if (quoteCount(text) % 2 === 1) {
      pending = text;
      continue;
    }
    pending = '';
    yield splitRow(text, separator);
  }
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

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** One RFC 4180 record: quoted fields may hold separators, newlines and doubled quotes. */
export function splitRow(text: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

export function cellType(cell: string): ColumnType {
  const t = cell.trim();
  if (t === '' || /^(na|nan|null|none)$/i.test(t)) return 'empty';
  if (/^[-+]?\d+$/.test(t)) return 'integer';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^[-+]?inf(inity)?$/i.test(t)) return 'float';
  if (/^(true|false)$/i.test(t)) return 'boolean';
  return 'string';
}

/** A CSV cell as the value its type says. */
export function cellValue(cell: string): TableValue {
  const type = cellType(cell);
  const t = cell.trim();
  if (type === 'empty') return null;
  if (type === 'integer') return Number(t);
  if (type === 'float') return /inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
  if (type === 'boolean') return t.toLowerCase() === 'true';
  return cell;
}

function toValue(v: unknown): TableValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}
