// Column chunks (core/table) as the per-value columns the exact drift tests read.
import type { Column, ColumnChunk } from '../table';
import type { ColumnValues } from './column-drift';
import type { Value } from './values';

function appendColumn(target: Value[], column: Column): void {
  if (column.kind === 'category') {
    const { codes, dictionary } = column;
    for (let i = 0; i < codes.length; i++) target.push(codes[i]! < 0 ? null : dictionary[codes[i]!]!);
    return;
  }
  const { values, text } = column;
  for (let i = 0; i < values.length; i++) target.push(values[i]! === values[i]! ? values[i]! : (text?.get(i) ?? null));
}

/** Every value of the chunks by column, in first-seen column order; a column a chunk lacks is missing in its rows. */
export function valuesOfChunks(chunks: readonly ColumnChunk[]): Record<string, Value[]> {
  const columns = new Map<string, Value[]>();
  let rows = 0;
  for (const chunk of chunks) {
    for (const column of chunk.columns) {
      let target = columns.get(column.name);
      if (!target) columns.set(column.name, (target = new Array<Value>(rows).fill(null)));
      appendColumn(target, column);
    }
    rows += chunk.rowCount;
    for (const target of columns.values()) while (target.length < rows) target.push(null);
  }
  return Object.fromEntries(columns) satisfies ColumnValues;
}

/** Rows [start, rowCount) of a chunk. */
export function sliceChunk(chunk: ColumnChunk, start: number): ColumnChunk {
  if (start <= 0) return chunk;
  const rowCount = Math.max(0, chunk.rowCount - start);
  const columns = chunk.columns.map((column): Column => {
    if (column.kind === 'category') return { ...column, codes: column.codes.subarray(start, start + rowCount) };
    const missing = new Uint8Array((rowCount + 7) >> 3);
    for (let row = 0; row < rowCount; row++) if (column.missing[(start + row) >> 3]! & (1 << ((start + row) & 7))) missing[row >> 3]! |= 1 << (row & 7);
    const text = column.text && new Map([...column.text].filter(([row]) => row >= start).map(([row, cell]) => [row - start, cell] as const));
    const values = column.values.subarray(start, start + rowCount);
    return text && text.size > 0 ? { kind: 'number', name: column.name, values, missing, text } : { kind: 'number', name: column.name, values, missing };
  });
  return { rowCount, columns };
}

/** The chunks holding the last `rows` rows of `chunks` (the first one cut to fit). */
export function lastRowsOf(chunks: readonly ColumnChunk[], rows: number): ColumnChunk[] {
  const kept: ColumnChunk[] = [];
  let held = 0;
  for (let i = chunks.length - 1; i >= 0 && held < rows; i--) {
    const chunk = chunks[i]!;
    kept.unshift(sliceChunk(chunk, chunk.rowCount - Math.min(chunk.rowCount, rows - held)));
    held += kept[0]!.rowCount;
  }
  return kept;
}
