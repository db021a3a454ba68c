import type { Column, ColumnChunk } from '../../table';
import { readColumnChunks } from '../../table';

/** Rows per chunk read when the batch is smaller: whole batches per chunk, about this many rows. */
const CHUNK_ROWS = 1 << 16;

/** A batch of a file's rows, column by column; `firstRow` is the 0-based index of its first row. */
export interface ColumnBatch {
  readonly chunk: ColumnChunk;
  readonly firstRow: number;
}

/**
 * A table file (CSV, TSV, JSONL, Parquet) as batches of exactly `batchSize` rows (the last may be
 * shorter), read in chunks of whole batches: memory holds a chunk whatever the file's size.
 */
export async function* columnBatches(path: string, batchSize: number): AsyncGenerator<ColumnBatch> {
  const chunkRows = batchSize * Math.max(1, Math.floor(CHUNK_ROWS / batchSize));
  let firstRow = 0;
  for await (const chunk of readColumnChunks(path, { chunkRows })) {
    for (let start = 0; start < chunk.rowCount; start += batchSize) {
      const batch = start === 0 && chunk.rowCount <= batchSize ? chunk : sliceChunk(chunk, start, Math.min(chunk.rowCount, start + batchSize));
      yield { chunk: batch, firstRow };
      firstRow += batch.rowCount;
    }
  }
}

/** Rows [start, end) of a chunk: views of its arrays, a copied missing bitmap when `start` splits a byte. */
export function sliceChunk(chunk: ColumnChunk, start: number, end: number): ColumnChunk {
  return { rowCount: end - start, columns: chunk.columns.map((column) => sliceColumn(column, start, end)) };
}

function sliceColumn(column: Column, start: number, end: number): Column {
  if (column.kind === 'category') return { ...column, codes: column.codes.subarray(start, end) };
  let missing: Uint8Array;
  if ((start & 7) === 0) missing = column.missing.subarray(start >> 3, (end + 7) >> 3);
  else {
    missing = new Uint8Array((end - start + 7) >> 3);
    for (let i = start; i < end; i++) if (column.missing[i >> 3]! & (1 << (i & 7))) missing[(i - start) >> 3]! |= 1 << ((i - start) & 7);
  }
  const sliced = { kind: column.kind, name: column.name, values: column.values.subarray(start, end), missing };
  if (!column.text) return sliced;
  const text = new Map<number, string>();
  for (const [row, cell] of column.text) if (row >= start && row < end) text.set(row - start, cell);
  return text.size > 0 ? { ...sliced, text } : sliced;
}

/** The chunk's column of that name. */
export function columnNamed(chunk: ColumnChunk, name: string): Column | undefined {
  return chunk.columns.find((c) => c.name === name);
}
