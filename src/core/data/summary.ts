import type { ColumnType, TableSummary } from '../../shared/data';
import { parquetColumns, readParquetFooter } from './parquet';
import { cellType, delimitedRecords, headerOf, jsonlRecords, tableFormatOf } from './table-rows';

export type { ColumnType, TableSummary } from '../../shared/data';
export { splitRow } from './table-rows';

/**
 * Rows, columns and column types of a CSV/TSV/JSONL file, streamed (memory is per column, not per
 * row), or of a Parquet file from its footer alone. Undefined for other files and malformed JSONL.
 */
export async function summarizeTable(path: string): Promise<TableSummary | undefined> {
  const format = tableFormatOf(path);
  if (!format) return undefined;
  if (format === 'parquet') {
    const metadata = await readParquetFooter(path);
    return { format, rows: Number(metadata.num_rows), columns: parquetColumns(metadata) };
  }
  const types = new Map<string, ColumnType>();
  let rows = 0;
  if (format === 'jsonl') {
    try {
      for await (const record of jsonlRecords(path)) {
        rows++;
        for (const [k, v] of Object.entries(record)) types.set(k, widen(types.get(k) ?? 'empty', jsonType(v)));
      }
    } catch {
      return undefined;
    }
  } else {
    let header: string[] | undefined;
    for await (const cells of delimitedRecords(path, format === 'tsv' ? '\t' : ',')) {
      if (!header) {
        header = headerOf(cells);
        for (const name of header) types.set(name, 'empty');
        continue;
      }
      if (cells.length === 1 && cells[0] === '') continue;
      rows++;
      header.forEach((name, i) => types.set(name, widen(types.get(name) ?? 'empty', cellType(cells[i] ?? ''))));
    }
  }
  return { format, rows, columns: [...types].map(([name, type]) => ({ name, type })) };
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
