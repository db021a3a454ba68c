import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';

import type { ColumnType, TableSummary } from '../../shared/data';

export type { ColumnType, TableSummary } from '../../shared/data';

const FORMATS: Record<string, TableSummary['format']> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** Rows, columns and column types of a CSV/TSV/JSONL file, streamed (memory is per column, not per row). */
export async function summarizeTable(path: string): Promise<TableSummary | undefined> {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) return undefined;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const types = new Map<string, ColumnType>();
  let header: string[] | undefined;
  let rows = 0;
  let pending = '';
  for await (const line of lines) {
    if (format === 'jsonl') {
      if (!line.trim()) continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        return undefined;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
      rows++;
      for (const [k, v] of Object.entries(record)) types.set(k, widen(types.get(k) ?? 'empty', jsonType(v)));
      continue;
    }
    const text = pending ? `${pending}\n${line}` : line;
    if (quoteCount(text) % 2 === 1) {
      pending = text;
      continue;
    }
    pending = '';
    const cells = splitRow(text, format === 'tsv' ? '\t' : ',');
    if (!header) {
      header = cells.map((c, i) => c.trim() || `column_${i + 1}`);
      for (const name of header) types.set(name, 'empty');
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    rows++;
    header.forEach((name, i) => types.set(name, widen(types.get(name) ?? 'empty', cellType(cells[i] ?? ''))));
  }
  return { format, rows, columns: [...types].map(([name, type]) => ({ name, type })) };
}

function quoteCount(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '"') n++;
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

function cellType(cell: string): ColumnType {
  const t = cell.trim();
  if (t === '' || /^(na|nan|null|none)$/i.test(t)) return 'empty';
  if (/^[-+]?\d+$/.test(t)) return 'integer';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^[-+]?inf(inity)?$/i.test(t)) return 'float';
  if (/^(true|false)$/i.test(t)) return 'boolean';
  return 'string';
}

function jsonType(v: unknown): ColumnType {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

/** The narrowest type holding both: empty < integer < float < string; boolean mixes to string. */
function widen(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b || b === 'empty') return a;
  if (a === 'empty') return b;
  if ((a === 'integer' && b === 'float') || (a === 'float' && b === 'integer')) return 'float';
  return 'string';
}
