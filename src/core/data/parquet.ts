import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { AsyncBuffer, Compressors, FileMetaData, SchemaTree } from 'hyparquet';
import { parquetMetadata, parquetRead, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { ColumnType } from '../../shared/data';

/** The footer of a Parquet file (its metadata), read alone: the last 8 bytes, then the footer. */
export async function readParquetFooter(path: string): Promise<FileMetaData> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < 12) throw new Error(`${path} is too short to be a Parquet file.`);
    const tail = await readAt(file, size - 8, 8);
    if (tail.toString('latin1', 4) !== 'PAR1') throw new Error(`${path} is not a Parquet file (no PAR1 at its end).`);
    const length = tail.readUInt32LE(0);
    if (length + 12 > size) throw new Error(`${path}: its Parquet footer length (${length}) exceeds the file.`);
    return parquetMetadata(await readAt(file, size - 8 - length, length + 8));
  } finally {
    await file.close();
  }
}

/** Top-level columns and the ColumnType each holds (nested and temporal columns as strings). */
export function parquetColumns(metadata: FileMetaData): { name: string; type: ColumnType }[] {
  return parquetSchema(metadata).children.map((column) => ({ name: column.element.name, type: columnType(column) }));
}

function columnType(column: SchemaTree): ColumnType {
  const { type, converted_type: converted, logical_type: logical } = column.element;
  if (column.children.length > 0) return 'string';
  if (logical?.type === 'NULL') return 'empty';
  if (logical?.type === 'DECIMAL') return logical.scale === 0 ? 'integer' : 'float';
  if (converted === 'DECIMAL') return (column.element.scale ?? 0) === 0 ? 'integer' : 'float';
  if (logical?.type === 'INTEGER') return 'integer';
  if (logical?.type === 'FLOAT16') return 'float';
  if (logical) return 'string'; // text, enum, JSON, UUID, dates and times
  if (converted) return /^U?INT_/.test(converted) ? 'integer' : 'string';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'INT32' || type === 'INT64') return 'integer';
  if (type === 'FLOAT' || type === 'DOUBLE') return 'float';
  return 'string';
}

/** The rows of a Parquet file one row group at a time, so memory holds one group, not the file. */
export async function* parquetRowGroups(path: string): AsyncGenerator<Record<string, unknown>[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer: AsyncBuffer = { byteLength: size, slice: async (start, end = size) => toArrayBuffer(await readAt(file, start, end - start)) };
    const metadata = await readParquetFooter(path);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      yield await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors: COMPRESSORS });
      rowStart = rowEnd;
    }
  } finally {
    await file.close();
  }
}

/** A row group's top-level columns as decoded arrays (a column's values in row order). */
export interface ParquetColumnGroup {
  readonly rows: number;
  readonly columns: ReadonlyMap<string, ArrayLike<unknown>>;
}

/** The top-level column names of a Parquet file, in schema order. */
export const parquetColumnNames = (metadata: FileMetaData): string[] => parquetSchema(metadata).children.map((column) => column.element.name);

/** A Parquet file column by column, one row group at a time (no object per row); `columns` limits the columns read. */
export async function* parquetColumnGroups(path: string, columns?: readonly string[]): AsyncGenerator<ParquetColumnGroup> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer: AsyncBuffer = { byteLength: size, slice: async (start, end = size) => toArrayBuffer(await readAt(file, start, end - start)) };
    const metadata = await readParquetFooter(path);
    const names = columns ? [...columns] : parquetColumnNames(metadata);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const pieces = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>(names.map((name) => [name, []]));
      await parquetRead({
        file: buffer,
        metadata,
        rowStart,
        rowEnd,
        columns: names,
        compressors: COMPRESSORS,
        onChunk: ({ columnName, columnData, rowStart: start }) => pieces.get(columnName)?.push({ rowStart: start, data: columnData as ArrayLike<unknown> }),
      });
      yield { rows: rowEnd - rowStart, columns: new Map(names.map((name) => [name, joinPieces(pieces.get(name)!, rowStart, rowEnd)])) };
      rowStart = rowEnd;
    }
  } finally {
    await file.close();
  }
}

/** The values of rows [rowStart, rowEnd) from pieces that may overlap the range. */
function joinPieces(pieces: readonly { rowStart: number; data: ArrayLike<unknown> }[], rowStart: number, rowEnd: number): ArrayLike<unknown> {
  const only = pieces[0];
  if (pieces.length === 1 && only!.rowStart === rowStart && only!.data.length === rowEnd - rowStart) return only!.data;
  const values = new Array<unknown>(rowEnd - rowStart).fill(null);
  for (const { rowStart: start, data } of pieces) {
    for (let i = 0; i < data.length; i++) {
      const row = start + i;
      if (row >= rowStart && row < rowEnd) values[row - rowStart] = data[i];
    }
  }
  return values;
}

/** What node:zlib can decompress beyond hyparquet's built-in Snappy. */
const COMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('Unexpected end of the Parquet file.');
    done += bytesRead;
  }
  return buffer;
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
